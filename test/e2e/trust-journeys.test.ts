import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  chromiumMissingMessage,
  type E2eEnvironment,
  inSession,
  type Session,
  startEnvironment,
} from './support.js';

/**
 * What a newcomer tried and stumbled on (issue 7), walked through in Chromium with JavaScript off, as on an
 * old phone: the language switch right after a refused form, the notice after deleting an account, the
 * pages behind the footer, and a search for a symbol that cannot be searched. Every page is checked with axe.
 */

if (!chromiumAvailable) console.warn(chromiumMissingMessage);

const noScript = { javaScriptEnabled: false } as const;

async function fill(page: Page, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values))
    await page.locator(`main [name="${name}"]`).first().fill(value);
}

/** Submits the form that holds `button` and returns the status of the page it ends on (after redirects). */
async function submit(session: Session, button: string) {
  const landed = session.page.waitForResponse(
    (response) =>
      response.request().isNavigationRequest() &&
      response.request().frame() === session.page.mainFrame() &&
      (response.status() < 300 || response.status() >= 400),
  );
  await session.page.locator(button).first().click();
  const response = await landed;
  await session.page.waitForLoadState('load');
  await session.checkAccessibility();
  return response.status();
}

/** Follows the header's language switch and returns where it landed. */
async function switchLanguage(session: Session, linkText: string) {
  await session.follow(
    () => session.page.locator('header').getByRole('link', { name: linkText }).click(),
    (url) => !url.pathname.startsWith('/lang/'),
  );
  return new URL(session.page.url());
}

describe.skipIf(!chromiumAvailable)('a newcomer’s stumbling blocks, without JavaScript', () => {
  let environment: E2eEnvironment;

  beforeAll(async () => {
    environment = await startEnvironment();
  });
  afterAll(async () => {
    await environment?.close();
  });

  it('switches language right after a refused form and lands on the form’s page in the other language', async () => {
    await inSession(environment, noScript, async (session) => {
      const { page } = session;
      expect(await session.visit('/signup')).toBe(200);
      await fill(page, { displayName: 'はじめて', email: 'まちがったアドレス', password: 'short' });
      expect(await submit(session, 'main button[type="submit"]')).toBe(422);
      expect(await page.locator('main').textContent()).toContain('入力内容を確認してください。');

      const landed = await switchLanguage(session, 'English');
      expect(landed.pathname).toBe('/signup');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('main button[type="submit"]').textContent()).toContain('Sign up');

      // And back, from a refused form of a signed-in page that posts elsewhere (/account/password).
      expect(await session.visit('/signin')).toBe(200);
      await fill(page, { email: 'staff@yoishigoto.example.jp', password: 'yoishigoto-demo-2026' });
      await submit(session, 'main button[type="submit"]');
      expect(new URL(page.url()).pathname).toBe('/account');
      await fill(page, { currentPassword: 'not the password', newPassword: 'x' });
      expect(await submit(session, 'main form[action="/account/password"] button[type="submit"]')).toBe(422);
      const back = await switchLanguage(session, '日本語');
      expect(back.pathname).toBe('/account');
      expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    });
  });

  it('says the account was deleted after deleting it', async () => {
    await inSession(environment, noScript, async (session) => {
      const { page } = session;
      const email = 'leaving@example.jp';
      const password = 'a long enough password 2026';
      expect(await session.visit('/signup')).toBe(200);
      await fill(page, { displayName: 'やめるひと', email, password });
      expect(await submit(session, 'main button[type="submit"]')).toBe(200);
      await session.visit('/dev/mailbox');
      const token = (await page.locator('main').textContent())?.match(
        /verify-email\?token=([A-Za-z0-9_-]+)/,
      )?.[1];
      expect(token, 'the confirmation mail carries a link').toBeTruthy();
      expect(await session.visit(`/verify-email?token=${token}`)).toBe(200);

      await session.visit('/signin');
      await fill(page, { email, password });
      await submit(session, 'main button[type="submit"]');
      expect(new URL(page.url()).pathname).toBe('/account');
      await page.locator('main form[action="/account/delete"] [name="password"]').fill(password);
      expect(await submit(session, 'main form[action="/account/delete"] button[type="submit"]')).toBe(200);
      const landed = new URL(page.url());
      expect(landed.pathname).toBe('/');
      expect(await page.getByRole('status').textContent()).toContain(
        'アカウントを削除しました。ご利用ありがとうございました。',
      );
      // Signed out: the header offers sign-in again.
      expect(await page.locator('header').getByRole('link', { name: 'ログイン' }).count()).toBe(1);
    });
  });

  it('reaches the operator, privacy and contact pages from the footer', async () => {
    await inSession(environment, noScript, async (session) => {
      const { page } = session;
      expect(await session.visit('/')).toBe(200);
      for (const [link, path, heading] of [
        ['運営者', '/operator', '運営者'],
        ['個人情報の取扱い', '/privacy', '個人情報の取扱い'],
        ['お問い合わせ', '/contact', 'お問い合わせ'],
      ] as const) {
        await session.follow(
          () => page.locator('footer').getByRole('link', { name: link, exact: true }).click(),
          (url) => url.pathname === path,
        );
        expect(await page.locator('h1').textContent()).toBe(heading);
      }
      // The privacy policy says what the law asks it to say.
      await session.visit('/privacy');
      const privacy = await page.locator('main').textContent();
      for (const section of ['利用目的', '第三者への提供', '開示・訂正・削除のご請求', 'お問い合わせ窓口'])
        expect(privacy).toContain(section);
    });
  });

  it('says a search for 🍙 has no searchable characters instead of listing every job', async () => {
    await inSession(environment, noScript, async (session) => {
      const { page } = session;
      expect(await session.visit(`/jobs?q=${encodeURIComponent('🍙')}`)).toBe(200);
      const main = (await page.locator('main').textContent()) ?? '';
      expect(main).toContain('「🍙」には、さがせる文字（ひらがな・カタカナ・漢字・英数字）がありません。');
      expect(await page.getByRole('status').textContent()).toContain('さがせる文字');
      // Not every posting as if each matched: nothing is listed.
      expect(main).toContain('0件の求人');
      expect(await page.locator('main a[href^="/jobs/"]').count()).toBe(0);
    });
  });

  it('shows the audit log in words on a 320 px screen, one card per entry, without sideways scrolling', async () => {
    await inSession(environment, { ...noScript, viewport: { width: 320, height: 640 } }, async (session) => {
      const { page } = session;
      await session.visit('/signin');
      await fill(page, { email: 'secretariat@yoishigoto.example.jp', password: 'yoishigoto-demo-2026' });
      await submit(session, 'main button[type="submit"]');
      // Looking at the users list is itself recorded, so the log has an entry whatever ran before.
      expect(await session.visit('/console/users')).toBe(200);
      expect(await session.visit('/console/audit')).toBe(200);
      expect(await page.locator('main table.audit-table').textContent()).toContain('利用者の一覧を閲覧');
      const rows = page.locator('main table.audit-table tbody tr');
      expect(await rows.count()).toBeGreaterThan(0);
      // Stacked: each row is a card, each cell with its own label above the value.
      expect(
        await page.evaluate(
          `getComputedStyle(document.querySelector('main table.audit-table tbody tr')).display`,
        ),
      ).toBe('block');
      const { scrollWidth, wide } = await session.overflow();
      expect(scrollWidth, wide.join(', ')).toBeLessThanOrEqual(320);
      expect(await page.locator('main table.audit-table').textContent()).not.toMatch(/\b[a-z_]+\.[a-z_]+\b/);
    });
  });
});
