import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { PublicCache } from '../lib/public-cache.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache this page for anonymous visitors (see lib/public-cache.ts). */
    pageCache?: boolean;
  }
}

function cacheKey(request: FastifyRequest): string {
  return `${request.locale} ${request.url}`;
}

function cacheable(request: FastifyRequest): boolean {
  // Signed-in people see their own header, so only anonymous pages are shared.
  return request.method === 'GET' && request.routeOptions.config.pageCache === true && request.user === null;
}

/**
 * Serves recently rendered public pages from memory. Registered after the auth plugin, so the hook
 * knows whether the visitor is signed in; security headers were already set by then.
 */
export default fp(
  async function pageCachePlugin(app: FastifyInstance, options: { cache: PublicCache }) {
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!cacheable(request)) return;
      const page = options.cache.page(cacheKey(request));
      if (!page) return;
      return reply.header('x-page-cache', 'hit').type(page.contentType).send(page.body);
    });

    app.addHook('onSend', async (request, reply, payload) => {
      if (!cacheable(request) || reply.statusCode !== 200 || reply.getHeader('x-page-cache')) return payload;
      if (typeof payload === 'string') {
        options.cache.storePage(cacheKey(request), {
          body: payload,
          contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
        });
      }
      return payload;
    });
  },
  { name: 'page-cache', dependencies: ['auth', 'i18n'] },
);
