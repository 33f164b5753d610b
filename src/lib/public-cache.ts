import { LRUCache } from 'lru-cache';

export interface CachedPage {
  body: string;
  contentType: string;
}

/**
 * Short-lived caches for what anonymous visitors see most: result counts of searches, and rendered
 * posting pages. Counting thousands of matches is the costliest part of a search, and the same few
 * searches are repeated all day; a count a few seconds old is fine, the result list itself is always
 * fresh. Changes made through this process clear the caches at once (invalidate()); the TTL bounds how
 * stale another process's view can be. A TTL of 0 turns both off (tests).
 */
export class PublicCache {
  private readonly counts: LRUCache<string, number> | null;
  private readonly pages: LRUCache<string, CachedPage> | null;

  constructor(ttlSeconds: number) {
    const ttl = ttlSeconds * 1000;
    this.counts = ttl > 0 ? new LRUCache({ max: 2_000, ttl }) : null;
    // Posting pages are about 10 kB: 5,000 of them stay under 50 MB.
    this.pages = ttl > 0 ? new LRUCache({ max: 5_000, ttl }) : null;
  }

  async count(key: string, load: () => Promise<number>): Promise<number> {
    if (!this.counts) return load();
    const cached = this.counts.get(key);
    if (cached !== undefined) return cached;
    const value = await load();
    this.counts.set(key, value);
    return value;
  }

  page(key: string): CachedPage | undefined {
    return this.pages?.get(key);
  }

  storePage(key: string, page: CachedPage): void {
    this.pages?.set(key, page);
  }

  /** After any change to postings or organisations. */
  invalidate(): void {
    this.counts?.clear();
    this.pages?.clear();
  }
}
