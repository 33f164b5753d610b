import { loadConfig } from '../config.js';
import { openDatabase } from './client.js';
import { migrateDatabase } from './migrate.js';

/**
 * npm run db:migrate
 * Applies the committed migrations to the configured database (PGlite in PGLITE_DIR unless DATABASE_URL
 * is set) and exits. The server applies them at start as well; this is for deploying the schema before
 * the new version starts, or for checking a migration on a copy of production.
 */
const config = loadConfig(process.env);
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
try {
  await migrateDatabase(database);
  console.log(`Migrations applied to ${database.engine}`);
} finally {
  await database.close();
}
