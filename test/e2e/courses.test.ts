import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
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

const courseTitle = '仕事おこし講座 はじめの2回';
const visitorEmail = 'visitor@example.jp';

/** Fills form controls by their name: text, selects and checkboxes alike. */
async function fillByName(page: Page, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const control = page.locator(`main [name="${name}"]`).first();
    const tag = await control.evaluate((element) => element.tagName.toLowerCase());
    const type = await control.getAttribute('type');
    if (tag === 'select') await control.selectOption(value);
    else if (type === 'checkbox') await control.check();
    else await control.fill(value);
  }
}

async function submit(session: Session, button: string, url: string | RegExp | ((url: URL) => boolean)) {
  await session.follow(() => session.page.locator(`main ${button}`).first().click(), url);
}

async function signIn(session: Session, email: string) {
  await session.visit('/signin');
  await fillByName(session.page, { email, password: DEMO_PASSWORD });
  await submit(session, 'button[type="submit"]', (url) => url.pathname === '/account');
}

async function signOut(session: Session) {
  await session.follow(
    () => session.page.locator('header form[action="/signout"] button').click(),
    (url) => url.pathname === '/',
  );
}

/** The newest mail to an address in the development mailbox, as the page shows it. */
async function newestMail(session: Session, recipient: string, subject: string): Promise<string> {
  await session.visit('/dev/mailbox');
  const article = session.page
    .locator('main article', { hasText: recipient })
    .filter({ hasText: subject })
    .first();
  return (await article.textContent()) ?? '';
}

function tokenIn(text: string, path: string): string {
  const token = text.match(new RegExp(`${path.replace(/\//g, '\\/')}\\?token=([A-Za-z0-9_-]+)`))?.[1];
  if (!token) throw new Error(`no ${path} link in ${text.slice(0, 200)}`);
  return token;
}

