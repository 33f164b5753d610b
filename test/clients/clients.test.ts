/**
 * Counselors' clients over HTTP on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL):
 * register a client, record consent, book a short trial, the co-op's reads checked against the consent
 * (provision records while it holds, nothing once it has expired or been revoked), the caseload, and the
 * one-time link.
 */
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  auditLogTable,
  availabilitySlotsTable,
  clientConsentsTable,
  mailOutboxTable,
  placementRequestsTable,
  requestProvisionsTable,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { useTestApp } from '../helpers/app.js';
import { postForm, signedInAgent } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createPosting } from '../helpers/factories.js';
import { createSlot } from '../requests/support.js';
import { coopStaff } from '../workspace/support.js';
import {
  bookingBody,
  clientById,
  consentBody,
  counselor,
  latestRequest,
  postFields,
  recordConsent,
  registerClient,
} from './support.js';

const clock = new TestClock();
const context = useTestApp({}, clock.now);
const db = () => context.database.db;

/** A co-op with a posting that takes short trials and a slot for them in a week. */
async function coop() {
  const staff = await coopStaff(context);
  const posting = await createPosting(db(), staff.workplace.id, {
    acceptsVisit: true,
    acceptsExperience: false,
    acceptsShortTrial: true,
  });
  const slot = await createSlot(
    db(),
    staff.organisation.id,
    staff.workplace.id,
    {
      kinds: ['visit', 'short_trial'],
      days: 7,
    },
    clock.now(),
  );
  return { ...staff, posting, slot };
}

/** A counselor, a client with consent to the co-op, and a short trial booked on the slot. */
async function booked(consent: Record<string, string | string[]> = {}) {
  const co = await coop();
  const who = await counselor(context);
  const clientId = await registerClient(who, 'Y.T.', '生活保護を受給中（団体内のみ）');
  const recorded = await recordConsent(context, who, clientId, co.organisation.id, consent, clock.now());
  const response = await postForm(
    who.agent,
    `${who.base}/clients/${clientId}/consents/${recorded.id}/book`,
    bookingBody({ posting: co.posting.id }, { kind: 'short_trial', slotId: String(co.slot.id) }),
  );
  expect(response.status).toBe(303);
  const placement = await latestRequest(db());
  return { co, who, clientId, consent: recorded, placement };
}

const provisionsOf = (requestId: number) =>
  db().select().from(requestProvisionsTable).where(eq(requestProvisionsTable.requestId, requestId));

describe('registering a client', () => {
  it('asks only for a display name and private notes, with the purpose notice above the button', async () => {
    const who = await counselor(context);
    const page = await who.agent.get(`${who.base}/clients/new`).expect(200);
    expect(page.text).toContain('name="displayName"');
    expect(page.text).toContain('name="notes"');
    for (const asked of ['name="age"', 'name="birth', 'name="address"', 'type="file"', 'name="contactEmail"'])
      expect(page.text).not.toContain(asked);
    const purpose = page.text.indexOf('個人情報の利用目的');
    expect(purpose).toBeGreaterThan(0);
    expect(purpose).toBeLessThan(page.text.indexOf('>登録する</button>'));
  });

  it('shows the form again at 422 with an error beside the name; a double submit makes one client', async () => {
    const who = await counselor(context);
    const refused = await postForm(who.agent, `${who.base}/clients`, {
      formId: crypto.randomUUID(),
      displayName: ' ',
      notes: 'メモ',
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('id="f-displayName-error"');
    expect(refused.text).toContain('メモ');
    const form = { formId: crypto.randomUUID(), displayName: 'Bさん', notes: '' };
    const first = await postForm(who.agent, `${who.base}/clients`, form).expect(303);
    const second = await postForm(who.agent, `${who.base}/clients`, form).expect(303);
    expect(second.headers.location).toBe(first.headers.location);
  });

  it('is seen only by its own organisation, and each view is audited', async () => {
    const who = await counselor(context);
    const clientId = await registerClient(who, 'Cさん', '家族には内緒');
    const other = await counselor(context, '別の相談機関');
    await other.agent.get(`${who.base}/clients/${clientId}`).expect(404);
    await other.agent.get(`${other.base}/clients/${clientId}`).expect(404);
    const co = await coopStaff(context);
    await co.agent.get(`${co.base}/clients`).expect(404);
    const page = await who.agent.get(`${who.base}/clients/${clientId}`).expect(200);
    expect(page.text).toContain('家族には内緒');
    const views = await db()
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.action, 'client.view'), eq(auditLogTable.subjectId, clientId)));
    expect(views).toHaveLength(1);
    expect(JSON.stringify(views[0]?.details)).not.toContain('家族');
  });
});

