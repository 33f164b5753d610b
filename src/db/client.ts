import { mkdirSync } from 'node:fs';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Logger } from 'pino';
import { PostgresListener } from './notifications.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** One type for both engines: services never need to know which one they run on. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DbEngine = 'postgres' | 'pglite';

export interface Database {
  db: Db;
  engine: DbEngine;
  /** Answers whether the database takes queries now (for /readyz). */
  ping(): Promise<boolean>;
  /**
   * Tells every app process on this database that `channel` happened (NOTIFY). PGlite serves one process,
   * so there it does nothing.
   */
  notify(channel: string): Promise<void>;
  /**
   * Calls `onMessage` whenever any process notifies `channel`, and `onMissed` after the connection was
   * lost and came back (messages in between are lost). Returns a stop function. PGlite: nothing to hear.
   */
  listen(
    channel: string,
    handlers: { onMessage: () => void; onMissed: () => void },
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** A directory for PGlite's files, or undefined for an in-memory database (tests). */
  pgliteDir?: string | undefined;
  poolMax?: number;
  /** PostgreSQL's statement_timeout for every connection (ms); 0 turns it off. */
  statementTimeoutMs?: number;
  /** How long to wait for a free or new connection before failing (ms). */
  connectTimeoutMs?: number;
  logger?: Pick<Logger, 'error' | 'warn'>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options.pgliteDir);
}

/**
 * Settings the search relies on, per connection so no server configuration is needed:
 * - work_mem 32MB: the bitmap of a common term's GIN entry (100k+ postings) stays exact; at the default
 *   4MB it goes lossy and every posting on those pages is re-checked, term by term.
 * - jit off: JIT compilation added ~70 ms to every count and saves nothing on queries this short.
 * - no parallel workers: under concurrent requests on a few cores they only add start-up cost.
 */
export const POSTGRES_SESSION_OPTIONS = '-c work_mem=32MB -c jit=off -c max_parallel_workers_per_gather=0';

async function openPostgres(connectionString: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolMax ?? 10,
    // A request that cannot get a connection quickly is answered 503 (plugins/errors.ts) instead of
    // queueing behind a locked table or a dead server.
    connectionTimeoutMillis: options.connectTimeoutMs ?? 2_000,
    idleTimeoutMillis: 30_000,
    // One slow search must not hold a connection for tens of seconds; PostgreSQL cancels it (57014).
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    options: POSTGRES_SESSION_OPTIONS,
  });
  const lost = (error: Error, state: 'idle' | 'checked out') =>
    options.logger?.warn(
      { err: { message: error.message, code: (error as { code?: string }).code } },
      `${state} database connection lost`,
    );
  // An idle client losing its connection (server restart, network drop) emits 'error' on the pool; unhandled,
  // that would crash the process. The pool discards the client and the next query opens a fresh one.
  pool.on('error', (error) => lost(error, 'idle'));
  // A client checked out for a transaction is not watched by the pool: if the server goes away between
  // two statements (57P01, ECONNRESET), the client emits 'error' with no listener and the process dies.
  // Every client gets its own listener once, when it connects; the statement in flight still rejects,
  // so the request fails with a 503 and the client is discarded on release.
  pool.on('connect', (client) => {
    client.on('error', (error) => lost(error, 'checked out'));
  });
  const db = drizzleNodePostgres(pool, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    engine: 'postgres',
    ping: () => pingWith(db),
    notify: async (channel) => {
      await db.execute(sql`select pg_notify(${channel}, '')`);
    },
    listen: async (channel, handlers) => {
      const listener = new PostgresListener(
        connectionString,
        channel,
        { onMessage: handlers.onMessage, onReconnect: handlers.onMissed },
        options.logger,
      );
      await listener.start();
      return () => listener.stop();
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  // Loaded only here: PGlite's module alone adds about 40 MB to a process that runs on PostgreSQL.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
  ]);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    ping: () => pingWith(db),
    notify: async () => {},
    listen: async () => async () => {},
    close: () => client.close(),
  };
}

async function pingWith(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** Rows of a raw SQL query; both drivers return `{ rows }`, which the common `Db` type leaves untyped. */
export async function queryRows<Row>(db: Db, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
