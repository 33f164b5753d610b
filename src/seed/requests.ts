import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  availabilitySlotsTable,
  jobPostingsTable,
  organisationsTable,
  placementRequestsTable,
  type RequestState,
  requestMessagesTable,
  workplacesTable,
} from '../db/schema/index.js';
import { addDays, todayInTokyo } from '../lib/dates.js';
import { randomToken, sha256 } from '../lib/secrets.js';
import { tokyoInstant } from '../modules/requests/requests.rules.js';

const DAY = 86_400_000;

/**
 * Demo slots and requests for the first demo co-op (the demo staff account's), so its inbox shows the whole
 * flow: slots in the coming weeks, and a request in each state. The requesters are made up; their
 * follow-up links are random and never shown, so a visitor tries the seeker's side with a request of
 * their own.
 */
export async function seedDemoRequests(db: Db, now = new Date()): Promise<void> {
  const [coop] = await db
    .select({ id: organisationsTable.id })
    .from(organisationsTable)
    .where(and(eq(organisationsTable.kind, 'coop'), eq(organisationsTable.approvalState, 'approved')))
    .orderBy(asc(organisationsTable.id))
    .limit(1);
  if (!coop) return;
  const workplaces = await db
    .select({ id: workplacesTable.id })
    .from(workplacesTable)
    .where(eq(workplacesTable.organisationId, coop.id))
    .orderBy(asc(workplacesTable.id))
    .limit(2);
  const today = todayInTokyo(now);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  // The next Tuesday and Thursday, then weekly for four weeks.
  const nextTuesday = addDays(today, (2 - weekday + 7) % 7 || 7);
  const nextThursday = addDays(today, (4 - weekday + 7) % 7 || 7);
  const slotIds: number[] = [];
  for (const workplace of workplaces) {
    for (let week = 0; week < 4; week++) {
      const rows = await db
        .insert(availabilitySlotsTable)
        .values([
          {
            organisationId: coop.id,
            workplaceId: workplace.id,
            startsAt: tokyoInstant(addDays(nextTuesday, week * 7), '10:00'),
            endsAt: tokyoInstant(addDays(nextTuesday, week * 7), '11:30'),
            capacity: 3,
            kinds: ['visit'],
            whatToBring: '筆記用具',
            whatToWear: '動きやすい服装',
            meetingPoint: '正面入口の受付',
            createdAt: now,
            updatedAt: now,
          },
          {
            organisationId: coop.id,
            workplaceId: workplace.id,
            startsAt: tokyoInstant(addDays(nextThursday, week * 7), '13:00'),
            endsAt: tokyoInstant(addDays(nextThursday, week * 7), '16:00'),
            capacity: 2,
            kinds: ['experience', 'short_trial'],
            whatToBring: '上履き、飲み物',
            whatToWear: '汚れてもよい服装',
            paid: true,
            payYen: 3700,
            transportCosts: '実費を支給（上限1,000円）',
            insurance: '団体で加入している傷害保険の対象です',
            meetingPoint: '事務所',
            createdAt: now,
            updatedAt: now,
          },
        ])
        .returning({ id: availabilitySlotsTable.id });
      slotIds.push(...rows.map((row) => row.id));
    }
  }
  const [first] = workplaces;
  if (!first) return;
  const [posting] = await db
    .select({ id: jobPostingsTable.id })
    .from(jobPostingsTable)
    .where(eq(jobPostingsTable.workplaceId, first.id))
    .limit(1);

  const inDays = (days: number, time: string) => tokyoInstant(addDays(today, days), time);
  const demo: {
    state: RequestState;
    name: string;
    waitedDays?: number;
    slotIndex?: number;
    scheduled?: [number, string, string];
    outcome?: 'employed' | 'continuing_trials';
    message?: string;
  }[] = [
    { state: 'submitted', name: 'さくら', waitedDays: 1 },
    { state: 'submitted', name: 'たろう', waitedDays: 5 },
    { state: 'submitted', name: 'Ana', waitedDays: 10 },
    { state: 'accepted', name: 'みどり', slotIndex: 0, message: '当日はよろしくお願いします。' },
    { state: 'alternative_proposed', name: 'けん' },
    { state: 'declined', name: 'ゆう' },
    { state: 'withdrawn', name: 'はな' },
    { state: 'expired', name: 'そら' },
    { state: 'completed', name: 'ひかり', scheduled: [-7, '10:00', '11:30'], outcome: 'continuing_trials' },
    { state: 'no_show', name: 'りく', scheduled: [-3, '13:00', '16:00'] },
  ];
  for (const [index, item] of demo.entries()) {
    const waitingSince = new Date(now.getTime() - (item.waitedDays ?? 2) * DAY);
    const slotId = item.slotIndex === undefined ? null : (slotIds[item.slotIndex] ?? null);
    const [slot] = slotId
      ? await db.select().from(availabilitySlotsTable).where(eq(availabilitySlotsTable.id, slotId))
      : [];
    const closed = ['declined', 'withdrawn', 'expired', 'completed', 'no_show'].includes(item.state);
    const [request] = await db
      .insert(placementRequestsTable)
      .values({
        kind: index % 3 === 0 ? 'visit' : index % 3 === 1 ? 'experience' : 'short_trial',
        state: item.state,
        outcome: item.outcome ?? null,
        intent: index % 2 === 0 ? 'listen_first' : 'try_then_decide',
        organisationId: coop.id,
        workplaceId: first.id,
        postingId: posting?.id ?? null,
        slotId,
        holdsPlace: slot !== undefined,
        preferredTimes: slot
          ? []
          : [
              { date: addDays(today, item.state === 'expired' ? -2 : 8), start: '10:00', end: '12:00' },
              { date: addDays(today, item.state === 'expired' ? -1 : 9), start: '13:00', end: '15:00' },
            ],
        proposedTimes:
          item.state === 'alternative_proposed'
            ? [{ date: addDays(today, 12), start: '10:00', end: '11:30' }]
            : [],
        scheduledStart:
          slot?.startsAt ?? (item.scheduled ? inDays(item.scheduled[0], item.scheduled[1]) : null),
        scheduledEnd: slot?.endsAt ?? (item.scheduled ? inDays(item.scheduled[0], item.scheduled[2]) : null),
        contactName: `${item.name}（デモ）`,
        contactEmail: `demo-seeker${index + 1}@example.jp`,
        locale: item.name === 'Ana' ? 'en' : 'ja',
        notes: index === 0 ? '子どもの送り迎えがあるので、午前中だと助かります。' : '',
        declineReason: item.state === 'declined' ? 'dates_unavailable' : null,
        formId: crypto.randomUUID(),
        followTokenHash: sha256(randomToken(24)),
        createdAt: waitingSince,
        confirmedAt: waitingSince,
        waitingSince,
        escalatedAt: (item.waitedDays ?? 0) >= 10 ? now : null,
        remindedAt: (item.waitedDays ?? 0) >= 5 ? now : null,
        closedAt: closed ? now : null,
        updatedAt: now,
      })
      .returning({ id: placementRequestsTable.id });
    if (slot)
      await db
        .update(availabilitySlotsTable)
        .set({ booked: sql`${availabilitySlotsTable.booked} + 1` })
        .where(eq(availabilitySlotsTable.id, slot.id));
    if (request && item.message)
      await db.insert(requestMessagesTable).values({
        requestId: request.id,
        author: 'requester',
        body: item.message,
        createdAt: now,
      });
  }
}
