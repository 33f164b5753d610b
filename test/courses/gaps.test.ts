import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  courseAttendanceTable,
  courseEnrolmentsTable,
  courseSessionsTable,
  usersTable,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { runCourseMaintenance } from '../../src/modules/courses/courses.maintenance.js';
import { useTestApp } from '../helpers/app.js';
import { addMembership, createUser, postForm, signedInAgent, TEST_PASSWORD } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createOrganisation } from '../helpers/factories.js';
import { auditActions, createCourseRow, enrolmentsOf, formId, linkToken, mailsTo } from './support.js';

const clock = new TestClock();
const context = useTestApp({}, clock.now);
const db = () => context.database.db;
const visitor = () => request(context.app.server);
const publicUrl = 'https://yoishigoto.example.jp';
// Some tests move the clock a year on: each test starts again from now.
afterEach(() => clock.advance((Date.now() - clock.now().getTime()) / 1000));

async function coop() {
  return createOrganisation(db(), { name: '講座の協同組合' });
}

/** Enrols without an account and follows the mailed link; the private link's token. */
async function enrolAndConfirm(courseId: number, email: string, nickname = 'さくら') {
  await postForm(visitor(), `/courses/${courseId}/enrol`, { nickname, email, formId: formId() }).expect(303);
  const [mail] = (await mailsTo(db(), email)).slice(-1);
  const token = linkToken(mail!.body, '/courses/confirm');
  const confirmed = await postForm(visitor(), '/courses/confirm', { token }).expect(303);
  return linkToken(String(confirmed.headers.location), '/courses/enrolment');
}

/** Moves the test clock to a Tokyo wall-clock time. */
function moveClockTo(date: string, time: string) {
  const target = new Date(`${date}T${time}:00+09:00`).getTime();
  clock.advance((target - clock.now().getTime()) / 1000);
}

/** Calendar months after a day, as the retention rule counts them. */
function monthsAfter(date: string, months: number) {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCMonth(day.getUTCMonth() + months);
  return day.toISOString().slice(0, 10);
}

const jaDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

