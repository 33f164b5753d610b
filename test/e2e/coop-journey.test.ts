import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { DEMO_PASSWORD, DEMO_SECRETARIAT_EMAIL } from '../../src/seed/accounts.js';
import {
  chromiumAvailable,
  chromiumMissingMessage,
  countFrom,
  type E2eEnvironment,
  inSession,
  type Session,
  startEnvironment,
} from './support.js';

if (!chromiumAvailable) console.warn(chromiumMissingMessage);

const coopEmail = 'founder@midori-haishoku.example.jp';
const coopPassword = 'a long password for the co-op';
const coopName = '労働者協同組合 みどり配食';
const postingTitle = 'みどり配食の盛り付けスタッフ';

/** Fills form controls by their name: text, selects, radios and checkboxes alike. */
async function fillByName(page: Page, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const control = page.locator(`main [name="${name}"]`).first();
    const tag = await control.evaluate((element) => element.tagName.toLowerCase());
    const type = await control.getAttribute('type');
    if (tag === 'select') await control.selectOption(value);
    else if (type === 'radio') await page.locator(`main [name="${name}"][value="${value}"]`).check();
    else if (type === 'checkbox') await control.check();
    else await control.fill(value);
  }
}

async function submit(session: Session, button: string, url: string | RegExp | ((url: URL) => boolean)) {
  await session.follow(() => session.page.locator(`main ${button}`).first().click(), url);
}

async function signIn(session: Session, email: string, password: string) {
  await session.visit('/signin');
  await fillByName(session.page, { email, password });
  await submit(session, 'button[type="submit"]', (url) => url.pathname === '/account');
}

async function signOut(session: Session) {
  await session.follow(
    () => session.page.locator('header form[action="/signout"] button').click(),
    (url) => url.pathname === '/',
  );
}

describe.skipIf(!chromiumAvailable)('a co-op joins and publishes its first posting', () => {
  let environment: E2eEnvironment;

  beforeAll(async () => {
    environment = await startEnvironment();
  });
  afterAll(async () => {
    await environment?.close();
  });

  it('applies, is approved by the secretariat, publishes, and the posting is found in search', async () => {
    await inSession(environment, {}, async (session) => {
      const { page } = session;

      // 1. Sign up and confirm the address through the link in the mail.
      await session.visit('/signup');
      await fillByName(page, { displayName: 'みどり', email: coopEmail, password: coopPassword });
      await submit(session, 'button[type="submit"]', (url) => url.pathname === '/signup');
      expect(await page.locator('h1').textContent()).toContain('確認メールを送りました');
      await session.visit('/dev/mailbox');
      const token = (await page.locator('main').textContent())?.match(
        /verify-email\?token=([A-Za-z0-9_-]+)/,
      )?.[1];
      expect(token, 'the confirmation mail should carry a link').toBeTruthy();
      expect(await session.visit(`/verify-email?token=${token}`)).toBe(200);

      // 2. Apply to join as a workers' co-op.
      await signIn(session, coopEmail, coopPassword);
      await session.follow(
        () => page.getByRole('link', { name: '団体として参加を申し込む' }).click(),
        /\/organisations\/apply$/,
      );
      await fillByName(page, {
        kind: 'coop',
        legalForm: 'workers_coop',
        name: coopName,
        nameKana: 'みどりはいしょく',
        prefectureCode: '13',
        description: '地域の高齢者にお弁当を届ける労働者協同組合です。',
        contactEmail: 'desk@midori-haishoku.example.jp',
      });
      await submit(session, 'button[type="submit"]', (url) => !url.pathname.endsWith('/apply'));
      expect(await page.locator('main').textContent()).toContain(coopName);
      await signOut(session);

      // 3. The secretariat approves it, trusted to publish without review.
      await signIn(session, DEMO_SECRETARIAT_EMAIL, DEMO_PASSWORD);
      await session.visit('/console/organisations?state=pending');
      await session.follow(
        () => page.getByRole('link', { name: coopName }).click(),
        /\/console\/organisations\/\d+$/,
      );
      await page.locator('input[name="trusted"]').check();
      await submit(session, 'form[action$="/approve"] button[type="submit"]', /\/console\/organisations/);
      await signOut(session);

      // 4. The co-op adds a workplace and publishes a posting.
      await signIn(session, coopEmail, coopPassword);
      await session.follow(() => page.getByRole('link', { name: coopName }).click(), /\/workspace\/\d+$/);
      const workspace = new URL(page.url()).pathname;
      await session.visit(`${workspace}/workplaces/new`);
      await fillByName(page, {
        name: 'みどり配食 神田キッチン',
        postalCode: '101-0047',
        prefectureCode: '13',
      });
      await submit(session, 'button[name="intent"][value="prefecture"]', (url) =>
        url.pathname.startsWith(`${workspace}/workplaces`),
      );
      await fillByName(page, {
        municipalityCode: '131016',
        addressLine: '内神田1-2-3',
        nearestStation: '神田駅',
        walkMinutes: '5',
      });
      await submit(session, 'button[name="intent"][value="save"]', (url) =>
        url.pathname.startsWith(`${workspace}/workplaces`),
      );

      await session.visit(`${workspace}/postings/new`);
      const workplaceOption = await page
        .locator('select[name="workplaceId"] option:not([value=""])')
        .first()
        .getAttribute('value');
      await fillByName(page, {
        title: postingTitle,
        occupation: '調理補助',
        field: 'food_agriculture',
        duties: '高齢の方へのお弁当の盛り付けと配達の準備をします。',
        changeScope: '雇入れ直後：配食の調理／変更の範囲：法人の定める業務',
        employmentForm: 'member_worker',
        contractType: 'indefinite',
        workplaceId: workplaceOption ?? '',
        wageMin: '1250',
        wageUnit: 'hour',
        workStart: '09:00',
        workEnd: '14:00',
        breakMinutes: '30',
        weeklyHours: '20',
        workDays: '月〜金のうち週4日',
        daysOff: '土日祝',
        insuranceEmployment: 'yes',
        insuranceWorkersComp: 'yes',
        insuranceHealth: 'no',
        insurancePension: 'no',
        openings: '2',
        acceptsVisit: '1',
        validThrough: addDays(todayInTokyo(), 30),
      });
      await submit(session, 'button[name="intent"][value="publish"]', (url) =>
        url.pathname.startsWith(`${workspace}/postings`),
      );
      expect(await page.locator('main').textContent()).not.toContain('入力内容を確認してください');
      await signOut(session);

      // 5. Anyone finds it in search and opens it.
      await session.visit(`/jobs?q=${encodeURIComponent('盛り付けスタッフ')}`);
      expect(countFrom(await page.locator('#result-count').textContent())).toBeGreaterThanOrEqual(1);
      await session.follow(
        () => page.getByRole('link', { name: postingTitle }).first().click(),
        /\/jobs\/\d+$/,
      );
      expect((await page.locator('h1').textContent())?.trim()).toBe(postingTitle);
      expect(await page.locator('main').textContent()).toContain(coopName);
    });
  });
});
