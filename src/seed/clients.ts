import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { systemContext } from '../auth/context.js';
import type { Db } from '../db/client.js';
import { availabilitySlotsTable, organisationsTable } from '../db/schema/index.js';
import { addDays, todayInTokyo } from '../lib/dates.js';
import { book, bookingTarget, createClient, recordConsent } from '../modules/clients/clients.service.js';
import { seedDemoCounselor } from './accounts.js';

/**
 * The demo counselor's caseload: three clients of the demo support organisation, each with consent to
 * the first demo co-op, one of them booked on its next short-trial slot (the counselor going along).
 * Made through the clients' services, so the data is what the pages would have made.
 */
export async function seedDemoClients(db: Db, now = new Date()): Promise<void> {
  const counselor = await seedDemoCounselor(db);
  if (!counselor) return;
  const [support] = await db
    .select()
    .from(organisationsTable)
    .where(eq(organisationsTable.id, counselor.organisationId));
  const [coop] = await db
    .select({ id: organisationsTable.id })
    .from(organisationsTable)
    .where(and(eq(organisationsTable.kind, 'coop'), eq(organisationsTable.approvalState, 'approved')))
    .orderBy(asc(organisationsTable.id))
    .limit(1);
  if (!support || !coop) return;
  const ctx = {
    ...systemContext({ db, now, publicUrl: 'http://localhost:3000' }),
    actor: { userId: counselor.userId },
    organisation: support,
  };
  const today = todayInTokyo(now);
  const consentFor = (
    items: ('contact_name' | 'notes' | 'accommodations')[],
    method: 'written' | 'oral',
  ) => ({
    formId: crypto.randomUUID(),
    recipientOrganisationId: coop.id,
    items,
    purpose: '職場見学・就労体験・短時間就労の申込みと日程の調整のため',
    method,
    obtainedOn: today,
    expiresOn: addDays(today, 90),
  });

  const first = await createClient(ctx, {
    formId: crypto.randomUUID(),
    displayName: 'Aさん',
    notes: '週2日、午前中から始めたいとのこと。面談は毎週水曜。',
  });
  const consent = await recordConsent(
    ctx,
    first,
    consentFor(['contact_name', 'notes', 'accommodations'], 'written'),
  );
  const [slot] = await db
    .select()
    .from(availabilitySlotsTable)
    .where(
      and(
        eq(availabilitySlotsTable.organisationId, coop.id),
        eq(availabilitySlotsTable.status, 'open'),
        gt(availabilitySlotsTable.startsAt, now),
        sql`'short_trial' = any(${availabilitySlotsTable.kinds})`,
        sql`${availabilitySlotsTable.booked} < ${availabilitySlotsTable.capacity}`,
      ),
    )
    .orderBy(asc(availabilitySlotsTable.startsAt))
    .limit(1);
  if (slot) {
    const booking = await bookingTarget(ctx, first, consent, { workplaceId: slot.workplaceId });
    await book(
      ctx,
      booking,
      {
        formId: crypto.randomUUID(),
        kind: 'short_trial',
        intent: 'try_then_decide',
        slotId: slot.id,
        notes: '久しぶりの仕事なので、短い時間から試したいです。',
        accommodations: '人の多い場所では疲れやすいので、休憩をはさめるとありがたいです。',
        accompanied: true,
      },
      [],
    );
  }

  const second = await createClient(ctx, { formId: crypto.randomUUID(), displayName: 'K.M.', notes: '' });
  await recordConsent(ctx, second, consentFor(['contact_name'], 'oral'));
  await createClient(ctx, {
    formId: crypto.randomUUID(),
    displayName: 'Sさん',
    notes: '来月、同意について説明する予定。',
  });
}
