import { and, eq, isNull, lt, lte } from 'drizzle-orm';
import { absoluteUrl, inTransaction, type ServiceContext } from '../../auth/context.js';
import {
  coopGovernanceTable,
  jobPostingsTable,
  organisationsTable,
  workplacesTable,
} from '../../db/schema/index.js';
import { addDays, formatDate, todayInTokyo } from '../../lib/dates.js';
import { audit } from '../audit/audit.service.js';
import { sendMail } from '../mail/outbox.service.js';
import { buildPostingRow, openPostingWhere, postingReadings } from './postings.row.js';
import { EXPIRY_NOTICE_DAYS, staffOf } from './postings.service.js';

export interface MaintenanceReport {
  closed: number;
  noticesSent: number;
  /** Postings saved before readings existed whose readings were worked out in this run. */
  readingsAdded: number;
}

/**
 * Hourly upkeep; every run is idempotent, so overlapping or repeated runs change nothing twice.
 *
 * 1. Published postings whose valid-through day (Asia/Tokyo) has passed are closed, each with an audit
 *    entry without an actor.
 * 2. Published postings that close within a week and whose staff have not been told get one mail per
 *    staff member, in that person's language, in the same transaction that marks the notice as sent.
 * 3. Postings without readings (saved before readings existed) get them, a batch per run, so that a kana
 *    or romaji search finds them too.
 */
export async function runMaintenance(ctx: ServiceContext): Promise<MaintenanceReport> {
  const today = todayInTokyo(ctx.now);
  const closed = await closeExpiredPostings(ctx, today);
  const noticesSent = await sendExpiryNotices(ctx, today);
  const readingsAdded = await addMissingReadings(ctx);
  return { closed, noticesSent, readingsAdded };
}

/** Postings read per batch, and how long one run may spend: a large board is read over several hours. */
const READINGS_BATCH = 500;
const READINGS_RUN_MS = 50_000;

async function addMissingReadings(ctx: ServiceContext): Promise<number> {
  const started = Date.now();
  let added = 0;
  while (Date.now() - started < READINGS_RUN_MS) {
    const rows = await ctx.db
      .select({
        posting: jobPostingsTable,
        workplace: workplacesTable,
        organisation: organisationsTable,
        governance: coopGovernanceTable,
      })
      .from(jobPostingsTable)
      .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
      .innerJoin(organisationsTable, eq(organisationsTable.id, jobPostingsTable.organisationId))
      .leftJoin(coopGovernanceTable, eq(coopGovernanceTable.organisationId, organisationsTable.id))
      .where(isNull(jobPostingsTable.searchReadings))
      .orderBy(jobPostingsTable.id)
      .limit(READINGS_BATCH);
    for (const { posting, workplace, organisation, governance } of rows) {
      const context = { workplace, organisation, governance };
      const row = buildPostingRow(posting, context, await postingReadings(posting, context));
      // The whole document, since one written before readings also lacks later filter tokens; and only
      // where still unread, as a save in between has already written a fresh one.
      await ctx.db
        .update(jobPostingsTable)
        .set({
          searchText: row.searchText,
          searchTerms: row.searchTerms,
          searchFilters: row.searchFilters,
          searchReadings: row.searchReadings,
        })
        .where(and(eq(jobPostingsTable.id, posting.id), isNull(jobPostingsTable.searchReadings)));
    }
    added += rows.length;
    if (rows.length < READINGS_BATCH) break;
  }
  return added;
}

async function closeExpiredPostings(ctx: ServiceContext, today: string): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const expired = await tx.db
      .update(jobPostingsTable)
      // An edit still waiting for review closes with the posting: the staff renew it if they want it back.
      .set({ status: 'closed', pendingRevision: null, updatedAt: tx.now })
      .where(and(eq(jobPostingsTable.status, 'published'), lt(jobPostingsTable.validThrough, today)))
      .returning({ id: jobPostingsTable.id, organisationId: jobPostingsTable.organisationId });
    for (const posting of expired) {
      await audit(tx, {
        action: 'posting.expire',
        subject: { type: 'job_posting', id: posting.id },
        organisationId: posting.organisationId,
      });
    }
    return expired.length;
  });
}

async function sendExpiryNotices(ctx: ServiceContext, today: string): Promise<number> {
  const closingSoon = and(
    openPostingWhere(today),
    lte(jobPostingsTable.validThrough, addDays(today, EXPIRY_NOTICE_DAYS)),
    isNull(jobPostingsTable.expiryNoticeSentAt),
  );
  const due = await ctx.db.select({ id: jobPostingsTable.id }).from(jobPostingsTable).where(closingSoon);
  let sent = 0;
  for (const { id } of due) {
    sent += await inTransaction(ctx, async (tx) => {
      // Claiming the notice and writing its mail commit together; a run that loses the race for the
      // row finds it claimed and sends nothing.
      const [posting] = await tx.db
        .update(jobPostingsTable)
        .set({ expiryNoticeSentAt: tx.now })
        .where(and(eq(jobPostingsTable.id, id), closingSoon))
        .returning({
          id: jobPostingsTable.id,
          organisationId: jobPostingsTable.organisationId,
          title: jobPostingsTable.title,
          validThrough: jobPostingsTable.validThrough,
        });
      if (!posting) return 0;
      const staff = await staffOf(tx.db, { organisationId: posting.organisationId });
      const path = `/workspace/${posting.organisationId}/postings/${posting.id}`;
      for (const person of staff) {
        await sendMail(tx, {
          to: person.email,
          locale: person.locale,
          subjectKey: 'workspace.mail.expiring.subject',
          bodyKey: 'workspace.mail.expiring.body',
          params: {
            title: posting.title,
            date: formatDate(posting.validThrough, person.locale),
            link: absoluteUrl(tx, path),
          },
        });
      }
      return staff.length;
    });
  }
  return sent;
}
