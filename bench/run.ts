/**
 * npm run bench [-- --jobs 100000 | --million] [--engines postgres,pglite] [--duration 8] [--warmup 2]
 *                 [--connections 10] [--skip-explain] [--fresh]
 *
 * For each engine: prepares a seeded data set (reused when it already holds exactly N postings), checks
 * the plans of the app's search queries with EXPLAIN ANALYZE, starts the app and a "ceiling" server as
 * children, load-tests both over loopback with autocannon and prints one markdown table per engine.
 * The report is also written to bench/results/latest.md (plans in bench/results/explain-*.txt).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Dataset, type Engine, preparePglite, preparePostgres } from './lib/datasets.js';
import { explainPglite, explainPostgres, type PlanSummary } from './lib/explain.js';
import { type LoadRow, pickAtRandom, type RowResult, rotate, runRow, searchPath } from './lib/load.js';
import {
  childEnv,
  freePort,
  rootDir,
  seconds,
  startBuiltServer,
  startTs,
  stopChild,
  waitForOk,
} from './lib/processes.js';
import { datasetTable, fullPlans, loadTable, planTable } from './lib/report.js';
import {
  deepKeywordPage,
  deepPage,
  filterQueries,
  keywordFilterQueries,
  keywords,
  readingKeywords,
} from './lib/workload.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '100000' },
    million: { type: 'boolean', default: false },
    engines: { type: 'string', default: 'postgres,pglite' },
    duration: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    'skip-explain': { type: 'boolean', default: false },
    /** Re-seed even when the data set already holds N postings (after changing the seed or search terms). */
    fresh: { type: 'boolean', default: false },
  },
});

const postings = values.million ? 1_000_000 : Number(values.jobs);
if (!Number.isInteger(postings) || postings < 1) throw new Error('--jobs must be a positive whole number');
const engines = values.engines.split(',').map((name) => name.trim()) as Engine[];
for (const engine of engines) {
  if (engine !== 'postgres' && engine !== 'pglite') throw new Error(`unknown engine "${engine}"`);
}
const loadOptions = {
  connections: Number(values.connections),
  durationSeconds: Number(values.duration),
  warmupSeconds: Number(values.warmup),
};

