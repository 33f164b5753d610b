import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../../src/db/errors.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../helpers/db.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.().catch(() => {});
  close = undefined;
});

/** How long a request waits for a pooled connection here; production waits DATABASE_CONNECT_TIMEOUT_MS. */
const POOL_WAIT_MS = 300;
const POOL_SIZE = 2;

/**
 * Holds every connection of the pool in an open transaction until `release` is called, as long-running
 * requests would (a slow export, a stuck lock). Resolves once all of them are checked out.
 */
async function holdEveryConnection(database: TestDatabase) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let checkedOut = 0;
  let allHeld!: () => void;
  const held = new Promise<void>((resolve) => {
    allHeld = resolve;
  });
  const transactions = Array.from({ length: POOL_SIZE }, () =>
    database.db.transaction(async () => {
      checkedOut += 1;
      if (checkedOut === POOL_SIZE) allHeld();
      await released;
    }),
  );
  await held;
  return {
    async release() {
      release();
      await Promise.all(transactions);
    },
  };
}

// PGlite is one in-process connection with no pool to run out of; a full pool is a PostgreSQL matter.
describe.runIf(testDatabaseUrl)('when every pooled connection is busy', () => {
  it('answers 503 with Retry-After after the pool wait, not a 500 or a hang, and recovers', async () => {
    const database = await createTestDatabase({ poolMax: POOL_SIZE, connectTimeoutMs: POOL_WAIT_MS });
    const app = await buildApp({
      config: testConfig({ PUBLIC_URL: 'https://yoishigoto.example.jp' }),
      database,
    });
    await app.ready();
    close = async () => {
      await app.close();
      await database.close();
    };
    const { workplace } = await createCoopWithWorkplace(database.db);
    await createPosting(database.db, workplace.id, { title: '満杯の確認' });
    const search = `/jobs?q=${encodeURIComponent('満杯')}`;
    await request(app.server).get(search).expect(200);

    const hold = await holdEveryConnection(database);
    let page: request.Response;
    try {
      page = await request(app.server).get(search).set('Accept', 'text/html').timeout(10_000);
    } finally {
      await hold.release();
    }
    expect(page.status).toBe(503);
    expect(page.headers['retry-after']).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(page.text).toContain('ただいま利用できません');

    // The connections are back: the same page answers again, and readiness says so.
    const after = await request(app.server).get(search).expect(200);
    expect(after.text).toContain('満杯の確認');
    await request(app.server).get('/readyz').expect(200);
  });
});
