import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type Locale, negotiateLocale, type Translate, translator } from '../i18n/index.js';

export const LANGUAGE_COOKIE = 'lang';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
  }
}

const translators = { ja: translator('ja'), en: translator('en') };

/** Picks the language for each request: the remembered choice, else Japanese (or English if the browser asks). */
export default fp(
  async function i18nPlugin(app: FastifyInstance) {
    app.decorateRequest('locale', 'ja');
    app.decorateRequest('t', translators.ja);
    app.addHook('onRequest', async (request: FastifyRequest) => {
      request.locale = negotiateLocale(request.cookies[LANGUAGE_COOKIE], request.headers['accept-language']);
      request.t = translators[request.locale];
    });
  },
  { name: 'i18n', dependencies: ['@fastify/cookie'] },
);
