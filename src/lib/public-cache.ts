import { LRUCache } from 'lru-cache';

export interface CachedPage {
  /** The page gzip-compressed: a third to a fifth of its size, and what nearly every client accepts. */
  gzipped: Buffer;
  contentType: string;
}

/**
 * The most the rendered pages may take, compressed. Posting pages are about 11 kB, 4 kB gzipped: 96 MB
 * keeps some 24,000 of them (uncompressed, as JavaScript strings, they would take five times as much).
 */
export const PAGE_CACHE_BYTES = 96 * 1024 * 1024;

/**
 * Short-lived caches for what anonymous visitors see most: result counts of searches, and rendered
 * posting pages. Counting thousands of matches is the costliest part of a search, and the same few
 * searches are repeated all day; a count a few seconds old is fine, the result list itself is always
 * fresh. A change clears the caches at once (invalidate()), in this process and, through the broadcast
 * app.ts connects (PostgreSQL NOTIFY), in every other process; the TTL bounds staleness should a message
 * be lost. A TTL of 0 turns both off (tests).
 */
export class PublicCache {
  private readonly counts: LRUCache<string, number> | null;
  private readonly pages: LRUCache<string, CachedPage> | null;

  constructor(ttlSeconds: number) {
    const ttl = ttlSeconds * 1000;
    this.counts = ttl > 0 ? new LRUCache({ max: 2_000, ttl }) : null;
    this.pages =
      ttl > 0
        ? new LRUCache({
            maxSize: PAGE_CACHE_BYTES,
            sizeCalculation: (page, key) => page.gzipped.byteLength + key.length,
            ttl,
          })
        : null;
  }

  async count(key: string, load: () => Promise<number>): Promise<number> {
    if (!this.counts) return load();
    const cached = this.counts.get(key);
    if (cached !== undefined) return cached;
    const value = await load();
    this.counts.set(key, value);
    return value;
  }

  /** Whether pages are kept at all (a TTL of 0 turns the caches off). */
  get keepsPages(): boolean {
    return this.pages !== null;
  }

  page(key: string): CachedPage | undefined {
    return this.pages?.get(key);
  }

  storePage(key: string, page: CachedPage): void {
    this.pages?.set(key, page);
  }

  #broadcast: (() => Promise<void>) | null = null;

  /** How a change reaches the other processes' caches (set once by app.ts on PostgreSQL). */
  broadcastWith(send: () => Promise<void>): void {
    this.#broadcast = send;
  }

  /**
   * After any change to postings or organisations: clears this process's caches and tells the others,
   * resolving once they have been told. Never rejects: if the message cannot be sent, the TTL still bounds
   * how long the others show the old page.
   */
  async invalidate(): Promise<void> {
    this.clearLocal();
    await this.#broadcast?.().catch(() => {});
  }

  /** Clears this process's caches only (a message from another process, or a missed one). */
  clearLocal(): void {
    this.counts?.clear();
    this.pages?.clear();
  }
}
