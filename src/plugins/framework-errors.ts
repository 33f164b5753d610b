import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type MessageKey, translator } from '../i18n/index.js';

/**
 * Pages for errors that happen before our hooks run — a malformed URL escape (Fastify's frameworkErrors)
 * or a request Node refuses outright (431 headers too large, 400 bad request line: clientErrorHandler).
 * No locale, session or view locals exist yet, so the page is a bare bilingual one with the security
 * headers set here, instead of Fastify's JSON without them.
 */
export const BARE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const titles: Record<number, MessageKey> = { 400: 'error.badRequest.title', 431: 'error.badRequest.title' };
const bodies: Record<number, MessageKey> = { 400: 'error.badRequest.body', 431: 'error.badRequest.body' };

export function bareErrorPage(status: number): string {
  const parts = (['ja', 'en'] as const).map((locale) => {
    const t = translator(locale);
    const title = t(titles[status] ?? 'error.badRequest.title');
    return { locale, title, body: t(bodies[status] ?? 'error.badRequest.body'), home: t('error.backHome') };
  });
  const [ja] = parts;
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${ja?.title} — ${status}</title><link rel="stylesheet" href="/static/css/site.css"></head>
<body><main class="container narrow">${parts
    .map(
      (p) =>
        `<section lang="${p.locale}"><h1>${p.title}</h1><p>${p.body}</p><p><a href="/">${p.home}</a></p></section>`,
    )
    .join('')}</main></body></html>
`;
}

/** Fastify's frameworkErrors option: FST_ERR_BAD_URL (/jobs/%E4%BB) and the like. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  reply
    .code(status)
    .headers(BARE_SECURITY_HEADERS)
    .type('text/html; charset=utf-8')
    .send(bareErrorPage(status));
}

/** Fastify's clientErrorHandler option: errors Node's HTTP parser raises, answered on the raw socket. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  if (!socket.writable) return socket.destroy();
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = bareErrorPage(status);
  const reason =
    status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  const headers = {
    ...BARE_SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}\r\n${body}`,
  );
}
