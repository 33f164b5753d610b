/**
 * PostgreSQL restarts under load (issue 12). A scratch cluster of our own (initdb + pg_ctl in a temp
 * directory, its own port and socket directory — never the shared cluster on 5432), the app as a real
 * child process (`tsx src/server.ts`), searches, sign-ups and drafts running, and the cluster restarted
 * five times in fast and immediate mode. Asserted: the process lives through every restart, every
 * acknowledged write is in the database exactly once, no 5xx but 503 while the database is away, and
 * normal answers again shortly after. The figures are printed; timings are never asserted beyond a
 * generous recovery bound.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { membershipsTable } from '../../src/db/schema/index.js';
import { seedMinimumWages } from '../../src/seed/demo.js';
import { createUser, TEST_PASSWORD } from '../helpers/auth.js';
import { createCoopWithWorkplace } from '../helpers/factories.js';
import { completePostingForm } from '../workspace/support.js';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const available = existsSync(join(BIN, 'pg_ctl')) && existsSync(join(BIN, 'initdb'));
// In CI a missing PostgreSQL is a failure of the machine, not a reason to skip the test.
if (!available && process.env.CI === 'true')
  throw new Error(`PostgreSQL binaries not found in ${BIN}: the fault tests cannot run in CI without them`);

const PG_PORT = Number(process.env.FAULTS_PG_PORT ?? 55432);
const RESTARTS: Array<'fast' | 'immediate'> = process.env.FAULTS_QUICK
  ? ['fast']
  : ['fast', 'immediate', 'fast', 'immediate', 'fast'];
const WORKERS = 6;

let dir = '';
let appPort = 0;
let child: ChildProcess | undefined;
let childLog = '';
const databaseUrl = `postgres://postgres@127.0.0.1:${PG_PORT}/postgres`;

/** pg_ctl and initdb refuse to run as root: they run as the postgres user. */
function asPostgres(command: string, args: string[], timeout = 60_000): string {
  const runAs =
    process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(BIN, command), ...args]] : null;
  const [file, argv] = runAs ?? [join(BIN, command), args];
  return execFileSync(file as string, argv as string[], { encoding: 'utf8', timeout, stdio: 'pipe' });
}

function serverOptions(): string {
  return `-p ${PG_PORT} -k ${join(dir, 'sock')} -c listen_addresses=127.0.0.1 -c max_connections=50`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null;
const base = () => `http://127.0.0.1:${appPort}`;

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'yss-faults-'));
  execFileSync('mkdir', ['-p', join(dir, 'sock')]);
  if (process.getuid?.() === 0) {
    chmodSync(dir, 0o755);
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(join(dir, 'sock'), uid, gid);
  }
  asPostgres('initdb', [
    '-D',
    join(dir, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  asPostgres('pg_ctl', [
    '-D',
    join(dir, 'data'),
    '-o',
    serverOptions(),
    '-l',
    join(dir, 'pg.log'),
    '-w',
    'start',
  ]);

  appPort = await freePort();
  child = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), ['src/server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(appPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${appPort}`,
      SEED_DEMO: 'false',
      // Every search runs its count in a transaction: the case that used to end the process.
      PUBLIC_CACHE_SECONDS: '0',
      // Sign-ups come from many addresses (X-Forwarded-For), so the per-address mail limit is not hit.
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_MAX: '8',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    childLog = (childLog + chunk).slice(-20_000);
  });
  child.stderr?.on('data', (chunk) => {
    childLog = (childLog + chunk).slice(-20_000);
  });
  const ready = await waitFor(async () => (await fetch(`${base()}/readyz`)).ok, 45_000);
  if (!ready) throw new Error(`the app did not start:\n${childLog}`);
});

afterAll(async () => {
  if (!available) return;
  if (child && alive()) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child?.once('exit', resolve));
  }
  try {
    asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } catch {
    // Already stopped.
  }
  rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  op: 'search' | 'signup' | 'draft';
  at: number;
  status: number;
  /** The value that identifies an acknowledged write (an e-mail or a posting title). */
  key?: string;
}

