import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** The 求人票 sections every posting page shows, in order. */
const postingSectionsJa = [
  '仕事内容',
  '雇用形態・契約期間',
  '賃金',
  '労働時間・休日',
  '加入保険',
  '応募の条件・歓迎',
  '事業所・アクセス',
  '見学・体験の相談',
  '運営する団体',
];

const PAGE_SIZE = 20;

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function htmlLang(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

function searchParams(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/** The results page after a search: its count and cards agree with each other. */
async function expectResults(session: Session, expectedPage = 1): Promise<number> {
  const { page } = session;
  const total = countFrom(await text(page.locator('#result-count')));
  expect(total, 'the search should find demo postings').toBeGreaterThan(0);
  const cards = page.locator('.results .job-card');
  expect(await cards.count()).toBe(Math.min(PAGE_SIZE, total - (expectedPage - 1) * PAGE_SIZE));
  expect(await text(page.locator('.results .muted').first())).toContain(
    `${(expectedPage - 1) * PAGE_SIZE + 1}〜`,
  );
  return total;
}

/** A posting page: its title, every 求人票 section and the co-op's governance card. */
async function expectPostingPage(session: Session, title: string) {
  const { page } = session;
  expect(await text(page.getByRole('heading', { level: 1 }))).toBe(title);
  expect(await page.title()).toContain(title);
  for (const section of postingSectionsJa)
    expect(await page.getByRole('heading', { level: 2, name: section }).count(), section).toBe(1);
  const governance = page.locator('.governance-card');
  expect(await governance.count()).toBe(1);
  expect(await text(governance.getByRole('heading', { level: 3 }))).toBe('運営のしくみ（ガバナンス）');
  expect(await governance.locator('dt').count()).toBeGreaterThanOrEqual(8);
  // The JSON-LD for search engines is present and valid JSON (a data block, allowed by the CSP).
  const jsonLd = await page.locator('script[type="application/ld+json"]').textContent();
  expect(JSON.parse(jsonLd ?? '{}')['@type']).toBe('JobPosting');
}

/** Home → keyword search → results → one posting: the core journey, with or without JavaScript. */
async function searchFromHome(session: Session, submit: 'enter' | 'button'): Promise<number> {
  const { page } = session;
  expect(await session.visit('/')).toBe(200);
  expect(await htmlLang(page)).toBe('ja');
  expect(await text(page.getByRole('heading', { level: 1 }))).toBe('協同組合のしごとをさがす');
  // The stylesheet loaded despite the strict CSP: the header has its green background.
  expect(
    await page.locator('.site-header').evaluate((element) => getComputedStyle(element).backgroundColor),
  ).toBe('rgb(27, 107, 79)');

  const search = page.getByRole('search');
  const box = search.getByRole('searchbox', { name: 'キーワード' });
  await box.fill('介護');
  await session.follow(
    () => (submit === 'enter' ? box.press('Enter') : search.getByRole('button', { name: 'さがす' }).click()),
    (url) => url.pathname === '/jobs',
  );
  expect(searchParams(page).get('q')).toBe('介護');
  expect(await text(page.getByRole('heading', { level: 1 }))).toBe('「介護」の求人');
  expect(await page.getByRole('searchbox', { name: 'キーワード' }).inputValue()).toBe('介護');
  return expectResults(session);
}

async function openFirstPosting(session: Session): Promise<string> {
  const link = session.page.locator('.results .job-card-title a').first();
  const title = await text(link);
  await session.follow(() => link.click(), /\/jobs\/\d+$/);
  await expectPostingPage(session, title);
  return title;
}

describe.skipIf(!chromiumAvailable)('public pages in Chromium', () => {
  let environment: E2eEnvironment;

  beforeAll(async () => {
    environment = await startEnvironment();
  });

  afterAll(async () => {
    await environment?.close();
  });

  it('(a) with JavaScript: searches from the home page and opens a posting and its co-op', async () => {
    await inSession(environment, {}, async (session) => {
      const { page } = session;
      await searchFromHome(session, 'enter');
      await openFirstPosting(session);

      // From the keyboard: the first Tab shows the skip link, which moves focus to the main content.
      await page.keyboard.press('Tab');
      const skipLink = page.locator(':focus');
      expect(await text(skipLink)).toBe('本文へ移動');
      expect((await skipLink.boundingBox())?.y, 'the focused skip link is on screen').toBeGreaterThanOrEqual(
        0,
      );
      await page.keyboard.press('Enter');
      expect(await page.evaluate('document.activeElement.id')).toBe('main');

      // The posting names its co-op; its page shows the same governance card, as a level-2 heading.
      const organisation = page.locator('.posting-org a');
      const name = await text(organisation);
      await session.follow(() => organisation.click(), /\/organisations\/\d+$/);
      expect(await text(page.getByRole('heading', { level: 1 }))).toBe(name);
      expect(await page.getByRole('heading', { level: 2, name: '運営のしくみ（ガバナンス）' }).count()).toBe(
        1,
      );
    });
  });

  it('(b) without JavaScript: searches, pages, filters by prefecture and a checkbox, opens a posting', async () => {
    await inSession(environment, { javaScriptEnabled: false }, async (session) => {
      const { page } = session;
      const total = await searchFromHome(session, 'button');
      expect(total, 'the demo data has more than one page of 介護 postings').toBeGreaterThan(PAGE_SIZE);

      // A prefecture where a 介護 posting accepts workplace visits, read from the first page of results.
      const prefectures = (await page.locator('#search-pref option').allTextContents()).filter(
        (name) => name !== 'すべて',
      );
      expect(prefectures).toHaveLength(47);
      const visitCard = page
        .locator('.results .job-card')
        .filter({ has: page.locator('.tag-accepts', { hasText: /^職場見学$/ }) })
        .first();
      const place = await text(visitCard.locator('.job-card-facts dd').first());
      const prefecture = prefectures.find((name) => place.startsWith(name));
      expect(prefecture, `a prefecture name at the start of "${place}"`).toBeDefined();

      // Paging by plain links: page 2 keeps the keyword and the count.
      const pagination = page.getByRole('navigation', { name: 'ページ' });
      await session.follow(
        () => pagination.getByRole('link', { name: '次へ' }).click(),
        (url) => url.searchParams.get('page') === '2',
      );
      expect(searchParams(page).get('q')).toBe('介護');
      expect(await expectResults(session, 2)).toBe(total);
      expect(await text(pagination.locator('[aria-current="page"]'))).toBe('2');
      expect(await page.title()).toMatch(/^「介護」の求人 – 2ページ目 \| /);
      expect(await pagination.getByRole('link', { name: '前へ' }).count()).toBe(1);

      // The filters are a <details> element: it opens without JavaScript.
      const filters = page.locator('details.filters');
      expect(await filters.getAttribute('open')).toBeNull();
      await filters.locator('summary').click();
      expect(await filters.getAttribute('open')).not.toBeNull();
      await page.getByLabel('都道府県').selectOption({ label: prefecture as string });
      await page.getByLabel('職場見学ができる').check();
      await session.follow(
        () => filters.getByRole('button', { name: 'さがす' }).click(),
        (url) => url.searchParams.get('visit') === '1',
      );

      // A new search starts again on page 1, with the filters kept in the form.
      const params = searchParams(page);
      expect(params.get('q')).toBe('介護');
      expect(params.get('pref')).toMatch(/^\d{2}$/);
      expect(params.get('page')).toBeNull();
      const filtered = await expectResults(session);
      expect(filtered).toBeLessThan(total);
      expect(await page.locator('details.filters').getAttribute('open')).not.toBeNull();
      expect(await page.getByLabel('都道府県').inputValue()).toBe(params.get('pref'));
      expect(await page.getByLabel('職場見学ができる').isChecked()).toBe(true);
      for (const card of await page.locator('.results .job-card').all()) {
        expect(await text(card.locator('.job-card-facts dd').first())).toMatch(new RegExp(`^${prefecture}`));
        expect(await card.locator('.tag-accepts', { hasText: /^職場見学$/ }).count()).toBe(1);
      }

      await openFirstPosting(session);
      expect(await text(page.locator('.summary'))).toContain(prefecture as string);
      expect(
        await page.locator('.engagements .tag-accepts', { hasText: /^職場見学$/ }).count(),
        'the posting accepts workplace visits',
      ).toBe(1);
    });
  });

  it('(c) switches to English by a link and remembers the choice', async () => {
    await inSession(environment, {}, async (session) => {
      const { page, context } = session;
      expect(await session.visit('/jobs?q=介護')).toBe(200);
      expect(await htmlLang(page)).toBe('ja');
      const japaneseCount = countFrom(await text(page.locator('#result-count')));

      const toEnglish = page.getByRole('link', { name: 'English' });
      expect(await toEnglish.getAttribute('lang')).toBe('en');
      await session.follow(
        () => toEnglish.click(),
        (url) => url.pathname === '/jobs',
      );
      // Back on the same search, now in English.
      expect(searchParams(page).get('q')).toBe('介護');
      expect(await htmlLang(page)).toBe('en');
      expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Jobs for “介護”');
      expect(await text(page.locator('#result-count'))).toBe(`${japaneseCount} jobs`);
      expect(await page.getByRole('navigation', { name: 'Main menu' }).count()).toBe(1);
      const cookies = await context.cookies();
      expect(cookies.find((cookie) => cookie.name === 'lang')?.value).toBe('en');

      // Japanese text from the database is marked as Japanese, so screen readers switch voice.
      const firstTitle = page.locator('.results .job-card-title a').first();
      expect(await firstTitle.getAttribute('lang')).toBe('ja');
      expect(await page.locator('.results .job-card-org').first().getAttribute('lang')).toBe('ja');

      // The next pages stay English although the browser asks for Japanese.
      await session.follow(() => firstTitle.click(), /\/jobs\/\d+$/);
      expect(await htmlLang(page)).toBe('en');
      expect(await page.getByRole('heading', { level: 1 }).getAttribute('lang')).toBe('ja');
      expect(await page.getByRole('heading', { level: 2, name: 'The work' }).count()).toBe(1);
      expect(await page.getByRole('heading', { level: 3, name: 'How it is run (governance)' }).count()).toBe(
        1,
      );
      await session.follow(() => page.getByRole('link', { name: 'Yoi Shigoto Station' }).click(), /\/$/);
      expect(await htmlLang(page)).toBe('en');
      expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Find work at a cooperative');

      // And back to Japanese.
      await session.follow(() => page.getByRole('link', { name: '日本語' }).click(), /\/$/);
      expect(await htmlLang(page)).toBe('ja');
      expect(await session.visit('/organisations')).toBe(200);
      expect(await htmlLang(page)).toBe('ja');
    });
  });

  it('(d) fits a 320 px wide screen without sideways scrolling', async () => {
    const phone = {
      viewport: { width: 320, height: 640 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    };
    await inSession(environment, phone, async (session) => {
      const { page } = session;
      const expectFits = async (what: string) => {
        const { scrollWidth, wide } = await session.overflow();
        expect(
          scrollWidth,
          `${what} (${page.url()}) is wider than 320 px; too wide: ${wide.join(', ')}`,
        ).toBeLessThanOrEqual(320);
      };

      await session.visit('/');
      await expectFits('home page');
      await session.visit('/jobs?q=介護');
      await expectFits('search results');
      await page.locator('details.filters summary').click();
      await expectFits('search results with the filters open');
      await session.visit('/jobs?q=介護&pref=14&field=care&wage=1000&visit=1&sort=wage');
      await expectFits('filtered search results');
      await session.visit('/jobs?q=介護');
      await session.follow(() => page.locator('.results .job-card-title a').first().click(), /\/jobs\/\d+$/);
      await expectFits('posting page');
      await session.follow(() => page.locator('.posting-org a').click(), /\/organisations\/\d+$/);
      await expectFits('organisation page');
      await session.visit('/no-such-page');
      await expectFits('404 page');
    });
  });

  it('(e) answers an unknown address with a helpful 404 page', async () => {
    await inSession(environment, { javaScriptEnabled: false }, async (session) => {
      const { page } = session;
      expect(await session.visit('/no-such-page')).toBe(404);
      expect(await htmlLang(page)).toBe('ja');
      expect(await text(page.getByRole('heading', { level: 1 }))).toBe('ページが見つかりません');
      expect(await page.title()).toContain('ページが見つかりません');
      expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');

      // A posting that does not exist is a 404 too, with a way back to the search.
      expect(await session.visit('/jobs/99999999')).toBe(404);
      expect(await text(page.getByRole('heading', { level: 1 }))).toBe('ページが見つかりません');
      await session.follow(
        () => page.locator('main').getByRole('link', { name: 'トップページへ' }).click(),
        /\/$/,
      );
      expect(await text(page.getByRole('heading', { level: 1 }))).toBe('協同組合のしごとをさがす');
    });
  });
  it('(f) reports accessibility problems (the check itself works, with and without JavaScript)', async () => {
    for (const javaScriptEnabled of [true, false]) {
      await inSession(environment, { javaScriptEnabled }, async (session) => {
        await session.visit('/');
        // An image without a text alternative and an unlabelled field: both serious or critical.
        await session.page.evaluate(`document.querySelector('main').insertAdjacentHTML('afterbegin',
          '<img src="/static/favicon.svg"><input type="text" name="unlabelled">')`);
        await expect(session.checkAccessibility()).rejects.toThrow(
          /image-alt[\s\S]*label|label[\s\S]*image-alt/,
        );
      });
    }
  });

  it('(g) offers ways out of a search that finds nothing, without JavaScript', async () => {
    await inSession(environment, { javaScriptEnabled: false }, async (session) => {
      const { page } = session;
      expect(await session.visit('/jobs?q=存在しないしごとのことば&pref=13&visit=1')).toBe(200);
      expect(countFrom(await text(page.locator('#result-count')))).toBe(0);
      expect(await page.locator('.results .job-card').count()).toBe(0);
      expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
      const suggestions = page.locator('.empty-result');

      // Each suggestion says how many postings it finds, and finds exactly that many.
      const dropKeyword = suggestions.getByRole('link', {
        name: 'キーワード「存在しないしごとのことば」を外す',
      });
      const promised = countFrom(await dropKeyword.locator('xpath=..').textContent());
      await session.follow(
        () => dropKeyword.click(),
        (url) => url.searchParams.get('q') === null && url.searchParams.get('pref') === '13',
      );
      expect(countFrom(await text(page.locator('#result-count')))).toBe(promised);

      // Starting over always works.
      await page.goBack();
      await session.checkAccessibility();
      await session.follow(
        () => page.locator('.empty-result').getByRole('link', { name: '条件をすべて外す' }).click(),
        (url) => url.pathname === '/jobs' && url.search === '',
      );
      expect(countFrom(await text(page.locator('#result-count')))).toBeGreaterThan(PAGE_SIZE);
    });
  });
});