describe('recording consent', () => {
  it('refuses a consent without items or with an expiry before it was given, beside each field', async () => {
    const co = await coop();
    const who = await counselor(context);
    const clientId = await registerClient(who);
    const today = todayInTokyo(clock.now());
    const response = await postFields(
      who.agent,
      `${who.base}/clients/${clientId}/consents`,
      consentBody(co.organisation.id, { items: [], expiresOn: addDays(today, -1) }, clock.now()),
    );
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="f-items-error"');
    expect(response.text).toContain('id="f-expiresOn-error"');
    expect(await db().select().from(clientConsentsTable)).toHaveLength(0);
  });

  it('stores which items go to which co-op, for what, how and until when', async () => {
    const co = await coop();
    const who = await counselor(context);
    const clientId = await registerClient(who);
    const consent = await recordConsent(
      context,
      who,
      clientId,
      co.organisation.id,
      { items: ['contact_name'], method: 'oral' },
      clock.now(),
    );
    expect(consent).toMatchObject({
      recipientOrganisationId: co.organisation.id,
      items: ['contact_name'],
      method: 'oral',
      purpose: '職場見学の申込みのため',
      expiresOn: addDays(todayInTokyo(clock.now()), 30),
      revokedAt: null,
    });
    const page = await who.agent.get(`${who.base}/clients/${clientId}`).expect(200);
    expect(page.text).toContain('口頭');
    expect(page.text).toContain(co.organisation.name);
  });
});

