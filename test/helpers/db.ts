import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, openDatabase, queryRows } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { minimumWagesTable } from '../../src/db/schema/index.js';

/** Set to a PostgreSQL URL to run the suite on PostgreSQL instead of the embedded PGlite. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
/**
 * The migrated template each test file copies. Named per run (the global setup picks the name and test
 * workers inherit it through the environment), so two suites on one server do not drop each other's.
 */
process.env.YSS_TEST_TEMPLATE ??= `yss_test_template_${process.pid}`;
export const TEMPLATE_DATABASE = process.env.YSS_TEST_TEMPLATE;

function urlForDatabase(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Run once per test run (vitest globalSetup): a migrated template that each test file copies. */
export async function prepareTemplateDatabase(): Promise<void> {
  if (!testDatabaseUrl) return;
  await withAdminClient(async (client) => {
    await client.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await client.query(`create database ${TEMPLATE_DATABASE}`);
  });
  const template = await openDatabase({ databaseUrl: urlForDatabase(testDatabaseUrl, TEMPLATE_DATABASE) });
  await migrateDatabase(template);
  await template.close();
}

/** Run once at the end of a test run (vitest global teardown). */
export async function dropTemplateDatabase(): Promise<void> {
  if (!testDatabaseUrl) return;
  await withAdminClient((client) =>
    client.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`),
  );
}

export interface TestDatabase extends Database {
  /** Empties every table (between tests), then puts back the reference data the migrations loaded. */
  truncate(): Promise<void>;
}

/** Pool settings a test can narrow (PostgreSQL only), e.g. a tiny pool to see what happens when it is full. */
export interface TestPoolOptions {
  poolMax?: number;
  connectTimeoutMs?: number;
}

/**
 * A fresh migrated database for one test file: on PostgreSQL a copy of the template database,
 * on PGlite a new in-memory instance with the migrations applied.
 */
export async function createTestDatabase(pool: TestPoolOptions = {}): Promise<TestDatabase> {
  let database: Database;
  let drop: () => Promise<void> = async () => {};
  if (testDatabaseUrl) {
    const name = `yss_test_${randomBytes(6).toString('hex')}`;
    await withAdminClient((client) => client.query(`create database ${name} template ${TEMPLATE_DATABASE}`));
    // The production statement timeout, so a test holding a lock sees the 503 a slow query gets.
    database = await openDatabase({
      databaseUrl: urlForDatabase(testDatabaseUrl, name),
      poolMax: pool.poolMax ?? 5,
      statementTimeoutMs: 5_000,
      ...(pool.connectTimeoutMs ? { connectTimeoutMs: pool.connectTimeoutMs } : {}),
    });
    drop = () =>
      withAdminClient(
        async (client) => void (await client.query(`drop database if exists ${name} with (force)`)),
      );
  } else {
    database = await openDatabase({});
    await migrateDatabase(database);
  }
  // Reference data comes from a migration, so a test database starts with it just as production does;
  // keep what the migrations wrote so that truncating between tests does not leave a database no
  // deployment could have, and rates a test adds do not leak into the next test.
  const referenceWages = await database.db.select().from(minimumWagesTable);
  return {
    ...database,
    async truncate() {
      const rows = await queryRows<{ tablename: string }>(
        database.db,
        sql`select tablename from pg_tables where schemaname = 'public'`,
      );
      const tables = rows.map((row) => `"public"."${row.tablename}"`).join(', ');
      if (tables) await database.db.execute(sql.raw(`truncate ${tables} restart identity cascade`));
      if (referenceWages.length > 0) await database.db.insert(minimumWagesTable).values(referenceWages);
    },
    async close() {
      await database.close();
      await drop();
    },
  };
}