describe('retention of enrolments', () => {
  it('keeps names and contacts until 12 months after the last session, then erases them but keeps the figures', async () => {
    const organiser = await coop();
    const { course, sessions } = await createCourseRow(db(), organiser.id, {
      capacity: 1,
      sessions: [{ inDays: 2 }, { inDays: 3 }],
    });
    const doneToken = await enrolAndConfirm(course.id, 'done@example.jp', 'しゅうりょう');
    await enrolAndConfirm(course.id, 'waiting@example.jp', 'まち');
    const [done] = await enrolmentsOf(db(), course.id);
    // Attended both and completed (as the organiser's attendance marking would record it).
    await db()
      .insert(courseAttendanceTable)
      .values(
        sessions.map((session) => ({
          enrolmentId: done!.id,
          sessionId: session.id,
          attended: true,
          markedAt: clock.now(),
        })),
      );
    await db()
      .update(courseEnrolmentsTable)
      .set({ completedAt: clock.now() })
      .where(eq(courseEnrolmentsTable.id, done!.id));

    const lastDate = sessions[1]!.date;
    const keptUntil = monthsAfter(lastDate, 12);
    const own = await visitor().get(`/courses/enrolment?token=${doneToken}`).expect(200);
    expect(own.text).toContain(`お名前と連絡先は${jaDate(keptUntil)}まで保管し`);
    expect(own.text).toContain('修了証を表示・印刷する');
    // The person prints their own 修了証 from the private link, and is told until when they can.
    const certificate = await visitor().get(`/courses/enrolment/certificate?token=${doneToken}`).expect(200);
    expect(certificate.text).toContain('しゅうりょう 様');
    expect(certificate.text).toContain(`修了証は${jaDate(keptUntil)}まで`);
    expect(certificate.headers['cache-control']).toBe('no-store');

    // On the last day kept, nothing is erased.
    moveClockTo(keptUntil, '23:30');
    expect((await runCourseMaintenance(db(), clock.now(), { publicUrl })).anonymised).toBe(0);
    expect((await enrolmentsOf(db(), course.id)).map((e) => e.nickname)).toEqual(['しゅうりょう', 'まち']);

    moveClockTo(addDays(keptUntil, 1), '00:30');
    expect((await runCourseMaintenance(db(), clock.now(), { publicUrl })).anonymised).toBe(2);
    const rows = await enrolmentsOf(db(), course.id);
    expect(rows.map((e) => [e.nickname, e.email, e.accommodations, e.manageTokenHash, e.userId])).toEqual([
      ['', '', '', null, null],
      ['', '', '', null, null],
    ]);
    // The figures stay: states, order, completion and attendance.
    expect(rows.map((e) => [e.state, e.queueNumber, e.completedAt !== null])).toEqual([
      ['confirmed', 1, true],
      ['waitlisted', 2, false],
    ]);
    expect(rows.every((e) => e.anonymisedAt !== null)).toBe(true);
    const marks = await db()
      .select()
      .from(courseAttendanceTable)
      .where(eq(courseAttendanceTable.enrolmentId, done!.id));
    expect(marks).toHaveLength(2);
    // The private link and the certificate no longer open.
    await visitor().get(`/courses/enrolment?token=${doneToken}`).expect(404);
    await visitor().get(`/courses/enrolment/certificate?token=${doneToken}`).expect(404);
    // The organiser's roster still counts them, under a word instead of a name, with no certificate.
    const staff = await createUser(db());
    await addMembership(db(), staff.id, organiser.id, 'member');
    const organiserAgent = await signedInAgent(context, staff);
    const base = `/workspace/${organiser.id}/courses/${course.id}`;
    const roster = await organiserAgent.get(`${base}/roster`).expect(200);
    expect(roster.text).toContain('（保管期間が過ぎ、名前と連絡先を消去しました）');
    expect(roster.text).not.toContain('しゅうりょう');
    expect(roster.text).not.toContain('/certificate');
    await organiserAgent.get(`${base}/enrolments/${done!.id}/certificate`).expect(404);
    const [entry] = (await auditActions(db(), 'enrolment.anonymise')).filter(
      (a) => a.subjectId === course.id,
    );
    expect(entry?.details).toEqual({ count: 2, reason: 'retention' });
    // A second run has nothing left to do.
    expect((await runCourseMaintenance(db(), clock.now(), { publicUrl })).anonymised).toBe(0);
  });

  it('follows COURSE_RETENTION_MONTHS and leaves courses still running alone', async () => {
    const organiser = await coop();
    const ended = await createCourseRow(db(), organiser.id, { sessions: [{ inDays: 1 }] });
    const running = await createCourseRow(db(), organiser.id, { sessions: [{ inDays: 1 }, { inDays: 200 }] });
    await enrolAndConfirm(ended.course.id, 'ended@example.jp');
    await enrolAndConfirm(running.course.id, 'running@example.jp');
    moveClockTo(addDays(monthsAfter(ended.sessions[0]!.date, 3), 1), '09:00');
    expect(
      (await runCourseMaintenance(db(), clock.now(), { publicUrl, retentionMonths: 3 })).anonymised,
    ).toBe(1);
    expect((await enrolmentsOf(db(), ended.course.id))[0]?.email).toBe('');
    expect((await enrolmentsOf(db(), running.course.id))[0]?.email).toBe('running@example.jp');
  });
});