const resultsDir = join(rootDir, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const benchStarted = Date.now();
const loadAtStart = loadavg();
const log = (line: string) =>
  console.log(`[bench ${seconds(Date.now() - benchStarted).padStart(6)} s] ${line}`);

/**
 * With the caches on, requests carry the Accept-Encoding a browser sends (the page cache keeps pages
 * gzipped and sends them so), and every posting page is requested once before the row: the numbers are a
 * busy board's steady state, not its first minute. With them off, requests are as the ceiling and the
 * peer get them: no compression.
 */
function appRows(dataset: Dataset, caches: 'off' | 'on'): LoadRow[] {
  const headers = caches === 'on' ? { 'accept-encoding': 'gzip, deflate, br' } : undefined;
  const keywordRow = (label: string, words: string[]): LoadRow => ({
    name: `/jobs?q= ${label} (${words.join(' ')})`,
    nextPath: rotate(words.map((q) => searchPath(new URLSearchParams({ q }).toString()))),
    headers,
  });
  const detailPaths = dataset.detailIds.map((id) => `/jobs/${id}`);
  return [
    {
      name: `/jobs/:id (${dataset.detailIds.length} random ids${caches === 'on' ? ', each requested once before' : ''})`,
      nextPath: pickAtRandom(detailPaths),
      headers,
      prime: caches === 'on' ? detailPaths : undefined,
    },
    keywordRow('1-char', keywords.oneChar),
    keywordRow('2-char', keywords.twoChar),
    keywordRow('3+-char', keywords.threePlus),
    keywordRow('reading', readingKeywords),
    {
      name: `/jobs filters only (${filterQueries.length} combos)`,
      nextPath: rotate(filterQueries.map((query) => searchPath(query))),
      headers,
    },
    {
      name: `/jobs keyword + filters (${keywordFilterQueries.length} combos)`,
      nextPath: rotate(keywordFilterQueries.map((query) => searchPath(query))),
      headers,
    },
    { name: `/jobs?${deepPage} (deep page)`, nextPath: () => `/jobs?${deepPage}`, headers },
    {
      name: `/jobs?${deepKeywordPage} (deepest page of 介護)`,
      nextPath: () => searchPath(deepKeywordPage),
      headers,
    },
  ];
}

/** Median body size of a few real detail pages: what the ceiling server answers with. */
async function typicalDetailBytes(baseUrl: string, ids: number[]): Promise<number> {
  const sizes: number[] = [];
  for (const id of ids.slice(0, 21)) {
    const response = await fetch(`${baseUrl}/jobs/${id}`);
    const body = new Uint8Array(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`/jobs/${id} answered ${response.status}`);
    sizes.push(body.byteLength);
  }
  sizes.sort((a, b) => a - b);
  return sizes[Math.floor(sizes.length / 2)] as number;
}

/** One request per row before loading it: a row answering errors would make its numbers meaningless. */
async function checkRows(baseUrl: string, rows: LoadRow[]): Promise<void> {
  for (const row of rows) {
    const path = row.nextPath();
    const response = await fetch(baseUrl + path);
    const body = await response.text();
    // Logged, not fatal: a class that times out on this data set is a result (its failures column).
    log(`  check ${path} → ${response.status}, ${Buffer.byteLength(body)} bytes`);
  }
}

interface ModeReport {
  /** "off": PUBLIC_CACHE_SECONDS=0 (every request reaches the database); "on": the app's default. */
  caches: 'off' | 'on';
  rows: RowResult[];
  startupMs: number;
  /** The app process's peak resident memory (VmHWM) over the whole run, MB. */
  peakRssMb: number | null;
}

interface EngineReport {
  dataset: Dataset;
  plans: PlanSummary[];
  ceilingRow: RowResult;
  ceiling: number;
  peerRow: RowResult | null;
  modes: ModeReport[];
  detailBytes: number;
}

function peakRssMb(pid: number | undefined): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

async function runApp(dataset: Dataset, caches: 'off' | 'on') {
  const rows = appRows(dataset, caches);
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const app = startBuiltServer(
    childEnv({
      ...dataset.env,
      PORT: String(appPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: appUrl,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...(caches === 'off' ? { PUBLIC_CACHE_SECONDS: '0' } : {}),
    }),
  );
  try {
    const startupMs = await waitForOk(`${appUrl}/readyz`, app);
    log(`${dataset.engine}: app (caches ${caches}) ready in ${seconds(startupMs)} s`);
    const detailBytes = await typicalDetailBytes(appUrl, dataset.detailIds);
    await checkRows(appUrl, rows);
    const results: RowResult[] = [];
    for (const row of rows) {
      log(`${dataset.engine} caches ${caches}: ${row.name}…`);
      const result = await runRow(appUrl, row, loadOptions, app.pid);
      log(
        `  ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, failures ${result.failures}, app CPU ${result.serverCpu.toFixed(0)}%, host CPU ${result.hostCpu.toFixed(0)}%`,
      );
      results.push(result);
    }
    const mode: ModeReport = { caches, rows: results, startupMs, peakRssMb: peakRssMb(app.pid) };
    return { mode, detailBytes };
  } finally {
    await stopChild(app);
  }
}

async function benchEngine(engine: Engine): Promise<EngineReport> {
  const prepareStarted = Date.now();
  const dataset =
    engine === 'postgres'
      ? await preparePostgres(postings, values.fresh, log)
      : await preparePglite(postings, values.fresh, log);
  log(`${engine}: data set ready in ${seconds(Date.now() - prepareStarted)} s`);

  let plans: PlanSummary[] = [];
  if (!values['skip-explain']) {
    // Before the app starts: PGlite allows one process per directory.
    plans = engine === 'postgres' ? await explainPostgres(dataset) : await explainPglite(dataset);
    writeFileSync(join(resultsDir, `explain-${engine}-${postings}.txt`), fullPlans(plans));
    for (const plan of plans) {
      log(
        `  plan ${plan.name} [${plan.part}]: ${plan.usesGin ? 'GIN' : 'no GIN'}${plan.seqScanOnPostings ? ', SEQ SCAN' : ''}, ${plan.executionMs} ms`,
      );
    }
  }

  const off = await runApp(dataset, 'off');
  const detailBytes = off.detailBytes;

  const ceilingPort = await freePort();
  const ceilingUrl = `http://127.0.0.1:${ceilingPort}`;
  const ceilingServer = startTs(
    'bench/ceiling-server.ts',
    [],
    childEnv({ PORT: String(ceilingPort), BODY_BYTES: String(detailBytes) }),
  );
  let ceilingRow: RowResult;
  try {
    await waitForOk(`${ceilingUrl}/readyz`, ceilingServer);
    log(`${engine}: ceiling (${detailBytes} bytes)…`);
    const row: LoadRow = { name: `ceiling (bare Fastify, ${detailBytes} B)`, nextPath: () => '/' };
    ceilingRow = await runRow(ceilingUrl, row, loadOptions, ceilingServer.pid);
  } finally {
    await stopChild(ceilingServer);
  }

  // The minimal peer (Express 5 + EJS + pg, same queries) for the posting page: PostgreSQL only.
  let peerRow: RowResult | null = null;
  if (engine === 'postgres') {
    const peerPort = await freePort();
    const peer = startTs(
      'bench/peer-server.ts',
      [],
      childEnv({ PORT: String(peerPort), DATABASE_URL: dataset.databaseUrl }),
    );
    try {
      await waitForOk(`http://127.0.0.1:${peerPort}/readyz`, peer);
      log(`${engine}: peer (Express 5 + EJS + pg)…`);
      peerRow = await runRow(
        `http://127.0.0.1:${peerPort}`,
        {
          name: `peer: Express 5 + EJS + pg /jobs/:id (${dataset.detailIds.length} random ids)`,
          nextPath: pickAtRandom(dataset.detailIds.map((id) => `/jobs/${id}`)),
        },
        loadOptions,
        peer.pid,
      );
    } finally {
      await stopChild(peer);
    }
  }

  const on = await runApp(dataset, 'on');
  return {
    dataset,
    plans,
    ceilingRow,
    ceiling: ceilingRow.requestsPerSecond,
    peerRow,
    modes: [off.mode, on.mode],
    detailBytes,
  };
}

const reports: EngineReport[] = [];
for (const engine of engines) reports.push(await benchEngine(engine));

const sections = [
  `# よいしごとステーション benchmark — ${postings.toLocaleString('en')} postings`,
  '',
  `${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · Node ${process.version} · autocannon ${loadOptions.connections} connections, ${loadOptions.warmupSeconds} s warm-up + ${loadOptions.durationSeconds} s per row, loopback; app, database and load generator share the machine.`,
  '',
  `Load average when the bench started: ${loadAtStart.map((value) => value.toFixed(2)).join(' ')}. "server CPU" is the process under test (100% = one core); "host CPU" is the whole machine (all cores) — anything well above the server + database share means other work was competing.`,
  '',
  '## Data sets',
  '',
  datasetTable(reports.map((report) => report.dataset)),
];
for (const report of reports) {
  sections.push(
    '',
    `## ${report.dataset.engine} (${report.dataset.postings.toLocaleString('en')} postings)`,
    '',
    `Typical /jobs/:id page ${report.detailBytes} bytes.`,
  );
  for (const mode of report.modes) {
    const rows = [
      report.ceilingRow,
      ...mode.rows,
      ...(mode.caches === 'off' && report.peerRow ? [report.peerRow] : []),
    ];
    sections.push(
      '',
      `### ${report.dataset.engine}, public caches ${mode.caches}`,
      '',
      `App ready in ${seconds(mode.startupMs)} s; app peak RSS ${mode.peakRssMb === null ? '?' : mode.peakRssMb.toFixed(0)} MB.`,
      '',
      loadTable(rows, report.ceiling),
    );
  }
  if (report.plans.length > 0) {
    sections.push(
      '',
      `### ${report.dataset.engine}: EXPLAIN ANALYZE of the app's search queries`,
      '',
      planTable(report.plans),
      '',
      `Full plans: bench/results/explain-${report.dataset.engine}-${postings}.txt`,
    );
  }
}
sections.push(
  '',
  `Load average when the bench ended: ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}. Total bench time ${seconds(Date.now() - benchStarted)} s.`,
  '',
);
const markdown = sections.join('\n');
writeFileSync(join(resultsDir, 'latest.md'), markdown);
writeFileSync(join(resultsDir, `bench-${engines.join('-')}-${postings}.md`), markdown);
console.log(`\n${markdown}`);
log('written to bench/results/latest.md');
