/**
 * A school's group visit or internship (issue 9): asking, capacity counted by group size, the three-way
 * agreement's order (the co-op accepts, then the school confirms, only then scheduled), who may see what,
 * and the printable agreement's content.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  auditLogTable,
  availabilitySlotsTable,
  placementRequestsTable,
  requestProvisionsTable,
  schoolRequestDetailsTable,
} from '../../src/db/schema/index.js';
import { useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { coopWithPosting, createSlot, latestMail } from '../requests/support.js';
import { schoolFormBody, schoolStaff } from './support.js';

const context = useTestApp();
const db = () => context.database.db;

async function requestByForm(formId: string) {
  const [row] = await db()
    .select()
    .from(placementRequestsTable)
    .where(eq(placementRequestsTable.formId, formId));
  if (!row) throw new Error('no request');
  return row;
}

async function booked(slotId: number) {
  const [slot] = await db()
    .select()
    .from(availabilitySlotsTable)
    .where(eq(availabilitySlotsTable.id, slotId));
  return slot?.booked;
}

/** A co-op with a posting, a school, and the school's request sent to the co-op's workplace. */
async function asked(overrides: Record<string, string> = {}) {
  const coop = await coopWithPosting(context);
  const school = await schoolStaff(context);
  const form = schoolFormBody(coop.workplace.id, overrides);
  const response = await postForm(school.agent, `${school.base}/school-requests`, form);
  expect(response.status).toBe(303);
  const row = await requestByForm(form.formId);
  return { coop, school, form, row };
}