describe('deleting an account', () => {
  it('cancels its enrolment in a course still ahead, promotes the waitlist and erases the name; a finished one is erased but still counts', async () => {
    const organiser = await coop();
    const ahead = await createCourseRow(db(), organiser.id, { capacity: 1, title: 'これからの講座' });
    const finished = await createCourseRow(db(), organiser.id, { capacity: 5, title: '終わった講座' });
    const person = await createUser(db(), { email: 'leaving@example.jp' });
    const agent = await signedInAgent(context, person);
    for (const course of [ahead.course, finished.course])
      await postForm(agent, `/courses/${course.id}/enrol`, {
        nickname: 'さよなら',
        email: 'leaving@example.jp',
        accommodations: '車いすで参加します',
        accommodationsConsent: '1',
        formId: formId(),
      }).expect(303);
    await enrolAndConfirm(ahead.course.id, 'next@example.jp', 'つぎのひと');
    // The second course has ended, and the person completed it.
    await db()
      .update(courseSessionsTable)
      .set({ date: addDays(todayInTokyo(clock.now()), -3) })
      .where(eq(courseSessionsTable.courseId, finished.course.id));
    await db()
      .update(courseEnrolmentsTable)
      .set({ completedAt: clock.now() })
      .where(eq(courseEnrolmentsTable.courseId, finished.course.id));
    const mailsBefore = (await mailsTo(db(), 'leaving@example.jp')).length;

    await postForm(agent, '/account/delete', { password: TEST_PASSWORD }).expect(303);
    expect(await db().select().from(usersTable).where(eq(usersTable.id, person.id))).toHaveLength(0);

    const aheadRows = await enrolmentsOf(db(), ahead.course.id);
    expect(aheadRows.map((e) => [e.nickname, e.email, e.state])).toEqual([
      ['', '', 'cancelled'],
      ['つぎのひと', 'next@example.jp', 'confirmed'],
    ]);
    expect(aheadRows[0]?.accommodations).toBe('');
    expect((await mailsTo(db(), 'next@example.jp')).at(-1)?.subject).toBe(
      '【よいしごとステーション】キャンセル待ちから受講が決まりました',
    );
    const [finishedRow] = await enrolmentsOf(db(), finished.course.id);
    expect([finishedRow?.nickname, finishedRow?.email, finishedRow?.state]).toEqual(['', '', 'confirmed']);
    expect(finishedRow?.completedAt).not.toBeNull();
    expect(finishedRow?.anonymisedAt).not.toBeNull();
    // The person who left gets no further mail about the courses.
    expect(await mailsTo(db(), 'leaving@example.jp')).toHaveLength(mailsBefore);
    const entries = await auditActions(db(), 'enrolment.anonymise');
    expect(
      entries.map((entry) => entry.details).sort((a, b) => Number(a.cancelled) - Number(b.cancelled)),
    ).toEqual([
      { courseId: finished.course.id, reason: 'account_deleted', cancelled: false },
      { courseId: ahead.course.id, reason: 'account_deleted', cancelled: true },
    ]);
    expect(JSON.stringify(entries)).not.toContain('leaving@example.jp');
  });
});

describe('catalogue pages', () => {
  it('pages the catalogue 20 at a time with the filters kept in the links, a count, and rel prev/next', async () => {
    const organiser = await coop();
    for (let index = 0; index < 22; index++)
      await createCourseRow(db(), organiser.id, {
        title: `大阪の講座${index + 1}番`,
        prefectureCode: '27',
        sessions: [{ inDays: index + 1 }],
      });
    await createCourseRow(db(), organiser.id, { title: '東京の講座', prefectureCode: '13' });

    const all = await visitor().get('/courses').expect(200);
    expect(all.text).toContain('23件の講座');
    expect(all.text).toContain('（1〜20件目）');
    expect(all.text).toContain('href="/courses?page=2" rel="next"');

    const first = await visitor().get('/courses?prefecture=27').expect(200);
    expect(first.text).toContain('22件の講座');
    expect(first.text).toContain('大阪の講座1番<');
    expect(first.text).not.toContain('大阪の講座21番');
    expect(first.text).toContain('href="/courses?prefecture=27&amp;page=2" rel="next"');
    expect(first.text).not.toContain('rel="prev"');

    const second = await visitor().get('/courses?prefecture=27&page=2').expect(200);
    expect(second.text).toContain('（21〜22件目）');
    expect(second.text).toContain('大阪の講座21番');
    expect(second.text).toContain('大阪の講座22番');
    expect(second.text).not.toContain('大阪の講座1番<');
    expect(second.text).not.toContain('東京の講座');
    expect(second.text).toContain('href="/courses?prefecture=27" rel="prev"');
    expect(second.text).not.toContain('rel="next"');
    expect(second.text).toContain('<title>講座をさがす – 2ページ目');

    // A page past the last, or one that is not a number, is missing rather than quietly page 1.
    await visitor().get('/courses?prefecture=27&page=3').expect(404);
    await visitor().get('/courses?page=abc').expect(404);
    await visitor().get('/courses?page=0').expect(404);
    // One page needs no pager.
    expect((await visitor().get('/courses?prefecture=13').expect(200)).text).not.toContain(
      'class="pagination"',
    );
  });
});

