import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import { rebuildAllSearchDocuments } from './profile.service.js';

/**
 * npm run search:rebuild  (tsx src/modules/organisations/search-documents.cli.ts)
 * Rebuilds every posting's search document on the configured database (PGlite in PGLITE_DIR unless
 * DATABASE_URL is set). Run it once after deploying a version whose search document carries more (the
 * governance card's filter tokens): until then, postings written before it are not found by the new
 * filters. Safe to run while the app serves: it works in short batches, and rebuilding is idempotent.
 */
const config = loadConfig(process.env);
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
try {
  await migrateDatabase(database);
  const started = Date.now();
  const rebuilt = await rebuildAllSearchDocuments(database.db);
  console.log(
    `Rebuilt ${rebuilt} search documents on ${database.engine} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  await database.close();
}
