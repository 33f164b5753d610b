/**
 * Counts and times every statement the app sends, keyed by its first words, for the in-process profiles
 * (`bench/profile-detail.ts`, `bench/profile-search.ts`): wrappers on node-postgres's clients and, when
 * given, PGlite's. Statements PGlite runs inside a transaction go through the transaction's own object and
 * are not seen.
 */
import { performance } from 'node:perf_hooks';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export class StatementTimes {
  readonly byStatement = new Map<string, { count: number; ms: number }>();

  record(text: string, started: number): void {
    const key = text.replace(/\s+/g, ' ').slice(0, 110);
    const entry = this.byStatement.get(key) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += performance.now() - started;
    this.byStatement.set(key, entry);
  }

  clear(): void {
    this.byStatement.clear();
  }

  totalMs(): number {
    return [...this.byStatement.values()].reduce((sum, entry) => sum + entry.ms, 0);
  }

  /** The slowest statements in all, each with how often a request sent it and its mean time. */
  print(requests: number, limit = Number.POSITIVE_INFINITY, indent = ''): void {
    const slowest = [...this.byStatement].sort((a, b) => b[1].ms - a[1].ms).slice(0, limit);
    for (const [key, { count, ms }] of slowest)
      console.log(`${indent}${(count / requests).toFixed(2)}/req  ${(ms / count).toFixed(2)} ms  ${key}`);
  }
}

/** Times what every node-postgres client sends: the pool calls with a callback, transactions without. */
export function timePgStatements(times: StatementTimes): void {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    const started = performance.now();
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (...callbackArgs: unknown[]) => {
        times.record(text, started);
        return (last as (...a: unknown[]) => unknown)(...callbackArgs);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    return result && typeof (result as Promise<unknown>).then === 'function'
      ? (result as Promise<unknown>).finally(() => times.record(text, started))
      : result;
  } as typeof pg.Client.prototype.query;
}

/** Times PGlite's query and exec; the class is passed in so a PostgreSQL-only profile never loads it. */
export function timePgliteStatements(times: StatementTimes, pglite: typeof PGlite): void {
  for (const method of ['query', 'exec'] as const) {
    const original = pglite.prototype[method] as (...args: unknown[]) => Promise<unknown>;
    (pglite.prototype as unknown as Record<string, unknown>)[method] = async function (
      this: PGlite,
      ...args: unknown[]
    ) {
      const started = performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        times.record(String(args[0]), started);
      }
    };
  }
}
