/**
 * 就労の相談 over HTTP on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): the seeker asks
 * from a posting, confirms by mail and follows a private link; the co-op answers from its inbox.
 */
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  availabilitySlotsTable,
  jobPostingsTable,
  mailOutboxTable,
  placementRequestsTable,
  requestProvisionsTable,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { useTestApp } from '../helpers/app.js';
import { createUser, postForm, signedInAgent } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createPosting } from '../helpers/factories.js';
import { coopStaff } from '../workspace/support.js';
import {
  askAndConfirm,
  coopWithPosting,
  createSlot,
  latestMail,
  linkToken,
  requestAudit,
  requestById,
  requestFormBody,
} from './support.js';

const clock = new TestClock();
const context = useTestApp({}, clock.now);
const db = () => context.database.db;
const anonymous = () => request(context.app.server);

describe('asking from a posting', () => {
  it('offers only the kinds the posting accepts, with the purpose notice above the button and no résumé, age or photo', async () => {
    const { posting } = await coopWithPosting(context);
    const page = await anonymous().get(`/jobs/${posting.id}/request`).expect(200);
    expect(page.text).toContain('value="visit"');
    expect(page.text).toContain('value="experience"');
    expect(page.text).not.toContain('value="short_trial"');
    const purpose = page.text.indexOf('個人情報の利用目的');
    expect(purpose).toBeGreaterThan(0);
    expect(purpose).toBeLessThan(page.text.indexOf('確認のメールを送る'));
    for (const asked of ['name="age"', 'name="birth', 'name="photo"', 'type="file"', 'name="resume"']) {
      expect(page.text).not.toContain(asked);
    }
  });

  it('shows the form again at 422 with what was typed and an error beside each field', async () => {
    const { posting } = await coopWithPosting(context);
    const form = requestFormBody({
      contactEmail: 'not-an-address',
      kind: 'short_trial',
      date1: '',
      start1: '',
      end1: '',
      accommodations: '車いすを使っています',
    });
    const response = await postForm(anonymous(), `/jobs/${posting.id}/request`, form).expect(422);
    expect(response.text).toContain('value="not-an-address"');
    expect(response.text).toContain('車いすを使っています');
    expect(response.text).toContain('メールアドレスの形で入力してください');
    expect(response.text).toContain('受け入れ日を選ぶか、希望の日時を1つ以上書いてください。');
    // Sensitive information is never kept without its own consent.
    expect(response.text).toContain('下の同意にチェックを入れてください');
    expect(response.text).toContain('申し込む内容を選んでください。');
    expect(await db().select().from(placementRequestsTable)).toHaveLength(0);
  });

  it('mails a single-use confirmation link; until it is used the co-op sees nothing', async () => {
    const staff = await coopWithPosting(context);
    const form = requestFormBody();
    await postForm(anonymous(), `/jobs/${staff.posting.id}/request`, form).expect(303);
    const mail = await latestMail(db(), form.contactEmail);
    expect(mail?.subject).toContain('申込みの確認');
    const token = linkToken(mail?.body ?? '', '/requests/confirm');
    const [stored] = await db().select().from(placementRequestsTable);
    expect(stored?.state).toBe('unconfirmed');
    expect(stored?.confirmTokenHash).not.toContain(token);
    expect((await staff.agent.get(`${staff.base}/requests`).expect(200)).text).not.toContain('みらい');

    // Opening the link changes nothing (mail scanners open links); the button sends it.
    await anonymous().get(`/requests/confirm?token=${token}`).expect(200);
    expect((await requestById(db(), stored!.id)).state).toBe('unconfirmed');
    const confirmed = await postForm(anonymous(), '/requests/confirm', { token }).expect(303);
    expect(confirmed.headers.location).toMatch(/^\/requests\/follow\?token=/);
    await postForm(anonymous(), '/requests/confirm', { token }).expect(404);

    // The staff are told; the requester gets the private link.
    expect((await latestMail(db(), staff.user.email))?.subject).toContain('新しい申込み');
    expect((await latestMail(db(), form.contactEmail))?.body).toContain('/requests/follow?token=');
    const inbox = await staff.agent.get(`${staff.base}/requests`).expect(200);
    expect(inbox.text).toContain(`/requests/${stored!.id}`);
  });

  it('refuses a confirmation link after 24 hours', async () => {
    const { posting } = await coopWithPosting(context);
    const form = requestFormBody();
    await postForm(anonymous(), `/jobs/${posting.id}/request`, form).expect(303);
    const token = linkToken((await latestMail(db(), form.contactEmail))?.body ?? '', '/requests/confirm');
    clock.advance(24 * 3600 + 60);
    try {
      await anonymous().get(`/requests/confirm?token=${token}`).expect(404);
      await postForm(anonymous(), '/requests/confirm', { token }).expect(404);
    } finally {
      clock.advance(-(24 * 3600 + 60));
    }
  });

  it('creates one request from a form sent twice, and mails once', async () => {
    const { posting } = await coopWithPosting(context);
    const form = requestFormBody();
    const [first, second] = await Promise.all([
      postForm(anonymous(), `/jobs/${posting.id}/request`, form),
      postForm(anonymous(), `/jobs/${posting.id}/request`, form),
    ]);
    expect([first.status, second.status]).toEqual([303, 303]);
    await postForm(anonymous(), `/jobs/${posting.id}/request`, form).expect(303);
    expect(await db().select().from(placementRequestsTable)).toHaveLength(1);
    expect(
      await db().select().from(mailOutboxTable).where(eq(mailOutboxTable.recipient, form.contactEmail)),
    ).toHaveLength(1);
  });

  it('holds a place in the chosen slot, and a full slot answers 409 with the dates that still have room', async () => {
    const staff = await coopWithPosting(context);
    const full = await createSlot(db(), staff.organisation.id, staff.workplace.id, { capacity: 1, days: 5 });
    const open = await createSlot(db(), staff.organisation.id, staff.workplace.id, {
      capacity: 2,
      days: 6,
      start: '14:00',
      end: '15:00',
    });
    await postForm(
      anonymous(),
      `/jobs/${staff.posting.id}/request`,
      requestFormBody({ slotId: String(full.id) }),
    ).expect(303);
    const refused = await postForm(
      anonymous(),
      `/jobs/${staff.posting.id}/request`,
      requestFormBody({ slotId: String(full.id), contactName: 'ふたりめ' }),
    ).expect(409);
    expect(refused.text).toContain('定員に達したため申し込めませんでした');
    expect(refused.text).toContain('ふたりめ');
    expect(refused.text).toContain(`value="${open.id}"`);
    expect(refused.text).not.toContain(`value="${full.id}"`);
    const [slot] = await db()
      .select()
      .from(availabilitySlotsTable)
      .where(eq(availabilitySlotsTable.id, full.id));
    expect(slot?.booked).toBe(1);
    // The posting page shows the places left.
    const page = await anonymous().get(`/jobs/${staff.posting.id}`).expect(200);
    expect(page.text).toContain('残り2人');
    expect(page.text).not.toContain('このサイトからの申込みは、まだできません');
  });
});

