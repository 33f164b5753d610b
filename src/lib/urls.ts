import type { Organisation } from '../db/schema/index.js';

const LOCAL_ORIGIN = 'http://local.invalid';

/**
 * A local path to return to (after sign-in or a language switch); another site ("//host", "https://…")
 * gives the fallback. Going through URL also percent-encodes it, as a Location header must be ASCII.
 */
export function safeLocalPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return fallback;
  try {
    const url = new URL(next, LOCAL_ORIGIN);
    return url.origin === LOCAL_ORIGIN ? `${url.pathname}${url.search}` : fallback;
  } catch {
    return fallback;
  }
}

/**
 * The page a language switch returns to. After a form was posted (and failed), the URL in the address bar
 * belongs to a POST route that may have no page of its own (/account/password): walk up the path, segment
 * by segment in the route pattern and the concrete URL together, to the nearest page a GET can show
 * (/account). The query string is kept only when the URL itself is such a page.
 */
export function pageForLanguageSwitch(
  method: string,
  routePattern: string | undefined,
  url: string,
  hasPage: (pattern: string) => boolean,
): string {
  if (method === 'GET' || method === 'HEAD' || !routePattern) return method === 'GET' ? url : '/';
  const path = url.split('?')[0] ?? '/';
  let patternSegments = routePattern.split('/');
  let pathSegments = path.split('/');
  // Patterns and paths split into the same number of segments ("/jobs-:chunk.xml" is one segment).
  if (patternSegments.length !== pathSegments.length) return '/';
  while (patternSegments.length > 1) {
    const pattern = patternSegments.join('/') || '/';
    if (hasPage(pattern)) return pathSegments.join('/') || '/';
    patternSegments = patternSegments.slice(0, -1);
    pathSegments = pathSegments.slice(0, -1);
  }
  return '/';
}

/** Where an organisation's staff work: the console for the secretariat, else its workspace. */
export function workspacePath(organisation: Pick<Organisation, 'id' | 'kind'>): string {
  return organisation.kind === 'secretariat' ? '/console' : `/workspace/${organisation.id}`;
}
