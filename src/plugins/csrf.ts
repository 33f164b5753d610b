import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError } from '../lib/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection as in the lucia-auth.com guide: a state-changing request must come from our own
 * origin. Browsers send Sec-Fetch-Site; older ones send Origin, which must be PUBLIC_URL's whole origin —
 * scheme, host and port (OWASP CSRF Cheat Sheet, "Verifying Origin With Standard Headers"): comparing the
 * host alone would accept https://our.host posting to the http:// site, or another port on the same host.
 * A request with neither is refused, since every browser we support sends one of them on a form POST.
 */
export function isSameOriginRequest(request: FastifyRequest, publicUrl: string): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') return fetchSite === 'same-origin';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    return new URL(origin).origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

export default fp(
  async function csrfPlugin(app: FastifyInstance, options: { publicUrl: string }) {
    app.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method)) return;
      if (!isSameOriginRequest(request, options.publicUrl)) throw new ForbiddenError('error.csrf.body');
    });
  },
  { name: 'csrf' },
);
