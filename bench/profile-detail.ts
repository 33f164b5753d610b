/**
 * tsx bench/profile-detail.ts — where a /jobs/:id request's time goes, in-process (no network): the
 * queries it sends (counted and timed at the pg client) and the time to render, over `--requests`
 * requests of random ids, with the public caches off. DATABASE_URL must hold a seeded data set.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, queryRows } from '../src/db/client.js';
import { StatementTimes, timePgStatements } from './lib/statement-timing.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '400' } } });
const statements = new StatementTimes();
timePgStatements(statements);

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
statements.clear();
const started = performance.now();
for (let i = 0; i < requests; i++) {
  const response = await app.inject({ url: `/jobs/${ids[i % ids.length]?.id}` });
  if (response.statusCode !== 200) throw new Error(`answered ${response.statusCode}`);
}
const total = performance.now() - started;
console.log(`${requests} requests, ${(total / requests).toFixed(2)} ms each (in-process, sequential)`);
statements.print(requests);
await app.close();
await database.close();
