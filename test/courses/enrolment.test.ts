import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { courseEnrolmentsTable, courseSessionsTable } from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { runCourseMaintenance } from '../../src/modules/courses/courses.maintenance.js';
import { useTestApp } from '../helpers/app.js';
import { createUser, mailCount, postForm, signedInAgent } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createOrganisation } from '../helpers/factories.js';
import { auditActions, createCourseRow, enrolmentsOf, formId, linkToken, mailsTo } from './support.js';

const clock = new TestClock();
const context = useTestApp({}, clock.now);
const db = () => context.database.db;
const visitor = () => request(context.app.server);

async function coop() {
  return createOrganisation(db(), { name: '講座の協同組合' });
}

/** Enrols without an account and follows the mailed link: the place or waitlist number it got. */
async function enrolAndConfirm(courseId: number, email: string, nickname = 'さくら') {
  await postForm(visitor(), `/courses/${courseId}/enrol`, { nickname, email, formId: formId() }).expect(303);
  const [mail] = (await mailsTo(db(), email)).slice(-1);
  const token = linkToken(mail!.body, '/courses/confirm');
  const confirmed = await postForm(visitor(), '/courses/confirm', { token }).expect(303);
  return {
    location: String(confirmed.headers.location),
    manageToken: linkToken(String(confirmed.headers.location), '/courses/enrolment'),
  };
}

describe('the catalogue', () => {
  it('lists published courses with sessions to come, filters them, and hides drafts and past ones', async () => {
    const organiser = await coop();
    await createCourseRow(db(), organiser.id, { title: '東京の公開講座', prefectureCode: '13' });
    await createCourseRow(db(), organiser.id, {
      title: '大阪の資格講座',
      type: 'qualification',
      prefectureCode: '27',
      feeYen: 60000,
      feeWaiver: '修了後に働く方は無料',
    });
    await createCourseRow(db(), organiser.id, { title: '有料の講座', feeYen: 3000, prefectureCode: '27' });
    await createCourseRow(db(), organiser.id, {
      title: 'オンライン講座',
      sessions: [{ inDays: 3, online: true }],
    });
    await createCourseRow(db(), organiser.id, { title: '下書きの講座', status: 'draft' });
    await createCourseRow(db(), organiser.id, { title: '終わった講座', sessions: [{ inDays: -3 }] });

    const all = await visitor().get('/courses').expect(200);
    expect(all.text).toContain('4件の講座');
    expect(all.text).not.toContain('下書きの講座');
    expect(all.text).not.toContain('終わった講座');

    const osaka = await visitor().get('/courses?prefecture=27').expect(200);
    expect(osaka.text).toContain('大阪の資格講座');
    expect(osaka.text).not.toContain('東京の公開講座');
    const freeInOsaka = await visitor().get('/courses?prefecture=27&free=1').expect(200);
    expect(freeInOsaka.text).toContain('大阪の資格講座');
    expect(freeInOsaka.text).not.toContain('有料の講座');
    const qualification = await visitor().get('/courses?type=qualification').expect(200);
    expect(qualification.text).toContain('1件の講座');
    const online = await visitor().get('/courses?online=1').expect(200);
    expect(online.text).toContain('オンライン講座');
    expect(online.text).toContain('1件の講座');
    const month = addDays(todayInTokyo(clock.now()), 3).slice(0, 7);
    const farMonth = addDays(todayInTokyo(clock.now()), 400).slice(0, 7);
    expect((await visitor().get(`/courses?month=${month}`).expect(200)).text).toContain('オンライン講座');
    expect((await visitor().get(`/courses?month=${farMonth}`).expect(200)).text).toContain('0件の講座');
    // Nonsense filters are ignored, not an error.
    await visitor().get('/courses?type=nope&prefecture=99&month=2026-13').expect(200);
  });

  it('shows a course with its sessions, places left and schema.org Course JSON-LD, but never the online link', async () => {
    const organiser = await coop();
    const { course } = await createCourseRow(db(), organiser.id, {
      capacity: 5,
      sessions: [{ inDays: 5 }, { inDays: 12, online: true }],
    });
    const page = await visitor().get(`/courses/${course.id}`).expect(200);
    expect(page.text).toContain('のこり5人');
    expect(page.text).toContain('テスト会館');
    expect(page.text).not.toContain('secret-room');
    const jsonLd = JSON.parse(page.text.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)![1]!);
    expect(jsonLd['@type']).toBe('Course');
    expect(jsonLd.hasCourseInstance).toHaveLength(2);
    expect(jsonLd.hasCourseInstance[1].courseMode).toBe('online');
    expect(JSON.stringify(jsonLd)).not.toContain('secret-room');
    // The purpose of use stands above the submit button.
    expect(page.text.indexOf('個人情報の利用目的')).toBeLessThan(page.text.indexOf('>申し込む</button>'));
  });

  it('answers 404 for a draft and for nonsense ids', async () => {
    const organiser = await coop();
    const { course } = await createCourseRow(db(), organiser.id, { status: 'draft' });
    await visitor().get(`/courses/${course.id}`).expect(404);
    await visitor().get('/courses/99999999999').expect(404);
    await visitor().get('/courses/abc').expect(404);
  });
});