describe.skipIf(!chromiumAvailable)('courses in the browser', () => {
  let environment: E2eEnvironment;
  let courseId = 0;
  let visitorManageToken = '';

  beforeAll(async () => {
    environment = await startEnvironment();
  });
  afterAll(async () => {
    await environment?.close();
  });

  it('the secretariat publishes a course with two sessions (JavaScript on)', async () => {
    await inSession(environment, {}, async (session) => {
      const { page } = session;
      await signIn(session, DEMO_SECRETARIAT_EMAIL);
      await session.visit('/console/courses');
      await session.follow(
        () => page.getByRole('link', { name: '講座をつくる' }).click(),
        /\/console\/courses\/new$/,
      );
      await fillByName(page, {
        type: 'job_creation',
        title: courseTitle,
        audience: '地域で仕事をつくりたい方',
        description: '仲間と地域で仕事をつくる方法を学びます。',
        prefectureCode: '13',
        capacity: '1',
        feeYen: '2000',
        feeWaiver: '受講料無料：求職中の方',
      });
      await submit(session, 'button[type="submit"]', /\/console\/courses\/\d+\?notice=created/);
      courseId = Number(new URL(page.url()).pathname.split('/').pop());
      for (const inDays of [7, 14]) {
        await fillByName(page, {
          date: addDays(todayInTokyo(), inDays),
          startTime: '13:30',
          endTime: '16:00',
          venueName: '協同会館',
          address: '東京都豊島区池袋1-2-3',
        });
        await submit(session, 'form[action$="/sessions"] button[type="submit"]', /notice=sessionAdded/);
      }
      await submit(session, 'form[action$="/publish"] button', /notice=published/);
      expect(await page.locator('main').textContent()).toContain('公開中');
      await signOut(session);
    });
  });

  it('a visitor without an account enrols and gets the place; the catalogue reads at 320 px (JavaScript off)', async () => {
    await inSession(
      environment,
      { javaScriptEnabled: false, viewport: { width: 320, height: 640 } },
      async (session) => {
        const { page } = session;
        await session.visit('/courses?type=job_creation');
        expect((await session.overflow()).wide).toEqual([]);
        await session.follow(() => page.getByRole('link', { name: courseTitle }).click(), /\/courses\/\d+$/);
        expect((await session.overflow()).wide).toEqual([]);
        expect(await page.locator('main').textContent()).toContain('のこり1人');
        await fillByName(page, { nickname: 'さくら', email: visitorEmail });
        await submit(session, 'form[action$="/enrol"] button[type="submit"]', /thanks\?result=mail_sent/);
        const mail = await newestMail(session, visitorEmail, '申し込みを確定してください');
        await session.visit(`/courses/confirm?token=${tokenIn(mail, '/courses/confirm')}`);
        await submit(session, 'button[type="submit"]', /\/courses\/enrolment\?token=.+notice=confirmed/);
        visitorManageToken = new URL(page.url()).searchParams.get('token') ?? '';
        expect(await page.locator('main').textContent()).toContain('受講が決まっています');
      },
    );
  });

  it('a signed-in person enrols past the capacity and waits; the visitor cancels and they are promoted', async () => {
    await inSession(environment, {}, async (session) => {
      const { page } = session;
      await signIn(session, DEMO_STAFF_EMAIL);
      await session.visit(`/courses/${courseId}`);
      expect(await page.locator('main').textContent()).toContain('満席');
      await fillByName(page, { nickname: 'スタッフ' });
      await submit(session, 'form[action$="/enrol"] button[type="submit"]', /thanks\?result=waitlisted/);
      await session.visit('/account/courses');
      expect(await page.locator('main').textContent()).toContain('キャンセル待ち');
      await signOut(session);
    });
    await inSession(environment, { javaScriptEnabled: false }, async (session) => {
      await session.visit(`/courses/enrolment?token=${visitorManageToken}`);
      await submit(session, 'form[action="/courses/enrolment/cancel"] button', /notice=cancelled/);
      const promoted = await newestMail(session, DEMO_STAFF_EMAIL, 'キャンセル待ちから受講が決まりました');
      expect(promoted).toContain(courseTitle);
    });
  });

  it('the secretariat marks attendance, sees completion, prints the certificate and downloads the CSV', async () => {
    await inSession(environment, {}, async (session) => {
      const { page } = session;
      await signIn(session, DEMO_SECRETARIAT_EMAIL);
      await session.visit(`/console/courses/${courseId}/roster`);
      for (const form of await page.locator('main form.attendance-form').all()) {
        await form.locator('input[name="attended"]').first().check();
        await session.follow(() => form.locator('button[type="submit"]').click(), /notice=attendance/);
      }
      expect(await page.locator('main').textContent()).toContain('修了');
      await session.follow(
        () => page.getByRole('link', { name: 'スタッフ さんの修了証' }).click(),
        /\/certificate$/,
      );
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('header.site-header').isVisible()).toBe(false);
      expect(await page.locator('.certificate').textContent()).toContain('スタッフ 様');
      await page.emulateMedia({ media: 'screen' });
      const csv = await page.request.get(`/console/courses/${courseId}/roster.csv`);
      expect(csv.status()).toBe(200);
      const bytes = await csv.body();
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8')).toContain('スタッフ');
      await signOut(session);
    });
  });

  it('a school asks for an outreach course and the secretariat turns it into a draft (JavaScript off, then on)', async () => {
    await inSession(environment, { javaScriptEnabled: false }, async (session) => {
      const { page } = session;
      await session.visit('/courses');
      await session.follow(
        () => page.getByRole('link', { name: '出前講座・寄付講座を依頼する' }).click(),
        /\/courses\/requests\/new$/,
      );
      await fillByName(page, {
        groupName: 'みなと高等学校',
        contactName: '進路の田中',
        contactEmail: 'career@minato.example.jp',
        topic: '協同労働という働き方',
        audience: '高校2年生',
        audienceSize: '80',
        preferredDates: '1月の火曜日の午後',
        venue: '体育館',
        prefectureCode: '14',
      });
      await submit(session, 'button[type="submit"]', /\/courses\/requests\/status\?token=/);
      expect(await page.locator('main').textContent()).toContain('事務局が確かめています');
    });
    await inSession(environment, {}, async (session) => {
      const { page } = session;
      await signIn(session, DEMO_SECRETARIAT_EMAIL);
      await session.visit('/console/outreach');
      await session.follow(
        () => page.getByRole('link', { name: 'みなと高等学校' }).click(),
        /\/console\/outreach\/\d+$/,
      );
      await submit(session, 'form[action$="/accept"] button', /\/console\/courses\/\d+\?notice=created/);
      expect(await page.locator('main h1').textContent()).toContain('協同労働という働き方');
      expect(await page.locator('main').textContent()).toContain('下書き');
    });
  });
});
