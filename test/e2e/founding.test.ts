import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  courseEnrolmentsTable,
  courseSessionsTable,
  coursesTable,
  organisationsTable,
  usersTable,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { randomToken } from '../../src/lib/secrets.js';
import { stageChecklists } from '../../src/modules/founding/founding.rules.js';
import {
  DEMO_FOUNDER_EMAIL,
  DEMO_PASSWORD,
  DEMO_SECRETARIAT_EMAIL,
  DEMO_STAFF_EMAIL,
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

const courseTitle = '仕事おこし講座 仲間と始める';
const groupName = 'まちの食堂ワーカーズ（仮称）';

async function fillByName(page: Page, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const control = page.locator(`main [name="${name}"]`).first();
    const tag = await control.evaluate((element) => element.tagName.toLowerCase());
    if (tag === 'select') await control.selectOption(value);
    else await control.fill(value);
  }
}

async function signIn(session: Session, email: string) {
  await session.visit('/signin');
  await fillByName(session.page, { email, password: DEMO_PASSWORD });
  await session.follow(
    () => session.page.locator('main button[type="submit"]').first().click(),
    (url) => url.pathname === '/account',
  );
}

async function signOut(session: Session) {
  await session.follow(
    () => session.page.locator('header form[action="/signout"] button').click(),
    (url) => url.pathname === '/',
  );
}

async function newestMail(session: Session, recipient: string, subject: string): Promise<string> {
  await session.visit('/dev/mailbox');
  const article = session.page
    .locator('main article', { hasText: recipient })
    .filter({ hasText: subject })
    .first();
  return (await article.textContent()) ?? '';
}

const main = (page: Page) => page.locator('main').textContent();

