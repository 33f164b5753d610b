/**
 * tsx bench/profile-search.ts — where a search request's time goes, in-process (no network), for each
 * class of the bench's workload: the statements it sends (counted and timed at the database client)
 * and the rest (routing, rendering). Public caches off. PGLITE_DIR or DATABASE_URL must hold a seeded
 * data set.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { StatementTimes, timePgliteStatements, timePgStatements } from './lib/statement-timing.js';
import {
  deepKeywordPage,
  deepPage,
  filterQueries,
  keywordFilterQueries,
  keywords,
  readingKeywords,
} from './lib/workload.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const statements = new StatementTimes();
timePgliteStatements(statements, PGlite);
timePgStatements(statements);

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
  statements.clear();
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
  const inQueries = statements.totalMs();
  console.log(
    `\n${name}: ${(total / requests).toFixed(1)} ms per request, ${(inQueries / requests).toFixed(1)} ms in statements`,
  );
  statements.print(requests, 6, '  ');
}
await app.close();
await database.close();
