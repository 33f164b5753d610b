/**
 * A school's request the co-op accepted waits for the school's confirmation for a week at most, and never
 * into its first day (school-requests.rules.ts): the hourly maintenance reminds the school halfway, then
 * expires it, gives its places back and tells the school and the co-op. A confirmed one is left alone.
 * The clock is the app's and the maintenance's, moved by hand; mails go through a real SMTP server.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/auth/context.js';
import {
  auditLogTable,
  availabilitySlotsTable,
  mailOutboxTable,
  placementRequestsTable,
} from '../../src/db/schema/index.js';
import { createMailSender, deliverDueMail } from '../../src/modules/mail/delivery.js';
import { runRequestMaintenance } from '../../src/modules/requests/requests.maintenance.js';
import { tokyoInstant } from '../../src/modules/requests/requests.rules.js';
import { useTestApp } from '../helpers/app.js';
import { postForm, signedInAgent } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createPosting } from '../helpers/factories.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { createSlot, latestMail } from '../requests/support.js';
import { coopStaff } from '../workspace/support.js';
import { schoolFormBody, schoolStaff } from './support.js';

// Monday 4 January 2027, 10:00 in Tokyo.
const clock = new TestClock(tokyoInstant('2027-01-04', '10:00'));
const context = useTestApp({}, clock.now);
const db = () => context.database.db;
const setClock = (date: string, time: string) =>
  clock.advance((tokyoInstant(date, time).getTime() - clock.now().getTime()) / 1000);
const maintain = () =>
  runRequestMaintenance(
    systemContext({ db: db(), now: clock.now(), publicUrl: 'https://yoishigoto.example.jp' }),
  );

/** A co-op taking visits and trials all year (its posting is valid whatever the test clock says). */
async function coop() {
  const staff = await coopStaff(context);
  await createPosting(db(), staff.workplace.id, {
    acceptsVisit: true,
    acceptsExperience: true,
    validThrough: '2027-12-31',
  });
  return staff;
}

async function requestByForm(formId: string) {
  const [row] = await db()
    .select()
    .from(placementRequestsTable)
    .where(eq(placementRequestsTable.formId, formId));
  if (!row) throw new Error('no request');
  return row;
}

async function booked(slotId: number) {
  const [slot] = await db()
    .select()
    .from(availabilitySlotsTable)
    .where(eq(availabilitySlotsTable.id, slotId));
  return slot?.booked;
}

/** The text body of a raw single-part message (nodemailer's base64 or quoted-printable undone). */
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