describe.skipIf(!available)('PostgreSQL restarts under load', () => {
  it('keeps the process alive, loses no acknowledged write and answers 503 (never 5xx) meanwhile', async () => {
    // A co-op with a workplace and a signed-in member, for drafts.
    const setup = await openDatabase({ databaseUrl, poolMax: 2 });
    await seedMinimumWages(setup.db);
    const { organisation, workplace } = await createCoopWithWorkplace(setup.db, { trusted: true });
    const staff = await createUser(setup.db);
    await setup.db
      .insert(membershipsTable)
      .values({ userId: staff.id, organisationId: organisation.id, role: 'member' });
    await setup.close();
    const origin = base();
    const signin = await fetch(`${origin}/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: staff.email, password: TEST_PASSWORD }),
    });
    expect(signin.status).toBe(303);
    const cookie = (signin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const outcomes: Outcome[] = [];
    const run = randomUUID().slice(0, 8);
    let sequence = 0;
    let stop = false;
    let firstRefusal = '';
    const oneRequest = async (): Promise<Outcome> => {
      const n = ++sequence;
      const pick = n % 5;
      const at = Date.now();
      const signal = AbortSignal.timeout(15_000);
      if (pick < 2) {
        const response = await fetch(
          `${origin}/jobs?q=${encodeURIComponent(['介護', '調理', '事務'][n % 3] ?? '')}`,
          { signal },
        );
        await response.arrayBuffer();
        return { op: 'search', at, status: response.status };
      }
      if (pick < 4) {
        const email = `restart-${run}-${n}@example.jp`;
        const response = await fetch(`${origin}/signup`, {
          method: 'POST',
          redirect: 'manual',
          signal,
          headers: {
            origin,
            'content-type': 'application/x-www-form-urlencoded',
            'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
          },
          body: new URLSearchParams({ displayName: `再起動${n}`, email, password: 'correct horse battery' }),
        });
        await response.arrayBuffer();
        return { op: 'signup', at, status: response.status, key: email };
      }
      const title = `再起動の下書き ${run} ${n}`;
      const response = await fetch(`${origin}/workspace/${organisation.id}/postings`, {
        method: 'POST',
        redirect: 'manual',
        signal,
        headers: { origin, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(completePostingForm(workplace.id, { title, intent: 'draft' })),
      });
      const page = await response.text();
      if (response.status === 422 && !firstRefusal)
        firstRefusal = page.match(/class="[^"]*error[^"]*"[^>]*>[^<]*/g)?.join(' | ') ?? page.slice(0, 500);
      return { op: 'draft', at, status: response.status, key: title };
    };
    const workers = Array.from({ length: WORKERS }, async () => {
      while (!stop) {
        try {
          outcomes.push(await oneRequest());
        } catch {
          // A socket error or a client-side timeout: counted as no answer (status 0).
          outcomes.push({ op: 'search', at: Date.now(), status: 0 });
        }
      }
    });

    interface Cycle {
      mode: string;
      startedAt: number;
      upAt: number;
      recoveredAt: number | null;
      aliveAfter: boolean;
    }
    const cycles: Cycle[] = [];
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const mode of RESTARTS) {
      const startedAt = Date.now();
      asPostgres('pg_ctl', [
        '-D',
        join(dir, 'data'),
        '-m',
        mode,
        '-o',
        serverOptions(),
        '-l',
        join(dir, 'pg.log'),
        '-w',
        'restart',
      ]);
      const upAt = Date.now();
      // Recovered: a search that touches the database answers 200 again.
      const recovered = await waitFor(async () => {
        const response = await fetch(`${origin}/jobs?q=${encodeURIComponent('介護')}`, {
          signal: AbortSignal.timeout(5_000),
        });
        await response.arrayBuffer();
        return response.status === 200;
      }, 15_000);
      cycles.push({ mode, startedAt, upAt, recoveredAt: recovered ? Date.now() : null, aliveAfter: alive() });
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    }
    stop = true;
    await Promise.all(workers);
    const healthz = await fetch(`${origin}/healthz`)
      .then((r) => r.status)
      .catch(() => 0);

    // What the database holds for every acknowledged write.
    const check = new pg.Client({ connectionString: databaseUrl });
    await check.connect();
    const signups = outcomes.filter((o) => o.op === 'signup' && o.status === 200).map((o) => o.key as string);
    const drafts = outcomes.filter((o) => o.op === 'draft' && o.status === 303).map((o) => o.key as string);
    const users = await check.query<{ email: string; n: number }>(
      'select email, count(*)::int as n from users where email like $1 group by email',
      [`restart-${run}-%`],
    );
    const postings = await check.query<{ title: string; n: number }>(
      'select title, count(*)::int as n from job_postings where title like $1 group by title',
      [`再起動の下書き ${run} %`],
    );
    await check.end();
    const foundUsers = new Map(users.rows.map((row) => [row.email, row.n]));
    const foundPostings = new Map(postings.rows.map((row) => [row.title, row.n]));
    const lostSignups = signups.filter((email) => !foundUsers.has(email));
    const lostDrafts = drafts.filter((title) => !foundPostings.has(title));
    const duplicates =
      [...foundUsers.values()].filter((n) => n > 1).length +
      [...foundPostings.values()].filter((n) => n > 1).length;

    // The figures.
    const byStatus = (op?: Outcome['op']) => {
      const counts = new Map<number, number>();
      for (const o of outcomes) if (!op || o.op === op) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
      return [...counts.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}:${n}`)
        .join(' ');
    };
    const fiveXx = outcomes.filter((o) => o.status >= 500 && o.status !== 503);
    const unavailable = outcomes.filter((o) => o.status === 503).length;
    const lines = [
      '',
      'restart  mode       down→up (ms)  up→normal answers (ms)  process alive',
      ...cycles.map(
        (c, i) =>
          `${String(i + 1).padEnd(8)} ${c.mode.padEnd(10)} ${String(c.upAt - c.startedAt).padStart(12)}  ${String(c.recoveredAt === null ? 'never' : c.recoveredAt - c.upAt).padStart(22)}  ${c.aliveAfter ? 'yes' : 'NO'}`,
      ),
      '',
      `requests: ${outcomes.length}  (searches ${byStatus('search')} | sign-ups ${byStatus('signup')} | drafts ${byStatus('draft')})`,
      `acknowledged writes: ${signups.length} sign-ups, ${drafts.length} drafts; found: ${signups.length - lostSignups.length} sign-ups, ${drafts.length - lostDrafts.length} drafts; duplicates: ${duplicates}`,
      `5xx other than 503: ${fiveXx.length}; 503 answers: ${unavailable}; no answer (socket error or timeout): ${outcomes.filter((o) => o.status === 0).length}`,
      '',
    ];
    console.log(lines.join('\n'));

    expect(
      cycles.every((c) => c.aliveAfter),
      childLog,
    ).toBe(true);
    expect(alive() && healthz === 200, childLog).toBe(true);
    expect(cycles.every((c) => c.recoveredAt !== null && c.recoveredAt - c.upAt < 10_000)).toBe(true);
    expect(lostSignups).toEqual([]);
    expect(lostDrafts).toEqual([]);
    expect(duplicates).toBe(0);
    expect(fiveXx.map((o) => `${o.op} ${o.status}`)).toEqual([]);
    expect(signups.length).toBeGreaterThan(0);
    expect(drafts.length, firstRefusal).toBeGreaterThan(0);
  });
});