describe('enrolling without an account', () => {
  it('holds no place until the mailed link is followed; then the person has a place and a private page', async () => {
    const organiser = await coop();
    const { course } = await createCourseRow(db(), organiser.id, {
      capacity: 2,
      sessions: [{ inDays: 4, online: true }],
    });
    const sent = await postForm(visitor(), `/courses/${course.id}/enrol`, {
      nickname: 'さくら',
      email: 'Sakura@Example.jp',
      formId: formId(),
    }).expect(303);
    expect(sent.headers.location).toBe(`/courses/${course.id}/thanks?result=mail_sent`);
    const [pending] = await enrolmentsOf(db(), course.id);
    expect(pending?.state).toBe('pending');
    expect((await visitor().get(`/courses/${course.id}`)).text).toContain('のこり2人');

    const [mail] = await mailsTo(db(), 'sakura@example.jp');
    const token = linkToken(mail!.body, '/courses/confirm');
    // Opening the link only asks; a mail scanner's prefetch spends nothing.
    const ask = await visitor().get(`/courses/confirm?token=${token}`).expect(200);
    expect(ask.text).toContain('申し込みを確定する');
    const confirmed = await postForm(visitor(), '/courses/confirm', { token }).expect(303);
    expect(String(confirmed.headers.location)).toMatch(/^\/courses\/enrolment\?token=.+&notice=confirmed$/);
    const own = await visitor().get(String(confirmed.headers.location)).expect(200);
    expect(own.text).toContain('受講が決まっています');
    expect(own.text).toContain('https://meet.example.jp/secret-room');
    expect((await visitor().get(`/courses/${course.id}`)).text).toContain('のこり1人');
    // Single use: the same link again is refused and changes nothing.
    await postForm(visitor(), '/courses/confirm', { token }).expect(404);
    expect((await enrolmentsOf(db(), course.id)).filter((e) => e.state === 'confirmed')).toHaveLength(1);
    // Only the hash of the token is stored.
    const [stored] = await enrolmentsOf(db(), course.id);
    expect(JSON.stringify(stored)).not.toContain(token);
    const mails = await mailsTo(db(), 'sakura@example.jp');
    expect(mails.map((m) => m.subject)).toEqual([
      '【よいしごとステーション】講座の申し込みを確定してください',
      '【よいしごとステーション】受講が決まりました',
    ]);
  });

  it('refuses a confirmation link after 24 hours', async () => {
    const organiser = await coop();
    const { course } = await createCourseRow(db(), organiser.id, { sessions: [{ inDays: 10 }] });
    await postForm(visitor(), `/courses/${course.id}/enrol`, {
      nickname: 'おそい',
      email: 'late@example.jp',
      formId: formId(),
    }).expect(303);
    const token = linkToken((await mailsTo(db(), 'late@example.jp'))[0]!.body, '/courses/confirm');
    clock.advance(24 * 60 * 60 + 60);
    await visitor().get(`/courses/confirm?token=${token}`).expect(404);
    await postForm(visitor(), '/courses/confirm', { token }).expect(404);
    expect((await enrolmentsOf(db(), course.id))[0]?.state).toBe('pending');
  });

  it('deletes an enrolment never confirmed a day after its link expired, and nothing else', async () => {
    const organiser = await coop();
    const { course } = await createCourseRow(db(), organiser.id, { sessions: [{ inDays: 20 }] });
    await postForm(visitor(), `/courses/${course.id}/enrol`, {
      nickname: 'わすれた',
      email: 'forgot@example.jp',
      formId: formId(),
    }).expect(303);
    await enrolAndConfirm(course.id, 'kept@example.jp', 'のこる');
    const publicUrl = 'https://yoishigoto.example.jp';
    clock.advance(47 * 60 * 60);
    expect((await runCourseMaintenance(db(), clock.now(), { publicUrl })).unconfirmedDeleted).toBe(0);
    clock.advance(2 * 60 * 60);
    expect((await runCourseMaintenance(db(), clock.now(), { publicUrl })).unconfirmedDeleted).toBe(1);
    expect((await enrolmentsOf(db(), course.id)).map((e) => e.email)).toEqual(['kept@example.jp']);
    expect(await auditActions(db(), 'enrolment.delete_unconfirmed')).toHaveLength(1);
  });

  it('re-renders a refused form at 422 with what was typed and an error beside each field', async () => {
    const organiser = await coop();
    const { course } = await createCourseRow(db(), organiser.id);
    const refused = await postForm(visitor(), `/courses/${course.id}/enrol`, {
      nickname: '',
      email: 'not-an-address',
      accommodations: '車いすで参加します',
      formId: formId(),
    }).expect(422);
    expect(refused.text).toContain('value="not-an-address"');
    expect(refused.text).toContain('車いすで参加します');
    expect(refused.text).toMatch(/id="f-nickname-error"/);
    expect(refused.text).toMatch(/id="f-email-error"/);
    // Accommodations can reveal a disability: they are sent only with explicit consent.
    expect(refused.text).toContain('配慮してほしいことを書いたときは、同意にチェックしてください。');
    expect(await enrolmentsOf(db(), course.id)).toHaveLength(0);
    expect(await mailCount(db())).toBe(0);
  });

  it('makes one enrolment and one mail from a double submit of the same form', async () => {
    const organiser = await coop();
    const { course } = await createCourseRow(db(), organiser.id);
    const form = { nickname: 'にどおし', email: 'twice@example.jp', formId: formId() };
    const [first, second] = await Promise.all([
      postForm(visitor(), `/courses/${course.id}/enrol`, form),
      postForm(visitor(), `/courses/${course.id}/enrol`, form),
    ]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(await enrolmentsOf(db(), course.id)).toHaveLength(1);
    expect(await mailsTo(db(), 'twice@example.jp')).toHaveLength(1);
  });
});

describe('the waitlist', () => {
  it('fills places in order, then waitlists; a cancellation promotes the head of the queue and mails them', async () => {
    const organiser = await coop();
    const { course } = await createCourseRow(db(), organiser.id, { capacity: 2 });
    const first = await enrolAndConfirm(course.id, 'one@example.jp', 'いち');
    await enrolAndConfirm(course.id, 'two@example.jp', 'に');
    const third = await enrolAndConfirm(course.id, 'three@example.jp', 'さん');
    const fourth = await enrolAndConfirm(course.id, 'four@example.jp', 'よん');
    expect(third.location).toMatch(/notice=waitlisted$/);
    expect((await visitor().get(`/courses/${course.id}`)).text).toContain('満席（キャンセル待ち2人）');
    expect((await visitor().get(`/courses/enrolment?token=${fourth.manageToken}`)).text).toContain(
      'キャンセル待ちの2番目です',
    );
    // The waitlisted see no online link and no place.
    expect((await enrolmentsOf(db(), course.id)).map((e) => [e.nickname, e.state])).toEqual([
      ['いち', 'confirmed'],
      ['に', 'confirmed'],
      ['さん', 'waitlisted'],
      ['よん', 'waitlisted'],
    ]);

    await postForm(visitor(), '/courses/enrolment/cancel', { token: first.manageToken }).expect(303);
    const after = await enrolmentsOf(db(), course.id);
    expect(after.map((e) => [e.nickname, e.state])).toEqual([
      ['いち', 'cancelled'],
      ['に', 'confirmed'],
      ['さん', 'confirmed'],
      ['よん', 'waitlisted'],
    ]);
    const promotedMail = (await mailsTo(db(), 'three@example.jp')).at(-1);
    expect(promotedMail?.subject).toBe('【よいしごとステーション】キャンセル待ちから受講が決まりました');
    expect((await visitor().get(`/courses/enrolment?token=${fourth.manageToken}`)).text).toContain(
      'キャンセル待ちの1番目です',
    );
    // Cancelling twice changes nothing and promotes nobody else.
    await postForm(visitor(), '/courses/enrolment/cancel', { token: first.manageToken }).expect(303);
    expect((await enrolmentsOf(db(), course.id)).filter((e) => e.state === 'confirmed')).toHaveLength(2);
    expect(await auditActions(db(), 'enrolment.promote')).toHaveLength(1);
  });
});

describe('enrolling with an account', () => {
  it('gives a place at once for the verified account address, lists it on the account, and cancels from there', async () => {
    const organiser = await coop();
    const { course } = await createCourseRow(db(), organiser.id, {
      capacity: 1,
      title: 'アカウントで受ける講座',
    });
    const person = await createUser(db(), { email: 'member@example.jp' });
    const agent = await signedInAgent(context, person);
    const page = await agent.get(`/courses/${course.id}`).expect(200);
    expect(page.text).toContain('value="member@example.jp"');
    const enrolled = await postForm(agent, `/courses/${course.id}/enrol`, {
      nickname: person.displayName,
      email: 'member@example.jp',
      formId: formId(),
    }).expect(303);
    expect(enrolled.headers.location).toBe(`/courses/${course.id}/thanks?result=confirmed`);
    const [mine] = await enrolmentsOf(db(), course.id);
    expect(mine?.userId).toBe(person.id);
    expect(mine?.state).toBe('confirmed');

    const waiting = await enrolAndConfirm(course.id, 'next@example.jp', 'つぎ');
    expect(waiting.location).toMatch(/notice=waitlisted$/);

    const account = await agent.get('/account/courses').expect(200);
    expect(account.text).toContain('アカウントで受ける講座');
    await postForm(agent, `/account/courses/${mine!.id}/cancel`, {}).expect(303);
    expect((await enrolmentsOf(db(), course.id)).map((e) => e.state)).toEqual(['cancelled', 'confirmed']);
    // Nobody else's enrolment can be cancelled from an account.
    const stranger = await signedInAgent(context, await createUser(db()));
    const other = (await enrolmentsOf(db(), course.id))[1]!;
    await postForm(stranger, `/account/courses/${other.id}/cancel`, {}).expect(404);
    expect((await enrolmentsOf(db(), course.id))[1]?.state).toBe('confirmed');
  });
});

describe('the day-before reminder', () => {
  it('mails everyone with a place once, the day before each session', async () => {
    const organiser = await coop();
    const today = todayInTokyo(clock.now());
    const { course, sessions } = await createCourseRow(db(), organiser.id, {
      capacity: 1,
      sessions: [{ inDays: 1 }, { inDays: 8 }],
      today,
    });
    await enrolAndConfirm(course.id, 'remind@example.jp', 'あした');
    await enrolAndConfirm(course.id, 'waiting@example.jp', 'まつ');
    const publicUrl = 'https://yoishigoto.example.jp';
    expect(await runCourseMaintenance(db(), clock.now(), { publicUrl })).toEqual({
      remindersSent: 1,
      unconfirmedDeleted: 0,
      anonymised: 0,
    });
    expect(await runCourseMaintenance(db(), clock.now(), { publicUrl })).toEqual({
      remindersSent: 0,
      unconfirmedDeleted: 0,
      anonymised: 0,
    });
    const reminder = (await mailsTo(db(), 'remind@example.jp')).at(-1);
    expect(reminder?.subject).toBe('【よいしごとステーション】明日は講座の日です');
    expect(reminder?.body).toContain('テスト会館');
    expect((await mailsTo(db(), 'waiting@example.jp')).some((m) => m.subject.includes('明日'))).toBe(false);
    const [first] = await db()
      .select()
      .from(courseSessionsTable)
      .where(eq(courseSessionsTable.id, sessions[0]!.id));
    expect(first?.reminderSentAt).not.toBeNull();
    const [second] = await db()
      .select()
      .from(courseSessionsTable)
      .where(eq(courseSessionsTable.id, sessions[1]!.id));
    expect(second?.reminderSentAt).toBeNull();
    expect(
      (await db().select().from(courseEnrolmentsTable).where(eq(courseEnrolmentsTable.courseId, course.id)))
        .length,
    ).toBe(2);
  });
});
