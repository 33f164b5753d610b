/**
 * Asking a workplace directly (not through a posting), over HTTP on a real database (PGlite, or
 * PostgreSQL with TEST_DATABASE_URL): the organisation page's link, the kinds offered, the same form,
 * confirmation, inbox, mails and audit as a posting's request.
 */
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  availabilitySlotsTable,
  placementRequestsTable,
  requestProvisionsTable,
} from '../../src/db/schema/index.js';
import { useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createOrganisation, createPosting, createWorkplace } from '../helpers/factories.js';
import { coopStaff } from '../workspace/support.js';
import {
  askAndConfirm,
  askAndConfirmAt,
  createSlot,
  latestMail,
  requestAudit,
  requestById,
  requestFormBody,
} from './support.js';

const clock = new TestClock();
const context = useTestApp({}, clock.now);
const db = () => context.database.db;
const anonymous = () => request(context.app.server);
const formPath = (workplaceId: number) => `/workplaces/${workplaceId}/request`;
const ABOUT_WORKPLACE = '事業所への申込み（求人からではありません）';

/**
 * A co-op with three workplaces: one with an open posting accepting visits and work experience, one with
 * only a future slot offering short trials, one whose only slot is full and whose posting has closed.
 */
async function coopWithWorkplaces() {
  const staff = await coopStaff(context, {}, { name: '本部事業所' });
  const posting = await createPosting(db(), staff.workplace.id, {
    title: '配食の調理スタッフ',
    acceptsVisit: true,
    acceptsExperience: true,
    acceptsShortTrial: false,
  });
  const slotted = await createWorkplace(db(), staff.organisation.id, { name: '農園事業所' });
  const trialSlot = await createSlot(db(), staff.organisation.id, slotted.id, {
    kinds: ['short_trial'],
    days: 6,
  });
  const closed = await createWorkplace(db(), staff.organisation.id, { name: '倉庫事業所' });
  const fullSlot = await createSlot(db(), staff.organisation.id, closed.id, { capacity: 1 });
  await db()
    .update(availabilitySlotsTable)
    .set({ booked: 1 })
    .where(eq(availabilitySlotsTable.id, fullSlot.id));
  await createPosting(db(), closed.id, {
    acceptsVisit: true,
    postedOn: '2026-01-05',
    validThrough: '2026-02-01',
  });
  return { ...staff, posting, slotted, trialSlot, closed };
}

describe('the organisation page', () => {
  it('links each workplace that takes requests to its form, with the kinds it takes, and no other', async () => {
    const coop = await coopWithWorkplaces();
    const page = await anonymous().get(`/organisations/${coop.organisation.id}`).expect(200);
    expect(page.text).toContain(`href="${formPath(coop.workplace.id)}"`);
    expect(page.text).toContain('受け入れ：職場見学・就労体験');
    expect(page.text).toContain(`href="${formPath(coop.slotted.id)}"`);
    expect(page.text).toContain('受け入れ：短時間就労');
    expect(page.text).not.toContain(`href="${formPath(coop.closed.id)}"`);
    // A workplace taking nothing has no form either, whatever the address typed.
    await anonymous().get(formPath(coop.closed.id)).expect(404);
    await postForm(anonymous(), formPath(coop.closed.id), requestFormBody()).expect(404);
  });

  it('offers no form for a workplace of a co-op not yet approved', async () => {
    const pending = await createOrganisation(db(), { approvalState: 'pending' });
    const workplace = await createWorkplace(db(), pending.id);
    await createSlot(db(), pending.id, workplace.id);
    await anonymous().get(formPath(workplace.id)).expect(404);
    await anonymous().get('/workplaces/not-a-number/request').expect(404);
  });
});