describe('a school asks for a group', () => {
  it('offers the co-ops that take requests, then the form with its purpose notice and no question about a student', async () => {
    const coop = await coopWithPosting(context);
    const school = await schoolStaff(context);
    const choose = await school.agent.get(`${school.base}/school-requests/new`);
    expect(choose.status).toBe(200);
    expect(choose.text).toContain(coop.workplace.name);
    const form = await school.agent.get(`${school.base}/school-requests/new?workplace=${coop.workplace.id}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('この申込みで伝える情報の使いみち');
    expect(form.text).toContain('name="groupSize"');
    expect(form.text).toContain('学研災');
    expect(form.text).not.toMatch(/name="(age|birth|address|photo)/);
  });

  it('sends it to the co-op at once: submitted, staff and teacher mailed, a provision record; a double submit makes one', async () => {
    const { coop, school, form, row } = await asked();
    expect(row).toMatchObject({
      state: 'submitted',
      requesterKind: 'school',
      kind: 'internship',
      groupSize: 4,
      onBehalfOrganisationId: school.organisation.id,
      contactName: '山田 花子',
    });
    const again = await postForm(school.agent, `${school.base}/school-requests`, form);
    expect(again.status).toBe(303);
    expect(
      await db()
        .select()
        .from(placementRequestsTable)
        .where(eq(placementRequestsTable.onBehalfOrganisationId, school.organisation.id)),
    ).toHaveLength(1);
    expect((await latestMail(db(), coop.user.email))?.subject).toContain('新しい申込み');
    expect((await latestMail(db(), form.teacherEmail))?.body).toContain(
      `/workspace/${school.organisation.id}/school-requests/${row.id}`,
    );
    const [provision] = await db()
      .select()
      .from(requestProvisionsTable)
      .where(eq(requestProvisionsTable.requestId, row.id));
    expect(provision?.items).toEqual(['teacher_name', 'teacher_email', 'emergency_contact', 'teacher_phone']);
    expect(provision?.consentBasis).toEqual(['school_submission']);
    const list = await school.agent.get(`${school.base}/school-requests`);
    expect(list.text).toContain('団体からの返事待ち');
    expect(list.text).toContain('生徒4人');
  });

  it('refuses a form without insurance or with a period backwards, beside the field, keeping what was typed', async () => {
    const coop = await coopWithPosting(context);
    const school = await schoolStaff(context);
    const noInsurance = await postForm(
      school.agent,
      `${school.base}/school-requests`,
      schoolFormBody(coop.workplace.id, { insuranceConfirmed: '', learningGoals: '地域を知る' }),
    );
    expect(noInsurance.status).toBe(422);
    expect(noInsurance.text).toContain('保険に加入していることを確かめてから申し込んでください。');
    expect(noInsurance.text).toContain('地域を知る');
    const backwards = schoolFormBody(coop.workplace.id);
    const refused = await postForm(school.agent, `${school.base}/school-requests`, {
      ...backwards,
      periodEnd: '2020-01-01',
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('期間の終わりは、始まりと同じ日かそれより後にしてください。');
    const tooMany = await postForm(school.agent, `${school.base}/school-requests`, {
      ...schoolFormBody(coop.workplace.id, { groupSize: '1', studentNames: 'あ\nい' }),
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.text).toContain('名前の数が生徒の人数より多くなっています。');
    expect(await db().select().from(placementRequestsTable)).toHaveLength(0);
  });
});

describe('capacity counts the group', () => {
  it('a group takes as many places as students, and a group that does not fit is refused', async () => {
    const coop = await coopWithPosting(context);
    const slot = await createSlot(db(), coop.organisation.id, coop.workplace.id, { capacity: 5, days: 9 });
    const school = await schoolStaff(context);
    const first = await postForm(
      school.agent,
      `${school.base}/school-requests`,
      schoolFormBody(coop.workplace.id, { slotId: String(slot.id), groupSize: '4' }),
    );
    expect(first.status).toBe(303);
    expect(await booked(slot.id)).toBe(4);
    const second = await postForm(
      school.agent,
      `${school.base}/school-requests`,
      schoolFormBody(coop.workplace.id, { slotId: String(slot.id), groupSize: '2' }),
    );
    expect(second.status).toBe(409);
    expect(second.text).toContain('生徒の人数分の空きがありません');
    expect(await booked(slot.id)).toBe(4);
    const fits = await postForm(
      school.agent,
      `${school.base}/school-requests`,
      schoolFormBody(coop.workplace.id, { slotId: String(slot.id), groupSize: '1' }),
    );
    expect(fits.status).toBe(303);
    expect(await booked(slot.id)).toBe(5);
  });

  it('withdrawing gives all the group places back; the co-op accepting into a slot too small is refused', async () => {
    const coop = await coopWithPosting(context);
    const slot = await createSlot(db(), coop.organisation.id, coop.workplace.id, { capacity: 6, days: 9 });
    const small = await createSlot(db(), coop.organisation.id, coop.workplace.id, { capacity: 2, days: 11 });
    const school = await schoolStaff(context);
    const form = schoolFormBody(coop.workplace.id, { slotId: String(slot.id), groupSize: '5' });
    await postForm(school.agent, `${school.base}/school-requests`, form);
    const row = await requestByForm(form.formId);
    expect(await booked(slot.id)).toBe(5);
    const tooSmall = await postForm(coop.agent, `${coop.base}/requests/${row.id}/accept`, {
      slotId: String(small.id),
      place: '',
      note: '',
    });
    expect(tooSmall.status).toBe(409);
    expect(await booked(small.id)).toBe(0);
    expect(await booked(slot.id)).toBe(5);
    const withdrawn = await postForm(school.agent, `${school.base}/school-requests/${row.id}/withdraw`, {});
    expect(withdrawn.status).toBe(303);
    expect(await booked(slot.id)).toBe(0);
    expect((await requestByForm(form.formId)).state).toBe('withdrawn');
  });
});

describe('the three-way agreement', () => {
  it('the co-op accepts, then the school confirms; only then it is scheduled', async () => {
    const { coop, school, form, row } = await asked();
    const accepted = await postForm(coop.agent, `${coop.base}/requests/${row.id}/accept`, {
      choice: '0',
      place: '2階の会議室',
      note: '',
    });
    expect(accepted.status).toBe(303);
    const waiting = await requestByForm(form.formId);
    expect(waiting.state).toBe('agreement_pending');
    expect(waiting.scheduledStart).not.toBeNull();
    expect((await latestMail(db(), form.teacherEmail))?.subject).toContain('協定の確認をお願いします');
    // Not scheduled yet: the co-op cannot mark it done.
    const early = await postForm(coop.agent, `${coop.base}/requests/${row.id}/complete`, {});
    expect(early.status).toBe(409);
    const page = await school.agent.get(`${school.base}/school-requests/${row.id}`);
    expect(page.text).toContain('学校の確認待ち');
    expect(page.text).toContain('協定を確認する');
    // The box must be ticked.
    const unticked = await postForm(school.agent, `${school.base}/school-requests/${row.id}/confirm`, {});
    expect(unticked.status).toBe(422);
    expect(unticked.text).toContain('チェックを入れてください');
    expect((await requestByForm(form.formId)).state).toBe('agreement_pending');
    const confirmed = await postForm(school.agent, `${school.base}/school-requests/${row.id}/confirm`, {
      agree: 'yes',
    });
    expect(confirmed.status).toBe(303);
    expect((await requestByForm(form.formId)).state).toBe('accepted');
    const [details] = await db()
      .select()
      .from(schoolRequestDetailsTable)
      .where(eq(schoolRequestDetailsTable.requestId, row.id));
    expect(details?.agreementConfirmedBy).toBe(school.user.id);
    expect((await latestMail(db(), coop.user.email))?.subject).toContain('学校が協定を確認');
    expect((await latestMail(db(), form.teacherEmail))?.subject).toContain('日程が決まりました');
    const twice = await postForm(school.agent, `${school.base}/school-requests/${row.id}/confirm`, {
      agree: 'yes',
    });
    expect(twice.status).toBe(409);
    const done = await postForm(coop.agent, `${coop.base}/requests/${row.id}/complete`, {});
    expect(done.status).toBe(303);
  });

  it('the school and the co-op write to each other in the thread; each side is mailed', async () => {
    const { coop, school, form, row } = await asked();
    const messageForm = { formId: crypto.randomUUID(), body: '当日は制服で伺います。' };
    expect(
      (await postForm(school.agent, `${school.base}/school-requests/${row.id}/message`, messageForm)).status,
    ).toBe(303);
    // The same form twice: one message.
    await postForm(school.agent, `${school.base}/school-requests/${row.id}/message`, messageForm);
    expect((await latestMail(db(), coop.user.email))?.subject).toContain('メッセージ');
    const coopPage = await coop.agent.get(`${coop.base}/requests/${row.id}`);
    expect(coopPage.text.split('当日は制服で伺います。')).toHaveLength(2);
    await postForm(coop.agent, `${coop.base}/requests/${row.id}/message`, {
      formId: crypto.randomUUID(),
      body: '承知しました。',
    });
    expect((await latestMail(db(), form.teacherEmail))?.body).toContain(`/school-requests/${row.id}`);
    expect((await school.agent.get(`${school.base}/school-requests/${row.id}`)).text).toContain(
      '承知しました。',
    );
    const empty = await postForm(school.agent, `${school.base}/school-requests/${row.id}/message`, {
      formId: crypto.randomUUID(),
      body: '',
    });
    expect(empty.status).toBe(422);
  });

  it('the school cannot confirm before the co-op accepts; choosing a date the co-op proposed confirms it', async () => {
    const { coop, school, form, row } = await asked();
    const tooEarly = await postForm(school.agent, `${school.base}/school-requests/${row.id}/confirm`, {
      agree: 'yes',
    });
    expect(tooEarly.status).toBe(409);
    expect((await requestByForm(form.formId)).state).toBe('submitted');
    const date = (await requestByForm(form.formId)).preferredTimes[0]?.date ?? '';
    const proposed = await postForm(coop.agent, `${coop.base}/requests/${row.id}/propose`, {
      date1: date,
      start1: '13:00',
      end1: '15:00',
      note: '',
    });
    expect(proposed.status).toBe(303);
    expect((await latestMail(db(), form.teacherEmail))?.subject).toContain('別の日時の提案');
    const chosen = await postForm(school.agent, `${school.base}/school-requests/${row.id}/choose`, {
      choice: '0',
      agree: 'yes',
    });
    expect(chosen.status).toBe(303);
    const now = await requestByForm(form.formId);
    expect(now.state).toBe('accepted');
    expect(now.scheduledStart?.toISOString()).toBe(new Date(`${date}T13:00:00+09:00`).toISOString());
  });

  it('prints with both parties, dates, place, what to bring, insurance, contacts and goals; names only when given', async () => {
    const coop = await coopWithPosting(context);
    const slot = await createSlot(db(), coop.organisation.id, coop.workplace.id, { capacity: 10, days: 9 });
    const school = await schoolStaff(context);
    const form = schoolFormBody(coop.workplace.id, {
      slotId: String(slot.id),
      groupSize: '3',
      studentNames: 'あおい\nいつき',
      insuranceKind: 'internship',
    });
    await postForm(school.agent, `${school.base}/school-requests`, form);
    const row = await requestByForm(form.formId);
    await postForm(coop.agent, `${coop.base}/requests/${row.id}/accept`, {
      slotId: String(slot.id),
      place: '',
      note: '',
    });
    await postForm(school.agent, `${school.base}/school-requests/${row.id}/confirm`, { agree: 'yes' });
    for (const [agent, path] of [
      [school.agent, `${school.base}/school-requests/${row.id}/agreement`],
      [coop.agent, `${coop.base}/requests/${row.id}/agreement`],
    ] as const) {
      const page = await agent.get(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain('三者協定');
      expect(page.text).toContain(coop.organisation.name);
      expect(page.text).toContain(school.organisation.name);
      expect(page.text).toContain(coop.workplace.addressLine);
      expect(page.text).toContain('筆記用具');
      expect(page.text).toContain('インターンシップ保険');
      expect(page.text).toContain('山田 花子');
      expect(page.text).toContain('職員室 03-1234-0000');
      expect(page.text).toContain('働く人の思いを知る');
      expect(page.text).toContain('<li>あおい</li>');
      expect(page.text).toContain('生徒3人');
      expect(page.text).not.toContain('案：まだ確定していません');
    }
    const views = await db()
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.action, 'request.agreement_view'), eq(auditLogTable.subjectId, row.id)));
    expect(views).toHaveLength(2);
  });

  it('an agreement without names says the students are counted only, and the co-op inbox shows group size and period', async () => {
    const { coop, row } = await asked({ groupSize: '7' });
    const inbox = await coop.agent.get(`${coop.base}/requests`);
    expect(inbox.text).toContain('学校からの申込み');
    expect(inbox.text).toContain('生徒7人');
    const page = await coop.agent.get(`${coop.base}/requests/${row.id}`);
    expect(page.text).toContain('人数のみ（名前は伝えていません）');
    expect(page.text).toContain('職員室 03-1234-0000');
    const [view] = await db()
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.action, 'request.view'), eq(auditLogTable.subjectId, row.id)));
    expect(view?.details).toMatchObject({ group: true });
  });
});

describe('who may see a school request', () => {
  it('another school, a co-op not asked and the co-op on the school pages all get 404', async () => {
    const { coop, school, row } = await asked();
    const otherSchool = await schoolStaff(context);
    expect((await otherSchool.agent.get(`${otherSchool.base}/school-requests/${row.id}`)).status).toBe(404);
    expect(
      (await otherSchool.agent.get(`${otherSchool.base}/school-requests/${row.id}/agreement`)).status,
    ).toBe(404);
    expect(
      (await postForm(otherSchool.agent, `${otherSchool.base}/school-requests/${row.id}/withdraw`, {}))
        .status,
    ).toBe(404);
    expect((await otherSchool.agent.get(`${otherSchool.base}/school-requests`)).text).not.toContain(
      `/school-requests/${row.id}"`,
    );
    const otherCoop = await coopWithPosting(context);
    expect((await otherCoop.agent.get(`${otherCoop.base}/requests/${row.id}/agreement`)).status).toBe(404);
    expect((await otherCoop.agent.get(`${otherCoop.base}/requests/${row.id}`)).status).toBe(404);
    // The co-op's staff are not a school: the school's pages are not theirs.
    expect((await coop.agent.get(`${coop.base}/school-requests`)).status).toBe(404);
    expect((await coop.agent.get(`${coop.base}/school-requests/new`)).status).toBe(404);
    // The school cannot reach the co-op's side of its own request.
    expect((await school.agent.get(`${school.base}/requests/${row.id}`)).status).toBe(404);
    expect((await school.agent.get(`${school.base}/requests/${row.id}/agreement`)).status).toBe(404);
  });

  it('a school not yet approved cannot ask', async () => {
    const coop = await coopWithPosting(context);
    const pending = await schoolStaff(context, { approvalState: 'pending' });
    expect((await pending.agent.get(`${pending.base}/school-requests/new`)).status).toBe(404);
    const response = await postForm(
      pending.agent,
      `${pending.base}/school-requests`,
      schoolFormBody(coop.workplace.id),
    );
    expect(response.status).toBe(404);
  });

  it("the school's own view of the teacher's and students' data is audited", async () => {
    const { school, row } = await asked({ studentNames: 'あおい' });
    await school.agent.get(`${school.base}/school-requests/${row.id}`);
    const [view] = await db()
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.action, 'request.school_view'), eq(auditLogTable.subjectId, row.id)));
    expect(view?.details).toMatchObject({ studentNames: true });
  });
});
