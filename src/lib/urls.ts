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