describe('the sitemap', () => {
  it('lists published courses with a session to come, and no draft, cancelled or ended course', async () => {
    const organiser = await coop();
    const open = await createCourseRow(db(), organiser.id, {});
    const draft = await createCourseRow(db(), organiser.id, { status: 'draft' });
    const cancelled = await createCourseRow(db(), organiser.id, { status: 'cancelled' });
    const ended = await createCourseRow(db(), organiser.id, { sessions: [{ inDays: -2 }] });
    const index = await visitor().get('/sitemap.xml').expect(200);
    expect(index.text).toContain('<loc>https://yoishigoto.example.jp/sitemaps/courses.xml</loc>');
    const sitemap = await visitor().get('/sitemaps/courses.xml').expect(200);
    expect(sitemap.headers['content-type']).toContain('application/xml');
    expect(sitemap.text).toContain(`<loc>https://yoishigoto.example.jp/courses/${open.course.id}</loc>`);
    for (const hidden of [draft, cancelled, ended])
      expect(sitemap.text).not.toContain(`/courses/${hidden.course.id}<`);
  });
});

describe('one address enrols once', () => {
  it('a second form with the same address gets the same "mail sent" page; the mail tells the owner, and nothing new is made', async () => {
    const organiser = await coop();
    const { course } = await createCourseRow(db(), organiser.id, { capacity: 5 });
    await enrolAndConfirm(course.id, 'once@example.jp', 'いちど');
    const again = await postForm(visitor(), `/courses/${course.id}/enrol`, {
      nickname: 'べつのなまえ',
      email: ' ONCE@example.jp ',
      formId: formId(),
    }).expect(303);
    // The page says what it says to anyone: it does not reveal who is enrolled.
    expect(again.headers.location).toBe(`/courses/${course.id}/thanks?result=mail_sent`);
    expect(await enrolmentsOf(db(), course.id)).toHaveLength(1);
    const mail = (await mailsTo(db(), 'once@example.jp')).at(-1);
    expect(mail?.subject).toBe('【よいしごとステーション】この講座にはすでに申し込まれています');
    expect(mail?.body).not.toContain('/courses/confirm');
    expect(mail?.body).not.toContain('/courses/enrolment');
    // Another address still enrols; a cancelled enrolment does not hold the address.
    await enrolAndConfirm(course.id, 'other@example.jp', 'ほか');
    const [first] = await enrolmentsOf(db(), course.id);
    const manage = await enrolAndConfirm(course.id, 'twice@example.jp', 'にど');
    await postForm(visitor(), '/courses/enrolment/cancel', { token: manage }).expect(303);
    await enrolAndConfirm(course.id, 'twice@example.jp', 'にど');
    expect((await enrolmentsOf(db(), course.id)).map((e) => [e.email, e.state])).toEqual([
      [first?.email, 'confirmed'],
      ['other@example.jp', 'confirmed'],
      ['twice@example.jp', 'cancelled'],
      ['twice@example.jp', 'confirmed'],
    ]);
  });

  it('of two forms sent before either was confirmed, only the first link followed gets a place', async () => {
    const organiser = await coop();
    const { course } = await createCourseRow(db(), organiser.id, { capacity: 5 });
    for (const nickname of ['ひとつめ', 'ふたつめ'])
      await postForm(visitor(), `/courses/${course.id}/enrol`, {
        nickname,
        email: 'double@example.jp',
        formId: formId(),
      }).expect(303);
    const [one, two] = (await mailsTo(db(), 'double@example.jp')).map((mail) =>
      linkToken(mail.body, '/courses/confirm'),
    );
    await postForm(visitor(), '/courses/confirm', { token: two! }).expect(303);
    const refused = await postForm(visitor(), '/courses/confirm', { token: one! }).expect(409);
    expect(refused.text).toContain('すでに申し込まれています');
    expect((await enrolmentsOf(db(), course.id)).map((e) => [e.nickname, e.state])).toEqual([
      ['ふたつめ', 'confirmed'],
      ['ひとつめ', 'pending'],
    ]);
  });

  it('tells a signed-in person on the page that their address is already enrolled; the database refuses a second live row', async () => {
    const organiser = await coop();
    const { course } = await createCourseRow(db(), organiser.id, { capacity: 5 });
    const person = await createUser(db(), { email: 'member2@example.jp' });
    const agent = await signedInAgent(context, person);
    const form = { nickname: 'なかま', email: 'member2@example.jp' };
    await postForm(agent, `/courses/${course.id}/enrol`, { ...form, formId: formId() }).expect(303);
    const second = await postForm(agent, `/courses/${course.id}/enrol`, { ...form, formId: formId() }).expect(
      409,
    );
    expect(second.text).toContain('この講座にはすでに申し込まれています');
    expect(second.text).toContain('value="なかま"');
    expect(await enrolmentsOf(db(), course.id)).toHaveLength(1);
    // The rule holds in the database too, whatever writes the row.
    await expect(
      db().insert(courseEnrolmentsTable).values({
        courseId: course.id,
        nickname: 'x',
        email: 'member2@example.jp',
        state: 'waitlisted',
        queueNumber: 99,
        formId: formId(),
        createdAt: clock.now(),
      }),
    ).rejects.toThrow();
  });
});

