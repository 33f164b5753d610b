import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { mailOutboxTable, usersTable } from '../../src/db/schema/index.js';
import { createMailSender, deliverDueMail } from '../../src/modules/mail/delivery.js';
import { enqueueMail } from '../../src/modules/mail/outbox.service.js';
import { createTestApp, useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { startSmtpServer, unusedPort } from '../helpers/smtp.js';

const clock = new TestClock();
const db = () => context.database.db;

const context = useTestApp({}, clock.now);

/** The text body of a raw single-part message, undoing nodemailer's base64 or quoted-printable. */
function bodyOf(raw: string): string {
  const [headers = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(headers))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`);
    return decodeURIComponent(bytes);
  }
  return body;
}

describe('the outbox', () => {
  it('keeps a change and its mail together: both commit, or neither', async () => {
    await expect(
      db().transaction(async (tx) => {
        await tx
          .insert(usersTable)
          .values({ email: 'rollback@example.jp', displayName: 'r', passwordHash: 'x' });
        await enqueueMail(
          tx,
          {
            to: 'rollback@example.jp',
            subjectKey: 'mail.verify.subject',
            bodyKey: 'mail.verify.body',
            params: { name: 'r', link: 'x' },
          },
          clock.now(),
        );
        throw new Error('the change failed after the mail was queued');
      }),
    ).rejects.toThrow();
    expect(await db().select().from(usersTable)).toHaveLength(0);
    expect(await db().select().from(mailOutboxTable)).toHaveLength(0);

    await postForm(request(context.app.server), '/signup', {
      displayName: 'c',
      email: 'commit@example.jp',
      password: 'a long enough password',
    }).expect(200);
    expect(await db().select().from(usersTable)).toHaveLength(1);
    expect(
      await db().select().from(mailOutboxTable).where(eq(mailOutboxTable.recipient, 'commit@example.jp')),
    ).toHaveLength(1);
  });

  it('delivers over SMTP, and resumes after the server was unreachable', async () => {
    await postForm(request(context.app.server), '/signup', {
      displayName: 'みどり',
      email: 'midori@example.jp',
      password: 'a long enough password',
    }).expect(200);

    const port = await unusedPort();
    const downSender = createMailSender(`smtp://127.0.0.1:${port}`, 'station@yoishigoto.example.jp');
    expect(await deliverDueMail(db(), downSender, clock.now)).toEqual({ sent: 0, failed: 1 });
    downSender.transport.close();
    const [waiting] = await db().select().from(mailOutboxTable);
    expect(waiting?.sentAt).toBeNull();
    expect(waiting?.attempts).toBe(1);
    expect(waiting?.lastError).toBe('ESOCKET');
    expect(waiting?.nextAttemptAt.getTime()).toBeGreaterThan(clock.now().getTime());

    const smtp = await startSmtpServer({ port });
    const sender = createMailSender(smtp.url, 'station@yoishigoto.example.jp');
    try {
      // Not due yet: nothing is sent before the retry time.
      expect(await deliverDueMail(db(), sender, clock.now)).toEqual({ sent: 0, failed: 0 });
      clock.advance(61);
      expect(await deliverDueMail(db(), sender, clock.now)).toEqual({ sent: 1, failed: 0 });
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]?.to).toEqual(['midori@example.jp']);
      const body = bodyOf(smtp.received[0]?.raw ?? '');
      expect(body).toContain('みどり さん');
      expect(body).toContain('https://yoishigoto.example.jp/verify-email?token=');
      const [sent] = await db().select().from(mailOutboxTable);
      expect(sent?.sentAt).not.toBeNull();
      // Sent mail is not sent again.
      clock.advance(3600);
      expect(await deliverDueMail(db(), sender, clock.now)).toEqual({ sent: 0, failed: 0 });
      expect(smtp.received).toHaveLength(1);
    } finally {
      sender.transport.close();
      await smtp.close();
    }
  });

  it('stops retrying a recipient the server permanently refuses', async () => {
    await enqueueMail(
      db(),
      {
        to: 'gone@example.jp',
        subjectKey: 'mail.verify.subject',
        bodyKey: 'mail.verify.body',
        params: { name: 'g', link: 'x' },
      },
      clock.now(),
    );
    const smtp = await startSmtpServer({ rejectWith: 550 });
    const sender = createMailSender(smtp.url, 'station@yoishigoto.example.jp');
    try {
      expect(await deliverDueMail(db(), sender, clock.now)).toEqual({ sent: 0, failed: 1 });
      const [row] = await db().select().from(mailOutboxTable);
      expect(row?.failedPermanently).toBe(true);
      clock.advance(24 * 3600);
      expect(await deliverDueMail(db(), sender, clock.now)).toEqual({ sent: 0, failed: 0 });
    } finally {
      sender.transport.close();
      await smtp.close();
    }
  });

  it('sends each message once when two deliveries run at the same time', async () => {
    for (let n = 0; n < 6; n++) {
      await enqueueMail(
        db(),
        {
          to: `p${n}@example.jp`,
          subjectKey: 'mail.verify.subject',
          bodyKey: 'mail.verify.body',
          params: { name: 'p', link: 'x' },
        },
        clock.now(),
      );
    }
    const smtp = await startSmtpServer();
    const senders = [
      createMailSender(smtp.url, 'a@yoishigoto.example.jp'),
      createMailSender(smtp.url, 'b@yoishigoto.example.jp'),
    ];
    try {
      const results = await Promise.all(senders.map((sender) => deliverDueMail(db(), sender, clock.now)));
      expect(results.reduce((total, result) => total + result.sent, 0)).toBe(6);
      expect(smtp.received.map((mail) => mail.to[0]).sort()).toEqual(
        ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'].map((p) => `${p}@example.jp`),
      );
    } finally {
      for (const sender of senders) sender.transport.close();
      await smtp.close();
    }
  });
});

describe('the development mailbox', () => {
  it('shows queued mail when no SMTP server is configured', async () => {
    await postForm(request(context.app.server), '/password/forgot', { email: 'nobody@example.jp' });
    await postForm(request(context.app.server), '/signup', {
      displayName: 'm',
      email: 'box@example.jp',
      password: 'a long enough password',
    });
    const page = await request(context.app.server).get('/dev/mailbox').expect(200);
    expect(page.text).toContain('box@example.jp');
    expect(page.text).toContain('メールアドレスの確認');
  });

  it('does not exist in production', async () => {
    const production = await createTestApp({ NODE_ENV: 'production' });
    try {
      await request(production.app.server).get('/dev/mailbox').expect(404);
    } finally {
      await production.close();
    }
  });
});
