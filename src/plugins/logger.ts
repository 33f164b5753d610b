import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';
import { serializeError } from '../db/errors.js';

/**
 * Logs carry no personal data (DESIGN.md §4): requests are logged by method and path only — no query
 * string (it may hold a search or a token), no IP address, no headers or cookies.
 */
export function loggerOptions(
  config: Config,
  stream?: NodeJS.WritableStream,
): FastifyServerOptions['logger'] {
  return {
    level: config.LOG_LEVEL,
    ...(stream ? { stream } : {}),
    redact: {
      paths: ['req.headers', 'headers.cookie', 'headers.authorization', '*.password', '*.email', '*.token'],
      remove: true,
    },
    serializers: {
      req: (request: { method: string; url: string; id: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url.split('?')[0],
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      // A failed query's error carries its parameters (e-mails, names, password hashes, session ids):
      // errors are logged by type, SQL state and query text only.
      err: (error: unknown) => ({ stack: '', ...serializeError(error) }),
    },
  };
}