describe('the posting page', () => {
  it("offers the workplace's next five open dates soonest first, leaving out full, cancelled and past ones", async () => {
    const staff = await coopWithPosting(context);
    const { organisation, workplace } = staff;
    const slotAt = (days: number, start: string, capacity = 3) =>
      createSlot(db(), organisation.id, workplace.id, { days, start, end: '16:30', capacity }, clock.now());
    // Made out of order: the page orders them, not the insert.
    const sixth = await slotAt(9, '09:00');
    const third = await slotAt(3, '13:00');
    const first = await slotAt(1, '10:00');
    const fifth = await slotAt(5, '10:00');
    const second = await slotAt(2, '15:15', 1);
    const fourth = await slotAt(4, '09:30');
    const full = await slotAt(2, '09:00', 1);
    await db()
      .update(availabilitySlotsTable)
      .set({ booked: 1 })
      .where(eq(availabilitySlotsTable.id, full.id));
    const cancelled = await slotAt(1, '09:00');
    await db()
      .update(availabilitySlotsTable)
      .set({ status: 'cancelled' })
      .where(eq(availabilitySlotsTable.id, cancelled.id));
    const past = await slotAt(-1, '10:00');

    const page = await anonymous().get(`/jobs/${staff.posting.id}`).expect(200);
    const offered = [...page.text.matchAll(/request\?slot=(\d+)/g)].map((match) => Number(match[1]));
    expect(offered).toEqual([first.id, second.id, third.id, fourth.id, fifth.id]);
    for (const left of [sixth, full, cancelled, past]) expect(offered).not.toContain(left.id);
    // Each with its date and times in Tokyo, and the places left.
    const secondDay = addDays(todayInTokyo(clock.now()), 2).split('-').map(Number);
    expect(page.text).toContain(`${secondDay[0]}年${secondDay[1]}月${secondDay[2]}日 15:15〜16:30`);
    expect(page.text).toContain('残り1人');
    expect(page.text).toContain('残り3人');

    const english = await anonymous().get(`/jobs/${staff.posting.id}`).set('Cookie', 'lang=en').expect(200);
    expect(english.text).toContain('15:15–16:30');
  });

  it('offers no dates once the posting has closed', async () => {
    const staff = await coopWithPosting(context);
    await createSlot(db(), staff.organisation.id, staff.workplace.id, { days: 3 }, clock.now());
    const open = await anonymous().get(`/jobs/${staff.posting.id}`).expect(200);
    expect(open.text).toMatch(/request\?slot=\d+/);
    await db()
      .update(jobPostingsTable)
      .set({ status: 'closed' })
      .where(eq(jobPostingsTable.id, staff.posting.id));
    const closed = await anonymous().get(`/jobs/${staff.posting.id}`).expect(200);
    expect(closed.text).not.toMatch(/request\?slot=\d+/);
  });
});

