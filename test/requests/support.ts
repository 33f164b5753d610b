import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import request from 'supertest';
import type { Db } from '../../src/db/client.js';
import {
  auditLogTable,
  availabilitySlotsTable,
  mailOutboxTable,
  placementRequestsTable,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { tokyoInstant } from '../../src/modules/requests/requests.rules.js';
import type { TestContext } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { createPosting } from '../helpers/factories.js';
import { coopStaff } from '../workspace/support.js';

/** A co-op with a signed-in member of staff and a published posting that accepts visits and trials. */
export async function coopWithPosting(context: TestContext) {
  const staff = await coopStaff(context);
  const posting = await createPosting(context.database.db, staff.workplace.id, {
    acceptsVisit: true,
    acceptsExperience: true,
    acceptsShortTrial: false,
  });
  return { ...staff, posting };
}

/** A slot at the workplace `days` from today (Tokyo), straight in the database. */
export async function createSlot(
  db: Db,
  organisationId: number,
  workplaceId: number,
  options: { days?: number; capacity?: number; kinds?: string[]; start?: string; end?: string } = {},
  now = new Date(),
) {
  const date = addDays(todayInTokyo(now), options.days ?? 7);
  const [slot] = await db
    .insert(availabilitySlotsTable)
    .values({
      organisationId,
      workplaceId,
      startsAt: tokyoInstant(date, options.start ?? '10:00'),
      endsAt: tokyoInstant(date, options.end ?? '11:30'),
      capacity: options.capacity ?? 3,
      kinds: options.kinds ?? ['visit', 'experience'],
      whatToBring: '筆記用具',
      meetingPoint: '正面入口',
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!slot) throw new Error('no slot');
  return slot;
}

/** The seeker's form, filled in; override any field. */
export function requestFormBody(overrides: Record<string, string> = {}, today = todayInTokyo()) {
  return {
    formId: randomUUID(),
    kind: 'visit',
    intent: 'listen_first',
    slotId: '',
    date1: addDays(today, 10),
    start1: '10:00',
    end1: '12:00',
    contactName: 'みらい',
    contactEmail: `seeker-${randomUUID().slice(0, 8)}@example.jp`,
    contactPhone: '',
    notes: '',
    accommodations: '',
    ...overrides,
  };
}

export async function latestMail(db: Db, to: string) {
  const [mail] = await db
    .select()
    .from(mailOutboxTable)
    .where(eq(mailOutboxTable.recipient, to))
    .orderBy(desc(mailOutboxTable.id))
    .limit(1);
  return mail ?? null;
}

export function linkToken(body: string, path: string): string {
  const match = body.match(new RegExp(`${path.replace(/[/.]/g, '\\$&')}\\?token=([A-Za-z0-9_-]+)`));
  if (!match?.[1]) throw new Error(`no ${path} link in mail`);
  return match[1];
}

/** Asks from a posting, confirms through the mailed link, and returns the follow-up token and the request. */
export async function askAndConfirm(
  context: TestContext,
  postingId: number,
  overrides: Record<string, string> = {},
) {
  return askAndConfirmAt(context, `/jobs/${postingId}/request`, overrides);
}

/** The same from any request form: a posting's or a workplace's. */
export async function askAndConfirmAt(
  context: TestContext,
  formPath: string,
  overrides: Record<string, string> = {},
) {
  const db = context.database.db;
  const server = context.app.server;
  const form = requestFormBody(overrides);
  const asked = await postForm(request(server), formPath, form);
  if (asked.status !== 303) throw new Error(`asking answered ${asked.status}`);
  const mail = await latestMail(db, form.contactEmail);
  const confirmToken = linkToken(mail?.body ?? '', '/requests/confirm');
  const confirmed = await postForm(request(server), '/requests/confirm', { token: confirmToken });
  if (confirmed.status !== 303) throw new Error(`confirming answered ${confirmed.status}`);
  const followToken = String(confirmed.headers.location).match(/token=([A-Za-z0-9_-]+)/)?.[1] ?? '';
  const [row] = await db
    .select()
    .from(placementRequestsTable)
    .where(eq(placementRequestsTable.formId, form.formId));
  if (!row) throw new Error('no request');
  return { form, followToken, request: row };
}

export async function requestById(db: Db, id: number) {
  const [row] = await db.select().from(placementRequestsTable).where(eq(placementRequestsTable.id, id));
  if (!row) throw new Error(`no request ${id}`);
  return row;
}

export async function requestAudit(db: Db, id: number) {
  return db
    .select()
    .from(auditLogTable)
    .where(and(eq(auditLogTable.subjectType, 'placement_request'), eq(auditLogTable.subjectId, id)))
    .orderBy(auditLogTable.id);
}
