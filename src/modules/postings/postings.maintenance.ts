import { and, eq, gte, isNull, lt, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { jobPostingsTable, membershipsTable, usersTable } from '../../db/schema/index.js';
import { addDays, formatDate, todayInTokyo } from '../../lib/dates.js';
import { recordAudit } from '../audit/audit.service.js';
import { enqueueMail } from '../mail/outbox.service.js';
import { EXPIRY_NOTICE_DAYS } from './postings.service.js';

export interface MaintenanceOptions {
  /** The site's address, for the link in the notice (server.ts knows it from the config). */
  publicUrl?: string;
}

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
export async function runMaintenance(
  db: Db,
  now: Date,
  options: MaintenanceOptions = {},
): Promise<MaintenanceReport> {
  const today = todayInTokyo(now);
  const closed = await closeExpiredPostings(db, now, today);
  const noticesSent = await sendExpiryNotices(db, now, today, options.publicUrl);
  return { closed, noticesSent };
}

async function closeExpiredPostings(db: Db, now: Date, today: string): Promise<number> {
  return db.transaction(async (tx) => {
    const expired = await tx
      .update(jobPostingsTable)
      .set({ status: 'closed', updatedAt: now })
      .where(and(eq(jobPostingsTable.status, 'published'), lt(jobPostingsTable.validThrough, today)))
      .returning({ id: jobPostingsTable.id, organisationId: jobPostingsTable.organisationId });
    for (const posting of expired) {
      await recordAudit(
        tx,
        {
          actorUserId: null,
          organisationId: posting.organisationId,
          action: 'posting.expire',
          subjectType: 'job_posting',
          subjectId: posting.id,
        },
        now,
      );
    }
    return expired.length;
  });
}

async function sendExpiryNotices(
  db: Db,
  now: Date,
  today: string,
  publicUrl: string | undefined,
): Promise<number> {
  const closingSoon = and(
    eq(jobPostingsTable.status, 'published'),
    gte(jobPostingsTable.validThrough, today),
    lte(jobPostingsTable.validThrough, addDays(today, EXPIRY_NOTICE_DAYS)),
    isNull(jobPostingsTable.expiryNoticeSentAt),
  );
  const due = await db.select({ id: jobPostingsTable.id }).from(jobPostingsTable).where(closingSoon);
  let sent = 0;
  for (const { id } of due) {
    sent += await db.transaction(async (tx) => {
      // Claiming the notice and writing its mail commit together; a run that loses the race for the
      // row finds it claimed and sends nothing.
      const [posting] = await tx
        .update(jobPostingsTable)
        .set({ expiryNoticeSentAt: now })
        .where(and(eq(jobPostingsTable.id, id), closingSoon))
        .returning({
          id: jobPostingsTable.id,
          organisationId: jobPostingsTable.organisationId,
          title: jobPostingsTable.title,
          validThrough: jobPostingsTable.validThrough,
        });
      if (!posting) return 0;
      const staff = await tx
        .select({ email: usersTable.email, locale: usersTable.locale })
        .from(membershipsTable)
        .innerJoin(usersTable, eq(usersTable.id, membershipsTable.userId))
        .where(eq(membershipsTable.organisationId, posting.organisationId));
      const path = `/workspace/${posting.organisationId}/postings/${posting.id}`;
      for (const person of staff) {
        await enqueueMail(
          tx,
          {
            to: person.email,
            locale: person.locale,
            subjectKey: 'workspace.mail.expiring.subject',
            bodyKey: 'workspace.mail.expiring.body',
            params: {
              title: posting.title,
              date: formatDate(posting.validThrough, person.locale),
              link: publicUrl ? `${publicUrl}${path}` : path,
            },
          },
          now,
        );
      }
      return staff.length;
    });
  }
  return sent;
}
