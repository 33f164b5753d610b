import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { systemContext } from '../../src/auth/context.js';
import { auditLogTable, jobPostingsTable, mailOutboxTable } from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { runMaintenance } from '../../src/modules/postings/postings.maintenance.js';
import { useTestApp } from '../helpers/app.js';
import { addMembership, createUser, postForm, signedInAgent } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';
import { completePostingForm, postingById } from '../workspace/support.js';

// The real time to start with: session cookies set at a time in the past would be dropped by the agent.
const clock = new TestClock();
const db = () => context.database.db;

/** The hourly maintenance as server.ts runs it, at a given moment. */
const maintenanceAt = (now: Date) =>
  systemContext({ db: db(), now, publicUrl: 'https://yoishigoto.example.jp' });
const today = () => todayInTokyo(clock.now());

const context = useTestApp({}, clock.now);

async function coopWithStaff() {
  const { organisation, workplace } = await createCoopWithWorkplace(db(), { trusted: true });
  const japanese = await createUser(db(), { locale: 'ja' });
  const english = await createUser(db(), { locale: 'en' });
  await addMembership(db(), japanese.id, organisation.id, 'admin');
  await addMembership(db(), english.id, organisation.id);
  // Someone from another organisation is never told.
  const other = await createCoopWithWorkplace(db());
  const outsider = await createUser(db());
  await addMembership(db(), outsider.id, other.organisation.id);
  return { organisation, workplace, japanese, english, outsider };
}

function published(workplaceId: number, validThrough: string, title: string) {
  return createPosting(db(), workplaceId, {
    title,
    wageMin: 1300,
    postedOn: addDays(today(), -20),
    validThrough,
  });
}

async function mailTo(recipient: string) {
  return db().select().from(mailOutboxTable).where(eq(mailOutboxTable.recipient, recipient));
}

describe('posting expiry', () => {
  it('closes postings past their date, and tells the staff once a week before', async () => {
    const { workplace, japanese, english, outsider } = await coopWithStaff();
    const expired = await published(workplace.id, addDays(today(), -1), '期限切れの求人');
    const lastDay = await published(workplace.id, today(), '今日までの求人');
    const soon = await published(workplace.id, addDays(today(), 5), 'もうすぐ終わる求人');
    const later = await published(workplace.id, addDays(today(), 20), 'まだ続く求人');

    const first = await runMaintenance(maintenanceAt(clock.now()));
    expect(first).toMatchObject({ closed: 1, noticesSent: 4 });
    expect((await postingById(db(), expired.id)).status).toBe('closed');
    expect((await postingById(db(), lastDay.id)).status).toBe('published');
    const [expiry] = await db()
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'posting.expire'));
    expect(expiry).toMatchObject({ actorUserId: null, subjectId: expired.id, subjectType: 'job_posting' });

    // One mail per staff member and posting closing within the week, in each person's language.
    const toJapanese = await mailTo(japanese.email);
    expect(toJapanese.map((mail) => mail.subject).sort()).toEqual([
      '【よいしごとステーション】求人「もうすぐ終わる求人」の掲載期限が近づいています',
      '【よいしごとステーション】求人「今日までの求人」の掲載期限が近づいています',
    ]);
    expect(toJapanese.find((mail) => mail.subject.includes('もうすぐ'))?.body).toContain(
      `https://yoishigoto.example.jp/workspace/${soon.organisationId}/postings/${soon.id}`,
    );
    const toEnglish = await mailTo(english.email);
    expect(toEnglish).toHaveLength(2);
    expect(toEnglish[0]?.subject).toMatch(/^Yoi Shigoto Station: the job “.+” closes soon$/);
    expect(await mailTo(outsider.email)).toHaveLength(0);
    expect((await postingById(db(), soon.id)).expiryNoticeSentAt).toEqual(clock.now());
    expect((await postingById(db(), later.id)).expiryNoticeSentAt).toBeNull();

    // Running again (every hour) changes nothing.
    expect(await runMaintenance(maintenanceAt(clock.now()))).toMatchObject({ closed: 0, noticesSent: 0 });
    expect(await db().select().from(mailOutboxTable)).toHaveLength(4);

    // Six days on: the two have closed; the later one is now within its week and is told, once.
    clock.advance(6 * 24 * 60 * 60);
    expect(await runMaintenance(maintenanceAt(clock.now()))).toMatchObject({ closed: 2, noticesSent: 0 });
    clock.advance(7 * 24 * 60 * 60);
    expect(await runMaintenance(maintenanceAt(clock.now()))).toMatchObject({ closed: 0, noticesSent: 2 });
    expect(await runMaintenance(maintenanceAt(clock.now()))).toMatchObject({ closed: 0, noticesSent: 0 });
    expect((await postingById(db(), later.id)).status).toBe('published');
    expect(await db().select().from(mailOutboxTable)).toHaveLength(6);
    expect(
      await db().select().from(auditLogTable).where(eq(auditLogTable.action, 'posting.expire')),
    ).toHaveLength(3);
  });

  it('closes on the Tokyo calendar day, not the UTC one', async () => {
    const { workplace } = await coopWithStaff();
    // 2026-06-01 23:30 in Tokyo is still 14:30 UTC on the same day; 00:30 in Tokyo on 06-02 is 15:30 UTC on 06-01.
    const posting = await published(workplace.id, '2026-06-01', '東京の日付で終わる求人');
    await runMaintenance(maintenanceAt(new Date('2026-06-01T14:30:00Z')));
    expect((await postingById(db(), posting.id)).status).toBe('published');
    await runMaintenance(maintenanceAt(new Date('2026-06-01T15:30:00Z')));
    expect((await postingById(db(), posting.id)).status).toBe('closed');
  });

  it('tells the staff again after a renewal moves the closing date', async () => {
    const { organisation, workplace, japanese } = await coopWithStaff();
    const agent = await signedInAgent(context, japanese);
    await postForm(
      agent,
      `/workspace/${organisation.id}/postings`,
      completePostingForm(workplace.id, { validThrough: addDays(today(), 3) }, today()),
    ).expect(303);
    const [posting] = await db().select().from(jobPostingsTable);
    await runMaintenance(maintenanceAt(clock.now()));
    expect(await mailTo(japanese.email)).toHaveLength(1);

    await postForm(agent, `/workspace/${organisation.id}/postings/${posting?.id}/renew`, {
      validThrough: addDays(today(), 30),
    }).expect(303);
    expect((await postingById(db(), posting?.id as number)).expiryNoticeSentAt).toBeNull();
    clock.advance(24 * 24 * 60 * 60);
    await runMaintenance(maintenanceAt(clock.now()));
    expect(await mailTo(japanese.email)).toHaveLength(2);
  });
});
