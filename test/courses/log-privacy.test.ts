/**
 * No personal data in the logs from the course forms (DESIGN.md §4): canary values go in through the
 * enrolment and outreach forms while the database refuses the writes (CHECK (false): PostgreSQL's error
 * detail would quote the failing row, and drizzle's message lists the parameters). The captured log must
 * hold none of them, nor the tokens of the links.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { TEST_ORIGIN } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrganisation } from '../helpers/factories.js';
import { createCourseRow, formId, linkToken, mailsTo } from './support.js';

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

describe('when the course forms cannot be stored', () => {
  it('logs the failures without the names, addresses, needs or tokens that were sent', async () => {
    const canary = randomBytes(6).toString('hex');
    const organiser = await createOrganisation(database.db);
    const { course } = await createCourseRow(database.db, organiser.id, { capacity: 1 });
    // A confirmed enrolment first, so its private link's token exists and is used below.
    await postForm(request(app.server), `/courses/${course.id}/enrol`, {
      nickname: 'きろく',
      email: 'logged@example.jp',
      formId: formId(),
    }).expect(303);
    const confirmToken = linkToken(
      (await mailsTo(database.db, 'logged@example.jp'))[0]!.body,
      '/courses/confirm',
    );
    const placed = await postForm(request(app.server), '/courses/confirm', { token: confirmToken }).expect(
      303,
    );
    const manageToken = linkToken(String(placed.headers.location), '/courses/enrolment');

    for (const table of ['course_enrolments', 'outreach_requests', 'mail_outbox', 'audit_log']) {
      await database.db.execute(
        sql.raw(`alter table ${table} add constraint canary_refuses check (false) not valid`),
      );
    }
    const email = `canary-${canary}@example.jp`;
    const enrol = await postForm(request(app.server), `/courses/${course.id}/enrol`, {
      nickname: `カナリア${canary}`,
      email,
      accommodations: `車いす${canary}`,
      accommodationsConsent: '1',
      formId: formId(),
    });
    const outreach = await postForm(request(app.server), '/courses/requests', {
      formId: formId(),
      groupName: `学校${canary}`,
      contactName: `担当${canary}`,
      contactEmail: email,
      topic: `話題${canary}`,
      audience: '高校生',
      audienceSize: '30',
      preferredDates: '1月',
      venue: '体育館',
      prefectureCode: '13',
    });
    const cancel = await postForm(request(app.server), '/courses/enrolment/cancel', { token: manageToken });
    // The writes really failed, so the log had something to leak.
    expect([enrol.status, outreach.status, cancel.status]).toEqual([500, 500, 500]);
    expect(log).toContain('23514');
    for (const secret of [canary, email, 'logged@example.jp', manageToken, confirmToken, 'Failing row']) {
      expect(log.includes(secret), `the log holds ${secret}`).toBe(false);
    }
  });
});