describe('booking a short trial for a client', () => {
  it('reaches the co-op at once on the slot, labelled as arranged by a counselor with the counselor as contact', async () => {
    const { co, who, clientId, consent, placement } = await booked();
    expect(placement).toMatchObject({
      state: 'submitted',
      kind: 'short_trial',
      requesterKind: 'counselor',
      onBehalfOrganisationId: who.organisation.id,
      clientId,
      consentId: consent.id,
      contactName: 'Y.T.',
      contactEmail: null,
      notes: '午前中が体調がよいです',
      accommodations: '大きな音が苦手です',
      slotId: co.slot.id,
      holdsPlace: true,
    });
    const [slot] = await db()
      .select()
      .from(availabilitySlotsTable)
      .where(eq(availabilitySlotsTable.id, co.slot.id));
    expect(slot?.booked).toBe(1);
    const staffMail = await db()
      .select()
      .from(mailOutboxTable)
      .where(eq(mailOutboxTable.recipient, co.user.email));
    expect(staffMail).toHaveLength(1);
    // The counselor's private notes never reach the co-op.
    expect(JSON.stringify(placement)).not.toContain('生活保護');

    const inbox = await co.agent.get(`${co.base}/requests`).expect(200);
    expect(inbox.text).toContain('相談員からの申込み');
    const page = await co.agent.get(`${co.base}/requests/${placement.id}`).expect(200);
    expect(page.text).toContain('Y.T.');
    expect(page.text).toContain('大きな音が苦手です');
    expect(page.text).toContain(who.organisation.name);
    expect(page.text).toContain('desk@support.example.jp');
    expect(page.text).toContain('相談員が同行します');
    expect(page.text).not.toContain('生活保護');
  });

  it('a double submit makes one request and takes one place', async () => {
    const co = await coop();
    const who = await counselor(context);
    const clientId = await registerClient(who);
    const consent = await recordConsent(context, who, clientId, co.organisation.id, {}, clock.now());
    const form = bookingBody({ posting: co.posting.id }, { kind: 'short_trial', slotId: String(co.slot.id) });
    const path = `${who.base}/clients/${clientId}/consents/${consent.id}/book`;
    await Promise.all([postForm(who.agent, path, form), postForm(who.agent, path, form)]);
    await postForm(who.agent, path, form).expect(303);
    expect(await db().select().from(placementRequestsTable)).toHaveLength(1);
    const [slot] = await db()
      .select()
      .from(availabilitySlotsTable)
      .where(eq(availabilitySlotsTable.id, co.slot.id));
    expect(slot?.booked).toBe(1);
  });

  it('refuses what the consent does not cover, and asks whether the counselor goes along', async () => {
    const co = await coop();
    const who = await counselor(context);
    const clientId = await registerClient(who);
    const consent = await recordConsent(
      context,
      who,
      clientId,
      co.organisation.id,
      { items: ['contact_name'] },
      clock.now(),
    );
    const path = `${who.base}/clients/${clientId}/consents/${consent.id}/book`;
    const form = await who.agent.get(`${path}?posting=${co.posting.id}`).expect(200);
    expect(form.text).not.toContain('name="accommodations"');
    const response = await postForm(
      who.agent,
      path,
      bookingBody(
        { posting: co.posting.id },
        { kind: 'short_trial', slotId: String(co.slot.id), accompanied: '' },
      ),
    );
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="f-accompanied-error"');
    expect(response.text).toContain('同意の範囲に入っていない');
    expect(await db().select().from(placementRequestsTable)).toHaveLength(0);
  });

  it('offers only the co-op the consent names', async () => {
    const co = await coop();
    const elsewhere = await coop();
    const who = await counselor(context);
    const clientId = await registerClient(who);
    const consent = await recordConsent(context, who, clientId, co.organisation.id, {}, clock.now());
    await who.agent
      .get(`${who.base}/clients/${clientId}/consents/${consent.id}/book?posting=${elsewhere.posting.id}`)
      .expect(404);
    const targets = await who.agent
      .get(`${who.base}/clients/${clientId}/consents/${consent.id}/book`)
      .expect(200);
    expect(targets.text).toContain(`?posting=${co.posting.id}`);
    expect(targets.text).not.toContain(`?posting=${elsewhere.posting.id}`);
  });
});

describe('the consent, checked on every co-op read', () => {
  it('writes a provision record each time the client’s fields are shown, on the client’s consent', async () => {
    const { co, placement } = await booked();
    await co.agent.get(`${co.base}/requests/${placement.id}`).expect(200);
    await co.agent.get(`${co.base}/requests/${placement.id}`).expect(200);
    const provisions = await provisionsOf(placement.id);
    expect(provisions).toHaveLength(2);
    expect(provisions[0]).toMatchObject({
      recipientOrganisationId: co.organisation.id,
      items: ['contact_name', 'notes', 'accommodations'],
      consentBasis: ['client_consent', 'sensitive_consent'],
    });
  });

  it('after the expiry (test clock) shows no personal field, records nothing, and tells the counselor once', async () => {
    const today = todayInTokyo(clock.now());
    const { co, who, placement } = await booked({ expiresOn: addDays(today, 2) });
    await co.agent.get(`${co.base}/requests/${placement.id}`).expect(200);
    expect(await provisionsOf(placement.id)).toHaveLength(1);
    clock.advance(3 * 86_400);
    // Three days on, both sign in again (the sessions' idle timeout has passed).
    co.agent = await signedInAgent(context, co.user);
    who.agent = await signedInAgent(context, who.user);
    const page = await co.agent.get(`${co.base}/requests/${placement.id}`).expect(200);
    expect(page.text).toContain('同意が終わりました');
    for (const personal of ['Y.T.', '午前中が体調がよいです', '大きな音が苦手です'])
      expect(page.text).not.toContain(personal);
    // The request itself is still there for the co-op: its kind and who arranged it.
    expect(page.text).toContain(who.organisation.name);
    await co.agent.get(`${co.base}/requests/${placement.id}`).expect(200);
    expect(await provisionsOf(placement.id)).toHaveLength(1);
    const told = await db()
      .select()
      .from(mailOutboxTable)
      .where(eq(mailOutboxTable.recipient, who.user.email));
    expect(told.filter((mail) => mail.subject.includes('相談者の同意が終わりました'))).toHaveLength(1);
    expect(told.map((mail) => mail.body).join('')).not.toContain('Y.T.');
    const caseload = await who.agent.get(`${who.base}/clients`).expect(200);
    expect(caseload.text).toContain('同意が終わった申込みがあります');
    expect(caseload.text).toContain('期限が切れました');
  });

  it('after a revocation hides the fields and writes no provision record; no new booking on it', async () => {
    const { co, who, clientId, consent, placement } = await booked();
    await co.agent.get(`${co.base}/requests/${placement.id}`).expect(200);
    const revoked = await postForm(
      who.agent,
      `${who.base}/clients/${clientId}/consents/${consent.id}/revoke`,
      {
        revokedOn: todayInTokyo(clock.now()),
      },
    );
    expect(revoked.status).toBe(303);
    const page = await co.agent.get(`${co.base}/requests/${placement.id}`).expect(200);
    expect(page.text).toContain('同意が終わりました');
    expect(page.text).not.toContain('大きな音が苦手です');
    expect(await provisionsOf(placement.id)).toHaveLength(1);
    const again = await postForm(
      who.agent,
      `${who.base}/clients/${clientId}/consents/${consent.id}/book`,
      bookingBody(
        { posting: co.posting.id },
        { kind: 'visit', date1: addDays(todayInTokyo(clock.now()), 9), start1: '10:00', end1: '11:00' },
      ),
    );
    expect(again.status).toBe(409);
    expect(await db().select().from(placementRequestsTable)).toHaveLength(1);
  });
});

