import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { pageForLanguageSwitch } from '../lib/urls.js';

/**
 * Gives every page the URL its language switch returns to (`languageReturnUrl`). Registered before the
 * routes, so it sees each GET route as it is added.
 */
export default fp(
  async function languageSwitchPlugin(app: FastifyInstance) {
    const pages = new Set<string>();
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.includes('GET')) pages.add(route.url.replace(/\/+$/, '') || '/');
    });
    app.addHook('onRequest', async (request, reply) => {
      reply.locals = Object.assign(reply.locals ?? {}, {
        languageReturnUrl: pageForLanguageSwitch(
          request.method,
          request.routeOptions.url,
          request.url,
          (pattern) => pages.has(pattern),
        ),
      });
    });
  },
  { name: 'language-switch', dependencies: ['views'] },
);
