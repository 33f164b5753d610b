import { and, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../auth/context.js';
import type { Db } from '../../db/client.js';
import { type MailMessage, mailOutboxTable } from '../../db/schema/index.js';
import { type Locale, type MessageKey, translator } from '../../i18n/index.js';

export interface OutgoingMail {
  to: string;
  subjectKey: MessageKey;
  bodyKey: MessageKey;
  params?: Record<string, string | number>;
  /** The recipient's language; Japanese when unknown. */
  locale?: Locale;
}

/**
 * Writes a message to the outbox. Call it with the transaction of the change that causes the mail,
 * so both commit together or neither does.
 */
export async function enqueueMail(db: Db, mail: OutgoingMail, now: Date): Promise<void> {
  const t = translator(mail.locale ?? 'ja');
  await db.insert(mailOutboxTable).values({
    recipient: mail.to,
    subject: t(mail.subjectKey, mail.params),
    body: `${t(mail.bodyKey, mail.params)}\n\n--\n${t('mail.footer')}\n`,
    createdAt: now,
    nextAttemptAt: now,
  });
}

/**
 * Queues a mail caused by a change, in the context's transaction and at its time: the one mail call of a
 * service (`enqueueMail` is the same thing for code that has no context yet).
 */
export function sendMail(ctx: ServiceContext, mail: OutgoingMail): Promise<void> {
  return enqueueMail(ctx.db, mail, ctx.now);
}

/** How long a claimed message is reserved for one sender before another may try it. */
const CLAIM_SECONDS = 120;
export const MAX_ATTEMPTS = 10;

/** 1 min, 2, 4 … capped at 6 h: a long SMTP outage loses nothing and does not hammer the server. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(60 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60);
}

/**
 * Claims due messages: moves their next attempt past the claim window, so a second sender (another
 * process, or the next tick) skips them while this one is delivering.
 */
export async function claimDueMail(db: Db, now: Date, limit: number): Promise<MailMessage[]> {
  const claimedUntil = new Date(now.getTime() + CLAIM_SECONDS * 1000);
  return db
    .update(mailOutboxTable)
    .set({ nextAttemptAt: claimedUntil })
    .where(
      inArray(
        mailOutboxTable.id,
        db
          .select({ id: mailOutboxTable.id })
          .from(mailOutboxTable)
          .where(
            and(
              isNull(mailOutboxTable.sentAt),
              eq(mailOutboxTable.failedPermanently, false),
              lte(mailOutboxTable.nextAttemptAt, now),
            ),
          )
          .orderBy(mailOutboxTable.nextAttemptAt, mailOutboxTable.id)
          .limit(limit)
          .for('update', { skipLocked: true }),
      ),
    )
    .returning();
}

export async function markSent(db: Db, id: number, now: Date): Promise<void> {
  await db
    .update(mailOutboxTable)
    .set({ sentAt: now, attempts: sql`${mailOutboxTable.attempts} + 1`, lastError: null })
    .where(eq(mailOutboxTable.id, id));
}

export async function markFailed(db: Db, message: MailMessage, now: Date, error: string, permanent: boolean) {
  const attempts = message.attempts + 1;
  await db
    .update(mailOutboxTable)
    .set({
      attempts,
      lastError: error.slice(0, 200),
      failedPermanently: permanent || attempts >= MAX_ATTEMPTS,
      nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(attempts) * 1000),
    })
    .where(eq(mailOutboxTable.id, message.id));
}

/** The newest messages, for the development mailbox page. */
export async function recentMail(db: Db, limit = 50): Promise<MailMessage[]> {
  return db.select().from(mailOutboxTable).orderBy(desc(mailOutboxTable.id)).limit(limit);
}
