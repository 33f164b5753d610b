/**
 * 就労の相談 in Chromium, with JavaScript off and on, every page checked with axe: the co-op offers dates,
 * a seeker asks from a posting (and later from a workplace on the co-op's page) without an account, confirms through the development mailbox and follows
 * the private link; the co-op accepts, they exchange messages, it happens and the outcome is recorded;
 * the secretariat opens its queue of unanswered requests.
 */
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/auth/context.js';
import type { Db } from '../../src/db/client.js';
import { placementRequestsTable } from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { runRequestMaintenance } from '../../src/modules/requests/requests.maintenance.js';
import { DEMO_PASSWORD, DEMO_SECRETARIAT_EMAIL, DEMO_STAFF_EMAIL } from '../../src/seed/accounts.js';
import {
  chromiumAvailable,
  chromiumMissingMessage,
  type E2eEnvironment,
  inSession,
  type Session,
  startEnvironment,
} from './support.js';

if (!chromiumAvailable) console.warn(chromiumMissingMessage);

async function fill(page: Page, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const control = page.locator(`main [name="${name}"]`).first();
    const tag = await control.evaluate((element) => element.tagName.toLowerCase());
    const type = await control.getAttribute('type');
    if (tag === 'select') await control.selectOption(value);
    else if (type === 'radio') await page.locator(`main [name="${name}"][value="${value}"]`).check();
    else if (type === 'checkbox') await page.locator(`main [name="${name}"][value="${value}"]`).check();
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

async function signOut(session: Session) {
  await session.follow(
    () => session.page.locator('header form[action="/signout"] button').click(),
    (url) => url.pathname === '/',
  );
}

async function mainText(page: Page) {
  return (await page.locator('main').textContent()) ?? '';
}

/**
 * The whole journey, with the co-op's staff and the seeker in two browser contexts (two people, two
 * devices); `n` keeps the two runs' dates and people apart.
 */
async function journey(coop: Session, seeker: Session, n: number, db: () => Db) {
  const slotDate = addDays(todayInTokyo(), 8 + n);

  // 1. The co-op offers a date at each of its workplaces.
  await signIn(coop, DEMO_STAFF_EMAIL);
  const workspace =
    (await coop.page.locator('main a[href^="/workspace/"]').first().getAttribute('href')) ?? '';
  const organisationId = workspace.split('/')[2];
  await coop.visit(`${workspace}/slots`);
  const workplaceIds = await coop.page
    .locator('main select[name="workplaceId"] option')
    .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  for (const workplaceId of workplaceIds) {
    await fill(coop.page, {
      workplaceId,
      date: slotDate,
      start: '10:00',
      end: '11:30',
      capacity: '3',
      whatToBring: '筆記用具',
      meetingPoint: '正面入口の受付',
    });
    await press(coop, 'form[action$="/slots"] button[type="submit"]', (url) =>
      url.search.includes('notice=slots_created'),
    );
  }
  expect(await mainText(coop.page)).toContain('受け入れ日をつくりました');

  // 2. A seeker, without an account, finds one of its postings that offers visits and asks for the date.
  const page = seeker.page;
  await seeker.visit(`/jobs?org=${organisationId}&visit=1`);
  await seeker.follow(() => page.locator('main .job-card a').first().click(), /\/jobs\/\d+$/);
  expect(await mainText(page)).toContain('次の受け入れ日');
  await seeker.follow(
    () =>
      page
        .getByRole('link', { name: /この日で申し込む/ })
        .first()
        .click(),
    /\/request\?/,
  );
  await fill(page, {
    intent: 'try_then_decide',
    contactName: `たんぽぽ${n}`,
    contactEmail: `e2e-seeker-${n}@example.jp`,
  });
  await press(seeker, 'button[type="submit"]', (url) => url.pathname === '/requests/sent');
  expect(await mainText(page)).toContain('確認のメールを送りました');

  // 3. The confirmation arrives in the development mailbox; the button sends the request on.
  await seeker.visit('/dev/mailbox');
  const token = (await mainText(page)).match(/requests\/confirm\?token=([A-Za-z0-9_-]+)/)?.[1];
  expect(token, 'the confirmation mail should carry a link').toBeTruthy();
  await seeker.visit(`/requests/confirm?token=${token}`);
  await press(seeker, 'button[type="submit"]', (url) => url.pathname === '/requests/follow');
  const followUrl = page.url().replace(/&notice=[a-z_]+/, '');
  expect(await mainText(page)).toContain('団体からの返事待ち');

  // 4. The co-op accepts it into the date the seeker chose.
  await coop.visit(`${workspace}/requests`);
  // The newest request: the inbox puts the longest waiting first, and an earlier run's may still wait.
  const newest = await coop.page
    .locator('main tbody a')
    .evaluateAll(
      (links) =>
        links
          .map((link) => (link as HTMLAnchorElement).getAttribute('href') ?? '')
          .sort((a, b) => Number(b.split('/').pop()) - Number(a.split('/').pop()))[0],
    );
  await coop.follow(() => coop.page.locator(`main tbody a[href="${newest}"]`).click(), /\/requests\/\d+$/);
  expect(await mainText(coop.page)).toContain(`たんぽぽ${n}`);
  await press(coop, 'form[action$="/accept"] button[type="submit"]', (url) =>
    url.search.includes('notice=accepted'),
  );

  // 5. The seeker's page shows the date, the place and the calendar file, and they send a message.
  await seeker.visit(followUrl);
  const follow = await mainText(page);
  expect(follow).toContain('日時が決まりました');
  expect(follow).toContain('正面入口の受付');
  const icsHref = await page.getByRole('link', { name: /カレンダー用のファイル/ }).getAttribute('href');
  const ics = await page.request.get(icsHref ?? '');
  expect(ics.headers()['content-type']).toContain('text/calendar');
  expect(await ics.text()).toContain('BEGIN:VEVENT');
  await fill(page, { body: `当日は自転車で行きます${n}` });
  await press(seeker, 'form[action="/requests/follow/message"] button[type="submit"]', (url) =>
    url.search.includes('notice=message'),
  );
  expect(await mainText(page)).toContain(`当日は自転車で行きます${n}`);

  // 6. The co-op reads and answers, marks it done and records what came of it.
  await coop.visit(new URL(coop.page.url()).pathname);
  expect(await mainText(coop.page)).toContain(`当日は自転車で行きます${n}`);
  await fill(coop.page, { body: '駐輪場があります' });
  await press(coop, 'form[action$="/message"] button[type="submit"]', (url) =>
    url.search.includes('notice=message'),
  );
  await press(coop, 'form[action$="/complete"] button[type="submit"]', (url) =>
    url.search.includes('notice=completed'),
  );
  await fill(coop.page, { outcome: 'continuing_trials' });
  await press(coop, 'form[action$="/outcome"] button[type="submit"]', (url) =>
    url.search.includes('notice=outcome'),
  );
  expect(await mainText(coop.page)).toContain('記録：体験を続ける');
  await signOut(coop);

  await seeker.visit(followUrl);
  expect(await mainText(page)).toContain('駐輪場があります');
  expect(await mainText(page)).toContain('実施しました');

  // 7. Another request, asked of a workplace from the co-op's page rather than from a posting, waits
  //    unanswered; once the hourly maintenance sees it has waited more than six business days, the
  //    secretariat finds it in its queue.
  await seeker.visit(`/organisations/${organisationId}`);
  await seeker.follow(
    () =>
      page
        .getByRole('link', { name: /この事業所に申し込む/ })
        .first()
        .click(),
    /\/workplaces\/\d+\/request$/,
  );
  // The workplace's own form offers the date the co-op opened there in step 1, besides "other dates".
  expect(await page.locator('main input[name="slotId"]').count()).toBeGreaterThan(1);
  await fill(page, { kind: 'visit' });
  await fill(page, { date1: addDays(todayInTokyo(), 30), start1: '10:00', end1: '11:00' });
  await fill(page, {
    intent: 'listen_first',
    contactName: `まつ${n}`,
    contactEmail: `e2e-waiting-${n}@example.jp`,
  });
  await press(seeker, 'button[type="submit"]', (url) => url.pathname === '/requests/sent');
  await seeker.visit('/dev/mailbox');
  const waiting = (await mainText(page)).match(/requests\/confirm\?token=([A-Za-z0-9_-]+)/)?.[1];
  await seeker.visit(`/requests/confirm?token=${waiting}`);
  await press(seeker, 'button[type="submit"]', (url) => url.pathname === '/requests/follow');
  await db()
    .update(placementRequestsTable)
    .set({ waitingSince: new Date(Date.now() - 14 * 86_400_000) })
    .where(eq(placementRequestsTable.contactEmail, `e2e-waiting-${n}@example.jp`));
  const report = await runRequestMaintenance(
    systemContext({ db: db(), now: new Date(), publicUrl: 'http://127.0.0.1' }),
  );
  expect(report.escalated).toBe(1);
  await signIn(coop, DEMO_SECRETARIAT_EMAIL);
  await coop.visit('/console/requests');
  expect(await coop.page.locator('h1').textContent()).toContain('返事のない申込み');
  const queue = await mainText(coop.page);
  expect(queue).toContain('職場見学');
  expect(queue).not.toContain(`まつ${n}`);
  await signOut(coop);
}

describe.skipIf(!chromiumAvailable)('a seeker asks for a visit and the co-op answers', () => {
  let environment: E2eEnvironment;

  beforeAll(async () => {
    environment = await startEnvironment();
  });
  afterAll(async () => {
    await environment?.close();
  });

  it('works with JavaScript off', async () => {
    const options = { javaScriptEnabled: false };
    await inSession(environment, options, (coop) =>
      inSession(environment, options, (seeker) => journey(coop, seeker, 1, () => environment.db)),
    );
  });

  it('works with JavaScript on, the seeker on a 320 px phone', async () => {
    await inSession(environment, {}, (coop) =>
      inSession(environment, { viewport: { width: 320, height: 800 } }, async (seeker) => {
        await journey(coop, seeker, 2, () => environment.db);
        // Nothing on the follow-up page makes a phone scroll sideways.
        expect((await seeker.overflow()).wide).toEqual([]);
      }),
    );
  });
});
