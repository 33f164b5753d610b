import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import { createSecretariatAdmin } from './admin.service.js';

/**
 * npm run admin:create -- --email you@example.jp
 * The first secretariat account of a deployment (there are no demo accounts in production). Prints a
 * single-use link where the person sets their own password; no password is ever given here.
 */
const { values } = parseArgs({ options: { email: { type: 'string' } } });
if (!values.email) {
  console.error('usage: npm run admin:create -- --email you@example.jp');
  process.exit(1);
}
const config = loadConfig(process.env);
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
try {
  await migrateDatabase(database);
  const result = await createSecretariatAdmin(database.db, values.email, new Date(), {
    publicUrl: config.PUBLIC_URL,
  });
  console.log(
    `${result.created ? 'Created' : 'Promoted'} a secretariat admin. Open this link within 24 hours to set the password (it works once):\n${result.link}`,
  );
} finally {
  await database.close();
}
