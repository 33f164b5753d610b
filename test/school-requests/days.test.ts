/**
 * A school's internship of several days: the days are the chosen weekdays of its period (public holidays
 * left out when the school says so), listed on the pages, in the calendar file (one event a day, at the
 * right Tokyo times) and in the reminder the day before its first day. The form refuses a period with no
 * such day or longer than 31 days, beside the field.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/auth/context.js';
import { placementRequestsTable } from '../../src/db/schema/index.js';
import { runRequestMaintenance } from '../../src/modules/requests/requests.maintenance.js';
import { tokyoInstant } from '../../src/modules/requests/requests.rules.js';
import { TEST_ORIGIN, useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createPosting } from '../helpers/factories.js';
import { latestMail } from '../requests/support.js';
import { coopStaff } from '../workspace/support.js';
import { schoolFormBody, schoolStaff } from './support.js';

// Monday 4 January 2027, 10:00 in Tokyo. Monday 11 January 2027 is 成人の日, a public holiday.
const clock = new TestClock(tokyoInstant('2027-01-04', '10:00'));
const context = useTestApp({}, clock.now);
const db = () => context.database.db;
const setClock = (date: string, time: string) =>
  clock.advance((tokyoInstant(date, time).getTime() - clock.now().getTime()) / 1000);
const maintain = () =>
  runRequestMaintenance(
    systemContext({ db: db(), now: clock.now(), publicUrl: 'https://yoishigoto.example.jp' }),
  );

async function parties() {
  const staff = await coopStaff(context);
  await createPosting(db(), staff.workplace.id, {
    acceptsVisit: true,
    acceptsExperience: true,
    validThrough: '2027-12-31',
  });
  return { staff, school: await schoolStaff(context) };
}

/** The school's form for Friday 8 – Wednesday 13 January, weekdays, holidays off: the 8th, 12th and 13th. */
function threeDays(workplaceId: number, overrides: Record<string, string> = {}) {
  return {
    ...schoolFormBody(
      workplaceId,
      { periodStart: '2027-01-08', periodEnd: '2027-01-13', days: '', ...overrides },
      '2027-01-04',
    ),
    weekdays: ['1', '2', '3', '4', '5'],
    skipHolidays: 'yes',
  };
}

/** A form POST where a name may repeat (ticked weekdays), encoded as a browser does. */
function send(
  agent: Awaited<ReturnType<typeof schoolStaff>>['agent'],
  path: string,
  form: Record<string, string | string[]>,
) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form))
    for (const one of ([] as string[]).concat(value)) body.append(name, one);
  return agent.post(path).set('Origin', TEST_ORIGIN).type('form').send(body.toString());
}

function events(ics: string) {
  return ics
    .split('BEGIN:VEVENT')
    .slice(1)
    .map((event) => ({
      start: event.match(/DTSTART:(\S+)/)?.[1],
      end: event.match(/DTEND:(\S+)/)?.[1],
      uid: event.match(/UID:(\S+)/)?.[1],
      summary: event.match(/SUMMARY:([^\r\n]+)/)?.[1],
    }));
}

