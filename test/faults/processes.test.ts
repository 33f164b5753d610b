/**
 * Two app processes on one PostgreSQL (issue 13, "several processes"): what one process knows, the other
 * must know too. The processes are real children (`tsx src/server.ts`) on a database of their own on the
 * machine's PostgreSQL; asserted: the sign-in limit counts attempts made through both, and a change made
 * through one clears the other's cached public page at once, while a change that bypasses the app (and
 * so tells nobody) shows that the page really was cached; and both mail senders, polling one outbox,
 * deliver each message once.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import {
  auditLogTable,
  jobPostingsTable,
  mailOutboxTable,
  membershipsTable,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { enqueueMail } from '../../src/modules/mail/outbox.service.js';
import { seedMinimumWages } from '../../src/seed/demo.js';
import { createUser, TEST_PASSWORD } from '../helpers/auth.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';
import {
  type AppProcess,
  admin,
  databaseUrlFor,
  serverReachable,
  serverUrl,
  signIn,
  startAppProcess,
  stopAppProcess,
} from '../helpers/processes.js';
import { startSmtpServer } from '../helpers/smtp.js';

const databaseName = `yss_processes_${process.pid}`;
const databaseUrl = databaseUrlFor(databaseName);
const available = await serverReachable();
// In CI a missing PostgreSQL is a failure of the machine, not a reason to skip the test.
if (!available && process.env.CI === 'true') throw new Error(`PostgreSQL is not reachable at ${serverUrl}`);

const startApp = () =>
  startAppProcess({
    DATABASE_URL: databaseUrl,
    PUBLIC_CACHE_SECONDS: '300',
    SMTP_URL: smtpUrl,
    MAIL_POLL_SECONDS: '1',
  });

let first: AppProcess | undefined;
let second: AppProcess | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpServer>> | undefined;
let smtpUrl = '';
let maintenancePostings = { expired: 0, closingSoon: 0 };

beforeAll(async () => {
  if (!available) return;
  await admin(`drop database if exists ${databaseName} with (force)`);
  await admin(`create database ${databaseName}`);
  const setup = await openDatabase({ databaseUrl, poolMax: 2 });
  await migrateDatabase(setup);
  await seedMinimumWages(setup.db);
  // Both processes run the maintenance as they start, at the same moment: one posting past its date (to
  // close once) and one closing within the week (its staff told once).
  const { organisation, workplace } = await createCoopWithWorkplace(setup.db, { trusted: true });
  const staff = await createUser(setup.db, { email: 'maintenance-staff@example.jp' });
  await setup.db
    .insert(membershipsTable)
    .values({ userId: staff.id, organisationId: organisation.id, role: 'member' });
  const expired = await createPosting(setup.db, workplace.id, { title: '期限の過ぎた求人' });
  await setup.db
    .update(jobPostingsTable)
    .set({ validThrough: addDays(todayInTokyo(), -1) })
    .where(eq(jobPostingsTable.id, expired.id));
  const closingSoon = await createPosting(setup.db, workplace.id, { title: 'まもなく締切の求人' });
  await setup.db
    .update(jobPostingsTable)
    .set({ validThrough: addDays(todayInTokyo(), 3) })
    .where(eq(jobPostingsTable.id, closingSoon.id));
  maintenancePostings = { expired: expired.id, closingSoon: closingSoon.id };
  await setup.close();
  smtp = await startSmtpServer();
  smtpUrl = smtp.url;
  [first, second] = await Promise.all([startApp(), startApp()]);
});

afterAll(async () => {
  await Promise.all([first, second].map(stopAppProcess));
  await smtp?.close();
  if (available) await admin(`drop database if exists ${databaseName} with (force)`);
});

describe.skipIf(!available)('two app processes on one PostgreSQL', () => {
  it('count one sign-in limit together: the sixth wrong password is refused whichever process gets it', async () => {
    const apps = [first, second] as AppProcess[];
    const statuses: number[] = [];
    // Five wrong passwords for one account from one address is the limit (accounts.routes.ts), made
    // alternately through each process: counted apart, each would have seen only three.
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await signIn(
        apps[attempt % 2] as AppProcess,
        'nobody-two-processes@example.jp',
        'wrong',
      );
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5).every((status) => status === 401 || status === 422)).toBe(true);
    expect(statuses[5]).toBe(429);
  });

  it('clear the other process’s cached posting page at once when a posting is closed through one', async () => {
    const db = await openDatabase({ databaseUrl, poolMax: 2 });
    const { organisation, workplace } = await createCoopWithWorkplace(db.db, { trusted: true });
    const posting = await createPosting(db.db, workplace.id, { title: 'ふたつめの処理で見る求人' });
    const staff = await createUser(db.db);
    await db.db
      .insert(membershipsTable)
      .values({ userId: staff.id, organisationId: organisation.id, role: 'member' });
    const reader = second as AppProcess;
    const writer = first as AppProcess;
    const page = async () => (await fetch(`${reader.origin}/jobs/${posting.id}`)).text();

    expect(await page()).toContain('ふたつめの処理で見る求人');
    // A change behind the app's back tells no process: the second still shows its cached page.
    await db.db
      .update(jobPostingsTable)
      .set({ title: '裏で変えた題名' })
      .where(eq(jobPostingsTable.id, posting.id));
    expect(await page()).toContain('ふたつめの処理で見る求人');

    const signin = await signIn(writer, staff.email, TEST_PASSWORD);
    expect(signin.status).toBe(303);
    const cookie = (signin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const close = await fetch(`${writer.origin}/workspace/${organisation.id}/postings/${posting.id}/close`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: writer.origin, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(close.status).toBe(303);

    // Straight after the first process answered, the second renders afresh: closed, with the new title.
    const after = await page();
    expect(after).toContain('notice-closed');
    expect(after).toContain('裏で変えた題名');
    await db.close();
  });

  it('deliver each queued mail once, though both processes send from the same outbox', async () => {
    const db = await openDatabase({ databaseUrl, poolMax: 2 });
    const recipients = Array.from({ length: 40 }, (_, index) => `outbox-${index}@example.jp`);
    for (const to of recipients)
      await enqueueMail(db.db, { to, subjectKey: 'mail.footer', bodyKey: 'mail.footer' }, new Date());
    const delivered = () => (smtp?.received ?? []).filter((mail) => mail.to[0]?.startsWith('outbox-'));
    const until = Date.now() + 30_000;
    while (delivered().length < recipients.length && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 200));
    // Both senders poll every second; give a second sender the chance to send anything twice.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const counts = new Map<string, number>();
    for (const mail of delivered())
      counts.set(mail.to[0] as string, (counts.get(mail.to[0] as string) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...recipients].sort());
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    await db.close();
  });

  it('run the maintenance at the same time and change nothing twice', async () => {
    const db = await openDatabase({ databaseUrl, poolMax: 2 });
    // The first run starts once each process serves (start-up does not wait for it): wait for its
    // effect, then give the slower process time to finish its own run before counting.
    const closedYet = async () => {
      const [row] = await db.db
        .select({ status: jobPostingsTable.status })
        .from(jobPostingsTable)
        .where(eq(jobPostingsTable.id, maintenancePostings.expired));
      return row?.status === 'closed';
    };
    for (let tries = 0; tries < 100 && !(await closedYet()); tries++)
      await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const expiries = await db.db
      .select()
      .from(auditLogTable)
      .where(
        and(
          eq(auditLogTable.action, 'posting.expire'),
          eq(auditLogTable.subjectId, maintenancePostings.expired),
        ),
      );
    const notices = await db.db
      .select()
      .from(mailOutboxTable)
      .where(eq(mailOutboxTable.recipient, 'maintenance-staff@example.jp'));
    const [expired] = await db.db
      .select({ status: jobPostingsTable.status })
      .from(jobPostingsTable)
      .where(eq(jobPostingsTable.id, maintenancePostings.expired));
    expect(expired?.status).toBe('closed');
    expect(expiries).toHaveLength(1);
    expect(notices).toHaveLength(1);
    await db.close();
  });
});
