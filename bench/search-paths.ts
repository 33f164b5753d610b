/**
 * Times each bench search both ways — walking the newest postings, and through the GIN index — and the way
 * the app chooses (jobs.service: walkedPage), one search at a time, on the bench's data set. It is how the
 * walk's cost constants were measured; run it after changing them or the search.
 *
 *   npm run bench:search-paths -- --engine postgres   # the million in yss_bench_1m (bench:prepare)
 *   npm run bench:search-paths -- --engine pglite     # the 100k PGlite data set
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.js';
import { todayInTokyo } from '../src/lib/dates.js';
import { parseSearchQuery } from '../src/modules/jobs/jobs.search.js';
import {
  compileSearch,
  SEARCH_TUNING,
  type SearchTuning,
  searchJobs,
} from '../src/modules/jobs/jobs.service.js';
import { pgDatabaseFor, pgliteDirFor, postgresUrl } from './lib/datasets.js';
import { filterQueries, keywordFilterQueries, keywords, readingKeywords } from './lib/workload.js';

const { values } = parseArgs({
  options: { engine: { type: 'string', default: 'postgres' }, repeat: { type: 'string', default: '5' } },
});
const engine = values.engine === 'pglite' ? 'pglite' : 'postgres';
const database = await openDatabase(
  engine === 'pglite'
    ? { pgliteDir: pgliteDirFor(100_000) }
    : { databaseUrl: postgresUrl(pgDatabaseFor(1_000_000)) },
);
const today = todayInTokyo();
const repeat = Math.max(1, Number(values.repeat));
const ways: Array<[string, SearchTuning]> = [
  ['walk', { ...SEARCH_TUNING, preferIndex: false }],
  ['GIN index', { ...SEARCH_TUNING, walks: false }],
  ['chosen', SEARCH_TUNING],
];

async function median(query: string, tuning: SearchTuning): Promise<string> {
  const search = compileSearch(
    parseSearchQuery(Object.fromEntries(new URLSearchParams(query))).filters,
    today,
  );
  const times: number[] = [];
  let shown = '';
  for (let run = 0; run < repeat; run++) {
    const started = performance.now();
    const result = await searchJobs(database.db, search, { tuning });
    times.push(performance.now() - started);
    shown = `${result.approximate ? '約' : ''}${result.total.toLocaleString('en')}${result.capped ? '+' : ''}`;
  }
  times.sort((a, b) => a - b);
  return `${(times[Math.floor(times.length / 2)] ?? 0).toFixed(1)} ms (${shown})`;
}

const queries = [
  ...[...keywords.oneChar, ...keywords.twoChar, ...keywords.threePlus, ...readingKeywords].map(
    (q) => `q=${q}`,
  ),
  ...filterQueries,
  ...keywordFilterQueries,
];
console.log(`| search | ${ways.map(([name]) => name).join(' | ')} |`);
console.log(`|---|${ways.map(() => '---:').join('|')}|`);
for (const query of queries) {
  const cells: string[] = [];
  for (const [, tuning] of ways) cells.push(await median(query, tuning));
  console.log(`| ${decodeURIComponent(query)} | ${cells.join(' | ')} |`);
}
await database.close();