describe('a slot offered for other kinds', () => {
  it('is refused beside the date at 422, and no place is taken', async () => {
    const staff = await coopWithPosting(context);
    const slot = await createSlot(db(), staff.organisation.id, staff.workplace.id, { kinds: ['experience'] });
    const refused = await postForm(
      anonymous(),
      `/jobs/${staff.posting.id}/request`,
      requestFormBody({ kind: 'visit', slotId: String(slot.id) }),
    ).expect(422);
    expect(refused.text).toContain('この日は、選んだ内容の受け入れをしていません。');
    const [after] = await db()
      .select()
      .from(availabilitySlotsTable)
      .where(eq(availabilitySlotsTable.id, slot.id));
    expect(after?.booked).toBe(0);
  });
});

describe('a mailbox cannot be flooded through the form', () => {
  it('refuses the 11th request to one address within 15 minutes at 429, keeping what was typed', async () => {
    const { posting } = await coopWithPosting(context);
    const contactEmail = 'flooded@example.jp';
    for (let n = 0; n < 10; n++) {
      await postForm(anonymous(), `/jobs/${posting.id}/request`, requestFormBody({ contactEmail })).expect(
        303,
      );
    }
    const refused = await postForm(
      anonymous(),
      `/jobs/${posting.id}/request`,
      requestFormBody({ contactEmail: 'Flooded@example.jp', contactName: 'じゅういち' }),
    ).expect(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.text).toContain('じゅういち');
    expect(await db().select().from(placementRequestsTable)).toHaveLength(10);
    // Another address is not affected.
    await postForm(anonymous(), `/jobs/${posting.id}/request`, requestFormBody()).expect(303);
  });
});