describe.skipIf(!chromiumAvailable)('founding groups and the co-founder board in the browser', () => {
  let environment: E2eEnvironment;
  let groupPath = '';

  beforeAll(async () => {
    environment = await startEnvironment();
    // The demo founder took a 仕事おこし講座 with their account (the courses journey walks enrolment itself).
    const db = environment.db;
    const [organiser] = await db
      .select()
      .from(organisationsTable)
      .where(eq(organisationsTable.kind, 'coop'))
      .limit(1);
    const [founder] = await db.select().from(usersTable).where(eq(usersTable.email, DEMO_FOUNDER_EMAIL));
    const now = new Date();
    const [course] = await db
      .insert(coursesTable)
      .values({
        organisationId: organiser!.id,
        type: 'job_creation',
        status: 'published',
        title: courseTitle,
        prefectureCode: '13',
        capacity: 20,
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      })
      .returning();
    await db.insert(courseSessionsTable).values({
      courseId: course!.id,
      date: addDays(todayInTokyo(), 7),
      startTime: '13:30',
      endTime: '16:00',
      venueName: '協同会館',
      address: '東京都豊島区池袋1-2-3',
    });
    await db.insert(courseEnrolmentsTable).values({
      courseId: course!.id,
      userId: founder!.id,
      nickname: '仕事おこしデモ',
      email: DEMO_FOUNDER_EMAIL,
      state: 'confirmed',
      queueNumber: 1,
      formId: randomToken(18),
      createdAt: now,
      placedAt: now,
    });
  });
  afterAll(async () => {
    await environment?.close();
  });

  it('a course participant asks for accompaniment from their account, at 320 px (JavaScript off)', async () => {
    await inSession(
      environment,
      { javaScriptEnabled: false, viewport: { width: 320, height: 640 } },
      async (session) => {
        const { page } = session;
        await signIn(session, DEMO_FOUNDER_EMAIL);
        await session.visit('/account/courses');
        await session.follow(
          () => page.getByRole('link', { name: '伴走支援を申し込む' }).click(),
          /\/account\/founding\/new\?enrolmentId=\d+$/,
        );
        expect(await main(page)).toContain(courseTitle);
        expect((await session.overflow()).wide).toEqual([]);
        // Nothing typed: the form comes back with the errors beside the fields.
        await session.follow(
          () => page.locator('main form button[type="submit"]').click(),
          /\/account\/founding$/,
        );
        expect(await page.locator('#f-name-error').count()).toBe(1);
        await fillByName(page, {
          name: groupName,
          field: 'community_space',
          prefectureCode: '13',
          municipality: '豊島区',
          idea: '商店街の空き店舗で、誰でも来られる食堂を開きたい。',
        });
        await session.follow(
          () => page.locator('main form button[type="submit"]').click(),
          /\/founding\/\d+\?notice=requested$/,
        );
        groupPath = new URL(page.url()).pathname;
        expect(await main(page)).toContain('事務局が支援者を決めています');
        expect((await session.overflow()).wide).toEqual([]);
        await signOut(session);
      },
    );
  });

  it('the secretariat finds the group waiting and assigns itself as supporter (JavaScript on)', async () => {
    await inSession(environment, {}, async (session) => {
      const { page } = session;
      await signIn(session, DEMO_SECRETARIAT_EMAIL);
      await session.visit('/console/founding');
      await session.follow(
        () => page.getByRole('link', { name: groupName }).click(),
        /\/console\/founding\/\d+$/,
      );
      const option = page.locator('main select[name="supporter"] option', { hasText: '事務局デモ' }).first();
      await page
        .locator('main select[name="supporter"]')
        .selectOption((await option.getAttribute('value')) ?? '');
      await session.follow(
        () => page.getByRole('button', { name: 'この人に決める' }).click(),
        /notice=assigned/,
      );
      expect(await main(page)).toContain('事務局デモ');
      const mail = await newestMail(session, DEMO_FOUNDER_EMAIL, '担当の支援者が決まりました');
      expect(mail).toContain(groupName);
      await signOut(session);
    });
  });

  it('the founder moves the group through its stages with the checklist; 創立総会 waits for three founders (JavaScript off)', async () => {
    await inSession(environment, { javaScriptEnabled: false }, async (session) => {
      const { page } = session;
      await signIn(session, DEMO_FOUNDER_EMAIL);
      await session.visit(groupPath);
      for (const stage of ['consultation', 'preparatory_meeting', 'business_plan'] as const) {
        for (const item of stageChecklists[stage])
          await page.locator(`main input[name="done"][value="${item}"]`).check();
        await session.follow(
          () => page.getByRole('button', { name: 'チェックリストを保存' }).click(),
          /notice=checklist/,
        );
        const next = page.locator('main form[action$="/stage"] button[value]').first();
        if (stage === 'business_plan') break;
        await session.follow(() => next.click(), /notice=stage/);
      }
      // One founder is not enough for 創立総会: the page says why.
      await session.follow(() => page.getByRole('button', { name: /創立総会/ }).click(), /\/stage$/);
      expect(await main(page)).toContain('発起人が3人以上必要です');
      for (const name of ['山田 花子', '佐藤 健']) {
        await page.locator('main input[name="memberName"]').fill(name);
        await session.follow(
          () => page.getByRole('button', { name: 'メンバーを記録' }).click(),
          /notice=member/,
        );
      }
      await session.follow(() => page.getByRole('button', { name: /創立総会/ }).click(), /notice=stage/);
      expect(await page.locator('main .sheet').textContent()).toContain('創立総会');
      await page.locator('main input[name="milestoneDate"]').fill('2027-03-01');
      await page.locator('main textarea[name="notes"]').fill('会場：協同会館 3階ホール');
      await session.follow(
        () => page.getByRole('button', { name: '日付とメモを保存' }).click(),
        /notice=milestone/,
      );
      expect(await main(page)).toContain('会場：協同会館 3階ホール');
      await signOut(session);
    });
  });

  it('the founder posts a co-founder card; staff answer through the relay and the founder replies (JavaScript on, then off)', async () => {
    let cardPath = '';
    await inSession(environment, {}, async (session) => {
      const { page } = session;
      await signIn(session, DEMO_FOUNDER_EMAIL);
      await session.visit('/cofounders');
      await session.follow(
        () => page.getByRole('link', { name: 'カードを出す' }).click(),
        /\/account\/cofounders\/new$/,
      );
      await fillByName(page, {
        nickname: 'ゆう',
        prefectureCode: '13',
        field: 'community_space',
        wish: '食堂の調理を一緒にしてくれる仲間をさがしています。',
        availability: '平日の午後',
      });
      await session.follow(
        () => page.getByRole('button', { name: 'カードを出す' }).click(),
        /notice=published/,
      );
      await session.follow(
        () =>
          page
            .getByRole('link', { name: /まで掲載/ })
            .first()
            .click(),
        /\/cofounders\/\d+$/,
      );
      cardPath = new URL(page.url()).pathname;
      expect(await main(page)).not.toContain(DEMO_FOUNDER_EMAIL);
      await signOut(session);
    });
    await inSession(environment, { javaScriptEnabled: false }, async (session) => {
      const { page } = session;
      await signIn(session, DEMO_STAFF_EMAIL);
      await session.visit(cardPath);
      await fillByName(page, { nickname: 'けん', body: '調理師です。ぜひ話を聞かせてください。' });
      await session.follow(() => page.getByRole('button', { name: '返事を送る' }).click(), /notice=sent/);
      const mail = await newestMail(session, DEMO_FOUNDER_EMAIL, '仲間さがしのカードに返事が届きました');
      expect(mail).toContain('調理師です。ぜひ話を聞かせてください。');
      expect(mail).not.toContain(DEMO_STAFF_EMAIL);
      await signOut(session);
    });
    await inSession(environment, { javaScriptEnabled: false }, async (session) => {
      const { page } = session;
      await signIn(session, DEMO_FOUNDER_EMAIL);
      await session.visit('/account/cofounders');
      expect(await main(page)).toContain('調理師です。ぜひ話を聞かせてください。');
      await page
        .locator('main textarea[name="reply"]')
        .first()
        .fill('ありがとうございます。来週の相談会でお会いしましょう。');
      await session.follow(
        () => page.getByRole('button', { name: '返事を送る' }).first().click(),
        /notice=replied/,
      );
      const mail = await newestMail(session, DEMO_STAFF_EMAIL, '持ち主から返事が届きました');
      expect(mail).toContain('来週の相談会でお会いしましょう。');
      expect(mail).not.toContain(DEMO_FOUNDER_EMAIL);
      await signOut(session);
    });
  });
});
