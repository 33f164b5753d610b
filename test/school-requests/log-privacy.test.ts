/**
 * No personal data in the logs from the school's form (DESIGN.md §4): canary values go in through the
 * group request while the database refuses the writes (CHECK (false): PostgreSQL's error detail would
 * quote the failing row, and drizzle's message lists the parameters). The captured log must hold none.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { TEST_ORIGIN, type TestContext } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';
import { schoolFormBody, schoolStaff } from './support.js';

let log = '';
let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp({
    config: testConfig({ PUBLIC_URL: TEST_ORIGIN, LOG_LEVEL: 'trace' }),
    database,
    logStream: new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString();
        done();
      },
    }),
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe("when a school's request cannot be stored", () => {
  it("logs the failure without the teacher's, the emergency contact's or the students' names", async () => {
    const canary = randomBytes(6).toString('hex');
    const { workplace } = await createCoopWithWorkplace(database.db);
    await createPosting(database.db, workplace.id, { acceptsVisit: true, acceptsExperience: true });
    const school = await schoolStaff({ app, database } as unknown as TestContext);
    for (const table of ['placement_requests', 'school_request_details', 'mail_outbox', 'audit_log']) {
      await database.db.execute(
        sql.raw(`alter table ${table} add constraint canary_refuses check (false) not valid`),
      );
    }
    const email = `canary-${canary}@school.example.jp`;
    const response = await postForm(
      school.agent,
      `${school.base}/school-requests`,
      schoolFormBody(workplace.id, {
        teacherName: `先生${canary}`,
        teacherEmail: email,
        teacherPhone: '03-9999-0000',
        emergencyContact: `緊急${canary}`,
        studentNames: `生徒${canary}`,
        learningGoals: `ねらい${canary}`,
        notes: `メモ${canary}`,
      }),
    );
    // The write really failed, so the log had something to leak.
    expect(response.status).toBe(500);
    expect(log).toContain('23514');
    for (const secret of [canary, email, '03-9999-0000', 'Failing row']) {
      expect(log.includes(secret), `the log holds ${secret}`).toBe(false);
    }
  });
});