describe('a school that does not confirm the agreement', () => {
  beforeEach(() => setClock('2027-01-04', '10:00'));

  it('is reminded halfway, then the request expires after a week: places back for another school, both sides mailed', async () => {
    const staff = await coop();
    // A date three weeks ahead with room for exactly one group of four.
    const slot = await createSlot(
      db(),
      staff.organisation.id,
      staff.workplace.id,
      { days: 21, capacity: 4, start: '10:00', end: '15:00' },
      clock.now(),
    );
    const school = await schoolStaff(context);
    const form = schoolFormBody(
      staff.workplace.id,
      { slotId: String(slot.id), groupSize: '4', periodStart: '2027-01-25', periodEnd: '2027-01-25' },
      '2027-01-04',
    );
    expect((await postForm(school.agent, `${school.base}/school-requests`, form)).status).toBe(303);
    const asked = await requestByForm(form.formId);
    expect(await booked(slot.id)).toBe(4);

    const accepted = await postForm(staff.agent, `${staff.base}/requests/${asked.id}/accept`, {
      slotId: String(slot.id),
      place: '',
      note: '',
    });
    expect(accepted.status).toBe(303);
    expect((await requestByForm(form.formId)).state).toBe('agreement_pending');
    // The school is told by when: a week from today.
    const acceptance = await latestMail(db(), form.teacherEmail);
    expect(acceptance?.body).toContain('2027年1月11日までに、申込みのページで確認してください');
    const page = await school.agent.get(`${school.base}/school-requests/${asked.id}`);
    expect(page.text).toContain('確認の期限');
    expect(page.text).toContain('2027年1月11日まで。過ぎると、この申込みは期限切れになります。');

    // Halfway (the acceptance at 10:00 on the 4th, the deadline at midnight after the 11th): reminded once.
    setClock('2027-01-07', '10:00');
    expect((await maintain()).agreementReminders).toBe(0);
    setClock('2027-01-08', '10:00');
    expect((await maintain()).agreementReminders).toBe(1);
    expect((await maintain()).agreementReminders).toBe(0);
    const reminder = await latestMail(db(), form.teacherEmail);
    expect(reminder?.subject).toContain('協定の確認をお願いします（2027年1月11日まで）');
    expect(reminder?.body).toContain('生徒の人数分おさえている受け入れ日の枠は空きに戻ります');

    // The last day to confirm passes without it.
    setClock('2027-01-11', '23:30');
    expect((await maintain()).agreementsExpired).toBe(0);
    expect(await booked(slot.id)).toBe(4);
    setClock('2027-01-12', '00:30');
    expect((await maintain()).agreementsExpired).toBe(1);
    expect((await maintain()).agreementsExpired).toBe(0);
    const expired = await requestByForm(form.formId);
    expect(expired.state).toBe('agreement_expired');
    expect(expired.holdsPlace).toBe(false);
    expect(expired.closedAt?.toISOString()).toBe(clock.now().toISOString());
    expect(await booked(slot.id)).toBe(0);
    const [entry] = await db()
      .select()
      .from(auditLogTable)
      .where(
        and(eq(auditLogTable.action, 'request.expire_agreement'), eq(auditLogTable.subjectId, asked.id)),
      );
    expect(entry?.details).toMatchObject({ from: 'agreement_pending', to: 'agreement_expired' });

    // Both mails reach their people over SMTP.
    const smtp = await startSmtpServer();
    const sender = createMailSender(smtp.url, 'station@yoishigoto.example.jp');
    try {
      await deliverDueMail(db(), sender, clock.now, undefined, 100);
      const to = (address: string) =>
        smtp.received.filter((mail) => mail.to.includes(address)).map((mail) => bodyOf(mail.raw));
      // Delivery order is the outbox's claim order, not the order written: pick each mail by what it is about.
      const teacher = to(form.teacherEmail).find((body) => body.includes('確認の期限（')) ?? '';
      expect(teacher).toContain('山田 花子 先生');
      expect(teacher).toContain(
        '確認の期限（2027年1月11日）までに学校の確認がなかったため、期限切れになりました',
      );
      expect(teacher).toContain('おさえていた受け入れ日の枠は、空きに戻りました。');
      expect(teacher).toContain(`/workspace/${school.organisation.id}/school-requests/${asked.id}`);
      const coopMail = to(staff.user.email).find((body) => body.includes('確認の期限が過ぎ')) ?? '';
      expect(coopMail).toContain('学校の確認がないまま確認の期限が過ぎ、期限切れになりました');
      expect(coopMail).toContain(`/workspace/${staff.organisation.id}/requests/${asked.id}`);
    } finally {
      sender.transport.close();
      await smtp.close();
    }

    // The slot is free again: another school books it for its group of four.
    const other = await schoolStaff(context);
    const again = await postForm(
      other.agent,
      `${other.base}/school-requests`,
      schoolFormBody(
        staff.workplace.id,
        { slotId: String(slot.id), groupSize: '4', periodStart: '2027-01-25', periodEnd: '2027-01-25' },
        '2027-01-12',
      ),
    );
    expect(again.status).toBe(303);
    expect(await booked(slot.id)).toBe(4);

    // The school's list and the co-op's inbox say what happened (staff sessions idle out: sign in again).
    const schoolAgent = await signedInAgent(context, school.user);
    const list = await schoolAgent.get(`${school.base}/school-requests`);
    expect(list.text).toContain('学校の確認がないまま期限が過ぎました');
    const show = await schoolAgent.get(`${school.base}/school-requests/${asked.id}`);
    expect(show.text).toContain('確認の期限までに学校の確認がなかったため、この申込みは終わりました。');
    expect(show.text).not.toContain('協定を確認する</button>');
    const coopAgent = await signedInAgent(context, staff.user);
    const inbox = await coopAgent.get(`${staff.base}/requests?state=agreement_expired`);
    expect(inbox.text).toContain('学校の確認がないまま期限切れ');
    expect(inbox.text).toContain(`/requests/${asked.id}"`);
    const pending = await coopAgent.get(`${staff.base}/requests?state=agreement_pending`);
    expect(pending.text).not.toContain(`/requests/${asked.id}"`);
    // Too late to confirm now.
    const late = await postForm(schoolAgent, `${school.base}/school-requests/${asked.id}/confirm`, {
      agree: 'yes',
    });
    expect(late.status).toBe(409);
  });

  it('expires when the first day comes before the week is out; a confirmed request does not', async () => {
    const staff = await coop();
    const school = await schoolStaff(context);
    const ask = async () => {
      // Friday 8 January, four days after the co-op accepts: the day before (the 7th) is the last to confirm.
      const form = schoolFormBody(
        staff.workplace.id,
        { kind: 'visit', periodStart: '2027-01-08', periodEnd: '2027-01-08' },
        '2027-01-04',
      );
      expect((await postForm(school.agent, `${school.base}/school-requests`, form)).status).toBe(303);
      const row = await requestByForm(form.formId);
      const accepted = await postForm(staff.agent, `${staff.base}/requests/${row.id}/accept`, {
        choice: '0',
        place: '受付',
        note: '',
      });
      expect(accepted.status).toBe(303);
      return { form, row };
    };
    const waiting = await ask();
    const confirmed = await ask();
    expect((await latestMail(db(), waiting.form.teacherEmail))?.body).toContain('2027年1月7日までに');
    const confirm = await postForm(
      school.agent,
      `${school.base}/school-requests/${confirmed.row.id}/confirm`,
      {
        agree: 'yes',
      },
    );
    expect(confirm.status).toBe(303);

    setClock('2027-01-07', '22:00');
    expect((await maintain()).agreementsExpired).toBe(0);
    setClock('2027-01-08', '00:10');
    expect((await maintain()).agreementsExpired).toBe(1);
    expect((await requestByForm(waiting.form.formId)).state).toBe('agreement_expired');
    expect((await requestByForm(confirmed.form.formId)).state).toBe('accepted');
    // Nothing more is held against the confirmed one: a week later it is still scheduled.
    setClock('2027-01-20', '10:00');
    expect((await maintain()).agreementsExpired).toBe(0);
    expect((await requestByForm(confirmed.form.formId)).state).toBe('accepted');
    const toConfirmed = await db()
      .select()
      .from(mailOutboxTable)
      .where(eq(mailOutboxTable.recipient, confirmed.form.teacherEmail));
    expect(toConfirmed.map((mail) => mail.subject).filter((subject) => subject.includes('期限'))).toEqual([]);
    expect(toConfirmed.map((mail) => mail.subject)).toContainEqual(
      expect.stringContaining('日程が決まりました'),
    );
  });
});