describe('the caseload', () => {
  it('lists every client with their requests, states, next dates and consent state', async () => {
    const { co, who } = await booked();
    await registerClient(who, 'Zさん');
    const page = await who.agent.get(`${who.base}/clients`).expect(200);
    expect(page.text).toContain('Y.T.');
    expect(page.text).toContain('Zさん');
    expect(page.text).toContain('短時間就労');
    expect(page.text).toContain('返事待ち');
    expect(page.text).toContain(co.organisation.name);
    expect(page.text).toMatch(/まで有効/);
    expect(page.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 10:00/);
  });

  it('tells the counselor by mail when the co-op answers', async () => {
    const { co, who, placement } = await booked();
    await postForm(co.agent, `${co.base}/requests/${placement.id}/accept`, {
      slotId: String(co.slot.id),
      place: '',
      note: '',
    }).expect(303);
    const mails = await db()
      .select()
      .from(mailOutboxTable)
      .where(eq(mailOutboxTable.recipient, who.user.email));
    const update = mails.find((mail) => mail.subject.includes('相談者の申込み'));
    expect(update?.body).toContain(`/clients/`);
    expect(update?.body).not.toContain('Y.T.');
    const page = await who.agent.get(`${who.base}/clients`).expect(200);
    expect(page.text).toContain('日時が決まりました');
  });
});

