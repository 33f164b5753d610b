/**
 * tsx bench/profile-search.ts — where a search request's time goes, in-process (no network), for each
 * class of the bench's workload: the statements it sends (counted and timed at the database client)
 * and the rest (routing, rendering). Public caches off. PGLITE_DIR or DATABASE_URL must hold a seeded
 * data set.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import {
  deepKeywordPage,
  deepPage,
  filterQueries,
  keywordFilterQueries,
  keywords,
  readingKeywords,
} from './lib/workload.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const queries = new Map<string, { count: number; ms: number }>();
function record(text: string, started: number) {
  const key = text.replace(/\s+/g, ' ').slice(0, 110);
  const entry = queries.get(key) ?? { count: 0, ms: 0 };
  entry.count++;
  entry.ms += performance.now() - started;
  queries.set(key, entry);
}
// Timing wrappers on both clients: PGlite's query and exec, and node-postgres's pool clients.
for (const method of ['query', 'exec'] as const) {
  const original = PGlite.prototype[method] as (...args: unknown[]) => Promise<unknown>;
  (PGlite.prototype as unknown as Record<string, unknown>)[method] = async function (
    this: PGlite,
    ...args: unknown[]
  ) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      record(String(args[0]), started);
    }
  };
}
const originalPgQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string };
  const text = typeof first === 'string' ? first : (first?.text ?? '?');
  const started = performance.now();
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    args[args.length - 1] = (...callbackArgs: unknown[]) => {
      record(text, started);
      return (last as (...a: unknown[]) => unknown)(...callbackArgs);
    };
    return originalPgQuery.apply(this, args);
  }
  const result = originalPgQuery.apply(this, args);
  return result && typeof (result as Promise<unknown>).then === 'function'
    ? (result as Promise<unknown>).finally(() => record(text, started))
    : result;
} as typeof pg.Client.prototype.query;

const config = loadConfig({
  ...process.env,
  PUBLIC_CACHE_SECONDS: '0',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
});
const database = await openDatabase({
  databaseUrl: config.DATABASE_URL,
  pgliteDir: config.PGLITE_DIR,
  poolMax: 4,
});
const app = await buildApp({ config, database });
const search = (query: string) => `/jobs?${query}`;
const classes: Array<[string, string[]]> = [
  ['1-char', keywords.oneChar.map((q) => search(new URLSearchParams({ q }).toString()))],
  ['2-char', keywords.twoChar.map((q) => search(new URLSearchParams({ q }).toString()))],
  ['3+-char', keywords.threePlus.map((q) => search(new URLSearchParams({ q }).toString()))],
  ['reading', readingKeywords.map((q) => search(new URLSearchParams({ q }).toString()))],
  ['filters only', filterQueries.map(search)],
  ['keyword + filters', keywordFilterQueries.map(search)],
  ['deep page', [search(deepPage)]],
  ['deepest page of 介護', [search(deepKeywordPage)]],
];
const rounds = Number(values.rounds);
for (const [name, paths] of classes) {
  for (const path of paths) await app.inject({ url: path });
  queries.clear();
  const started = performance.now();
  let requests = 0;
  for (let round = 0; round < rounds; round++) {
    for (const path of paths) {
      const response = await app.inject({ url: path });
      if (response.statusCode !== 200) throw new Error(`${path} answered ${response.statusCode}`);
      requests++;
    }
  }
  const total = performance.now() - started;
  const inQueries = [...queries.values()].reduce((sum, entry) => sum + entry.ms, 0);
  console.log(
    `\n${name}: ${(total / requests).toFixed(1)} ms per request, ${(inQueries / requests).toFixed(1)} ms in statements`,
  );
  for (const [key, { count, ms }] of [...queries].sort((a, b) => b[1].ms - a[1].ms).slice(0, 6))
    console.log(`  ${(count / requests).toFixed(2)}/req  ${(ms / count).toFixed(2)} ms  ${key}`);
}
await app.close();
await database.close();
