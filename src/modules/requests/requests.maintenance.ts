import { and, eq, exists, inArray, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import { absoluteUrl, inTransaction, type ServiceContext } from '../../auth/context.js';
import type { Config } from '../../config.js';
import {
  availabilitySlotsTable,
  jobPostingsTable,
  type PlacementRequest,
  placementRequestsTable,
  schoolRequestDetailsTable,
  workplacesTable,
} from '../../db/schema/index.js';
import { translator } from '../../i18n/index.js';
import { addDays, formatDate, todayInTokyo } from '../../lib/dates.js';
import { audit } from '../audit/audit.service.js';
import { sendMail } from '../mail/outbox.service.js';
import {
  agreementDeadline,
  agreementReminderAt,
  dayText,
  scheduleText,
} from '../school-requests/school-requests.rules.js';
import {
  addMonths,
  businessDaysBetween,
  closedStates,
  IllegalTransitionError,
  lastDateOf,
  tokyoDateTime,
} from './requests.rules.js';
import { internals, scheduleOfSchoolRequest, whenText } from './requests.service.js';

const {
  releasePlace,
  changeState,
  tellStaff,
  tellRequester,
  anonymise,
  placeOf,
  secretariatStaff,
  localeOf,
  kindWord,
} = internals;

export interface RequestPolicy {
  /** Business days without an answer before the co-op is reminded (default 3). */
  reminderBusinessDays: number;
  /** Business days before the secretariat's escalation queue (and a mail to the secretariat). */
  escalationBusinessDays: number;
  /** Months after closing before the personal data is erased. */
  retentionMonths: number;
}

export const defaultRequestPolicy: RequestPolicy = {
  reminderBusinessDays: 3,
  escalationBusinessDays: 6,
  retentionMonths: 12,
};

/** The policy as configured (REQUEST_* settings, README.md). */
export function requestPolicyOf(config: Config): RequestPolicy {
  return {
    reminderBusinessDays: config.REQUEST_REMINDER_BUSINESS_DAYS,
    escalationBusinessDays: config.REQUEST_ESCALATION_BUSINESS_DAYS,
    retentionMonths: config.REQUEST_RETENTION_MONTHS,
  };
}

export interface RequestMaintenanceReport {
  unconfirmedDeleted: number;
  reminded: number;
  escalated: number;
  expired: number;
  agreementsExpired: number;
  agreementReminders: number;
  dayBeforeReminders: number;
  anonymised: number;
}

/**
 * Hourly upkeep of requests; each step claims its rows with a conditional update in the transaction that
 * writes the mail, so overlapping runs (two processes) never send a mail twice.
 */
export async function runRequestMaintenance(
  ctx: ServiceContext,
  policy: RequestPolicy = defaultRequestPolicy,
): Promise<RequestMaintenanceReport> {
  return {
    unconfirmedDeleted: await deleteUnconfirmed(ctx),
    reminded: await remindAndEscalate(ctx, policy, 'remind'),
    escalated: await remindAndEscalate(ctx, policy, 'escalate'),
    expired: await expireUnanswered(ctx),
    // Expiry before the reminder: a request past its deadline is not reminded first.
    agreementsExpired: await expireUnconfirmedAgreements(ctx),
    agreementReminders: await remindAgreements(ctx),
    dayBeforeReminders: await remindDayBefore(ctx),
    anonymised: await anonymiseClosed(ctx, policy),
  };
}

/** Requests nobody confirmed within a day are deleted, and the places they held given back. */
async function deleteUnconfirmed(ctx: ServiceContext): Promise<number> {
  const cutoff = new Date(ctx.now.getTime() - 24 * 3600_000);
  const stale = await ctx.db
    .select({ id: placementRequestsTable.id })
    .from(placementRequestsTable)
    .where(
      and(eq(placementRequestsTable.state, 'unconfirmed'), lt(placementRequestsTable.createdAt, cutoff)),
    );
  for (const { id } of stale) {
    await inTransaction(ctx, async (tx) => {
      await releasePlace(tx.db, id, ctx.now);
      await tx.db
        .delete(placementRequestsTable)
        .where(and(eq(placementRequestsTable.id, id), eq(placementRequestsTable.state, 'unconfirmed')));
    });
  }
  return stale.length;
}

async function remindAndEscalate(ctx: ServiceContext, policy: RequestPolicy, step: 'remind' | 'escalate') {
  const marker = step === 'remind' ? placementRequestsTable.remindedAt : placementRequestsTable.escalatedAt;
  const days = step === 'remind' ? policy.reminderBusinessDays : policy.escalationBusinessDays;
  const candidates = await ctx.db
    .select()
    .from(placementRequestsTable)
    .where(
      and(
        eq(placementRequestsTable.state, 'submitted'),
        isNull(marker),
        isNotNull(placementRequestsTable.waitingSince),
        // At least `days` calendar days: business days are counted in the app (holidays).
        lt(placementRequestsTable.waitingSince, new Date(ctx.now.getTime() - days * 86_400_000)),
      ),
    );
  let done = 0;
  for (const request of candidates) {
    if (!request.waitingSince || businessDaysBetween(request.waitingSince, ctx.now) < days) continue;
    done += await inTransaction(ctx, async (tx) => {
      const [claimed] = await tx.db
        .update(placementRequestsTable)
        .set(step === 'remind' ? { remindedAt: ctx.now } : { escalatedAt: ctx.now })
        .where(
          and(
            eq(placementRequestsTable.id, request.id),
            eq(placementRequestsTable.state, 'submitted'),
            isNull(marker),
          ),
        )
        .returning();
      if (!claimed) return 0;
      const place = await placeOf(tx.db, claimed);
      const waitingDays = businessDaysBetween(request.waitingSince as Date, ctx.now);
      if (step === 'remind') {
        await tellStaff(tx, claimed, 'requests.mail.staffReminder', place.workplaceName, {
          days: waitingDays,
        });
      } else {
        for (const person of await secretariatStaff(tx.db)) {
          await sendMail(tx, {
            to: person.email,
            locale: person.locale,
            subjectKey: 'requests.mail.escalation.subject',
            bodyKey: 'requests.mail.escalation.body',
            params: {
              organisation: place.organisationName,
              workplace: place.workplaceName,
              kind: kindWord(person.locale, claimed.kind),
              days: waitingDays,
              link: absoluteUrl(ctx, '/console/requests'),
            },
          });
        }
      }
      await audit(tx, {
        action: step === 'remind' ? 'request.remind' : 'request.escalate',
        subject: { type: 'placement_request', id: claimed.id },
        organisationId: claimed.organisationId,
        details: { businessDays: waitingDays },
      });
      return 1;
    });
  }
  return done;
}

/**
 * Open postings that take requests, like the one asked about (same field, nearby first), for the expiry
 * mail. A workplace asked directly has no field: postings near it, of any field, then.
 */
async function similarPostings(ctx: ServiceContext, request: PlacementRequest) {
  const [asked] = request.postingId
    ? await ctx.db
        .select({ field: jobPostingsTable.field, prefectureCode: workplacesTable.prefectureCode })
        .from(jobPostingsTable)
        .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
        .where(eq(jobPostingsTable.id, request.postingId))
    : await ctx.db
        .select({ field: sql<null>`null`, prefectureCode: workplacesTable.prefectureCode })
        .from(workplacesTable)
        .where(eq(workplacesTable.id, request.workplaceId));
  if (!asked) return [];
  const today = todayInTokyo(ctx.now);
  return ctx.db
    .select({ id: jobPostingsTable.id, title: jobPostingsTable.title })
    .from(jobPostingsTable)
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .where(
      and(
        eq(jobPostingsTable.status, 'published'),
        asked.field ? eq(jobPostingsTable.field, asked.field) : undefined,
        request.postingId ? ne(jobPostingsTable.id, request.postingId) : undefined,
        sql`${jobPostingsTable.validThrough} >= ${today}`,
        sql`(${jobPostingsTable.acceptsVisit} or ${jobPostingsTable.acceptsExperience} or ${jobPostingsTable.acceptsShortTrial})`,
      ),
    )
    .orderBy(
      sql`case when ${workplacesTable.prefectureCode} = ${asked.prefectureCode} then 0 else 1 end`,
      jobPostingsTable.id,
    )
    .limit(3);
}

/** Requests whose every date has passed with no answer expire; the requester is told kindly. */
async function expireUnanswered(ctx: ServiceContext): Promise<number> {
  const today = todayInTokyo(ctx.now);
  const open = await ctx.db
    .select({ request: placementRequestsTable, slotStart: availabilitySlotsTable.startsAt })
    .from(placementRequestsTable)
    .leftJoin(availabilitySlotsTable, eq(availabilitySlotsTable.id, placementRequestsTable.slotId))
    .where(inArray(placementRequestsTable.state, ['submitted', 'alternative_proposed']));
  let expired = 0;
  for (const { request, slotStart } of open) {
    const times = request.state === 'alternative_proposed' ? request.proposedTimes : request.preferredTimes;
    const last = lastDateOf(times, request.state === 'submitted' ? slotStart : null);
    if (!last || last >= today) continue;
    expired += await inTransaction(ctx, async (tx) => {
      const updated = await changeState(tx, request, 'expire', 'system').catch(() => null);
      if (!updated) return 0;
      const similar = await similarPostings(tx, updated);
      const t = translator(localeOf(updated));
      const list = similar
        .map((posting) => `・${posting.title}\n  ${absoluteUrl(ctx, `/jobs/${posting.id}`)}`)
        .join('\n');
      await tellRequester(tx, updated, 'expired', {
        similar: list || t('requests.mail.expired.noSimilar'),
        search: absoluteUrl(ctx, '/jobs'),
      });
      const place = await placeOf(tx.db, updated);
      await tellStaff(tx, updated, 'requests.mail.staffUpdate', place.workplaceName, {
        what: 'requests.staffWhat.expired',
      });
      return 1;
    });
  }
  return expired;
}

/**
 * Schools' requests the co-op accepted that wait for the school's confirmation, with their details and
 * deadline; `lockId` reads one again inside a transaction, locked, so the decision is made on the row as
 * it is now (not re-accepted since the list was read).
 */
async function waitingForSchools(ctx: ServiceContext, lockId?: number) {
  const query = ctx.db
    .select({ request: placementRequestsTable, details: schoolRequestDetailsTable })
    .from(placementRequestsTable)
    .innerJoin(schoolRequestDetailsTable, eq(schoolRequestDetailsTable.requestId, placementRequestsTable.id))
    .where(
      and(
        eq(placementRequestsTable.state, 'agreement_pending'),
        lockId === undefined ? undefined : eq(placementRequestsTable.id, lockId),
      ),
    );
  const rows = lockId === undefined ? await query : await query.for('update', { of: placementRequestsTable });
  return rows.map(({ request, details }) => {
    const days = scheduleOfSchoolRequest(request, details).dayList;
    const firstDay = days[0]?.date ?? details.periodStart;
    // A row from before the deadline existed has no start; its last change stands in (the migration
    // gave every such row one, so this is only for rows written some other way).
    const requestedAt = details.agreementRequestedAt ?? request.updatedAt;
    return { request, details, days, firstDay, requestedAt };
  });
}

/**
 * A school that does not confirm the agreement by its deadline (a week after the co-op accepted, at the
 * latest the day before the first day: school-requests.rules.ts) lets the request expire: its places go
 * back to the slot, and the school's teacher and the co-op's staff are told, in the transaction of the
 * change. The conditional update on the state (changeState) claims the row, so two processes expire it once.
 */
async function expireUnconfirmedAgreements(ctx: ServiceContext): Promise<number> {
  let expired = 0;
  for (const candidate of await waitingForSchools(ctx)) {
    if (ctx.now < agreementDeadline(candidate.requestedAt, candidate.firstDay)) continue;
    expired += await inTransaction(ctx, async (tx) => {
      const [current] = await waitingForSchools(tx, candidate.request.id);
      if (!current) return 0; // confirmed, withdrawn or expired by another run meanwhile
      const { request } = current;
      const deadline = agreementDeadline(current.requestedAt, current.firstDay);
      if (ctx.now < deadline) return 0;
      const confirmBy = todayInTokyo(new Date(deadline.getTime() - 1));
      const updated = await changeState(tx, request, 'expire_agreement', 'system', {}, { confirmBy }).catch(
        (error: unknown) => {
          if (error instanceof IllegalTransitionError) return null; // another run, or the school, was first
          throw error;
        },
      );
      if (!updated) return 0;
      const locale = localeOf(updated);
      const t = translator(locale);
      await tellRequester(tx, updated, 'agreementExpired', {
        deadline: formatDate(confirmBy, locale),
        places: request.holdsPlace ? t('schoolRequests.mail.placesReleased') : '',
      });
      const place = await placeOf(tx.db, updated);
      await tellStaff(tx, updated, 'requests.mail.staffUpdate', place.workplaceName, {
        what: request.holdsPlace
          ? 'schoolRequests.staffWhat.agreementExpiredReleased'
          : 'schoolRequests.staffWhat.agreementExpired',
      });
      return 1;
    });
  }
  return expired;
}

/** Halfway to the deadline, a school that has not confirmed yet is reminded once, with the deadline. */
async function remindAgreements(ctx: ServiceContext): Promise<number> {
  let sent = 0;
  for (const { request, details, days, firstDay, requestedAt } of await waitingForSchools(ctx)) {
    if (details.agreementRemindedAt) continue;
    const remindAt = agreementReminderAt(requestedAt, firstDay);
    const deadline = agreementDeadline(requestedAt, firstDay);
    if (!remindAt || ctx.now < remindAt || ctx.now >= deadline) continue;
    sent += await inTransaction(ctx, async (tx) => {
      const [claimed] = await tx.db
        .update(schoolRequestDetailsTable)
        .set({ agreementRemindedAt: ctx.now })
        .where(
          and(
            eq(schoolRequestDetailsTable.requestId, request.id),
            isNull(schoolRequestDetailsTable.agreementRemindedAt),
            exists(
              tx.db
                .select({ one: sql`1` })
                .from(placementRequestsTable)
                .where(
                  and(
                    eq(placementRequestsTable.id, request.id),
                    eq(placementRequestsTable.state, 'agreement_pending'),
                  ),
                ),
            ),
          ),
        )
        .returning({ requestId: schoolRequestDetailsTable.requestId });
      if (!claimed) return 0;
      const locale = localeOf(request);
      const t = translator(locale);
      await tellRequester(tx, request, 'agreementReminder', {
        deadline: formatDate(todayInTokyo(new Date(deadline.getTime() - 1)), locale),
        when: scheduleText(locale, days),
        places: request.holdsPlace ? t('schoolRequests.mail.placesHeld') : '',
      });
      await audit(tx, {
        action: 'request.agreement_reminder',
        subject: { type: 'placement_request', id: request.id },
        organisationId: request.organisationId,
      });
      return 1;
    });
  }
  return sent;
}

/**
 * The day before a scheduled visit or trial, the requester gets a reminder with the time and place. A
 * school's internship of several days is reminded the day before its first day, with every day.
 */
async function remindDayBefore(ctx: ServiceContext): Promise<number> {
  const tomorrow = addDays(todayInTokyo(ctx.now), 1);
  const scheduled = await ctx.db
    .select({ request: placementRequestsTable, details: schoolRequestDetailsTable })
    .from(placementRequestsTable)
    .leftJoin(schoolRequestDetailsTable, eq(schoolRequestDetailsTable.requestId, placementRequestsTable.id))
    .where(
      and(
        eq(placementRequestsTable.state, 'accepted'),
        isNull(placementRequestsTable.dayBeforeReminderAt),
        isNotNull(placementRequestsTable.scheduledStart),
      ),
    );
  let sent = 0;
  for (const { request, details } of scheduled) {
    if (!request.scheduledStart) continue;
    const days =
      request.requesterKind === 'school' && details
        ? scheduleOfSchoolRequest(request, details).dayList
        : null;
    const first = days?.[0]?.date ?? tokyoDateTime(request.scheduledStart).date;
    if (first !== tomorrow) continue;
    sent += await inTransaction(ctx, async (tx) => {
      const [claimed] = await tx.db
        .update(placementRequestsTable)
        .set({ dayBeforeReminderAt: ctx.now })
        .where(
          and(eq(placementRequestsTable.id, request.id), isNull(placementRequestsTable.dayBeforeReminderAt)),
        )
        .returning();
      if (!claimed?.scheduledStart) return 0;
      const locale = localeOf(claimed);
      if (days && days.length > 1)
        await tellRequester(tx, claimed, 'dayBeforePeriod', {
          when: scheduleText(locale, days),
          count: days.length,
        });
      else
        await tellRequester(tx, claimed, 'dayBefore', {
          when: days?.[0]
            ? dayText(locale, days[0])
            : whenText(locale, claimed.scheduledStart, claimed.scheduledEnd),
        });
      await audit(tx, {
        action: 'request.day_before_reminder',
        subject: { type: 'placement_request', id: claimed.id },
        organisationId: claimed.organisationId,
      });
      return 1;
    });
  }
  return sent;
}

/** The date a closed request's personal data is erased (shown on the follow-up page). */
export function erasureDate(closedAt: Date, policy: RequestPolicy, locale: 'ja' | 'en'): string {
  return formatDate(todayInTokyo(addMonths(closedAt, policy.retentionMonths)), locale);
}

async function anonymiseClosed(ctx: ServiceContext, policy: RequestPolicy): Promise<number> {
  const cutoff = addMonths(ctx.now, -policy.retentionMonths);
  const due = await ctx.db
    .select({ id: placementRequestsTable.id, organisationId: placementRequestsTable.organisationId })
    .from(placementRequestsTable)
    .where(
      and(
        inArray(placementRequestsTable.state, [...closedStates]),
        isNull(placementRequestsTable.anonymisedAt),
        lt(placementRequestsTable.closedAt, cutoff),
      ),
    );
  for (const row of due)
    await inTransaction(ctx, (tx) => anonymise(tx, row.id, row.organisationId, 'retention'));
  return due.length;
}