describe('following a request for the client', () => {
  it('shows the co-op’s messages to the counselor, and the counselor’s reply to the co-op', async () => {
    const { co, who, clientId, placement } = await booked();
    await postForm(co.agent, `${co.base}/requests/${placement.id}/message`, {
      formId: crypto.randomUUID(),
      body: '当日は正面入口へどうぞ',
    }).expect(303);
    const page = await who.agent.get(`${who.base}/clients/${clientId}/requests/${placement.id}`).expect(200);
    expect(page.text).toContain('当日は正面入口へどうぞ');
    const refused = await postForm(
      who.agent,
      `${who.base}/clients/${clientId}/requests/${placement.id}/message`,
      {
        formId: crypto.randomUUID(),
        body: '',
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('id="f-body-error"');
    await postForm(who.agent, `${who.base}/clients/${clientId}/requests/${placement.id}/message`, {
      formId: crypto.randomUUID(),
      body: '同行しますのでよろしくお願いします',
    }).expect(303);
    const coopPage = await co.agent.get(`${co.base}/requests/${placement.id}`).expect(200);
    expect(coopPage.text).toContain('同行しますのでよろしくお願いします');
    const other = await counselor(context, '別の相談機関');
    await other.agent.get(`${other.base}/clients/${clientId}/requests/${placement.id}`).expect(404);
  });
});

describe('withdrawing and choosing a date for the client', () => {
  it('the counselor takes one of the dates the co-op proposed; the co-op sees it scheduled', async () => {
    const { co, who, clientId, placement } = await booked();
    const proposed = addDays(todayInTokyo(clock.now()), 14);
    await postForm(co.agent, `${co.base}/requests/${placement.id}/propose`, {
      date1: proposed,
      start1: '13:00',
      end1: '14:00',
      note: 'この日はいかがですか',
    }).expect(303);
    const path = `${who.base}/clients/${clientId}/requests/${placement.id}`;
    const page = await who.agent.get(path).expect(200);
    expect(page.text).toContain('提案された日時から選ぶ');
    // No choice sent: the form comes back with the message beside the field, nothing changes.
    const refused = await postForm(who.agent, `${path}/choose`, { choice: '' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('id="f-choice-error"');
    // A choice the co-op did not offer is refused as a conflict, not a server error.
    expect((await postForm(who.agent, `${path}/choose`, { choice: '2' })).status).toBe(409);
    const chosen = await postForm(who.agent, `${path}/choose`, { choice: '0' }).expect(303);
    expect(chosen.headers.location).toContain('notice=chosen');
    const row = (
      await db().select().from(placementRequestsTable).where(eq(placementRequestsTable.id, placement.id))
    )[0];
    expect(row?.state).toBe('accepted');
    expect(row?.scheduledStart?.toISOString()).toBe(new Date(`${proposed}T13:00:00+09:00`).toISOString());
    expect((await who.agent.get(path).expect(200)).text).toContain('日時が決まりました');
    const staffMails = await db()
      .select()
      .from(mailOutboxTable)
      .where(eq(mailOutboxTable.recipient, co.user.email));
    expect(staffMails.some((mail) => mail.body.includes(`/requests/${placement.id}`))).toBe(true);
    // Chosen once: the step is no longer offered, and a second submit is refused with the reason.
    expect((await who.agent.get(path)).text).not.toContain('提案された日時から選ぶ');
    expect((await postForm(who.agent, `${path}/choose`, { choice: '0' })).status).toBe(409);
  });

  it('the counselor withdraws; the place goes back, the co-op is told, and only once', async () => {
    const { co, who, clientId, placement } = await booked();
    const path = `${who.base}/clients/${clientId}/requests/${placement.id}`;
    expect((await who.agent.get(path).expect(200)).text).toContain('申込みを取り下げる');
    // Another support organisation cannot withdraw it.
    const other = await counselor(context, '別の相談機関');
    expect(
      (await postForm(other.agent, `${other.base}/clients/${clientId}/requests/${placement.id}/withdraw`, {}))
        .status,
    ).toBe(404);
    await postForm(who.agent, `${path}/withdraw`, {}).expect(303);
    const row = (
      await db().select().from(placementRequestsTable).where(eq(placementRequestsTable.id, placement.id))
    )[0];
    expect(row?.state).toBe('withdrawn');
    const [slot] = await db()
      .select()
      .from(availabilitySlotsTable)
      .where(eq(availabilitySlotsTable.id, co.slot.id));
    expect(slot?.booked).toBe(0);
    const staffMails = await db()
      .select()
      .from(mailOutboxTable)
      .where(eq(mailOutboxTable.recipient, co.user.email));
    expect(staffMails.some((mail) => mail.body.includes('申し込んだ人が取り下げました'))).toBe(true);
    const after = await who.agent.get(path).expect(200);
    expect(after.text).toContain('取り下げ');
    expect(after.text).not.toContain('申込みを取り下げる');
    const again = await postForm(who.agent, `${path}/withdraw`, {});
    expect(again.status).toBe(409);
    const audits = await db()
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.action, 'request.withdraw'), eq(auditLogTable.subjectId, placement.id)));
    expect(audits).toHaveLength(1);
  });
});

describe('the one-time link', () => {
  async function linkFor(
    who: Awaited<ReturnType<typeof counselor>>,
    clientId: number,
    fields: Record<string, string>,
  ) {
    const page = await postForm(who.agent, `${who.base}/clients/${clientId}/links`, fields).expect(200);
    const token = page.text.match(/\/clients\/link\?token=([A-Za-z0-9_-]+)/)?.[1];
    if (!token) throw new Error('no link on the page');
    return token;
  }

  it('lets the client take the request over with their own contact, once', async () => {
    const { co, who, clientId, placement } = await booked();
    const token = await linkFor(who, clientId, { purpose: 'take_over', requestId: String(placement.id) });
    const client = request(context.app.server);
    const page = await client.get(`/clients/link?token=${token}`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('個人情報の利用目的');
    const refused = await postForm(client, '/clients/link/take-over', {
      token,
      contactName: '山田',
      contactEmail: 'x',
      agree: '',
    });
    expect(refused.status).toBe(422);
    const done = await postForm(client, '/clients/link/take-over', {
      token,
      contactName: '山田 太郎',
      contactEmail: 'taro@example.jp',
      contactPhone: '',
      agree: 'yes',
    }).expect(200);
    const follow = done.text.match(/\/requests\/follow\?token=([A-Za-z0-9_-]+)/)?.[1];
    expect(follow).toBeTruthy();
    await client.get(`/requests/follow?token=${follow}`).expect(200);
    const [updated] = await db()
      .select()
      .from(placementRequestsTable)
      .where(eq(placementRequestsTable.id, placement.id));
    expect(updated).toMatchObject({
      requesterKind: 'seeker',
      contactEmail: 'taro@example.jp',
      consentId: null,
      clientId,
    });
    await client.get(`/clients/link?token=${token}`).expect(404);
    await postForm(client, '/clients/link/take-over', {
      token,
      contactName: 'x',
      contactEmail: 'y@example.jp',
      agree: 'yes',
    }).expect(404);
    const page2 = await co.agent.get(`${co.base}/requests/${placement.id}`).expect(200);
    expect(page2.text).toContain('taro@example.jp');
    const caseload = await who.agent.get(`${who.base}/clients`).expect(200);
    expect(caseload.text).toContain('ご本人が引き継ぎました');
    expect(caseload.text).not.toContain('taro@example.jp');
  });

  it('lets the client confirm the consent themselves; an expired link is not found', async () => {
    const co = await coop();
    const who = await counselor(context);
    const clientId = await registerClient(who);
    const consent = await recordConsent(context, who, clientId, co.organisation.id, {}, clock.now());
    const token = await linkFor(who, clientId, { purpose: 'confirm_consent', consentId: String(consent.id) });
    const client = request(context.app.server);
    await postForm(client, '/clients/link/consent', { token }).expect(200);
    const [confirmed] = await db()
      .select()
      .from(clientConsentsTable)
      .where(eq(clientConsentsTable.id, consent.id));
    expect(confirmed?.confirmedByClientAt).not.toBeNull();
    await postForm(client, '/clients/link/consent', { token }).expect(404);

    const other = await registerClient(who, 'Dさん');
    const second = await recordConsent(context, who, other, co.organisation.id, {}, clock.now());
    const late = await linkFor(who, other, { purpose: 'confirm_consent', consentId: String(second.id) });
    clock.advance(8 * 86_400);
    await client.get(`/clients/link?token=${late}`).expect(404);
    expect((await clientById(db(), other))?.displayName).toBe('Dさん');
  });

  it('cannot be made for another organisation’s client', async () => {
    const { who, clientId, placement } = await booked();
    const other = await counselor(context, '別の相談機関');
    await postForm(other.agent, `${other.base}/clients/${clientId}/links`, {
      purpose: 'take_over',
      requestId: String(placement.id),
    }).expect(404);
    expect(who.organisation.id).not.toBe(other.organisation.id);
  });
});
