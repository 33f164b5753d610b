/**
 * Deleting a client and erasing closed cases on a schedule (DESIGN.md §4), over HTTP on a real database
 * (PGlite, or PostgreSQL with TEST_DATABASE_URL): the confirm page says what happens; the delete erases
 * the client, their consents and links, withdraws an open request (the co-op told, its inbox shows it
 * withdrawn) and empties past requests of the client's fields while keeping their counts; the same form
 * twice deletes once; another organisation is refused; the client's one-time link stops working; closing a
 * case stops new bookings; the hourly rule erases a closed case after CLIENT_RETENTION_MONTHS (test clock)
 * and keeps one inside it, one with an open request, and one whose last request ended later.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { systemContext } from '../../src/auth/context.js';
import {
  auditLogTable,
  availabilitySlotsTable,
  clientBookingsTable,
  clientConsentsTable,
  clientLinksTable,
  mailOutboxTable,
  placementRequestsTable,
  requestProvisionsTable,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { runClientMaintenance } from '../../src/modules/clients/clients.maintenance.js';
import { useTestApp } from '../helpers/app.js';
import { postForm, signedInAgent } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createPosting } from '../helpers/factories.js';
import { createSlot } from '../requests/support.js';
import { coopStaff } from '../workspace/support.js';
import {
  bookingBody,
  type Counselor,
  clientById,
  counselor,
  latestRequest,
  recordConsent,
  registerClient,
} from './support.js';

const clock = new TestClock();
const context = useTestApp({}, clock.now);
const db = () => context.database.db;
const DAY = 86_400;

const requestRow = async (id: number) =>
  (await db().select().from(placementRequestsTable).where(eq(placementRequestsTable.id, id)))[0];

const auditsOf = (action: string, subjectId: number) =>
  db()
    .select()
    .from(auditLogTable)
    .where(and(eq(auditLogTable.action, action), eq(auditLogTable.subjectId, subjectId)));

/** A co-op with a posting that takes visits and a slot for them in a week. */
async function coop() {
  const staff = await coopStaff(context);
  // Dated by the test clock, which moves by months in the retention tests below.
  const today = todayInTokyo(clock.now());
  const posting = await createPosting(db(), staff.workplace.id, {
    acceptsVisit: true,
    postedOn: today,
    validThrough: addDays(today, 60),
  });
  const slot = await createSlot(
    db(),
    staff.organisation.id,
    staff.workplace.id,
    { kinds: ['visit'], days: 7, capacity: 3 },
    clock.now(),
  );
  return { ...staff, posting, slot };
}
type Coop = Awaited<ReturnType<typeof coop>>;

/** Books a visit on the slot for the client, on a fresh consent; returns the request row. */
async function book(co: Coop, who: Counselor, clientId: number) {
  const consent = await recordConsent(context, who, clientId, co.organisation.id, {}, clock.now());
  await postForm(
    who.agent,
    `${who.base}/clients/${clientId}/consents/${consent.id}/book`,
    bookingBody({ posting: co.posting.id }, { slotId: String(co.slot.id) }),
  ).expect(303);
  return latestRequest(db());
}

