import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type TestAgent from 'supertest/lib/agent.js';
import { clientConsentsTable, clientsTable, placementRequestsTable } from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { TEST_ORIGIN, type TestContext } from '../helpers/app.js';
import { addMembership, createUser, postForm, signedInAgent } from '../helpers/auth.js';
import { createOrganisation } from '../helpers/factories.js';

/** An approved support organisation with a signed-in counselor. */
export async function counselor(context: TestContext, name = '相談支援センター') {
  const db = context.database.db;
  const organisation = await createOrganisation(db, {
    kind: 'support',
    legalForm: 'npo',
    name,
    contactEmail: 'desk@support.example.jp',
    contactPhone: '03-1234-5678',
  });
  const user = await createUser(db);
  await addMembership(db, user.id, organisation.id, 'member');
  const agent = await signedInAgent(context, user);
  return { organisation, user, agent, base: `/workspace/${organisation.id}` };
}
export type Counselor = Awaited<ReturnType<typeof counselor>>;

/** Registers a client through the form; returns its id. */
export async function registerClient(who: Counselor, displayName = 'Aさん', notes = '') {
  const response = await postForm(who.agent, `${who.base}/clients`, {
    formId: randomUUID(),
    displayName,
    notes,
  });
  if (response.status !== 303) throw new Error(`client not created: ${response.status}`);
  return Number(String(response.headers.location).match(/clients\/(\d+)/)?.[1]);
}

/** The consent form filled in for a co-op: name and notes, written, from today for 30 days. */
export function consentBody(
  coopId: number,
  overrides: Record<string, string | string[]> = {},
  now = new Date(),
) {
  const today = todayInTokyo(now);
  return {
    formId: randomUUID(),
    recipientOrganisationId: String(coopId),
    items: ['contact_name', 'notes', 'accommodations'],
    purpose: '職場見学の申込みのため',
    method: 'written',
    obtainedOn: today,
    expiresOn: addDays(today, 30),
    ...overrides,
  };
}

/** Records a consent through the form; returns the stored row. */
export async function recordConsent(
  context: TestContext,
  who: Counselor,
  clientId: number,
  coopId: number,
  overrides: Record<string, string | string[]> = {},
  now = new Date(),
) {
  const response = await postFields(
    who.agent,
    `${who.base}/clients/${clientId}/consents`,
    consentBody(coopId, overrides, now),
  );
  if (response.status !== 303) throw new Error(`consent not recorded: ${response.status}`);
  const [consent] = await context.database.db
    .select()
    .from(clientConsentsTable)
    .where(eq(clientConsentsTable.clientId, clientId))
    .orderBy(desc(clientConsentsTable.id))
    .limit(1);
  if (!consent) throw new Error('no consent');
  return consent;
}

/** The booking form filled in: a visit on the slot, the counselor going along. */
export function bookingBody(
  where: { posting?: number; workplace?: number },
  overrides: Record<string, string> = {},
) {
  return {
    formId: randomUUID(),
    ...(where.posting ? { posting: String(where.posting) } : { workplace: String(where.workplace) }),
    kind: 'visit',
    intent: 'listen_first',
    accompanied: 'yes',
    notes: '午前中が体調がよいです',
    accommodations: '大きな音が苦手です',
    ...overrides,
  };
}

export async function latestRequest(db: TestContext['database']['db']) {
  const [row] = await db
    .select()
    .from(placementRequestsTable)
    .orderBy(desc(placementRequestsTable.id))
    .limit(1);
  if (!row) throw new Error('no request');
  return row;
}

export async function clientById(db: TestContext['database']['db'], id: number) {
  const [row] = await db.select().from(clientsTable).where(eq(clientsTable.id, id));
  return row ?? null;
}

/** A form POST whose fields may repeat (ticked checkboxes of one group), encoded as a browser does. */
export function postFields(agent: TestAgent, path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const one of [value].flat()) body.append(name, one);
  return agent.post(path).set('Origin', TEST_ORIGIN).type('form').send(body.toString());
}
