import { fileURLToPath } from 'node:url';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { translator } from '../i18n/index.js';
import { viewHelpers } from '../lib/view-helpers.js';

declare module 'fastify' {
  interface FastifyReply {
    /** Per-request data every template sees (filled by @fastify/view). */
    locals: Record<string, unknown>;
  }
}

export const viewsDirectory = fileURLToPath(new URL('../../views', import.meta.url));

/**
 * Eta templates escape every `<%= %>` by default; raw output (`<%~ %>`) is kept for the layout body,
 * includes and JSON-LD that is already escaped (views/jobs/show.eta).
 */
export default fp(
  async function viewsPlugin(
    app: FastifyInstance,
    options: { config: Config; assetUrl: (path: string) => string },
  ) {
    const production = options.config.NODE_ENV === 'production';
    const eta = new Eta({ views: viewsDirectory, cache: production, autoEscape: true });
    await app.register(view, {
      engine: { eta },
      root: viewsDirectory,
      production,
      defaultContext: { publicUrl: options.config.PUBLIC_URL, asset: options.assetUrl },
    });
    // Helpers hold Intl formatters, which are costly to build: one set per language, shared by requests.
    const helpers = { ja: viewHelpers('ja', translator('ja')), en: viewHelpers('en', translator('en')) };
    // Per-request view data: the language, its translator and helpers bound to it.
    app.addHook('onRequest', async (request, reply) => {
      reply.locals = Object.assign(reply.locals ?? {}, {
        locale: request.locale,
        t: request.t,
        h: helpers[request.locale],
        currentUrl: request.url,
      });
    });
  },
  { name: 'views', dependencies: ['i18n'] },
);
