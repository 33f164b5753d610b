import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Characters PostgreSQL cannot store in text: NUL (0x00 is refused outright, 22021) and UTF-16 lone
 * surrogates (not encodable as UTF-8). Browsers never send either in a form a person typed, so they are
 * removed at the edge — NUL dropped, a lone surrogate replaced by U+FFFD — for every body field, query
 * parameter, path parameter and cookie, before any handler or query sees them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must be removed.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(value: string): string {
  return value.replace(UNSTORABLE, (char) => (char === '\u0000' ? '' : '\uFFFD'));
}

/** Cleans strings (and keys) in place, however deep; other values are left as they are. */
export function cleanInput(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (!value || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = cleanInput(value[i], depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const cleanKey = cleanText(key);
    const cleaned = cleanInput(record[key], depth + 1);
    if (cleanKey !== key) delete record[key];
    record[cleanKey] = cleaned;
  }
  return record;
}

export default fp(
  async function inputHygienePlugin(app: FastifyInstance) {
    // Forms are the only bodies the site takes: JSON and plain text would hand handlers shapes the form
    // schemas never meet ({"email":{"toString":"x"}}). Any other media type is answered 415 by Fastify,
    // rendered as our page by the error handler. @fastify/formbody adds the form parser after this.
    app.removeAllContentTypeParsers();

    // Query, path parameters and cookies exist once routing is done, before the session is looked up.
    app.addHook('onRequest', async (request: FastifyRequest) => {
      cleanInput(request.query);
      cleanInput(request.params);
      cleanInput(request.cookies);
    });
    app.addHook('preValidation', async (request: FastifyRequest, _reply: FastifyReply) => {
      if (request.body !== undefined) request.body = cleanInput(request.body);
    });
  },
  { name: 'input-hygiene', dependencies: ['@fastify/cookie'] },
);
