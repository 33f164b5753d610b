import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './client.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A store for @fastify/rate-limit that keeps its counters in PostgreSQL, so that every app process counts
 * one limit together (a sign-in limit must hold however many processes serve the site). One statement per
 * hit: an upsert that starts a new window when the old one has ended. Each limiter is a child store with a
 * namespace of its own; processes create their limiters in the same order, so the namespaces agree.
 */
export function postgresRateLimitStore(db: Db) {
  let limiters = 0;

  class PostgresRateLimitStore {
    #namespace = 'global';

    incr(key: string, callback: Callback, timeWindow: number): void {
      const keyHash = createHash('sha256').update(`${this.#namespace}\u0000${key}`).digest('hex');
      queryRows<{ hits: number; ttl_ms: number }>(
        db,
        sql`insert into rate_limit_counters as c (key_hash, hits, window_ends_at)
            values (${keyHash}, 1, clock_timestamp() + ${timeWindow} * interval '1 millisecond')
            on conflict (key_hash) do update set
              hits = case when c.window_ends_at <= clock_timestamp() then 1 else c.hits + 1 end,
              window_ends_at = case when c.window_ends_at <= clock_timestamp()
                then excluded.window_ends_at else c.window_ends_at end
            returning hits, greatest(0, extract(epoch from (window_ends_at - clock_timestamp())) * 1000)::float8 as ttl_ms`,
      )
        .then(([row]) =>
          callback(null, { current: row?.hits ?? 1, ttl: Math.ceil(Number(row?.ttl_ms ?? 0)) }),
        )
        .catch((error: Error) => callback(error));
    }

    /** Each limiter (`createRateLimit`, a route's `config.rateLimit`) counts in a namespace of its own. */
    child(): PostgresRateLimitStore {
      limiters += 1;
      const store = new PostgresRateLimitStore();
      store.#namespace = `limiter-${limiters}`;
      return store;
    }
  }

  return PostgresRateLimitStore;
}

/** Removes counters whose window has ended (the hourly maintenance); returns how many. */
export async function deleteEndedRateLimitWindows(db: Db): Promise<number> {
  const rows = await queryRows<{ key_hash: string }>(
    db,
    sql`delete from rate_limit_counters where window_ends_at < clock_timestamp() returning key_hash`,
  );
  return rows.length;
}
