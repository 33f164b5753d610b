import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { systemContext } from '../../src/auth/context.js';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { runMaintenance } from '../../src/modules/postings/postings.maintenance.js';
import { childEnv, rootDir, runTs } from './processes.js';

export type Engine = 'postgres' | 'pglite';

export interface Dataset {
  engine: Engine;
  postings: number;
  /** DATABASE_URL (PostgreSQL) or PGLITE_DIR (PGlite) for the app and seed children. */
  env: Record<string, string>;
  pgliteDir?: string;
  databaseUrl?: string;
  reused: boolean;
  /** Wall time of `tsx src/seed/cli.ts` (migrate + seedDemo), from this run or the run that seeded it. */
  seedMs: number | null;
  vacuumMs: number | null;
  seededAt: string | null;
  /** Open, non-draft postings of approved co-ops: the ids /jobs/:id is loaded with. */
  detailIds: number[];
}

/**
 * The database of a data set: the million postings live in their own database (a seed of them takes a
 * long time), so a 100k run never drops them. Override with BENCH_PG_DATABASE to compare a scratch copy;
 * the name is used unquoted, so keep it simple.
 */
export function pgDatabaseFor(postings: number): string {
  const name = process.env.BENCH_PG_DATABASE ?? (postings >= 1_000_000 ? 'yss_bench_1m' : 'yss_bench');
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_PG_DATABASE must be a plain lower-case name`);
  return name;
}
const adminUrl = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function postgresUrl(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function pgliteDirFor(postings: number): string {
  return join(rootDir, 'data', `bench-pglite-${postings}`);
}

const timesFile = join(rootDir, 'bench', 'results', 'seed-times.json');
type SeedTimes = Record<string, { seedMs: number; vacuumMs: number; seededAt: string }>;

function readSeedTimes(): SeedTimes {
  try {
    return JSON.parse(readFileSync(timesFile, 'utf8')) as SeedTimes;
  } catch {
    return {};
  }
}

function recordSeedTime(key: string, seedMs: number, vacuumMs: number): string {
  const times = readSeedTimes();
  const seededAt = new Date().toISOString();
  times[key] = { seedMs, vacuumMs, seededAt };
  mkdirSync(join(rootDir, 'bench', 'results'), { recursive: true });
  writeFileSync(timesFile, `${JSON.stringify(times, null, 2)}\n`);
  return seededAt;
}

const SAMPLE_IDS = `
  select p.id from job_postings p join organisations o on o.id = p.organisation_id
  where p.status <> 'draft' and o.approval_state = 'approved'
  order by random() limit 20000`;

interface Queryable {
  query<Row>(sql: string): Promise<{ rows: Row[] }>;
}

async function countPostings(client: Queryable): Promise<number> {
  try {
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from job_postings');
    return rows[0]?.n ?? -1;
  } catch {
    return -1; // No table yet.
  }
}

async function sampleIds(client: Queryable): Promise<number[]> {
  const { rows } = await client.query<{ id: number }>(SAMPLE_IDS);
  return rows.map((row) => Number(row.id));
}

/**
 * A reused data set gets any migrations added since it was seeded (the app would apply them on start
 * anyway), and the hourly maintenance is run once here: a fresh data set has postings past their date,
 * and the app's first run closing tens of thousands of them would compete with the load test.
 */
async function migrate(options: { databaseUrl?: string; pgliteDir?: string }): Promise<void> {
  const database = await openDatabase(options);
  try {
    await migrateDatabase(database);
    await runMaintenance(systemContext({ db: database.db, now: new Date(), publicUrl: 'http://127.0.0.1' }));
  } finally {
    await database.close();
  }
}

/**
 * From a million postings on, a tenth are generated and each is stored ten times (with its own id and
 * posting day): generating a million documents takes over an hour on this machine, copying them minutes.
 * The co-ops and workplaces are as many as for a million generated postings.
 */
const COPIES_FROM = 1_000_000;
const COPIES = 10;

function seedArgs(postings: number): string[] {
  if (postings < COPIES_FROM || postings % COPIES !== 0) return ['--jobs', String(postings)];
  return [
    '--jobs',
    String(postings / COPIES),
    '--copies',
    String(COPIES),
    '--organisations',
    String(Math.ceil(postings / 50)),
  ];
}

async function withPgClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** `yss_bench` with exactly `postings` postings: reused when it has them, else dropped, created and seeded. */
export async function preparePostgres(
  postings: number,
  fresh: boolean,
  log: (line: string) => void,
): Promise<Dataset> {
  const PG_DATABASE = pgDatabaseFor(postings);
  const databaseUrl = postgresUrl(PG_DATABASE);
  const key = `postgres/${PG_DATABASE}:${postings}`;
  const existing = await withPgClient(databaseUrl, countPostings).catch(() => -1);
  let reused = existing === postings && !fresh;
  let seedMs: number | null = null;
  let vacuumMs: number | null = null;
  let seededAt: string | null = null;
  if (reused) {
    log(`PostgreSQL: reusing ${PG_DATABASE} (${postings} postings)`);
    await migrate({ databaseUrl });
    const previous = readSeedTimes()[key];
    if (previous) ({ seedMs, vacuumMs, seededAt } = previous);
  } else {
    log(
      `PostgreSQL: ${PG_DATABASE} has ${existing < 0 ? 'no' : existing} postings${fresh ? ' (--fresh)' : ''}; recreating with ${postings}`,
    );
    await withPgClient(adminUrl, async (client) => {
      await client.query(`drop database if exists ${PG_DATABASE} with (force)`);
      await client.query(`create database ${PG_DATABASE}`);
    });
    let started = Date.now();
    await runTs('src/seed/cli.ts', seedArgs(postings), childEnv({ DATABASE_URL: databaseUrl }));
    seedMs = Date.now() - started;
    await migrate({ databaseUrl });
    started = Date.now();
    await withPgClient(databaseUrl, (client) => client.query('vacuum analyze'));
    vacuumMs = Date.now() - started;
    seededAt = recordSeedTime(key, seedMs, vacuumMs);
    const seeded = await withPgClient(databaseUrl, countPostings);
    if (seeded !== postings) throw new Error(`seeded ${seeded} postings, expected ${postings}`);
    reused = false;
  }
  const detailIds = await withPgClient(databaseUrl, sampleIds);
  return {
    engine: 'postgres',
    postings,
    env: { DATABASE_URL: databaseUrl },
    databaseUrl,
    reused,
    seedMs,
    vacuumMs,
    seededAt,
    detailIds,
  };
}

/** ./data/bench-pglite-N: reused when it holds exactly N postings, else deleted and seeded afresh. */
export async function preparePglite(
  postings: number,
  fresh: boolean,
  log: (line: string) => void,
): Promise<Dataset> {
  const dir = pgliteDirFor(postings);
  const key = `pglite:${postings}`;
  let existing = -1;
  if (existsSync(dir)) {
    const client = new PGlite(dir);
    existing = await countPostings(client);
    await client.close();
  }
  const reused = existing === postings && !fresh;
  let seedMs: number | null = null;
  let vacuumMs: number | null = null;
  let seededAt: string | null = null;
  let detailIds: number[];
  if (reused) {
    log(`PGlite: reusing ${dir} (${postings} postings)`);
    await migrate({ pgliteDir: dir });
    const previous = readSeedTimes()[key];
    if (previous) ({ seedMs, vacuumMs, seededAt } = previous);
    const client = new PGlite(dir);
    detailIds = await sampleIds(client);
    await client.close();
  } else {
    log(
      `PGlite: ${dir} has ${existing < 0 ? 'no' : existing} postings${fresh ? ' (--fresh)' : ''}; seeding ${postings} (slow)`,
    );
    rmSync(dir, { recursive: true, force: true });
    let started = Date.now();
    await runTs('src/seed/cli.ts', seedArgs(postings), childEnv({ PGLITE_DIR: dir }));
    seedMs = Date.now() - started;
    await migrate({ pgliteDir: dir });
    const client = new PGlite(dir);
    started = Date.now();
    await client.query('vacuum analyze');
    vacuumMs = Date.now() - started;
    const seeded = await countPostings(client);
    detailIds = await sampleIds(client);
    await client.close();
    if (seeded !== postings) throw new Error(`seeded ${seeded} postings, expected ${postings}`);
    seededAt = recordSeedTime(key, seedMs, vacuumMs);
  }
  return {
    engine: 'pglite',
    postings,
    env: { PGLITE_DIR: dir },
    pgliteDir: dir,
    reused,
    seedMs,
    vacuumMs,
    seededAt,
    detailIds,
  };
}
