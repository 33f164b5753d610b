import { sql } from 'drizzle-orm';
import pg from 'pg';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { testDatabaseUrl } from '../helpers/db.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';

let context: TestContext | undefined;
afterEach(async () => {
  await context?.close().catch(() => {});
  context = undefined;
});

describe('when the database goes away', () => {
  it('reports not ready, shows an error page and keeps serving the process', async () => {
    context = await createTestApp();
    await context.database.close();
    const ready = await request(context.app.server).get('/readyz').expect(503);
    expect(ready.body.status).toBe('unavailable');
    expect(ready.headers['retry-after']).toBeDefined();
    const page = await request(context.app.server).get('/jobs');
    expect(page.status).toBe(503);
    expect(page.headers['retry-after']).toBeDefined();
    expect(page.text).toContain('ただいま利用できません');
    await request(context.app.server).get('/healthz').expect(200);
  });
});

// A PostgreSQL restart drops every connection; PGlite runs in-process and has none to drop.
describe.runIf(testDatabaseUrl)('when PostgreSQL drops every connection (a restart)', () => {
  it('does not crash and serves the next requests on fresh connections', async () => {
    context = await createTestApp();
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    await createPosting(context.database.db, workplace.id, { title: '再接続の確認' });
    await request(context.app.server).get('/jobs').expect(200);

    const [row] = await queryRows<{ name: string }>(
      context.database.db,
      sql`select current_database() as name`,
    );
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    const terminated = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [row?.name],
    );
    await admin.end();
    expect(terminated.rowCount).toBeGreaterThan(0);

    // Idle clients learn of the drop asynchronously; give the pool a moment to discard them.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await request(context.app.server).get('/readyz').expect(200);
    const page = await request(context.app.server)
      .get(`/jobs?q=${encodeURIComponent('再接続')}`)
      .expect(200);
    expect(page.text).toContain('1件の求人');
  });
});

// PGlite is one connection in-process: nothing else can hold a lock against it.
describe.runIf(testDatabaseUrl)('when a table is locked (a slow query, a migration)', () => {
  it('answers 503 with Retry-After once the statement timeout cancels the wait, not a 500', async () => {
    context = await createTestApp();
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    await createPosting(context.database.db, workplace.id, { title: 'ロックの確認' });
    const [row] = await queryRows<{ name: string }>(
      context.database.db,
      sql`select current_database() as name`,
    );
    const url = new URL(testDatabaseUrl as string);
    url.pathname = `/${row?.name}`;
    const locker = new pg.Client({ connectionString: url.toString() });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table job_postings in access exclusive mode');
      const started = Date.now();
      const page = await request(context.app.server)
        .get(`/jobs?q=${encodeURIComponent('ロック')}`)
        .set('Accept', 'text/html');
      console.log(`locked table: answered ${page.status} after ${Date.now() - started} ms`);
      expect(page.status).toBe(503);
      expect(page.headers['retry-after']).toBeDefined();
      expect(page.text).toContain('ただいま利用できません');
    } finally {
      await locker.query('rollback').catch(() => {});
      await locker.end();
    }
    await request(context.app.server)
      .get(`/jobs?q=${encodeURIComponent('ロック')}`)
      .expect(200);
  });
});
