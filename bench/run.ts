/**
 * npm run bench [-- --jobs 100000 | --million] [--engines postgres,pglite] [--duration 8] [--warmup 2]
 *                 [--connections 10] [--skip-explain] [--fresh]
 *
 * For each engine: prepares a seeded data set (reused when it already holds exactly N postings), checks
 * the plans of the app's search queries with EXPLAIN ANALYZE, starts the app and a "ceiling" server as
 * children, load-tests both over loopback with autocannon and prints one markdown table per engine.
 * The report is also written to bench/results/latest.md (plans in bench/results/explain-*.txt).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Dataset, type Engine, preparePglite, preparePostgres } from './lib/datasets.js';
import { explainPglite, explainPostgres, type PlanSummary } from './lib/explain.js';
import { type LoadRow, pickAtRandom, type RowResult, rotate, runRow, searchPath } from './lib/load.js';
import { childEnv, freePort, rootDir, seconds, startTs, stopChild, waitForOk } from './lib/processes.js';
import { datasetTable, fullPlans, loadTable, planTable } from './lib/report.js';
import { deepPage, filterQueries, keywords } from './lib/workload.js';

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

function appRows(dataset: Dataset): LoadRow[] {
  const keywordRow = (label: string, words: string[]): LoadRow => ({
    name: `/jobs?q= ${label} (${words.join(' ')})`,
    nextPath: rotate(words.map((q) => searchPath(new URLSearchParams({ q }).toString()))),
  });
  return [
    {
      name: `/jobs/:id (${dataset.detailIds.length} random ids)`,
      nextPath: pickAtRandom(dataset.detailIds.map((id) => `/jobs/${id}`)),
    },
    keywordRow('1-char', keywords.oneChar),
    keywordRow('2-char', keywords.twoChar),
    keywordRow('3+-char', keywords.threePlus),
    {
      name: `/jobs filters only (${filterQueries.length} combos)`,
      nextPath: rotate(filterQueries.map((query) => searchPath(query))),
    },
    { name: `/jobs?${deepPage} (deep page)`, nextPath: () => `/jobs?${deepPage}` },
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
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    log(`  check ${path} → 200, ${Buffer.byteLength(body)} bytes`);
  }
}

interface EngineReport {
  dataset: Dataset;
  plans: PlanSummary[];
  rows: RowResult[];
  ceiling: number;
  detailBytes: number;
  startupMs: number;
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

  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const app = startTs(
    'src/server.ts',
    [],
    childEnv({
      ...dataset.env,
      PORT: String(appPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: appUrl,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    }),
  );
  let ceilingServer: ReturnType<typeof startTs> | undefined;
  try {
    const startupMs = await waitForOk(`${appUrl}/readyz`, app);
    log(`${engine}: app ready in ${seconds(startupMs)} s`);
    const detailBytes = await typicalDetailBytes(appUrl, dataset.detailIds);

    const ceilingPort = await freePort();
    const ceilingUrl = `http://127.0.0.1:${ceilingPort}`;
    ceilingServer = startTs(
      'bench/ceiling-server.ts',
      [],
      childEnv({ PORT: String(ceilingPort), BODY_BYTES: String(detailBytes) }),
    );
    await waitForOk(`${ceilingUrl}/readyz`, ceilingServer);

    const rows = appRows(dataset);
    await checkRows(appUrl, rows);

    const results: RowResult[] = [];
    log(`${engine}: ceiling (${detailBytes} bytes)…`);
    const ceilingRow: LoadRow = { name: `ceiling (bare Fastify, ${detailBytes} B)`, nextPath: () => '/' };
    const ceiling = await runRow(ceilingUrl, ceilingRow, loadOptions, ceilingServer.pid);
    results.push(ceiling);
    await stopChild(ceilingServer);
    for (const row of rows) {
      log(`${engine}: ${row.name}…`);
      const result = await runRow(appUrl, row, loadOptions, app.pid);
      log(
        `  ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, failures ${result.failures}, app CPU ${result.serverCpu.toFixed(0)}%, host CPU ${result.hostCpu.toFixed(0)}%`,
      );
      results.push(result);
    }
    return { dataset, plans, rows: results, ceiling: ceiling.requestsPerSecond, detailBytes, startupMs };
  } finally {
    if (ceilingServer) await stopChild(ceilingServer);
    await stopChild(app);
  }
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
    `App ready in ${seconds(report.startupMs)} s; typical /jobs/:id page ${report.detailBytes} bytes.`,
    '',
    loadTable(report.rows, report.ceiling),
  );
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
sections.push('', `Total bench time ${seconds(Date.now() - benchStarted)} s.`, '');
const markdown = sections.join('\n');
writeFileSync(join(resultsDir, 'latest.md'), markdown);
console.log(`\n${markdown}`);
log('written to bench/results/latest.md');
