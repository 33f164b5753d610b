import { and, eq, isNull, lt, lte } from 'drizzle-orm';
import { absoluteUrl, inTransaction, type ServiceContext } from '../../auth/context.js';
import { jobPostingsTable } from '../../db/schema/index.js';
import { addDays, formatDate, todayInTokyo } from '../../lib/dates.js';
import { audit } from '../audit/audit.service.js';
import { sendMail } from '../mail/outbox.service.js';
import { openPostingWhere } from './postings.row.js';
import { EXPIRY_NOTICE_DAYS, staffOf } from './postings.service.js';

export interface MaintenanceReport {
  closed: number;
  noticesSent: number;
}

/**
 * Hourly upkeep; every run is idempotent, so overlapping or repeated runs change nothing twice.
 *
 * 1. Published postings whose valid-through day (Asia/Tokyo) has passed are closed, each with an audit
 *    entry without an actor.
 * 2. Published postings that close within a week and whose staff have not been told get one mail per
 *    staff member, in that person's language, in the same transaction that marks the notice as sent.
 */
export async function runMaintenance(ctx: ServiceContext): Promise<MaintenanceReport> {
  const today = todayInTokyo(ctx.now);
  const closed = await closeExpiredPostings(ctx, today);
  const noticesSent = await sendExpiryNotices(ctx, today);
  return { closed, noticesSent };
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
