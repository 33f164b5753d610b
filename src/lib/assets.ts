import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const staticDirectory = fileURLToPath(new URL('../../static', import.meta.url));

/**
 * Fingerprinted URLs for static files: `/static/css/site.css?v=<hash of the content>`. Pages link to the
 * fingerprinted URL, which browsers may keep for a year without asking again; a changed file gets a new URL.
 * In production the hashes are computed once; in development on every call, so an edited file shows at once.
 */
export function assetFingerprints(production: boolean) {
  const cache = new Map<string, string>();
  const hashOf = (path: string): string => {
    const known = production ? cache.get(path) : undefined;
    if (known) return known;
    const hash = createHash('sha256')
      .update(readFileSync(join(staticDirectory, path)))
      .digest('base64url')
      .slice(0, 12);
    cache.set(path, hash);
    return hash;
  };
  return {
    /** The URL a page links to, e.g. url('css/site.css'). */
    url: (path: string) => `/static/${path}?v=${hashOf(path)}`,
    /** Whether a request's `v` is the current fingerprint of the file it asks for. */
    isCurrent(path: string, version: unknown): boolean {
      try {
        return typeof version === 'string' && version === hashOf(path);
      } catch {
        return false;
      }
    },
  };
}