/** A one-time link the counselor makes on the client's page; returns its token. */
async function linkFor(who: Counselor, clientId: number, fields: Record<string, string>) {
  const page = await postForm(who.agent, `${who.base}/clients/${clientId}/links`, fields).expect(200);
  const token = page.text.match(/\/clients\/link\?token=([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error('no link on the page');
  return token;
}

/** Signs the counselor in again after the clock moved past their session's lifetime. */
async function later(who: Counselor): Promise<Counselor> {
  return { ...who, agent: await signedInAgent(context, who.user) };
}

const maintenance = (months?: number) =>
  runClientMaintenance(
    systemContext({ db: db(), now: clock.now(), publicUrl: 'https://yoishigoto.example.jp' }),
    months === undefined ? {} : { retentionMonths: months },
  );

describe('deleting a client', () => {
  it('says on the confirm page what is erased, withdrawn and kept, and the caseload and client page offer it', async () => {
    const co = await coop();
    const who = await counselor(context);
    const clientId = await registerClient(who, 'Y.T.', '家族には内緒');
    const open = await book(co, who, clientId);
    const past = await book(co, who, clientId);
    await db()
      .update(placementRequestsTable)
      .set({ state: 'completed', outcome: 'employed', closedAt: clock.now() })
      .where(eq(placementRequestsTable.id, past.id));

    const caseload = await who.agent.get(`${who.base}/clients`).expect(200);
    expect(caseload.text).toContain(`href="${who.base}/clients/${clientId}/delete"`);
    expect(caseload.text).toContain('「Y.T.」の記録を削除する');
    const show = await who.agent.get(`${who.base}/clients/${clientId}`).expect(200);
    expect(show.text).toContain(`href="${who.base}/clients/${clientId}/delete"`);

    const page = await who.agent.get(`${who.base}/clients/${clientId}/delete`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('「Y.T.」の記録を削除する');
    expect(page.text).toContain('同意の記録（2件）');
    expect(page.text).toContain('続いている申込みは取り下げます');
    expect(page.text).toContain(`${open.id}番を開く`);
    expect(page.text).not.toContain(`${past.id}番を開く`);
    expect(page.text).toContain('終わった申込み1件は、種類・日にち・状態・結果だけが集計のために残ります');
    expect(page.text).toContain('この操作は取り消せません');
    expect(page.text).toMatch(/name="formId" value="[0-9a-f-]{36}"/);
    expect(page.text).toContain('>削除する</button>');
  });

  it('erases the client, consents and links, withdraws the open request (the co-op told) and empties the past one', async () => {
    const co = await coop();
    const who = await counselor(context);
    const clientId = await registerClient(who, 'Y.T.', '生活保護を受給中');
    const open = await book(co, who, clientId);
    const past = await book(co, who, clientId);
    await db()
      .update(placementRequestsTable)
      .set({ state: 'completed', outcome: 'employed', closedAt: clock.now() })
      .where(eq(placementRequestsTable.id, past.id));
    // The co-op read the past request while the consent held: a provision record, to be kept.
    await co.agent.get(`${co.base}/requests/${past.id}`).expect(200);
    const consentToken = await linkFor(who, clientId, {
      purpose: 'confirm_consent',
      consentId: String(open.consentId ?? ''),
    });
    const takeOverToken = await linkFor(who, clientId, { purpose: 'take_over', requestId: String(open.id) });

    const slotBooked = async () =>
      (await db().select().from(availabilitySlotsTable).where(eq(availabilitySlotsTable.id, co.slot.id)))[0]
        ?.booked;
    const bookedBefore = await slotBooked();
    const deleted = await postForm(who.agent, `${who.base}/clients/${clientId}/delete`, {
      formId: randomUUID(),
    });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.location).toBe(`${who.base}/clients?notice=deleted`);
    const caseload = await who.agent.get(String(deleted.headers.location)).expect(200);
    expect(caseload.text).toContain('相談者の記録を削除しました');
    expect(caseload.text).not.toContain('Y.T.');

    expect(await clientById(db(), clientId)).toBeNull();
    for (const table of [clientConsentsTable, clientLinksTable, clientBookingsTable])
      expect(await db().select().from(table).where(eq(table.clientId, clientId))).toEqual([]);
    await who.agent.get(`${who.base}/clients/${clientId}`).expect(404);

    // The open request: withdrawn, its place given back, the co-op told as on any withdrawal.
    const withdrawn = await requestRow(open.id);
    expect(withdrawn?.state).toBe('withdrawn');
    expect(withdrawn?.anonymisedAt).not.toBeNull();
    expect(await slotBooked()).toBe((bookedBefore ?? 0) - 1);
    const staffMails = await db()
      .select()
      .from(mailOutboxTable)
      .where(eq(mailOutboxTable.recipient, co.user.email));
    expect(staffMails.some((mail) => mail.body.includes('申し込んだ人が取り下げました'))).toBe(true);
    const inbox = await co.agent.get(`${co.base}/requests?state=withdrawn`).expect(200);
    expect(inbox.text).toContain(`/requests/${open.id}`);
    expect(inbox.text).toContain('取り下げました');
    expect(inbox.text).toContain('（個人情報は消去済み）');
    const staffPage = await co.agent.get(`${co.base}/requests/${open.id}`).expect(200);
    expect(staffPage.text).toContain('取り下げました');
    expect(staffPage.text).not.toContain('Y.T.');

    // Both requests keep what the figures count and lose the client's fields.
    for (const id of [open.id, past.id]) {
      const row = await requestRow(id);
      expect(row?.clientId).toBeNull();
      expect(row?.consentId).toBeNull();
      expect([row?.contactName, row?.notes, row?.accommodations]).toEqual(['', '', '']);
      expect(row?.kind).toBe('visit');
      expect(row?.requesterKind).toBe('counselor');
    }
    expect((await requestRow(past.id))?.outcome).toBe('employed');
    expect((await requestRow(past.id))?.state).toBe('completed');
    const provisions = await db()
      .select()
      .from(requestProvisionsTable)
      .where(eq(requestProvisionsTable.requestId, past.id));
    expect(provisions.length).toBeGreaterThan(0);

    // The client's one-time links no longer work: a page that says so, not an error.
    const client = request(context.app.server);
    for (const token of [consentToken, takeOverToken]) {
      const gone = await client.get(`/clients/link?token=${token}`).expect(404);
      expect(gone.text).toContain('このリンクは使えません');
    }
    await postForm(client, '/clients/link/consent', { token: consentToken }).expect(404);

    // Audited by counts, never by the client's name or notes.
    const [entry] = await auditsOf('client.delete', clientId);
    expect(entry?.details).toMatchObject({ consents: 2, requestsWithdrawn: 1, requestsAnonymised: 2 });
    expect(JSON.stringify(entry?.details)).not.toContain('Y.T.');
    expect(JSON.stringify(entry?.details)).not.toContain('生活保護');
  });

  it('does nothing more when the same form is sent twice; another form for the gone client is not found', async () => {
    const co = await coop();
    const who = await counselor(context);
    const clientId = await registerClient(who, 'Bさん');
    const open = await book(co, who, clientId);
    const form = { formId: randomUUID() };
    const path = `${who.base}/clients/${clientId}/delete`;
    const [first, second] = await Promise.all([
      postForm(who.agent, path, form),
      postForm(who.agent, path, form),
    ]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.location).toBe(first.headers.location);
    const again = await postForm(who.agent, path, form).expect(303);
    expect(again.headers.location).toBe(`${who.base}/clients?notice=deleted`);
    expect(await auditsOf('client.delete', clientId)).toHaveLength(1);
    expect(await auditsOf('request.withdraw', open.id)).toHaveLength(1);
    expect(await auditsOf('request.anonymise', open.id)).toHaveLength(1);
    const staffMails = await db()
      .select()
      .from(mailOutboxTable)
      .where(eq(mailOutboxTable.recipient, co.user.email));
    expect(staffMails.filter((mail) => mail.body.includes('申し込んだ人が取り下げました'))).toHaveLength(1);
    await postForm(who.agent, path, { formId: randomUUID() }).expect(404);
    await who.agent.get(path).expect(404);
  });

  it('is refused to another organisation’s counselor, and a form without its id is shown again', async () => {
    const who = await counselor(context);
    const clientId = await registerClient(who, 'Cさん');
    const other = await counselor(context, '別の相談機関');
    await other.agent.get(`${other.base}/clients/${clientId}/delete`).expect(404);
    await postForm(other.agent, `${other.base}/clients/${clientId}/delete`, { formId: randomUUID() }).expect(
      404,
    );
    const viaTheirs = await postForm(other.agent, `${who.base}/clients/${clientId}/delete`, {
      formId: randomUUID(),
    });
    expect([403, 404]).toContain(viaTheirs.status);
    const co = await coopStaff(context);
    await co.agent.get(`${co.base}/clients/${clientId}/delete`).expect(404);
    expect(await clientById(db(), clientId)).not.toBeNull();

    const refused = await postForm(who.agent, `${who.base}/clients/${clientId}/delete`, { formId: 'x' });
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/name="formId" value="[0-9a-f-]{36}"/);
    expect(await clientById(db(), clientId)).not.toBeNull();
  });
});

describe('closing a case (支援終了)', () => {
  it('stops new consents, bookings and links until reopened, and says when the record will be erased', async () => {
    const co = await coop();
    const who = await counselor(context);
    const clientId = await registerClient(who, 'Dさん');
    const consent = await recordConsent(context, who, clientId, co.organisation.id, {}, clock.now());
    const show = await who.agent.get(`${who.base}/clients/${clientId}`).expect(200);
    expect(show.text).toContain('支援終了にする');
    expect(show.text).toContain('12か月');

    await postForm(who.agent, `${who.base}/clients/${clientId}/close`, {}).expect(303);
    await postForm(who.agent, `${who.base}/clients/${clientId}/close`, {}).expect(303);
    expect(await auditsOf('client.close', clientId)).toHaveLength(1);
    const closed = await who.agent.get(`${who.base}/clients/${clientId}?notice=closed`).expect(200);
    expect(closed.text).toContain('支援終了にしました');
    expect(closed.text).toContain('ごろに自動で消去されます');
    expect(closed.text).toContain('支援を再開する');
    expect(closed.text).not.toContain(`/consents/${consent.id}/book"`);
    const caseload = await who.agent.get(`${who.base}/clients`).expect(200);
    expect(caseload.text).toContain('支援終了の相談者');

    const booking = await who.agent.get(
      `${who.base}/clients/${clientId}/consents/${consent.id}/book?posting=${co.posting.id}`,
    );
    expect(booking.status).toBe(409);
    expect(booking.text).toContain('支援終了にした相談者には');
    const posted = await postForm(
      who.agent,
      `${who.base}/clients/${clientId}/consents/${consent.id}/book`,
      bookingBody({ posting: co.posting.id }, { slotId: String(co.slot.id) }),
    );
    expect(posted.status).toBe(409);
    expect((await who.agent.get(`${who.base}/clients/${clientId}/consents/new`)).status).toBe(409);
    const link = await postForm(who.agent, `${who.base}/clients/${clientId}/links`, {
      purpose: 'confirm_consent',
      consentId: String(consent.id),
    });
    expect(link.status).toBe(409);
    expect(await db().select().from(placementRequestsTable)).toEqual([]);

    await postForm(who.agent, `${who.base}/clients/${clientId}/reopen`, {}).expect(303);
    expect((await clientById(db(), clientId))?.closedAt).toBeNull();
    await who.agent
      .get(`${who.base}/clients/${clientId}/consents/${consent.id}/book?posting=${co.posting.id}`)
      .expect(200);
  });
});

describe('the hourly retention rule', () => {
  it('erases a closed case CLIENT_RETENTION_MONTHS after closing and keeps one still inside the period', async () => {
    const co = await coop();
    const who = await counselor(context);
    const early = await registerClient(who, 'Eさん');
    const ended = await book(co, who, early);
    await postForm(who.agent, `${who.base}/clients/${early}/requests/${ended.id}/withdraw`, {}).expect(303);
    await postForm(who.agent, `${who.base}/clients/${early}/close`, {}).expect(303);
    clock.advance(30 * DAY);
    const again = await later(who);
    const second = await registerClient(again, 'Fさん');
    await postForm(again.agent, `${who.base}/clients/${second}/close`, {}).expect(303);
    const open = await registerClient(again, 'Gさん');

    // Eleven months on, nothing is due.
    clock.advance(305 * DAY);
    expect(await maintenance()).toEqual({ erased: 0 });
    // Twelve months and a little after the first closing: only that case goes, once, by two runs at once.
    clock.advance(40 * DAY);
    const runs = await Promise.all([maintenance(), maintenance()]);
    expect(runs.reduce((sum, run) => sum + run.erased, 0)).toBe(1);
    expect(await clientById(db(), early)).toBeNull();
    expect(await clientById(db(), second)).not.toBeNull();
    expect(await clientById(db(), open)).not.toBeNull();
    const row = await requestRow(ended.id);
    expect(row?.anonymisedAt).not.toBeNull();
    expect(row?.state).toBe('withdrawn');
    const [entry] = await auditsOf('client.erase', early);
    expect(entry?.actorUserId).toBeNull();
    expect(entry?.organisationId).toBe(who.organisation.id);
    expect(entry?.details).toMatchObject({ requestsAnonymised: 1, requestsWithdrawn: 0 });
    expect(await auditsOf('client.erase', early)).toHaveLength(1);

    // The second case follows a month later; a shorter CLIENT_RETENTION_MONTHS would have taken it sooner.
    expect(await maintenance(24)).toEqual({ erased: 0 });
    clock.advance(31 * DAY);
    expect(await maintenance()).toEqual({ erased: 1 });
    expect(await clientById(db(), second)).toBeNull();
    expect(await clientById(db(), open)).not.toBeNull();
  });

  it('waits for the client’s requests: an open one keeps the case, and the count starts when the last ends', async () => {
    const co = await coop();
    const who = await counselor(context);
    const clientId = await registerClient(who, 'Hさん');
    const placement = await book(co, who, clientId);
    await postForm(who.agent, `${who.base}/clients/${clientId}/close`, {}).expect(303);
    const waiting = await who.agent.get(`${who.base}/clients/${clientId}`).expect(200);
    expect(waiting.text).toContain('すべての申込みが終わってから12か月');

    // Still open after thirteen months: kept.
    clock.advance(396 * DAY);
    expect(await maintenance()).toEqual({ erased: 0 });
    // The counselor withdraws it now; the twelve months start again from here.
    const again = await later(who);
    await postForm(
      again.agent,
      `${who.base}/clients/${clientId}/requests/${placement.id}/withdraw`,
      {},
    ).expect(303);
    clock.advance(300 * DAY);
    expect(await maintenance()).toEqual({ erased: 0 });
    expect(await clientById(db(), clientId)).not.toBeNull();
    clock.advance(70 * DAY);
    expect(await maintenance()).toEqual({ erased: 1 });
    expect(await clientById(db(), clientId)).toBeNull();
  });

  it('keeps a reopened case', async () => {
    const who = await counselor(context);
    const clientId = await registerClient(who, 'Iさん');
    await postForm(who.agent, `${who.base}/clients/${clientId}/close`, {}).expect(303);
    clock.advance(200 * DAY);
    await postForm((await later(who)).agent, `${who.base}/clients/${clientId}/reopen`, {}).expect(303);
    clock.advance(400 * DAY);
    expect(await maintenance()).toEqual({ erased: 0 });
    expect(await clientById(db(), clientId)).not.toBeNull();
  });
});
