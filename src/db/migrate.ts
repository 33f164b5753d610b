import { fileURLToPath } from 'node:url';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Database, Schema } from './client.js';

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Applies the committed drizzle-kit migrations with the migrator matching the engine. */
export async function migrateDatabase(database: Database): Promise<void> {
  // Each migrator is typed for its own driver; `Db` is the common base both engines were built as.
  if (database.engine === 'pglite') {
    // Loaded only on PGlite, whose module is large (see openPglite).
    const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
    await migratePglite(database.db as unknown as PgliteDatabase<Schema>, { migrationsFolder });
  } else {
    await migrateNodePostgres(database.db as unknown as NodePgDatabase<Schema>, { migrationsFolder });
  }
}
