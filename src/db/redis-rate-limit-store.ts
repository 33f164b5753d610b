import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface PluginRedisStore {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  read(key: string, callback: Callback, timeWindow: number, max: number): void;
}

/**
 * The Redis store that ships with @fastify/rate-limit (what its `redis` option uses): its Lua script
 * counts (INCR, and PEXPIRE on a window's first hit, in one round trip). It is not used through the
 * `redis` option because of how that option names limiters: a limiter made with `createRateLimit` or
 * `rateLimit()` has no route, so every one of them counts under the same `undefinedundefined-` namespace,
 * and the not-found limit, the sign-in limit per address and the mail limit per address would share one
 * counter per client address. So the plugin's store does the counting and `redisRateLimitStore` below
 * does the naming, as the PostgreSQL store does.
 */
const PluginRedisStore = createRequire(import.meta.url)('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  keyPrefix: string,
) => PluginRedisStore;

/**
 * The client's settings make a lost Redis cost a request almost nothing (the limiter then lets the
 * request through, `skipOnError`): no queue of commands waiting for a connection (they fail at once), a
 * connection attempt given up after a second, a command without a reply given up after half a second,
 * and no command resent after a reconnection. The client reconnects by itself, with back-off, for ever.
 */
const CLIENT_OPTIONS = {
  connectTimeout: 1_000,
  commandTimeout: 500,
  maxRetriesPerRequest: 0,
  enableOfflineQueue: false,
} as const;

interface LimiterOptions {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
}

export interface RedisRateLimit {
  /** The class for @fastify/rate-limit's `store` option. */
  store: ReturnType<typeof redisRateLimitStore>;
  /** Settles once the first connection is ready or has failed (at most after the connect timeout). */
  firstConnection: Promise<void>;
  /** Ends the connection and stops reconnecting (the app's onClose). */
  close(): Promise<void>;
}

/**
 * Rate-limit counters in Redis, shared by every app process that uses the same REDIS_URL and key prefix.
 * Keys are `<prefix>limiter-<n>:<SHA-256 of the limiter's key>`: the limiter's key holds an e-mail address
 * or a client address, and Redis keeps neither. Logs say when Redis stops and starts answering, once
 * each way, with the error's type and code only.
 */
export function openRedisRateLimit(
  url: string,
  keyPrefix: string,
  logger: Pick<Logger, 'warn' | 'info'>,
): RedisRateLimit {
  const redis = new Redis(url, { ...CLIENT_OPTIONS, connectionName: `yss-rate-limit@${keyPrefix}` });
  let answering = true;
  const failed = (error: Error & { code?: unknown }) => {
    if (!answering) return;
    answering = false;
    logger.warn(
      { type: error.name, code: typeof error.code === 'string' ? error.code : undefined },
      'rate-limit counters: Redis is not answering; requests are let through without limits until it does',
    );
  };
  const answered = () => {
    if (answering) return;
    answering = true;
    logger.info('rate-limit counters: Redis answers again');
  };
  // Without an 'error' listener, ioredis's connection errors would be thrown as unhandled events.
  redis.on('error', failed);
  redis.on('ready', answered);

  const firstConnection = new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, CLIENT_OPTIONS.connectTimeout + 100);
    redis.once('ready', done);
    redis.once('error', done);
  });

  return {
    store: redisRateLimitStore(redis, keyPrefix, { failed, answered }),
    firstConnection,
    async close() {
      // QUIT needs a live connection (without one it is refused at once); disconnect() then ends the
      // socket and any reconnection timer either way.
      await redis.quit().catch(() => undefined);
      redis.disconnect();
    },
  };
}

/**
 * A store for @fastify/rate-limit over the plugin's Redis store. Each limiter (`createRateLimit`,
 * `rateLimit()`, a route's `config.rateLimit`) is a child with a namespace of its own, numbered in the
 * order the app creates them; every process builds the same app, so the numbers agree between processes
 * (as with the PostgreSQL store).
 */
export function redisRateLimitStore(
  redis: Redis,
  keyPrefix: string,
  health: { failed(error: Error): void; answered(): void },
) {
  let limiters = 0;
  const hashed = (key: string) => createHash('sha256').update(key).digest('hex');
  const reporting =
    (callback: Callback): Callback =>
    (error, result) => {
      if (error) health.failed(error);
      else health.answered();
      callback(error, result);
    };

  class RedisRateLimitStore {
    #counter: PluginRedisStore;

    /** The plugin constructs the first store with its options; each limiter is a child of it. */
    constructor(options: LimiterOptions = {}, namespace = 'global') {
      this.#counter = new PluginRedisStore(
        options.continueExceeding === true,
        options.exponentialBackoff === true,
        redis,
        `${keyPrefix}${namespace}:`,
      );
    }

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.#counter.incr(hashed(key), reporting(callback), timeWindow, max);
    }

    read(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.#counter.read(hashed(key), reporting(callback), timeWindow, max);
    }

    /** Typed as a route by the plugin; what it passes is the limiter's merged options. */
    child(options: object): RedisRateLimitStore {
      limiters += 1;
      return new RedisRateLimitStore(options as LimiterOptions, `limiter-${limiters}`);
    }
  }

  return RedisRateLimitStore;
}
