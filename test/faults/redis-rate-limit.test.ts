/**
 * Rate-limit counters in Redis across app processes (REDIS_URL). Real children (`tsx src/server.ts`) on a
 * database of their own on the machine's PostgreSQL and on the machine's Redis (TEST_REDIS_URL, else
 * redis://127.0.0.1:6379) under a key prefix of this run's own. Asserted: two processes count one sign-in
 * limit together in Redis (and not in PostgreSQL); a process whose Redis does not answer (a closed port:
 * the shared Redis cannot be stopped) still answers sign-in at once, never 500, lives on, and stops
 * cleanly on SIGTERM; and with a Redis server of the test's own, one that hangs (SIGSTOP), dies and
 * comes back: requests go through meanwhile (each answered within the 5 s a client here waits; the
 * slowest answer is printed), and limits count again afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { createUser, TEST_PASSWORD } from '../helpers/auth.js';
import {
  type AppProcess,
  admin,
  databaseUrlFor,
  freePort,
  serverReachable,
  serverUrl,
  signIn,
  startAppProcess,
  stopAppProcess,
} from '../helpers/processes.js';
import { deleteKeysUnder, inspectRedis, keysUnder, redisAnswers, uniqueKeyPrefix } from '../helpers/redis.js';

const redisUrl = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const databaseName = `yss_redis_processes_${process.pid}`;
const databaseUrl = databaseUrlFor(databaseName);
const keyPrefix = uniqueKeyPrefix();
const available = (await serverReachable()) && (await redisAnswers(redisUrl));
// In CI a missing PostgreSQL or Redis is a failure of the machine, not a reason to skip the test.
if (!available && process.env.CI === 'true')
  throw new Error(`PostgreSQL (${serverUrl}) or Redis (${redisUrl}) is not reachable`);

// The private Redis is a real redis-server of this test's own, on a port of its own: it can be stopped.
const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const privateRedisAvailable = existsSync(REDIS_SERVER);
if (!privateRedisAvailable && process.env.CI === 'true')
  throw new Error(`${REDIS_SERVER} not found: the Redis fault test cannot run in CI without it`);

async function startPrivateRedis(port: number): Promise<ChildProcess> {
  const server = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let tries = 0; tries < 100; tries++) {
    if (await redisAnswers(`redis://127.0.0.1:${port}`)) return server;
    await sleep(100);
  }
  server.kill('SIGKILL');
  throw new Error('the private redis-server did not start');
}

async function stopPrivateRedis(server: ChildProcess | undefined): Promise<void> {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGCONT');
  server.kill('SIGKILL');
  await exited;
}

let privateRedis: ChildProcess | undefined;
let first: AppProcess | undefined;
let second: AppProcess | undefined;
let away: AppProcess | undefined;
let email = '';

beforeAll(async () => {
  if (!available) return;
  await admin(`drop database if exists ${databaseName} with (force)`);
  await admin(`create database ${databaseName}`);
  const setup = await openDatabase({ databaseUrl, poolMax: 2 });
  await migrateDatabase(setup);
  email = (await createUser(setup.db, { email: 'redis-processes@example.jp' })).email;
  await setup.close();
  const withRedis = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix };
  [first, second, away] = await Promise.all([
    startAppProcess(withRedis),
    startAppProcess(withRedis),
    // Nothing listens on port 1: every connection to this "Redis" is refused.
    startAppProcess({ ...withRedis, REDIS_URL: 'redis://127.0.0.1:1' }),
  ]);
});

afterAll(async () => {
  await Promise.all([first, second, away].map(stopAppProcess));
  await stopPrivateRedis(privateRedis);
  if (!available) return;
  const redis = inspectRedis(redisUrl);
  await redis.connect();
  await deleteKeysUnder(redis, keyPrefix);
  redis.disconnect();
  await admin(`drop database if exists ${databaseName} with (force)`);
});

describe.skipIf(!available)('two app processes on one Redis', () => {
  it('count one sign-in limit together in Redis: the sixth wrong password is refused whichever process gets it', async () => {
    const apps = [first, second] as AppProcess[];
    const statuses: number[] = [];
    // Five wrong passwords for one account from one address is the limit; made alternately through
    // each process, counted apart each would have seen only three.
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await signIn(apps[attempt % 2] as AppProcess, 'nobody-redis@example.jp', 'wrong');
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);

    // The counters are in Redis under this run's prefix, and none went to PostgreSQL.
    const redis = inspectRedis(redisUrl);
    await redis.connect();
    const keys = await keysUnder(redis, keyPrefix);
    redis.disconnect();
    expect(keys).toHaveLength(3);
    const check = new pg.Client({ connectionString: databaseUrl });
    await check.connect();
    const { rows } = await check.query('select count(*)::int as n from rate_limit_counters');
    await check.end();
    expect(rows[0].n).toBe(0);
  });

  it('answer sign-in when Redis does not answer: never 500, never a wait, and the process lives on', async () => {
    const app = away as AppProcess;
    const statuses: number[] = [];
    // Past the limit: with no counter to ask, the request goes through (as with PostgreSQL away, the
    // limits are skipped rather than the site).
    for (let attempt = 0; attempt < 7; attempt++) {
      const response = await signIn(app, email, 'wrong', AbortSignal.timeout(5_000));
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401]);
    const right = await signIn(app, email, TEST_PASSWORD, AbortSignal.timeout(5_000));
    expect(right.status).toBe(303);
    expect((await fetch(`${app.origin}/healthz`)).status).toBe(200);
    expect(app.child.exitCode, app.log()).toBeNull();
    // Said once in the log, with the error's code and nothing about the person.
    expect(app.log().match(/Redis is not answering/g) ?? [], app.log()).toHaveLength(1);
    expect(app.log()).toContain('ECONNREFUSED');
    expect(app.log()).not.toContain(email);
  });

  it.skipIf(!privateRedisAvailable)(
    'let requests through while their Redis hangs or is down, and count again once it is back',
    async () => {
      const port = await freePort();
      privateRedis = await startPrivateRedis(port);
      const app = await startAppProcess({
        DATABASE_URL: databaseUrl,
        REDIS_URL: `redis://127.0.0.1:${port}`,
        REDIS_KEY_PREFIX: keyPrefix,
        // Redis answering again is logged at info.
        LOG_LEVEL: 'info',
      });
      try {
        const slowest = { hung: 0, down: 0 };
        const attempt = async (account: string, phase?: keyof typeof slowest) => {
          const started = Date.now();
          const response = await signIn(app, account, 'wrong', AbortSignal.timeout(5_000));
          await response.arrayBuffer();
          if (phase) slowest[phase] = Math.max(slowest[phase], Date.now() - started);
          return response.status;
        };
        expect(await attempt('hang@example.jp')).toBe(401);

        // Hung: the connection stays open and nothing comes back; each counter is given up on.
        privateRedis.kill('SIGSTOP');
        const hung: number[] = [];
        for (let i = 0; i < 6; i++) hung.push(await attempt('hang@example.jp', 'hung'));
        privateRedis.kill('SIGCONT');
        expect(hung).toEqual([401, 401, 401, 401, 401, 401]);

        // Down: connections refused while the client reconnects.
        await stopPrivateRedis(privateRedis);
        const down: number[] = [];
        for (let i = 0; i < 6; i++) down.push(await attempt('down@example.jp', 'down'));
        expect(down).toEqual([401, 401, 401, 401, 401, 401]);
        expect(app.child.exitCode, app.log()).toBeNull();

        // Back (empty, as after a crash without persistence): the client reconnects by itself (back-off
        // up to 5 s) and the limit holds again.
        privateRedis = await startPrivateRedis(port);
        for (let tries = 0; tries < 150 && !app.log().includes('Redis answers again'); tries++)
          await sleep(100);
        const statuses: number[] = [];
        for (let i = 0; i < 6; i++) statuses.push(await attempt('back@example.jp'));
        console.log(
          `\nslowest sign-in answer: Redis hung ${slowest.hung} ms, Redis down ${slowest.down} ms\n`,
        );
        expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
        expect(app.log()).toContain('Redis is not answering');
        expect(app.log()).toContain('Redis answers again');
        expect(app.log()).not.toMatch(/(hang|down|back)@example\.jp/);
      } finally {
        expect(await stopAppProcess(app)).toBe(0);
      }
    },
  );

  it('stop cleanly on SIGTERM, with Redis answering or not', async () => {
    const codes = await Promise.all([first, second, away].map(stopAppProcess));
    expect(codes).toEqual([0, 0, 0]);
  });
});
