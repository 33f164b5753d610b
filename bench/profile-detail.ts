/**
 * tsx bench/profile-detail.ts — where a /jobs/:id request's time goes, in-process (no network): the
 * queries it sends (counted and timed at the pg client) and the time to render, over `--requests`
 * requests of random ids, with the public caches off. DATABASE_URL must hold a seeded data set.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, queryRows } from '../src/db/client.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '400' } } });
const queries = new Map<string, { count: number; ms: number }>();
const originalQuery = pg.Client.prototype.query;
// Counting wrapper: every statement any pool client sends, keyed by its first words.
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string };
  const text = typeof first === 'string' ? first : (first?.text ?? '?');
  const key = text.replace(/\s+/g, ' ').slice(0, 90);
  const started = performance.now();
  const record = () => {
    const entry = queries.get(key) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += performance.now() - started;
    queries.set(key, entry);
  };
  // The pool calls with a callback; drizzle's transactions call without one (a promise).
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    args[args.length - 1] = (...callbackArgs: unknown[]) => {
      record();
      return (last as (...a: unknown[]) => unknown)(...callbackArgs);
    };
  }
  const result = (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  if (typeof last !== 'function' && result && typeof (result as Promise<unknown>).then === 'function')
    return (result as Promise<unknown>).finally(record);
  return result;
} as typeof pg.Client.prototype.query;

const config = loadConfig({
  ...process.env,
  PUBLIC_CACHE_SECONDS: '0',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
});
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 4 });
const app = await buildApp({ config, database });
const ids = await queryRows<{ id: number }>(
  database.db,
  sql`select id from job_postings where status = 'published' and valid_through >= current_date order by random() limit 200`,
);
const requests = Number(values.requests);
for (let i = 0; i < 50; i++) await app.inject({ url: `/jobs/${ids[i % ids.length]?.id}` });
queries.clear();
const started = performance.now();
for (let i = 0; i < requests; i++) {
  const response = await app.inject({ url: `/jobs/${ids[i % ids.length]?.id}` });
  if (response.statusCode !== 200) throw new Error(`answered ${response.statusCode}`);
}
const total = performance.now() - started;
console.log(`${requests} requests, ${(total / requests).toFixed(2)} ms each (in-process, sequential)`);
for (const [key, { count, ms }] of [...queries].sort((a, b) => b[1].ms - a[1].ms))
  console.log(`${(count / requests).toFixed(2)}/req  ${(ms / count).toFixed(2)} ms  ${key}`);
await app.close();
await database.close();
