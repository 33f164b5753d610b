import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { systemContext } from '../../src/auth/context.js';
import {
  availabilitySlotsTable,
  mailOutboxTable,
  placementRequestsTable,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import {
  defaultRequestPolicy,
  runRequestMaintenance,
} from '../../src/modules/requests/requests.maintenance.js';
import { tokyoInstant } from '../../src/modules/requests/requests.rules.js';
import { useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { createPosting } from '../helpers/factories.js';
import { secretariatAdmin } from '../helpers/roles.js';
import {
  askAndConfirm,
  askAndConfirmAt,
  coopWithPosting,
  createSlot,
  latestMail,
  requestById,
  requestFormBody,
} from './support.js';

const context = useTestApp();
const db = () => context.database.db;
const run = (now: Date) =>
  runRequestMaintenance(
    systemContext({ db: db(), now, publicUrl: 'https://yoishigoto.example.jp' }),
    defaultRequestPolicy,
  );

async function mailsTo(address: string) {
  return db().select().from(mailOutboxTable).where(eq(mailOutboxTable.recipient, address));
}

describe('unanswered requests', () => {
  it('remind the co-op after 3 business days (a holiday does not count), then reach the secretariat', async () => {
    const staff = await coopWithPosting(context);
    const secretariat = await secretariatAdmin(context);
    const { request: asked } = await askAndConfirm(context, staff.posting.id);
    // Asked on Friday 20 November 2026; Monday 23 is 勤労感謝の日.
    await db()
      .update(placementRequestsTable)
      .set({
        waitingSince: tokyoInstant('2026-11-20', '10:00'),
        preferredTimes: [{ date: '2027-03-01', start: '10:00', end: '11:00' }],
      })
      .where(eq(placementRequestsTable.id, asked.id));
    const before = (await mailsTo(staff.user.email)).length;

    expect((await run(tokyoInstant('2026-11-26', '10:00'))).reminded).toBe(0); // Tue, Wed passed: 2
    expect((await run(tokyoInstant('2026-11-27', '10:00'))).reminded).toBe(1); // Thu passed too: 3
    expect((await run(tokyoInstant('2026-11-27', '11:00'))).reminded).toBe(0); // once
    const reminder = (await mailsTo(staff.user.email)).slice(before);
    expect(reminder).toHaveLength(1);
    expect(reminder[0]?.subject).toContain('返事を待っている申込み');

    const queue = () => secretariat.agent.get('/console/requests').expect(200);
    expect((await queue()).text).not.toContain(staff.organisation.name);
    expect((await run(tokyoInstant('2026-12-01', '10:00'))).escalated).toBe(0); // 24–27 and 30 Nov: 5
    expect((await run(tokyoInstant('2026-12-02', '10:00'))).escalated).toBe(1); // and 1 Dec: 6
    expect((await latestMail(db(), secretariat.staff.email))?.subject).toContain('返事のない申込み');
    const page = (await queue()).text;
    expect(page).toContain(staff.organisation.name);
    // The secretariat follows up with the co-op; the requester's data is not on its page.
    expect(page).not.toContain(asked.contactEmail as string);
    expect(page).not.toContain(asked.contactName);
    expect((await staff.agent.get(`${staff.base}/requests`)).text).toContain('事務局にも知らせています');
  });

  it('expire when every date passed unanswered, telling the requester kindly with similar postings', async () => {
    const staff = await coopWithPosting(context);
    const similar = await createPosting(db(), staff.workplace.id, {
      title: '似ている求人',
      acceptsVisit: true,
    });
    const { request: asked, form } = await askAndConfirm(context, staff.posting.id);
    const today = todayInTokyo();
    await db()
      .update(placementRequestsTable)
      .set({ preferredTimes: [{ date: addDays(today, -1), start: '10:00', end: '11:00' }] })
      .where(eq(placementRequestsTable.id, asked.id));
    expect((await run(new Date())).expired).toBe(1);
    expect((await requestById(db(), asked.id)).state).toBe('expired');
    const mail = await latestMail(db(), form.contactEmail);
    expect(mail?.subject).toContain('日時が過ぎました');
    expect(mail?.body).toContain('お待たせして、ごめんなさい');
    expect(mail?.body).toContain(`/jobs/${similar.id}`);
    expect((await run(new Date())).expired).toBe(0);
  });

  it('expire a request made to a workplace directly, with open postings near it in the kind mail', async () => {
    const staff = await coopWithPosting(context);
    const { request: asked, form } = await askAndConfirmAt(
      context,
      `/workplaces/${staff.workplace.id}/request`,
    );
    expect(asked.postingId).toBeNull();
    await db()
      .update(placementRequestsTable)
      .set({ preferredTimes: [{ date: addDays(todayInTokyo(), -1), start: '10:00', end: '11:00' }] })
      .where(eq(placementRequestsTable.id, asked.id));
    expect((await run(new Date())).expired).toBe(1);
    const mail = await latestMail(db(), form.contactEmail);
    expect(mail?.body).toContain('お待たせして、ごめんなさい');
    expect(mail?.body).toContain(`/jobs/${staff.posting.id}`);
  });

  it('send the requester a reminder the day before, once', async () => {
    const staff = await coopWithPosting(context);
    const slot = await createSlot(db(), staff.organisation.id, staff.workplace.id, { days: 1 });
    const { request: asked, form } = await askAndConfirm(context, staff.posting.id, {
      slotId: String(slot.id),
    });
    await postForm(staff.agent, `${staff.base}/requests/${asked.id}/accept`, {
      slotId: String(slot.id),
    }).expect(303);
    expect((await run(new Date())).dayBeforeReminders).toBe(1);
    expect((await latestMail(db(), form.contactEmail))?.subject).toContain('明日は職場見学の日です');
    expect((await run(new Date())).dayBeforeReminders).toBe(0);
  });
});

describe('retention', () => {
  it('deletes requests nobody confirmed within a day, giving their places back', async () => {
    const staff = await coopWithPosting(context);
    const slot = await createSlot(db(), staff.organisation.id, staff.workplace.id, { capacity: 1 });
    await postForm(
      request(context.app.server),
      `/jobs/${staff.posting.id}/request`,
      requestFormBody({ slotId: String(slot.id) }),
    ).expect(303);
    expect((await run(new Date(Date.now() + 23 * 3600_000))).unconfirmedDeleted).toBe(0);
    expect((await run(new Date(Date.now() + 25 * 3600_000))).unconfirmedDeleted).toBe(1);
    expect(await db().select().from(placementRequestsTable)).toHaveLength(0);
    const [after] = await db()
      .select()
      .from(availabilitySlotsTable)
      .where(eq(availabilitySlotsTable.id, slot.id));
    expect(after?.booked).toBe(0);
  });

  it('erases the personal data 12 months after closing; the follow-up link said when, and then stops working', async () => {
    const staff = await coopWithPosting(context);
    const { request: asked, followToken } = await askAndConfirm(context, staff.posting.id);
    await postForm(request(context.app.server), '/requests/follow/withdraw', { token: followToken }).expect(
      303,
    );
    const closed = await requestById(db(), asked.id);
    const page = await request(context.app.server).get(`/requests/follow?token=${followToken}`).expect(200);
    const erasure = new Date(closed.closedAt as Date);
    erasure.setUTCMonth(erasure.getUTCMonth() + 12);
    const [year, month, day] = todayInTokyo(erasure).split('-').map(Number);
    expect(page.text).toContain(`${year}年${month}月${day}日に、お名前・連絡先・メッセージを消去します。`);

    const elevenMonths = new Date(closed.closedAt as Date);
    elevenMonths.setUTCMonth(elevenMonths.getUTCMonth() + 11);
    expect((await run(elevenMonths)).anonymised).toBe(0);
    const thirteen = new Date(closed.closedAt as Date);
    thirteen.setUTCMonth(thirteen.getUTCMonth() + 13);
    expect((await run(thirteen)).anonymised).toBe(1);
    expect(await requestById(db(), asked.id)).toMatchObject({
      contactName: '',
      contactEmail: null,
      state: 'withdrawn',
    });
    await request(context.app.server).get(`/requests/follow?token=${followToken}`).expect(404);
  });
});
