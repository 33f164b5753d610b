import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { PublicCache } from '../lib/public-cache.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache this page for anonymous visitors (see lib/public-cache.ts). */
    pageCache?: boolean;
  }
}

const gzipAsync = promisify(gzip);

function cacheKey(request: FastifyRequest): string {
  return `${request.locale} ${request.url}`;
}

function cacheable(request: FastifyRequest): boolean {
  // Signed-in people see their own header, so only anonymous pages are shared.
  return request.method === 'GET' && request.routeOptions.config.pageCache === true && request.user === null;
}

/** Whether the client takes gzip (`Accept-Encoding: gzip`, `*`, not `gzip;q=0`). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of value.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') continue;
    const quality = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    if (quality === undefined || Number(quality.slice(2)) > 0) return true;
  }
  return false;
}

function sendGzipped(reply: FastifyReply, body: Buffer): Buffer {
  reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding');
  return body;
}

/**
 * Serves recently rendered public pages from memory. Registered after the auth plugin, so the hook
 * knows whether the visitor is signed in; security headers were already set by then. Pages are kept
 * gzipped (compressed once, when rendered) and sent as they are to the clients that take gzip, which is
 * every browser; the rare client that does not gets them unpacked. Registered before @fastify/compress,
 * which leaves a body that already has a content-encoding alone.
 */
export default fp(
  async function pageCachePlugin(app: FastifyInstance, options: { cache: PublicCache }) {
    // Caches off (a TTL of 0): nothing to keep, and @fastify/compress answers as for any other page.
    if (!options.cache.keepsPages) return;
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!cacheable(request)) return;
      const page = options.cache.page(cacheKey(request));
      if (!page) return;
      reply.header('x-page-cache', 'hit').type(page.contentType);
      if (acceptsGzip(request.headers['accept-encoding']))
        return reply.send(sendGzipped(reply, page.gzipped));
      return reply.header('vary', 'accept-encoding').send(gunzipSync(page.gzipped));
    });

    app.addHook('onSend', async (request, reply, payload) => {
      if (!cacheable(request) || reply.statusCode !== 200 || reply.getHeader('x-page-cache')) return payload;
      if (typeof payload !== 'string') return payload;
      const gzipped = await gzipAsync(payload);
      options.cache.storePage(cacheKey(request), {
        gzipped,
        contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
      });
      // Compressed once for both: the cache and this answer.
      return acceptsGzip(request.headers['accept-encoding']) ? sendGzipped(reply, gzipped) : payload;
    });
  },
  { name: 'page-cache', dependencies: ['auth', 'i18n'] },
);
