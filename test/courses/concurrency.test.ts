/**
 * Capacity and order under concurrency (issue 10). On PostgreSQL the requests really overlap (a pool of
 * connections, row locks); on PGlite they are serialised by the single connection, and the same
 * assertions hold.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { systemContext } from '../../src/auth/context.js';
import { testConfig } from '../../src/config.js';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { confirmEnrolment, requestEnrolment } from '../../src/modules/courses/courses.service.js';
import { TEST_ORIGIN, useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { testDatabaseUrl } from '../helpers/db.js';
import { createOrganisation } from '../helpers/factories.js';
import { createCourseRow, enrolmentsOf, formId, linkToken, mailsTo } from './support.js';

const context = useTestApp();
const db = () => context.database.db;
const visitor = () => request(context.app.server);

describe('200 people confirm at once for 10 places', () => {
  it('gives exactly 10 places and 190 waitlist numbers, gapless and in the order the placements committed, with no 5xx', async () => {
    const organiser = await createOrganisation(db());
    const { course } = await createCourseRow(db(), organiser.id, { capacity: 10 });
    const people = Array.from({ length: 200 }, (_, index) => `rush${index}@example.jp`);

    // 200 enrolment forms sent at once: each makes one pending enrolment and one mail.
    const sent = await Promise.all(
      people.map((email, index) =>
        postForm(visitor(), `/courses/${course.id}/enrol`, {
          nickname: `人${index}`,
          email,
          formId: formId(),
        }),
      ),
    );
    expect(sent.filter((response) => response.status !== 303).map((response) => response.status)).toEqual([]);
    const tokens = await Promise.all(
      people.map(async (email) => linkToken((await mailsTo(db(), email))[0]!.body, '/courses/confirm')),
    );

    // 200 confirmation clicks at once: each is where a place or a waitlist number is given.
    const confirmed = await Promise.all(
      tokens.map((token) => postForm(visitor(), '/courses/confirm', { token })),
    );
    expect(
      confirmed.filter((response) => response.status !== 303).map((response) => response.status),
    ).toEqual([]);
    const outcomes = confirmed.map(
      (response) => String(response.headers.location).match(/notice=(\w+)$/)?.[1],
    );
    expect(outcomes.filter((outcome) => outcome === 'confirmed')).toHaveLength(10);
    expect(outcomes.filter((outcome) => outcome === 'waitlisted')).toHaveLength(190);

    const rows = await enrolmentsOf(db(), course.id);
    expect(rows.filter((row) => row.state === 'confirmed')).toHaveLength(10);
    expect(rows.filter((row) => row.state === 'waitlisted')).toHaveLength(190);
    // Queue numbers are 1..200 with no gap and no repeat: each placement saw the one before it committed.
    expect(rows.map((row) => row.queueNumber)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    // The places went to the first ten placements, the waitlist follows in the same order.
    expect(rows.slice(0, 10).every((row) => row.state === 'confirmed')).toBe(true);
    expect(rows.slice(10).every((row) => row.state === 'waitlisted')).toBe(true);
    // What each person was told matches what was recorded for them.
    const told = new Map(
      confirmed.map((response, index) => [
        people[index],
        String(response.headers.location).match(/notice=(\w+)$/)?.[1],
      ]),
    );
    expect(rows.every((row) => told.get(row.email) === row.state)).toBe(true);
  });
});

describe('50 people with a place cancel at once', () => {
  it('promotes exactly the next 50 in queue order and never exceeds the capacity', async () => {
    const organiser = await createOrganisation(db());
    const { course } = await createCourseRow(db(), organiser.id, { capacity: 50 });
    const ctx = systemContext({ db: db(), now: new Date(), publicUrl: 'https://yoishigoto.example.jp' });
    const manageTokens: string[] = [];
    for (let index = 0; index < 100; index++) {
      const { confirmToken } = await requestEnrolment(ctx, course.id, {
        nickname: `列${index}`,
        email: `queue${index}@example.jp`,
        accommodations: '',
        accommodationsConsent: false,
        formId: formId(),
      });
      const placed = await confirmEnrolment(ctx, confirmToken!);
      manageTokens.push(placed.manageToken);
    }
    const before = await enrolmentsOf(db(), course.id);
    expect(before.filter((row) => row.state === 'confirmed').map((row) => row.queueNumber)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    );

    const cancelled = await Promise.all(
      manageTokens.slice(0, 50).map((token) => postForm(visitor(), '/courses/enrolment/cancel', { token })),
    );
    expect(
      cancelled.filter((response) => response.status !== 303).map((response) => response.status),
    ).toEqual([]);

    const after = await enrolmentsOf(db(), course.id);
    expect(after.filter((row) => row.state === 'cancelled').map((row) => row.queueNumber)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    );
    expect(after.filter((row) => row.state === 'confirmed').map((row) => row.queueNumber)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 51),
    );
    expect(after.filter((row) => row.state === 'waitlisted')).toHaveLength(0);
    const promotionMails = await Promise.all(
      after
        .slice(50)
        .map(async (row) =>
          (await mailsTo(db(), row.email)).filter(
            (m) => m.subject.includes('繰り上げ') || m.subject.includes('キャンセル待ちから'),
          ),
        ),
    );
    expect(promotionMails.map((mails) => mails.length)).toEqual(Array.from({ length: 50 }, () => 1));
  });
});

describe.skipIf(!testDatabaseUrl)('two app processes on one PostgreSQL database', () => {
  it('never exceed the capacity and keep one gapless queue when their confirmations interleave', async () => {
    // A second app with its own pool on the same database: its placements meet the first app's only at the
    // course's row lock, as a second server process would.
    const [current] = await queryRows<{ name: string }>(db(), sql`select current_database() as name`);
    const url = new URL(testDatabaseUrl!);
    url.pathname = `/${current!.name}`;
    const secondDatabase = await openDatabase({ databaseUrl: url.toString(), poolMax: 5 });
    const second = await buildApp({
      config: testConfig({ PUBLIC_URL: TEST_ORIGIN }),
      database: secondDatabase,
    });
    await second.ready();
    try {
      // Twenty one-place courses with six people each: twenty moments where the last place is contested
      // by both processes at once.
      const organiser = await createOrganisation(db());
      const ctx = systemContext({ db: db(), now: new Date(), publicUrl: TEST_ORIGIN });
      const courses: number[] = [];
      const tokens: string[] = [];
      for (let c = 0; c < 20; c++) {
        const { course } = await createCourseRow(db(), organiser.id, { capacity: 1 });
        courses.push(course.id);
        for (let index = 0; index < 6; index++) {
          const { confirmToken } = await requestEnrolment(ctx, course.id, {
            nickname: `二${c}-${index}`,
            email: `two${c}-${index}@example.jp`,
            accommodations: '',
            accommodationsConsent: false,
            formId: formId(),
          });
          tokens.push(confirmToken!);
        }
      }
      const servers = [context.app.server, second.server];
      const answers = await Promise.all(
        tokens.map((token, index) => postForm(request(servers[index % 2]!), '/courses/confirm', { token })),
      );
      expect(answers.filter((answer) => answer.status !== 303).map((answer) => answer.status)).toEqual([]);
      for (const courseId of courses) {
        const rows = await enrolmentsOf(db(), courseId);
        expect(rows.map((row) => row.state)).toEqual([
          'confirmed',
          ...Array.from({ length: 5 }, () => 'waitlisted'),
        ]);
        expect(rows.map((row) => row.queueNumber)).toEqual([1, 2, 3, 4, 5, 6]);
      }
    } finally {
      await second.close();
      await secondDatabase.close();
    }
  });

  it('waits for another process holding the course before counting places, so the last place is not sold twice', async () => {
    const [current] = await queryRows<{ name: string }>(db(), sql`select current_database() as name`);
    const url = new URL(testDatabaseUrl!);
    url.pathname = `/${current!.name}`;
    const organiser = await createOrganisation(db());
    const { course } = await createCourseRow(db(), organiser.id, { capacity: 1 });
    const ctx = systemContext({ db: db(), now: new Date(), publicUrl: TEST_ORIGIN });
    const { confirmToken } = await requestEnrolment(ctx, course.id, {
      nickname: 'あと',
      email: 'after@example.jp',
      accommodations: '',
      accommodationsConsent: false,
      formId: formId(),
    });
    // "Another process" is in the middle of giving the last place away: it holds the course row and has
    // written its confirmed enrolment, not yet committed.
    const other = new pg.Client({ connectionString: url.toString() });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select id from courses where id = $1 for update', [course.id]);
      await other.query('update courses set placement_counter = placement_counter + 1 where id = $1', [
        course.id,
      ]);
      await other.query(
        `insert into course_enrolments (course_id, nickname, email, state, queue_number, form_id, created_at)
         values ($1, 'さき', 'before@example.jp', 'confirmed', 1, $2, now())`,
        [course.id, formId()],
      );
      const confirming = postForm(visitor(), '/courses/confirm', { token: confirmToken! }).then(
        (answer) => answer,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      await other.query('commit');
      const answer = await confirming;
      expect(answer.status).toBe(303);
      expect(String(answer.headers.location)).toMatch(/notice=waitlisted$/);
      const rows = await enrolmentsOf(db(), course.id);
      expect(rows.map((row) => [row.email, row.state, row.queueNumber])).toEqual([
        ['before@example.jp', 'confirmed', 1],
        ['after@example.jp', 'waitlisted', 2],
      ]);
    } finally {
      await other.end();
    }
  });
});