describe('the private follow-up link', () => {
  it('answers 404 to a wrong token on every page and action', async () => {
    const { posting } = await coopWithPosting(context);
    await askAndConfirm(context, posting.id);
    const wrong = 'x'.repeat(32);
    await anonymous().get(`/requests/follow?token=${wrong}`).expect(404);
    await anonymous().get('/requests/follow').expect(404);
    await anonymous().get(`/requests/follow/calendar.ics?token=${wrong}`).expect(404);
    for (const action of ['withdraw', 'choose', 'dates', 'message', 'correct', 'delete']) {
      await postForm(anonymous(), `/requests/follow/${action}`, { token: wrong, body: 'x' }).expect(404);
    }
  });

  it('shows the state, carries messages both ways, corrects and finally deletes the data', async () => {
    const staff = await coopWithPosting(context);
    const { followToken, request: asked, form } = await askAndConfirm(context, staff.posting.id);
    const page = await anonymous().get(`/requests/follow?token=${followToken}`).expect(200);
    expect(page.text).toContain('団体からの返事待ち');
    // The requester sees what was passed to the co-op and on what consent.
    expect(page.text).toContain('団体に情報を渡した記録');
    expect(page.text).toContain('お名前、メールアドレス');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');

    await postForm(anonymous(), '/requests/follow/message', {
      token: followToken,
      formId: crypto.randomUUID(),
      body: '駐車場はありますか',
    }).expect(303);
    expect((await latestMail(db(), staff.user.email))?.subject).toContain('メッセージ');
    const staffPage = await staff.agent.get(`${staff.base}/requests/${asked.id}`).expect(200);
    expect(staffPage.text).toContain('駐車場はありますか');
    await postForm(staff.agent, `${staff.base}/requests/${asked.id}/message`, {
      formId: crypto.randomUUID(),
      body: '2台分あります',
    }).expect(303);
    expect((await latestMail(db(), form.contactEmail))?.subject).toContain('メッセージが届きました');
    expect((await anonymous().get(`/requests/follow?token=${followToken}`)).text).toContain('2台分あります');

    await postForm(anonymous(), '/requests/follow/correct', {
      token: followToken,
      contactName: 'みらい2',
      contactEmail: form.contactEmail,
      contactPhone: '090-0000-0000',
      notes: '',
      accommodations: '',
    }).expect(303);
    const corrected = await requestById(db(), asked.id);
    expect(corrected.contactName).toBe('みらい2');
    const provisions = await db()
      .select()
      .from(requestProvisionsTable)
      .where(eq(requestProvisionsTable.requestId, asked.id));
    expect(provisions.map((provision) => provision.items)).toEqual([
      ['contact_name', 'contact_email'],
      ['contact_name', 'contact_phone'],
    ]);

    await postForm(anonymous(), '/requests/follow/delete', { token: followToken }).expect(303);
    const erased = await requestById(db(), asked.id);
    expect(erased).toMatchObject({
      state: 'withdrawn',
      contactName: '',
      contactEmail: null,
      contactPhone: null,
      followTokenHash: null,
    });
    await anonymous().get(`/requests/follow?token=${followToken}`).expect(404);
    expect((await staff.agent.get(`${staff.base}/requests/${asked.id}`)).text).not.toContain(
      '駐車場はありますか',
    );
  });

  it('can be sent again to the address the request was made with; the old link stops working', async () => {
    const { posting } = await coopWithPosting(context);
    const { followToken, form } = await askAndConfirm(context, posting.id);
    const before = await db().select().from(mailOutboxTable);
    await postForm(anonymous(), '/requests/link', { email: 'nobody-asked@example.jp' }).expect(303);
    expect(await db().select().from(mailOutboxTable)).toHaveLength(before.length);
    const sent = await postForm(anonymous(), '/requests/link', {
      email: form.contactEmail.toUpperCase(),
    }).expect(303);
    expect(sent.headers.location).toBe('/requests/link/sent');
    const mail = await latestMail(db(), form.contactEmail);
    expect(mail?.subject).toContain('新しいリンク');
    const fresh = linkToken(mail?.body ?? '', '/requests/follow');
    await anonymous().get(`/requests/follow?token=${followToken}`).expect(404);
    await anonymous().get(`/requests/follow?token=${fresh}`).expect(200);
    const refused = await postForm(anonymous(), '/requests/link', { email: 'not an address' }).expect(422);
    expect(refused.text).toContain('value="not an address"');
  });

  it('keeps accommodations only with their own consent, and shows them to the co-op asked', async () => {
    const staff = await coopWithPosting(context);
    const { request: asked } = await askAndConfirm(context, staff.posting.id, {
      accommodations: '聴覚障がいがあるので筆談でお願いします',
      sensitiveConsent: 'yes',
    });
    expect(asked.sensitiveConsentAt).not.toBeNull();
    const [provision] = await db()
      .select()
      .from(requestProvisionsTable)
      .where(eq(requestProvisionsTable.requestId, asked.id));
    expect(provision).toMatchObject({
      recipientOrganisationId: staff.organisation.id,
      items: ['contact_name', 'contact_email', 'accommodations'],
      consentBasis: ['requester_submission', 'sensitive_consent'],
    });
    const page = await staff.agent.get(`${staff.base}/requests/${asked.id}`).expect(200);
    expect(page.text).toContain('筆談でお願いします');
    // Both sides see the provision record: which items, on what consent.
    expect(page.text).toContain('団体に情報を渡した記録');
    expect(page.text).toContain('配慮してほしいことについての同意');
    // Another co-op's staff cannot open it.
    const other = await coopStaff(context);
    await other.agent.get(`${other.base}/requests/${asked.id}`).expect(404);
    await other.agent.get(`${staff.base}/requests/${asked.id}`).expect(404);
    // The view was audited: who, when, which request.
    const views = (await requestAudit(db(), asked.id)).filter((entry) => entry.action === 'request.view');
    expect(views).toHaveLength(1);
    expect(views[0]?.actorUserId).toBe(staff.user.id);
  });
});

