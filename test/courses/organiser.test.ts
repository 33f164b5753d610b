import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { coursesTable } from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { secretariatAdmin } from '../helpers/roles.js';
import {
  auditActions,
  completeCourseForm,
  coopOrganiser,
  createCourseRow,
  enrolmentsOf,
  formId,
  linkToken,
  mailsTo,
} from './support.js';

const context = useTestApp();
const db = () => context.database.db;
const visitor = () => request(context.app.server);

async function enrol(courseId: number, email: string, nickname: string) {
  await postForm(visitor(), `/courses/${courseId}/enrol`, { nickname, email, formId: formId() }).expect(303);
  const token = linkToken((await mailsTo(db(), email)).at(-1)!.body, '/courses/confirm');
  const placed = await postForm(visitor(), '/courses/confirm', { token }).expect(303);
  return linkToken(String(placed.headers.location), '/courses/enrolment');
}

function courseIdFrom(location: unknown): number {
  return Number(String(location).match(/\/courses\/(\d+)/)?.[1]);
}

const session = (inDays: number, overrides: Record<string, string> = {}) => ({
  date: addDays(todayInTokyo(), inDays),
  startTime: '13:30',
  endTime: '16:30',
  venueName: '協同会館',
  address: '神奈川県横浜市中区本町2-4',
  access: '日本大通り駅から徒歩3分',
  required: '1',
  ...overrides,
});