describe('asking from a workplace', () => {
  it('offers the kinds the workplace takes and its next open slots, with the purpose notice above the button', async () => {
    const coop = await coopWithWorkplaces();
    const page = await anonymous().get(formPath(coop.slotted.id)).expect(200);
    expect(page.text).toContain('「農園事業所」への申込みです');
    expect(page.text).toContain(`action="${formPath(coop.slotted.id)}"`);
    expect(page.text).toContain('value="short_trial"');
    expect(page.text).not.toContain('value="visit"');
    expect(page.text).not.toContain('value="experience"');
    expect(page.text).toContain(`name="slotId" id="f-slotId-${coop.trialSlot.id}"`);
    const purpose = page.text.indexOf('個人情報の利用目的');
    expect(purpose).toBeGreaterThan(0);
    expect(purpose).toBeLessThan(page.text.indexOf('確認のメールを送る'));

    const withPosting = await anonymous().get(formPath(coop.workplace.id)).expect(200);
    expect(withPosting.text).toContain('value="visit"');
    expect(withPosting.text).toContain('value="experience"');
    expect(withPosting.text).not.toContain('value="short_trial"');
  });

  it('shows the form again at 422 with what was typed and an error beside each field, storing nothing', async () => {
    const coop = await coopWithWorkplaces();
    const form = requestFormBody({
      kind: 'visit',
      contactEmail: 'not-an-address',
      contactName: 'ひかり',
      date1: '',
      start1: '',
      end1: '',
    });
    const response = await postForm(anonymous(), formPath(coop.slotted.id), form).expect(422);
    expect(response.text).toContain(`action="${formPath(coop.slotted.id)}"`);
    expect(response.text).toContain('value="not-an-address"');
    expect(response.text).toContain('value="ひかり"');
    expect(response.text).toContain('メールアドレスの形で入力してください');
    expect(response.text).toContain('申し込む内容を選んでください。');
    expect(response.text).toContain('受け入れ日を選ぶか、希望の日時を1つ以上書いてください。');
    expect(await db().select().from(placementRequestsTable)).toHaveLength(0);
  });

  it('is confirmed by mail and reaches the inbox as asked about the workplace, with its mails, audit and provision record', async () => {
    const coop = await coopWithWorkplaces();
    const asked = await askAndConfirmAt(context, formPath(coop.slotted.id), {
      kind: 'short_trial',
      slotId: String(coop.trialSlot.id),
    });
    expect(asked.request).toMatchObject({
      postingId: null,
      workplaceId: coop.slotted.id,
      organisationId: coop.organisation.id,
      kind: 'short_trial',
      slotId: coop.trialSlot.id,
      state: 'submitted',
    });
    const [slot] = await db()
      .select()
      .from(availabilitySlotsTable)
      .where(eq(availabilitySlotsTable.id, coop.trialSlot.id));
    expect(slot?.booked).toBe(1);
    expect((await latestMail(db(), coop.user.email))?.subject).toContain(
      '新しい申込み：短時間就労（農園事業所）',
    );
    expect((await latestMail(db(), asked.form.contactEmail))?.body).toContain('/requests/follow?token=');
    const actions = (await requestAudit(db(), asked.request.id)).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['request.create', 'request.confirm']));
    const provisions = await db()
      .select()
      .from(requestProvisionsTable)
      .where(eq(requestProvisionsTable.requestId, asked.request.id));
    expect(provisions).toHaveLength(1);

    // The follow-up page and the co-op's pages say it was the workplace that was asked.
    const follow = await anonymous().get(`/requests/follow?token=${asked.followToken}`).expect(200);
    expect(follow.text).toContain(ABOUT_WORKPLACE);
    const staffPage = await coop.agent.get(`${coop.base}/requests/${asked.request.id}`).expect(200);
    expect(staffPage.text).toContain(ABOUT_WORKPLACE);
    expect(staffPage.text).toContain(asked.form.contactName);
  });

  it('sits in the inbox beside posting requests, each saying what was asked about', async () => {
    const coop = await coopWithWorkplaces();
    const fromWorkplace = await askAndConfirmAt(context, formPath(coop.workplace.id));
    const fromPosting = await askAndConfirm(context, coop.posting.id);
    const inbox = await coop.agent.get(`${coop.base}/requests`).expect(200);
    const rowOf = (id: number) => {
      const start = inbox.text.indexOf(`/requests/${id}"`);
      return inbox.text.slice(start, inbox.text.indexOf('</tr>', start));
    };
    expect(rowOf(fromWorkplace.request.id)).toContain(ABOUT_WORKPLACE);
    expect(rowOf(fromPosting.request.id)).toContain('配食の調理スタッフ');
    expect(rowOf(fromPosting.request.id)).not.toContain(ABOUT_WORKPLACE);
  });

  it('creates one request from a form sent twice', async () => {
    const coop = await coopWithWorkplaces();
    const form = requestFormBody();
    const [first, second] = await Promise.all([
      postForm(anonymous(), formPath(coop.workplace.id), form),
      postForm(anonymous(), formPath(coop.workplace.id), form),
    ]);
    expect([first.status, second.status]).toEqual([303, 303]);
    const stored = await db().select().from(placementRequestsTable);
    expect(stored).toHaveLength(1);
    expect((await requestById(db(), stored[0]!.id)).postingId).toBeNull();
  });
});
