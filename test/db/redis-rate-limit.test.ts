/**
 * Rate-limit counters in Redis when REDIS_URL is set, on a real Redis (TEST_REDIS_URL; `.ci/run` sets it,
 * and in CI a Redis that does not answer fails this file instead of skipping it). Each app gets a key
 * prefix of its own, so runs sharing the Redis never meet.
 */
import { type AddressInfo, createServer } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type Config, testConfig } from '../../src/config.js';
import { rateLimitCountersTable } from '../../src/db/schema/index.js';
import { createUser, postForm, TEST_PASSWORD } from '../helpers/auth.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import {
  connectionsNamed,
  deleteKeysUnder,
  inspectRedis,
  keysUnder,
  redisAnswers,
  testRedisUrl,
  uniqueKeyPrefix,
} from '../helpers/redis.js';

const available = await redisAnswers(testRedisUrl);
// In CI a missing Redis is a failure of the machine, not a reason to skip the test.
if (!available && process.env.CI === 'true')
  throw new Error(`Redis does not answer at TEST_REDIS_URL (${testRedisUrl ?? 'unset'})`);

let database: TestDatabase;
let redis: Redis;
const prefixes: string[] = [];
const apps: FastifyInstance[] = [];

interface Built {
  app: FastifyInstance;
  prefix: string;
  log: () => string;
}

/** An app on the test database with its counters in Redis under a fresh prefix (or the given one). */
async function appWithRedis(overrides: Partial<Config> = {}, prefix = uniqueKeyPrefix()): Promise<Built> {
  prefixes.push(prefix);
  let log = '';
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      log += chunk;
      done();
    },
  });
  const app = await buildApp({
    config: testConfig({
      PUBLIC_URL: 'https://yoishigoto.example.jp',
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'info',
      ...overrides,
    }),
    database,
    logStream,
  });
  await app.ready();
  apps.push(app);
  return { app, prefix, log: () => log };
}

const signIn = (app: FastifyInstance, email: string, password: string) =>
  postForm(request(app.server), '/signin', { email, password }).timeout(5_000);

beforeAll(async () => {
  if (!available) return;
  database = await createTestDatabase();
  redis = inspectRedis(testRedisUrl as string);
  await redis.connect();
});

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await database?.truncate();
});

afterAll(async () => {
  if (!available) return;
  for (const prefix of prefixes) await deleteKeysUnder(redis, prefix);
  redis.disconnect();
  await database.close();
});

describe.skipIf(!available)('rate-limit counters in Redis (REDIS_URL)', () => {
  it('counts the sign-in limit in Redis, under the key prefix, with no e-mail or client address in any key', async () => {
    const { app, prefix } = await appWithRedis();
    const email = 'redis-counted@example.jp';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) statuses.push((await signIn(app, email, 'wrong')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);

    const keys = await keysUnder(redis, prefix);
    // Three sign-in limiters counted this address and account: per address, per pair, per account.
    expect(keys).toHaveLength(3);
    expect(keys.every((key) => /^limiter-\d+:[0-9a-f]{64}$/.test(key.slice(prefix.length)))).toBe(true);
    const counts = await Promise.all(keys.map((key) => redis.get(key)));
    expect(counts.filter((count) => count === '6')).toHaveLength(keys.length);
    expect(keys.join(' ')).not.toContain('redis-counted');
    expect(keys.join(' ')).not.toContain('127.0.0.1');
    // Not in PostgreSQL as well: Redis is where they are counted.
    expect(await database.db.select().from(rateLimitCountersTable)).toEqual([]);
  });

  it('counts one limit for two apps on the same Redis: the sixth wrong password is refused whichever gets it', async () => {
    const first = await appWithRedis();
    const second = await appWithRedis({}, first.prefix);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const app = (attempt % 2 === 0 ? first : second).app;
      statuses.push((await signIn(app, 'redis-shared@example.jp', 'wrong')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('keeps each limiter’s counters apart: unknown URLs use up nothing of the sign-in limit per address', async () => {
    // Both limits count by client address alone; with one namespace for all limiters (the plugin's
    // own `redis` option) the fourth sign-in would already be refused.
    const { app, prefix } = await appWithRedis({ NOT_FOUND_RATE_LIMIT: 3, SIGNIN_RATE_LIMIT_PER_IP: 3 });
    const notFound: number[] = [];
    for (let i = 0; i < 4; i++) notFound.push((await request(app.server).get(`/no-such-page-${i}`)).status);
    expect(notFound).toEqual([404, 404, 404, 429]);

    const user = await createUser(database.db);
    expect((await signIn(app, user.email, TEST_PASSWORD)).status).toBe(303);
    const limiters = new Set((await keysUnder(redis, prefix)).map((key) => key.split(':').at(-2)));
    expect(limiters.size).toBe(4);
  });

  it('lets sign-in through when Redis does not answer: no 500, no wait, and one warning without personal data', async () => {
    const { app, log } = await appWithRedis({ REDIS_URL: 'redis://127.0.0.1:1' });
    const user = await createUser(database.db);
    // Past the limit of five for the account and address: with no counter to ask, none is refused.
    for (let attempt = 0; attempt < 7; attempt++)
      expect((await signIn(app, user.email, 'wrong')).status).toBe(401);
    expect((await signIn(app, user.email, TEST_PASSWORD)).status).toBe(303);

    const warnings = log()
      .split('\n')
      .filter((line) => line.includes('Redis is not answering'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('ECONNREFUSED');
    expect(log()).not.toContain(user.email);
  });

  it('closes its Redis connection with the app, also while Redis is away', async () => {
    const { app, prefix } = await appWithRedis();
    const name = `yss-rate-limit@${prefix}`;
    expect(await connectionsNamed(redis, name)).toBe(1);
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    expect(await connectionsNamed(redis, name)).toBe(0);

    // A client still trying to reconnect stops too. The "Redis" here takes each connection and drops it
    // at once, counting them: after close() no further attempt arrives.
    let attempts = 0;
    const dropping = createServer((socket) => {
      attempts += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    const { port } = dropping.address() as AddressInfo;
    const away = await appWithRedis({ REDIS_URL: `redis://127.0.0.1:${port}` });
    apps.splice(apps.indexOf(away.app), 1);
    for (let wait = 0; wait < 50 && attempts < 2; wait++) await sleep(100);
    expect(attempts).toBeGreaterThanOrEqual(2);
    const closed = await Promise.race([
      away.app.close().then(() => 'closed'),
      sleep(3_000).then(() => 'open'),
    ]);
    expect(closed).toBe('closed');
    const attemptsAtClose = attempts;
    // Reconnection back-off is 50 ms doubling (plus up to 200 ms): two seconds would see several more.
    await sleep(2_000);
    dropping.close();
    expect(attempts).toBe(attemptsAtClose);
  });
});
