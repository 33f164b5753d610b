import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the rate-limit tests use (`.ci/run` sets it); unset, those tests are skipped. */
export const testRedisUrl = process.env.TEST_REDIS_URL || undefined;

/** A Redis client for looking at what the app stored; it fails fast instead of queueing when Redis is away. */
export function inspectRedis(url: string): Redis {
  return new Redis(url, { connectTimeout: 1_000, maxRetriesPerRequest: 0, lazyConnect: true });
}

/** Whether a Redis answers PING at the URL (within a second or so). */
export async function redisAnswers(url: string | undefined): Promise<boolean> {
  if (!url) return false;
  const redis = inspectRedis(url);
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/**
 * A key prefix of its own for one test run, so that runs sharing the machine's Redis (other worktrees,
 * both engines' suites at once) never count into each other's limits.
 */
export function uniqueKeyPrefix(): string {
  return `yss-test:${process.pid}-${randomBytes(4).toString('hex')}:`;
}

/** Every key under a prefix (SCAN, not KEYS, on a Redis other runs share). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys.sort();
}

export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(redis, prefix);
  if (keys.length > 0) await redis.del(...keys);
}

/** How many connections Redis has from clients with this name (CLIENT LIST). */
export async function connectionsNamed(redis: Redis, name: string): Promise<number> {
  const list = (await redis.client('LIST')) as string;
  return list.split('\n').filter((line) => line.split(' ').includes(`name=${name}`)).length;
}