describe("a school's internship of several days", () => {
  beforeEach(() => setClock('2027-01-04', '10:00'));

  it('offers the weekdays of a school week ticked and holidays off, and refuses a period with no day or too long', async () => {
    const { staff, school } = await parties();
    const form = await school.agent.get(`${school.base}/school-requests/new?workplace=${staff.workplace.id}`);
    expect(form.status).toBe(200);
    for (const day of ['1', '2', '3', '4', '5'])
      expect(form.text).toContain(`name="weekdays" value="${day}" checked`);
    expect(form.text).toContain('name="weekdays" value="6">');
    expect(form.text).toMatch(/name="skipHolidays" value="yes" checked/);

    // Saturday 9 – Monday 11 (a holiday), weekdays only and holidays off: not one day.
    const none = await send(school.agent, `${school.base}/school-requests`, {
      ...threeDays(staff.workplace.id, {
        periodStart: '2027-01-09',
        periodEnd: '2027-01-11',
        grade: '3年生',
      }),
    });
    expect(none.status).toBe(422);
    expect(none.text).toContain('期間のなかに、選んだ曜日の日がありません');
    expect(none.text).toContain('id="f-weekdays-error"');
    expect(none.text).toContain('value="3年生"');
    expect(none.text).toContain('name="weekdays" value="2" checked');
    const long = await send(school.agent, `${school.base}/school-requests`, {
      ...threeDays(staff.workplace.id, { periodEnd: '2027-02-28' }),
    });
    expect(long.status).toBe(422);
    expect(long.text).toContain('期間は31日までにしてください');
    const junk = await send(school.agent, `${school.base}/school-requests`, {
      ...threeDays(staff.workplace.id),
      weekdays: ['1', 'monday'],
    });
    expect(junk.status).toBe(422);
    expect(junk.text).toContain('曜日を選びなおしてください。');
    expect(await db().select().from(placementRequestsTable)).toHaveLength(0);
  });

  it('lists its three days, gives a calendar file of three events in Tokyo time, and reminds the day before the first with every day', async () => {
    const { staff, school } = await parties();
    const form = threeDays(staff.workplace.id);
    expect((await send(school.agent, `${school.base}/school-requests`, form)).status).toBe(303);
    const [row] = await db()
      .select()
      .from(placementRequestsTable)
      .where(eq(placementRequestsTable.formId, form.formId));
    if (!row) throw new Error('no request');
    const coopPage = await staff.agent.get(`${staff.base}/requests/${row.id}`);
    expect(coopPage.text).toContain('3日間');
    expect(coopPage.text).toContain('曜日：月・火・水・木・金');
    expect(coopPage.text).toContain('祝日は休み');

    await postForm(staff.agent, `${staff.base}/requests/${row.id}/accept`, {
      choice: '0',
      place: '',
      note: '',
    });
    // The acceptance mail names every day, not only the first.
    const acceptance = (await latestMail(db(), form.teacherEmail))?.body ?? '';
    expect(acceptance).toContain('3日間');
    for (const line of [
      '2027年1月8日（金） 09:30〜15:00',
      '2027年1月12日（火） 09:30〜15:00',
      '2027年1月13日（水） 09:30〜15:00',
    ])
      expect(acceptance).toContain(line);
    expect(acceptance).not.toContain('2027年1月11日（月）');

    // No calendar until the school confirms.
    expect((await school.agent.get(`${school.base}/school-requests/${row.id}/calendar.ics`)).status).toBe(
      404,
    );
    await postForm(school.agent, `${school.base}/school-requests/${row.id}/confirm`, { agree: 'yes' }).expect(
      303,
    );
    const page = await school.agent.get(`${school.base}/school-requests/${row.id}`);
    expect(page.text).toContain('<li>2027年1月12日（火） 09:30〜15:00</li>');
    expect(page.text).toContain(`href="${school.base}/school-requests/${row.id}/calendar.ics"`);
    const agreement = await school.agent.get(`${school.base}/school-requests/${row.id}/agreement`);
    expect(agreement.text).toContain('<li>2027年1月13日（水） 09:30〜15:00</li>');

    const ics = await school.agent.get(`${school.base}/school-requests/${row.id}/calendar.ics`).expect(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    const days = events(ics.text);
    // 09:30–15:00 in Tokyo is 00:30–06:00 UTC on the same date.
    expect(days.map(({ start, end }) => [start, end])).toEqual([
      ['20270108T003000Z', '20270108T060000Z'],
      ['20270112T003000Z', '20270112T060000Z'],
      ['20270113T003000Z', '20270113T060000Z'],
    ]);
    expect(new Set(days.map((day) => day.uid)).size).toBe(3);
    expect(days[1]?.summary).toContain('2/3日目');

    // The day before the first day: one reminder naming the whole period; none before the later days.
    setClock('2027-01-06', '10:00');
    expect((await maintain()).dayBeforeReminders).toBe(0);
    setClock('2027-01-07', '10:00');
    expect((await maintain()).dayBeforeReminders).toBe(1);
    const reminder = await latestMail(db(), form.teacherEmail);
    expect(reminder?.subject).toContain('明日から');
    expect(reminder?.subject).toContain('3日間');
    expect(reminder?.body).toContain('2027年1月8日（金） 09:30〜15:00');
    expect(reminder?.body).toContain('2027年1月13日（水） 09:30〜15:00');
    setClock('2027-01-11', '10:00');
    expect((await maintain()).dayBeforeReminders).toBe(0);
  });

  it('keeps a one-day request one event, whatever its weekday', async () => {
    const { staff, school } = await parties();
    // Saturday 9 January, with only weekdays ticked: a period of one day is that day.
    const form = threeDays(staff.workplace.id, { periodStart: '2027-01-09', periodEnd: '2027-01-09' });
    expect((await send(school.agent, `${school.base}/school-requests`, form)).status).toBe(303);
    const [row] = await db()
      .select()
      .from(placementRequestsTable)
      .where(eq(placementRequestsTable.formId, form.formId));
    if (!row) throw new Error('no request');
    await postForm(staff.agent, `${staff.base}/requests/${row.id}/accept`, {
      choice: '0',
      place: '',
      note: '',
    });
    await postForm(school.agent, `${school.base}/school-requests/${row.id}/confirm`, { agree: 'yes' }).expect(
      303,
    );
    const ics = await school.agent.get(`${school.base}/school-requests/${row.id}/calendar.ics`).expect(200);
    expect(events(ics.text).map((day) => day.start)).toEqual(['20270109T003000Z']);
    setClock('2027-01-08', '10:00');
    expect((await maintain()).dayBeforeReminders).toBe(1);
    expect((await latestMail(db(), form.teacherEmail))?.subject).toContain('明日はインターンシップの日です');
  });
});