describe('calendar files', () => {
  it('gives the public a .ics of the sessions without online links, and the person with a place one with them', async () => {
    const organiser = await coop();
    const { course, sessions } = await createCourseRow(db(), organiser.id, {
      capacity: 1,
      title: 'カレンダーの講座',
      sessions: [{ inDays: 5 }, { inDays: 12, online: true }],
    });
    const page = await visitor().get(`/courses/${course.id}`).expect(200);
    expect(page.text).toContain(`href="/courses/${course.id}/calendar.ics"`);
    const file = await visitor().get(`/courses/${course.id}/calendar.ics`).expect(200);
    expect(file.headers['content-type']).toContain('text/calendar');
    const text = file.text.replace(/\r\n[ \t]/g, '');
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(text).toContain('SUMMARY:カレンダーの講座（第1回／全2回）');
    // 10:00 in Tokyo is 01:00 UTC.
    expect(text).toContain(`DTSTART:${sessions[0]!.date.replaceAll('-', '')}T010000Z`);
    expect(text).toContain('LOCATION:テスト会館 東京都千代田区1-1');
    expect(text).not.toContain('secret-room');

    // The confirmation mail carries the private calendar link; with a place, it has the online link.
    await postForm(visitor(), `/courses/${course.id}/enrol`, {
      nickname: 'よてい',
      email: 'plan@example.jp',
      formId: formId(),
    }).expect(303);
    const confirmToken = linkToken((await mailsTo(db(), 'plan@example.jp'))[0]!.body, '/courses/confirm');
    await postForm(visitor(), '/courses/confirm', { token: confirmToken }).expect(303);
    const placed = (await mailsTo(db(), 'plan@example.jp')).at(-1)!;
    const calendarToken = linkToken(placed.body, '/courses/enrolment/calendar.ics');
    const own = await visitor().get(`/courses/enrolment?token=${calendarToken}`).expect(200);
    expect(own.text).toContain(`href="/courses/enrolment/calendar.ics?token=${calendarToken}"`);
    const mine = await visitor().get(`/courses/enrolment/calendar.ics?token=${calendarToken}`).expect(200);
    expect(mine.headers['cache-control']).toBe('no-store');
    expect(mine.text.replace(/\r\n[ \t]/g, '')).toContain('https://meet.example.jp/secret-room');

    // On the waitlist: the file, but no online link yet.
    const waiting = await enrolAndConfirm(course.id, 'wait2@example.jp', 'まつ');
    const theirs = await visitor().get(`/courses/enrolment/calendar.ics?token=${waiting}`).expect(200);
    expect(theirs.text).not.toContain('secret-room');
    // Cancelled, unknown or no token: no file.
    await postForm(visitor(), '/courses/enrolment/cancel', { token: waiting }).expect(303);
    await visitor().get(`/courses/enrolment/calendar.ics?token=${waiting}`).expect(404);
    await visitor().get('/courses/enrolment/calendar.ics?token=nope-nope-nope-nope').expect(404);
    await visitor().get('/courses/enrolment/calendar.ics').expect(404);
    const draft = await createCourseRow(db(), organiser.id, { status: 'draft' });
    await visitor().get(`/courses/${draft.course.id}/calendar.ics`).expect(404);
  });
});
