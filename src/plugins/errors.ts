import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, sqlStateOf } from '../db/errors.js';
import { isMessageKey, type MessageKey } from '../i18n/index.js';
import { AppError, TooManyRequestsError } from '../lib/errors.js';

interface ErrorPage {
  status: number;
  titleKey: MessageKey;
  bodyKey: MessageKey;
}

function pageFor(error: FastifyError | AppError): ErrorPage {
  if (error instanceof AppError) {
    const bodyKey = isMessageKey(error.messageKey) ? error.messageKey : 'error.server.body';
    const titles: Record<number, MessageKey> = {
      403: 'error.forbidden.title',
      404: 'error.notFound.title',
      429: 'error.tooManyRequests.title',
    };
    const titleKey = titles[error.statusCode] ?? 'error.conflict.title';
    return { status: error.statusCode, titleKey, bodyKey };
  }
  // The database away (a restart), overloaded (no connection within the pool's timeout) or too slow (the
  // statement timeout): the request may succeed shortly, so it is 503 with Retry-After, not a 500.
  if (isDatabaseUnavailable(error))
    return { status: 503, titleKey: 'error.unavailable.title', bodyKey: 'error.unavailable.body' };
  const status = error.statusCode ?? 500;
  if (status === 429)
    return { status, titleKey: 'error.tooManyRequests.title', bodyKey: 'error.tooManyRequests.body' };
  if (status === 404) return { status, titleKey: 'error.notFound.title', bodyKey: 'error.notFound.body' };
  if (status === 503)
    return { status, titleKey: 'error.unavailable.title', bodyKey: 'error.unavailable.body' };
  // Any other client error (bad body, bad media type, too large): say so plainly, never with internals.
  if (status >= 400 && status < 500)
    return { status, titleKey: 'error.badRequest.title', bodyKey: 'error.badRequest.body' };
  return { status: 500, titleKey: 'error.server.title', bodyKey: 'error.server.body' };
}

export async function renderErrorPage(request: FastifyRequest, reply: FastifyReply, page: ErrorPage) {
  reply.code(page.status).header('cache-control', 'no-store');
  const wantsHtml =
    !request.headers.accept ||
    request.headers.accept.includes('html') ||
    request.headers.accept.includes('*/*');
  if (!wantsHtml) {
    return reply.type('application/json').send({ error: request.t(page.titleKey), statusCode: page.status });
  }
  return reply.view('errors/error.eta', {
    title: request.t(page.titleKey),
    message: request.t(page.bodyKey),
    status: page.status,
    reference: page.status >= 500 ? request.id : null,
  });
}

/** One place where every error becomes a page: typed errors keep their status, the rest are 500s. */
export default fp(
  async function errorsPlugin(app: FastifyInstance, options: { notFoundRateLimit: number }) {
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      const page = pageFor(error);
      if (page.status === 503) {
        // Expected while the database restarts: a warning with the SQL state, not an error with a stack.
        request.log.warn({ sqlState: sqlStateOf(error), code: error.code }, 'database unavailable');
        reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      } else if (page.status >= 500) {
        // The error object goes to the log (which carries no personal data); the page shows only a reference.
        request.log.error({ err: error }, 'request failed');
      } else if (page.status !== 404) {
        request.log.info({ statusCode: page.status, code: error.code }, 'client error');
      }
      if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
      if (error.statusCode === 429 && reply.getHeader('retry-after') === undefined)
        reply.header('retry-after', '60');
      return renderErrorPage(request, reply, page);
    });

    // Unknown URLs are rate limited: probing for paths gets 429 instead of free 404 renders.
    app.setNotFoundHandler(
      { preHandler: app.rateLimit({ max: options.notFoundRateLimit, timeWindow: '1 minute' }) },
      async (request, reply) =>
        renderErrorPage(request, reply, {
          status: 404,
          titleKey: 'error.notFound.title',
          bodyKey: 'error.notFound.body',
        }),
    );
  },
  { name: 'errors', dependencies: ['views', '@fastify/rate-limit'] },
);
