import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { claimDueMail, markFailed, markSent } from './outbox.service.js';

export interface MailSender {
  transport: Transporter;
  from: string;
}

export function createMailSender(smtpUrl: string, from: string): MailSender {
  return { transport: nodemailer.createTransport(smtpUrl), from };
}

/** SMTP 5xx replies (no such mailbox, rejected) will not succeed on retry; everything else might. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** The class of an SMTP failure for the outbox row and logs; never the address or message. */
function describe(error: unknown): string {
  const { code, responseCode } = error as { code?: string; responseCode?: number };
  return [code, responseCode].filter(Boolean).join(' ') || 'error';
}

export interface DeliveryResult {
  sent: number;
  failed: number;
}

/** Sends what is due in the outbox once. Safe to run from several processes at the same time. */
export async function deliverDueMail(
  db: Db,
  sender: MailSender,
  clock: Clock,
  logger?: Pick<Logger, 'warn'>,
  batchSize = 20,
): Promise<DeliveryResult> {
  const messages = await claimDueMail(db, clock(), batchSize);
  const result: DeliveryResult = { sent: 0, failed: 0 };
  for (const message of messages) {
    try {
      await sender.transport.sendMail({
        from: sender.from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
      });
      await markSent(db, message.id, clock());
      result.sent++;
    } catch (error) {
      const permanent = isPermanent(error);
      await markFailed(db, message, clock(), describe(error), permanent);
      logger?.warn({ mailId: message.id, error: describe(error), permanent }, 'mail delivery failed');
      result.failed++;
    }
  }
  return result;
}

/** Polls the outbox until stopped; returns the stop function (awaits the delivery in progress). */
export function startMailDelivery(
  db: Db,
  sender: MailSender,
  clock: Clock,
  logger: Pick<Logger, 'warn' | 'error'>,
  intervalMs: number,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running
      .then(() => deliverDueMail(db, sender, clock, logger))
      .catch((error) => logger.error({ err: error }, 'mail delivery loop failed'));
  }, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
    sender.transport.close();
  };
}
