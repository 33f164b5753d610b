/**
 * A school's group internship in Chromium, with JavaScript off and on, every page checked with axe: the
 * school's coordinator asks a co-op's workplace for a group, the co-op accepts it in its inbox, the school
 * confirms the three-way agreement, and the agreement prints (the print stylesheet hides the menus).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { organisationsTable } from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { periodDates, schoolWeek } from '../../src/modules/school-requests/school-requests.rules.js';
import {
  DEMO_PASSWORD,
  DEMO_SCHOOL_EMAIL,
  DEMO_STAFF_EMAIL,
  seedDemoSchoolAccount,
} from '../../src/seed/accounts.js';
import {
  chromiumAvailable,
  chromiumMissingMessage,
  type E2eEnvironment,
  inSession,
  type Session,
  startEnvironment,
} from './support.js';

if (!chromiumAvailable) console.warn(chromiumMissingMessage);

const schoolDays = { weekdays: schoolWeek, skipHolidays: true };

async function fill(page: Page, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const control = page.locator(`main [name="${name}"]`).first();
    const tag = await control.evaluate((element) => element.tagName.toLowerCase());
    const type = await control.getAttribute('type');
    if (tag === 'select') await control.selectOption(value);
    else if (type === 'radio' || type === 'checkbox')
      await page.locator(`main [name="${name}"][value="${value}"]`).check();
    else await control.fill(value);
  }
}

async function press(session: Session, button: string, url: string | RegExp | ((url: URL) => boolean)) {
  await session.follow(() => session.page.locator(`main ${button}`).first().click(), url);
}

async function signIn(session: Session, email: string) {
  await session.visit('/signin');
  await fill(session.page, { email, password: DEMO_PASSWORD });
  await press(session, 'button[type="submit"]', (url) => url.pathname === '/account');
}

async function mainText(page: Page) {
  return (await page.locator('main').textContent()) ?? '';
}

async function journey(school: Session, coop: Session, n: number, db: () => Db) {
  const [host] = await db()
    .select({ name: organisationsTable.name })
    .from(organisationsTable)
    .where(and(eq(organisationsTable.kind, 'coop'), eq(organisationsTable.approvalState, 'approved')))
    .orderBy(asc(organisationsTable.id))
    .limit(1);

  // 1. The school's coordinator finds the entry on the workspace's front page and chooses a workplace.
  await signIn(school, DEMO_SCHOOL_EMAIL);
  const workspace =
    (await school.page.locator('main a[href^="/workspace/"]').first().getAttribute('href')) ?? '';
  await school.visit(workspace);
  await press(school, `a[href="${workspace}/school-requests/new"]`, (url) =>
    url.pathname.endsWith('/school-requests/new'),
  );
  const option = await school.page
    .locator('main select[name="workplace"] option')
    .evaluateAll(
      (options, name) =>
        (options as HTMLOptionElement[]).find((o) => o.textContent?.includes(name))?.value ?? '',
      host?.name ?? '',
    );
  expect(option).not.toBe('');
  await fill(school.page, { workplace: option });
  await press(school, 'button[type="submit"]', (url) => url.searchParams.get('workplace') === option);

  // 2. The form: a refusal first (insurance not confirmed), then the group is sent.
  const kind = (await school.page.locator('main input[name="kind"]').first().getAttribute('value')) ?? '';
  // Three weekdays that are no public holiday (the form ticks Monday to Friday and leaves holidays out).
  let start = addDays(todayInTokyo(), 30 + n);
  while (periodDates({ ...schoolDays, periodStart: start, periodEnd: addDays(start, 2) }).length < 3)
    start = addDays(start, 1);
  await fill(school.page, {
    kind,
    groupSize: '5',
    periodStart: start,
    periodEnd: addDays(start, 2),
    dailyStart: '09:30',
    dailyEnd: '15:00',
    days: '3日間',
    schoolType: 'junior_high',
    grade: '2年生',
    learningGoals: `地域で働く人の思いを知る${n}`,
    insuranceKind: 'gakkensai',
    teacherName: `山田${n} 先生`,
    teacherEmail: `teacher${n}@school.example.jp`,
    emergencyContact: '職員室 03-0000-1234',
    studentNames: 'あおい\nいつき',
  });
  await press(school, 'button[type="submit"]', (url) => url.pathname.endsWith('/school-requests'));
  expect(await mainText(school.page)).toContain('保険に加入していることを確かめてから申し込んでください。');
  await fill(school.page, { insuranceConfirmed: 'yes' });
  await press(school, 'button[type="submit"]', /\/school-requests\/\d+\?notice=sent$/);
  const requestId = school.page.url().match(/school-requests\/(\d+)/)?.[1] ?? '';
  expect(await mainText(school.page)).toContain('団体からの返事待ち');

  // 3. The co-op sees it in its inbox with the group size, and accepts the first day.
  await signIn(coop, DEMO_STAFF_EMAIL);
  const coopSpace =
    (await coop.page.locator('main a[href^="/workspace/"]').first().getAttribute('href')) ?? '';
  await coop.visit(`${coopSpace}/requests`);
  expect(await mainText(coop.page)).toContain('生徒5人');
  await press(coop, `a[href="${coopSpace}/requests/${requestId}"]`, (url) =>
    url.pathname.endsWith(`/requests/${requestId}`),
  );
  expect(await mainText(coop.page)).toContain(`地域で働く人の思いを知る${n}`);
  await coop.page.locator('main input[name="choice"][value="0"]').check();
  await fill(coop.page, { place: '2階の会議室' });
  await press(coop, 'form[action$="/accept"] button[type="submit"]', /notice=accepted/);
  expect(await mainText(coop.page)).toContain('学校の確認待ち');

  // 4. The school confirms the agreement; only now the dates are set.
  await school.visit(`${workspace}/school-requests/${requestId}`);
  expect(await mainText(school.page)).toContain('学校の確認待ち');
  await press(school, 'form[action$="/confirm"] button[type="submit"]', (url) =>
    url.pathname.endsWith('/confirm'),
  );
  expect(await mainText(school.page)).toContain('チェックを入れてください');
  await fill(school.page, { agree: 'yes' });
  await press(school, 'form[action$="/confirm"] button[type="submit"]', /notice=confirmed/);
  expect(await mainText(school.page)).toContain('日程が決まりました');

  // 5. The agreement prints: the menus are hidden by the print stylesheet, the agreement is all there.
  await press(school, `a[href="${workspace}/school-requests/${requestId}/agreement"]`, (url) =>
    url.pathname.endsWith('/agreement'),
  );
  await school.page.emulateMedia({ media: 'print' });
  expect(await school.page.locator('.workspace-nav').isVisible()).toBe(false);
  expect(await school.page.locator('header').first().isVisible()).toBe(false);
  const agreement = school.page.locator('article.agreement');
  expect(await agreement.isVisible()).toBe(true);
  const text = (await agreement.textContent()) ?? '';
  for (const expected of [
    '三者協定',
    host?.name ?? '',
    'あおば市立みなみ中学校',
    '2階の会議室',
    '学研災',
    `山田${n} 先生`,
    '職員室 03-0000-1234',
    `地域で働く人の思いを知る${n}`,
    'あおい',
    '生徒5人',
  ])
    expect(text).toContain(expected);
  expect(text).not.toContain('案：まだ確定していません');
  // Chromium prints it: a PDF of the agreement on A4.
  const pdf = await school.page.pdf({ format: 'A4' });
  expect(pdf.byteLength).toBeGreaterThan(1000);
  await school.page.emulateMedia({ media: 'screen' });
  await coop.visit(`${coopSpace}/requests/${requestId}/agreement`);
  expect(await mainText(coop.page)).toContain(`山田${n} 先生`);
}

describe.skipIf(!chromiumAvailable)('a school asks for a group internship and both sides agree', () => {
  let environment: E2eEnvironment;

  beforeAll(async () => {
    environment = await startEnvironment();
    await seedDemoSchoolAccount(environment.db);
  });
  afterAll(async () => {
    await environment?.close();
  });

  it('works with JavaScript off', async () => {
    const options = { javaScriptEnabled: false };
    await inSession(environment, options, (school) =>
      inSession(environment, options, (coop) => journey(school, coop, 1, () => environment.db)),
    );
  });

  it('works with JavaScript on, the school on a 320 px phone', async () => {
    await inSession(environment, { viewport: { width: 320, height: 800 } }, (school) =>
      inSession(environment, {}, async (coop) => {
        await journey(school, coop, 2, () => environment.db);
        expect((await school.overflow()).wide).toEqual([]);
      }),
    );
  });
});