describe('a co-op organises a course in its workspace', () => {
  it('creates a draft, adds two sessions, publishes it, and it appears in the catalogue', async () => {
    const staff = await coopOrganiser(context);
    const form = completeCourseForm();
    const created = await postForm(staff.agent, staff.base, form).expect(303);
    const courseId = courseIdFrom(created.headers.location);
    // A second submit of the same page finds the same course.
    const again = await postForm(staff.agent, staff.base, form).expect(303);
    expect(courseIdFrom(again.headers.location)).toBe(courseId);
    const [course] = await db()
      .select()
      .from(coursesTable)
      .where(eq(coursesTable.organisationId, staff.organisation.id));
    expect(course).toMatchObject({ status: 'draft', capacity: 2, feeYen: 3000, prefectureCode: '14' });
    await visitor().get(`/courses/${courseId}`).expect(404);

    // Publishing without a session is refused with the reason.
    const early = await postForm(staff.agent, `${staff.base}/${courseId}/publish`, {}).expect(409);
    expect(early.text).toContain('日程が1回もありません');

    await postForm(staff.agent, `${staff.base}/${courseId}/sessions`, session(7)).expect(303);
    await postForm(
      staff.agent,
      `${staff.base}/${courseId}/sessions`,
      session(14, { online: '1', onlineUrl: 'https://meet.example.jp/room', venueName: '', address: '' }),
    ).expect(303);
    await postForm(staff.agent, `${staff.base}/${courseId}/publish`, {}).expect(303);
    const page = await visitor().get(`/courses/${courseId}`).expect(200);
    expect(page.text).toContain('仕事おこし講座（全2回）');
    expect(page.text).toContain('受講料無料：求職中の方・生活保護を受けている方');
    expect(page.text).toContain('日程（全2回）');
    expect((await visitor().get('/courses?type=job_creation')).text).toContain('1件の講座');
    expect((await auditActions(db(), 'course.publish')).map((entry) => entry.actorUserId)).toEqual([
      staff.user.id,
    ]);
    expect(await auditActions(db(), 'course.create')).toHaveLength(1);
  });

  it('shows refused course and session forms again at 422 with the values and errors beside the fields', async () => {
    const staff = await coopOrganiser(context);
    const refused = await postForm(
      staff.agent,
      staff.base,
      completeCourseForm({ title: '', capacity: '0', type: 'unknown', feeWaiver: 'そのまま残る条件' }),
    ).expect(422);
    expect(refused.text).toContain('そのまま残る条件');
    expect(refused.text).toContain('id="f-title-error"');
    expect(refused.text).toContain('定員は1人から1,000人までの整数で入力してください。');
    expect(refused.text).toContain('href="#f-type"');
    expect(await db().select().from(coursesTable)).toHaveLength(0);

    const { course } = await createCourseRow(db(), staff.organisation.id, { status: 'draft' });
    const badSession = await postForm(
      staff.agent,
      `${staff.base}/${course.id}/sessions`,
      session(3, { startTime: '16:00', endTime: '15:00', online: '1', onlineUrl: 'http://plain.example.jp' }),
    ).expect(422);
    expect(badSession.text).toContain('終わりの時刻は、始まりより後にしてください。');
    expect(badSession.text).toContain('https:// で始まる参加リンク');
    expect(badSession.text).toContain('value="http://plain.example.jp"');
  });

  it('refuses to lower the capacity below the places given, and a raised capacity promotes from the waitlist', async () => {
    const staff = await coopOrganiser(context);
    const { course } = await createCourseRow(db(), staff.organisation.id, { capacity: 1 });
    await enrol(course.id, 'a@example.jp', 'エー');
    await enrol(course.id, 'b@example.jp', 'ビー');
    const fields = completeCourseForm({ capacity: '0' });
    await postForm(staff.agent, `${staff.base}/${course.id}`, fields).expect(422);
    await postForm(staff.agent, `${staff.base}/${course.id}`, completeCourseForm({ capacity: '2' })).expect(
      303,
    );
    expect((await enrolmentsOf(db(), course.id)).map((e) => e.state)).toEqual(['confirmed', 'confirmed']);
    expect((await mailsTo(db(), 'b@example.jp')).at(-1)?.subject).toContain(
      'キャンセル待ちから受講が決まりました',
    );
    const lower = await postForm(
      staff.agent,
      `${staff.base}/${course.id}`,
      completeCourseForm({ capacity: '1' }),
    ).expect(409);
    expect(lower.text).toContain('定員を、受講が決まっている人数より少なくすることはできません。');
  });

  it('keeps the roster private, audits each view, records attendance, completes, certifies and exports CSV', async () => {
    const staff = await coopOrganiser(context);
    const { course, sessions } = await createCourseRow(db(), staff.organisation.id, {
      capacity: 2,
      title: '修了を確かめる講座',
      sessions: [{ inDays: 1 }, { inDays: 2 }, { inDays: 3, required: false }],
    });
    await enrol(course.id, 'hana@example.jp', 'はな');
    await enrol(course.id, 'ken@example.jp', 'けん');
    await enrol(course.id, 'wait@example.jp', 'まち');
    const people = await enrolmentsOf(db(), course.id);
    const [hana, ken] = people;

    const roster = await staff.agent.get(`${staff.base}/${course.id}/roster`).expect(200);
    expect(roster.headers['cache-control']).toBe('no-store');
    expect(roster.text).toContain('hana@example.jp');
    expect(roster.text).toContain('キャンセル待ち（1人、順番どおり）');
    expect(await auditActions(db(), 'course.roster_view')).toHaveLength(1);

    // はな attends both required sessions; けん only the first.
    await postForm(staff.agent, `${staff.base}/${course.id}/sessions/${sessions[0]!.id}/attendance`, {
      attended: [String(hana!.id), String(ken!.id)],
    } as never).expect(303);
    await postForm(staff.agent, `${staff.base}/${course.id}/sessions/${sessions[1]!.id}/attendance`, {
      attended: String(hana!.id),
    }).expect(303);
    const after = await enrolmentsOf(db(), course.id);
    expect(after.find((e) => e.id === hana!.id)?.completedAt).not.toBeNull();
    expect(after.find((e) => e.id === ken!.id)?.completedAt).toBeNull();
    expect((await mailsTo(db(), 'hana@example.jp')).at(-1)?.subject).toBe(
      '【よいしごとステーション】講座を修了しました',
    );

    const certificate = await staff.agent
      .get(`${staff.base}/${course.id}/enrolments/${hana!.id}/certificate`)
      .expect(200);
    expect(certificate.text).toContain('修了証');
    expect(certificate.text).toContain('はな 様');
    expect(certificate.text).toContain('修了を確かめる講座');
    // No certificate for someone who has not completed.
    await staff.agent.get(`${staff.base}/${course.id}/enrolments/${ken!.id}/certificate`).expect(404);

    const csv = await staff.agent.get(`${staff.base}/${course.id}/roster.csv`).buffer(true).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body: string = csv.text;
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const lines = body.slice(1).trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('受付番号');
    expect(lines[1]).toBe(`1,受講が決まっています,はな,hana@example.jp,,出席,出席,,修了`);
    expect(lines[2]).toBe(`2,受講が決まっています,けん,ken@example.jp,,出席,欠席,,`);
    expect(lines[3]).toMatch(/^3,キャンセル待ち,まち,wait@example\.jp/);
    expect(await auditActions(db(), 'course.roster_export')).toHaveLength(1);
    expect(await auditActions(db(), 'course.certificate_view')).toHaveLength(1);

    // A correction takes the completion back.
    await postForm(
      staff.agent,
      `${staff.base}/${course.id}/sessions/${sessions[1]!.id}/attendance`,
      {},
    ).expect(303);
    expect((await enrolmentsOf(db(), course.id)).find((e) => e.id === hana!.id)?.completedAt).toBeNull();
  });

  it('escapes a name that Excel would run as a formula in the roster CSV', async () => {
    const staff = await coopOrganiser(context);
    const { course } = await createCourseRow(db(), staff.organisation.id);
    await enrol(course.id, 'formula@example.jp', '=HYPERLINK("https://evil.example")');
    const csv = await staff.agent.get(`${staff.base}/${course.id}/roster.csv`).buffer(true).expect(200);
    const line = csv.text.slice(1).trim().split(/\r?\n/)[1] ?? '';
    expect(line).toContain(`"'=HYPERLINK(""https://evil.example"")"`);
  });

  it('answers 404 for another organisation’s course and never shows its roster', async () => {
    const staff = await coopOrganiser(context);
    const other = await coopOrganiser(context, { name: '別の協同組合' });
    const { course } = await createCourseRow(db(), other.organisation.id);
    await staff.agent.get(`${staff.base}/${course.id}`).expect(404);
    await staff.agent.get(`${staff.base}/${course.id}/roster`).expect(404);
    await staff.agent.get(`${staff.base}/${course.id}/roster.csv`).expect(404);
    await postForm(staff.agent, `${staff.base}/${course.id}/cancel`, {}).expect(404);
    expect(await auditActions(db(), 'course.roster_view')).toHaveLength(0);
  });

  it('cancels a course and tells everyone enrolled or waiting', async () => {
    const staff = await coopOrganiser(context);
    const { course } = await createCourseRow(db(), staff.organisation.id, { capacity: 1 });
    await enrol(course.id, 'x@example.jp', 'エックス');
    await enrol(course.id, 'y@example.jp', 'ワイ');
    await postForm(staff.agent, `${staff.base}/${course.id}/cancel`, {}).expect(303);
    expect((await enrolmentsOf(db(), course.id)).map((e) => e.state)).toEqual(['cancelled', 'cancelled']);
    for (const address of ['x@example.jp', 'y@example.jp'])
      expect((await mailsTo(db(), address)).at(-1)?.subject).toBe(
        '【よいしごとステーション】講座が中止になりました',
      );
    expect((await visitor().get(`/courses/${course.id}`).expect(200)).text).toContain(
      'この講座は中止になりました。',
    );
    await postForm(visitor(), `/courses/${course.id}/enrol`, {
      nickname: 'おそい',
      email: 'late@example.jp',
      formId: formId(),
    }).expect(409);
  });
});

describe('the secretariat organises a course in the console', () => {
  it('creates and publishes its own course, and sees only its own', async () => {
    const { agent, secretariat } = await secretariatAdmin(context);
    const created = await postForm(
      agent,
      '/console/courses',
      completeCourseForm({ type: 'public_lecture' }),
    ).expect(303);
    const courseId = courseIdFrom(created.headers.location);
    expect(String(created.headers.location)).toBe(`/console/courses/${courseId}?notice=created`);
    const [course] = await db().select().from(coursesTable).where(eq(coursesTable.id, courseId));
    expect(course?.organisationId).toBe(secretariat.id);
    await postForm(agent, `/console/courses/${courseId}/sessions`, session(5)).expect(303);
    await postForm(agent, `/console/courses/${courseId}/publish`, {}).expect(303);
    expect((await agent.get('/console/courses').expect(200)).text).toContain('公開中');
    const coop = await coopOrganiser(context);
    const { course: coopCourse } = await createCourseRow(db(), coop.organisation.id);
    await agent.get(`/console/courses/${coopCourse.id}`).expect(404);
  });
});
