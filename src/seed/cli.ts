import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { seedDemo, smallDemo } from './demo.js';

/**
 * npm run db:seed -- --jobs 100000 [--organisations 2000] [--seed 1] [--copies 10]
 * Adds a generated data set to the configured database (PGlite in ./data unless DATABASE_URL is set).
 */
const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: String(smallDemo.postings) },
    organisations: { type: 'string' },
    workplaces: { type: 'string', default: '4' },
    /** Each generated posting stored this many times (the benchmark's million, see DemoOptions). */
    copies: { type: 'string', default: '1' },
    seed: { type: 'string', default: '20221001' },
  },
});

const postings = Number(values.jobs);
if (!Number.isInteger(postings) || postings < 0) {
  console.error('--jobs must be a whole number, e.g. --jobs 100000');
  process.exit(1);
}
const organisations = values.organisations
  ? Number(values.organisations)
  : Math.max(16, Math.ceil(postings / 50));

const config = loadConfig(process.env);
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
await migrateDatabase(database);
const started = Date.now();
const result = await seedDemo(database.db, {
  postings,
  organisations,
  workplacesPerOrganisation: Number(values.workplaces),
  copies: Number(values.copies),
  seed: Number(values.seed),
});
console.log(
  `Seeded ${JSON.stringify(result)} into ${database.engine} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
await database.close();