describe('the co-op answers', () => {
  it('accepts into the slot the requester chose; the follow-up page shows the date with an .ics file', async () => {
    const staff = await coopWithPosting(context);
    const slot = await createSlot(db(), staff.organisation.id, staff.workplace.id, { capacity: 2 });
    const {
      followToken,
      request: asked,
      form,
    } = await askAndConfirm(context, staff.posting.id, { slotId: String(slot.id) });
    await postForm(staff.agent, `${staff.base}/requests/${asked.id}/accept`, {
      slotId: String(slot.id),
      note: '',
    }).expect(303);
    expect((await requestById(db(), asked.id)).state).toBe('accepted');
    const [after] = await db()
      .select()
      .from(availabilitySlotsTable)
      .where(eq(availabilitySlotsTable.id, slot.id));
    expect(after?.booked).toBe(1);
    expect((await latestMail(db(), form.contactEmail))?.subject).toContain('日時が決まりました');

    const page = await anonymous().get(`/requests/follow?token=${followToken}`).expect(200);
    expect(page.text).toContain('日時が決まりました');
    expect(page.text).toContain('正面入口');
    const ics = await anonymous().get(`/requests/follow/calendar.ics?token=${followToken}`).expect(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.text).toContain('BEGIN:VEVENT');
    expect(ics.text).toContain(`DTSTART:${slot.startsAt.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`);
    expect(ics.text).toContain('筆記用具');

    // Done, then the outcome; the illegal order is refused with the reason.
    const early = await postForm(staff.agent, `${staff.base}/requests/${asked.id}/outcome`, {
      outcome: 'employed',
    }).expect(409);
    expect(early.text).toContain('この申込みはいま「日時が決まりました」なので、その後の記録はできません。');
    await postForm(staff.agent, `${staff.base}/requests/${asked.id}/complete`, {}).expect(303);
    await postForm(staff.agent, `${staff.base}/requests/${asked.id}/outcome`, {
      outcome: 'joined_member',
    }).expect(303);
    expect(await requestById(db(), asked.id)).toMatchObject({ state: 'completed', outcome: 'joined_member' });
    const actions = (await requestAudit(db(), asked.id)).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'request.create',
        'request.confirm',
        'request.accept',
        'request.complete',
        'request.record_outcome',
      ]),
    );
  });

  it('proposes other dates; the requester takes one', async () => {
    const staff = await coopWithPosting(context);
    const { followToken, request: asked, form } = await askAndConfirm(context, staff.posting.id);
    const today = new Date(clock.now().getTime() + 9 * 3600_000).toISOString().slice(0, 10);
    const date = new Date(`${today}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + 14);
    const proposed = date.toISOString().slice(0, 10);
    await postForm(staff.agent, `${staff.base}/requests/${asked.id}/propose`, {
      date1: proposed,
      start1: '13:00',
      end1: '14:00',
      note: 'この日はいかがですか',
    }).expect(303);
    expect((await latestMail(db(), form.contactEmail))?.subject).toContain('別の日時の提案');
    await postForm(anonymous(), '/requests/follow/choose', { token: followToken, choice: '0' }).expect(303);
    const chosen = await requestById(db(), asked.id);
    expect(chosen.state).toBe('accepted');
    expect(chosen.scheduledStart?.toISOString()).toBe(new Date(`${proposed}T13:00:00+09:00`).toISOString());
  });

  it('declines with the kind wording of the reason, and gives the place back', async () => {
    const staff = await coopWithPosting(context);
    const slot = await createSlot(db(), staff.organisation.id, staff.workplace.id, { capacity: 1 });
    const { request: asked, form } = await askAndConfirm(context, staff.posting.id, {
      slotId: String(slot.id),
    });
    await postForm(staff.agent, `${staff.base}/requests/${asked.id}/decline`, {
      reason: 'dates_unavailable',
      note: '',
    }).expect(303);
    const mail = await latestMail(db(), form.contactEmail);
    expect(mail?.body).toContain('ご希望の日時には職場見学をお受けできませんでした');
    const [after] = await db()
      .select()
      .from(availabilitySlotsTable)
      .where(eq(availabilitySlotsTable.id, slot.id));
    expect(after?.booked).toBe(0);
    const again = await postForm(staff.agent, `${staff.base}/requests/${asked.id}/accept`, {
      slotId: String(slot.id),
    }).expect(409);
    expect(again.text).toContain('「今回はお受けできませんでした」なので、受け入れはできません。');
  });

  it('creates a weekly pattern of slots, and cancelling one tells the booked person in their language', async () => {
    const staff = await coopWithPosting(context);
    const today = new Date(clock.now().getTime() + 9 * 3600_000).toISOString().slice(0, 10);
    const start = new Date(`${today}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() + 3);
    const form = {
      formId: crypto.randomUUID(),
      workplaceId: String(staff.workplace.id),
      date: start.toISOString().slice(0, 10),
      start: '10:00',
      end: '11:00',
      capacity: '2',
      weeks: '4',
      kinds: 'visit',
      whatToBring: '',
      whatToWear: '',
      payYen: '',
      transportCosts: '',
      insurance: '',
      meetingPoint: '',
    };
    await postForm(staff.agent, `${staff.base}/slots`, form).expect(303);
    await postForm(staff.agent, `${staff.base}/slots`, form).expect(303);
    const slots = await db().select().from(availabilitySlotsTable).orderBy(availabilitySlotsTable.startsAt);
    expect(slots).toHaveLength(4);
    expect((slots[1]!.startsAt.getTime() - slots[0]!.startsAt.getTime()) / 86_400_000).toBe(7);
    const refused = await postForm(staff.agent, `${staff.base}/slots`, {
      ...form,
      formId: crypto.randomUUID(),
      capacity: '0',
      end: '09:00',
    }).expect(422);
    expect(refused.text).toContain('定員は1〜200人の数字で入れてください。');
    expect(refused.text).toContain('終了時刻は開始時刻より後にしてください。');

    const { request: asked, form: asking } = await askAndConfirm(context, staff.posting.id, {
      slotId: String(slots[0]!.id),
    });
    await db()
      .update(placementRequestsTable)
      .set({ locale: 'en' })
      .where(eq(placementRequestsTable.id, asked.id));
    await postForm(staff.agent, `${staff.base}/slots/${slots[0]!.id}/cancel`, {}).expect(303);
    const mail = await latestMail(db(), asking.contactEmail);
    expect(mail?.subject).toContain('Your date has been cancelled');
    expect(await requestById(db(), asked.id)).toMatchObject({
      state: 'submitted',
      holdsPlace: false,
      slotId: null,
    });
  });
});

describe('the account page', () => {
  it('lists the requests a signed-in seeker made', async () => {
    const staff = await coopWithPosting(context);
    const seeker = await createUser(db());
    const agent = await signedInAgent(context, seeker);
    await postForm(
      agent,
      `/jobs/${staff.posting.id}/request`,
      requestFormBody({ contactName: 'アカウントあり' }),
    ).expect(303);
    const page = await agent.get('/account').expect(200);
    expect(page.text).toContain('見学・体験の申込み');
    expect(page.text).toContain(staff.organisation.name);
    // A posting that accepts nothing has no request form.
    const closed = await createPosting(db(), staff.workplace.id, {
      acceptsVisit: false,
      acceptsExperience: false,
    });
    await anonymous().get(`/jobs/${closed.id}/request`).expect(404);
  });
});
