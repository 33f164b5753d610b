import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { DEMO_PASSWORD, DEMO_SECRETARIAT_EMAIL } from '../../src/seed/accounts.js';
import {
  chromiumAvailable,
  chromiumMissingMessage,
  type E2eEnvironment,
  inSession,
  type Session,
  startEnvironment,
} from './support.js';

if (!chromiumAvailable) console.warn(chromiumMissingMessage);

const eventTitle = '仕事おこし相談交流会 in 世田谷（ブラウザ）';
// Yesterday in Tokyo: inside the dashboard's default twelve months.
const heldOn = addDays(todayInTokyo(), -1);
const heldMonth = heldOn.slice(0, 7);
const [heldYear, heldMonthNumber] = heldMonth.split('-').map(Number) as [number, number];
const heldMonthWords = `${heldYear}年${heldMonthNumber}月`;

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

async function signIn(session: Session) {
  await session.visit('/signin');
  await fillByName(session.page, { email: DEMO_SECRETARIAT_EMAIL, password: DEMO_PASSWORD });
  await submit(session, 'button[type="submit"]', (url) => url.pathname === '/account');
}

/** The cells of one section's table as the page shows them. */
async function tableOf(page: Page, sectionId: string): Promise<string[][]> {
  return page
    .locator(`#${sectionId} table tr`)
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())),
    );
}

describe.skipIf(!chromiumAvailable)('consultation events and the figures in the browser', () => {
  let environment: E2eEnvironment;

  beforeAll(async () => {
    environment = await startEnvironment();
  });
  afterAll(async () => {
    await environment?.close();
  });

  it('the secretariat records a consultation event at 320 px (JavaScript off)', async () => {
    await inSession(
      environment,
      { javaScriptEnabled: false, viewport: { width: 320, height: 640 } },
      async (session) => {
        const { page } = session;
        await signIn(session);
        await session.visit('/console');
        await session.follow(
          () => page.getByRole('link', { name: '相談交流会', exact: true }).click(),
          /\/console\/events$/,
        );
        await session.follow(
          () => page.getByRole('link', { name: '相談交流会を記録する' }).click(),
          /\/console\/events\/new$/,
        );
        expect((await session.overflow()).wide).toEqual([]);
        // First without a venue and with more people consulted than took part: refused, nothing lost.
        await fillByName(page, {
          title: eventTitle,
          heldOn,
          prefectureCode: '13',
          municipality: '世田谷区',
          organisers: 'ワーカーズコープ東京中部事業本部',
          participants: '16',
          consulted: '20',
          outcomeKind0: 'coop_work',
          outcomePeople0: '5',
          outcomeNote0: '介護事業所で2人、配食で3人',
        });
        await submit(session, 'button[type="submit"]', /\/console\/events$/);
        const summary = page.locator('.error-summary');
        expect(await summary.textContent()).toContain('会場名');
        expect(await summary.textContent()).toContain('相談した人数が参加人数より多くなっています。');
        expect(await page.locator('#f-title').inputValue()).toBe(eventTitle);
        expect(await page.locator('#f-outcomePeople0').inputValue()).toBe('5');
        await fillByName(page, { place: '区民会館 第1会議室', consulted: '9' });
        await submit(session, 'button[type="submit"]', /\/console\/events\/\d+\?notice=recorded$/);
        expect(await page.locator('[role="status"]').textContent()).toContain('相談交流会を記録しました。');
        await session.follow(
          () => page.getByRole('link', { name: '相談交流会の記録へ戻る' }).click(),
          /\/console\/events$/,
        );
        const row = page.locator('main tr', { hasText: eventTitle });
        expect(await row.textContent()).toContain('ワーカーズ（協同組合）内で就労 5人');
        expect((await session.overflow()).wide).toEqual([]);
      },
    );
  });

  it('the dashboard shows the event in its month as a chart, a table and a CSV (JavaScript off)', async () => {
    await inSession(
      environment,
      { javaScriptEnabled: false, viewport: { width: 320, height: 640 } },
      async (session) => {
        const { page } = session;
        await signIn(session);
        await session.visit('/console');
        await session.follow(
          () => page.getByRole('link', { name: '月別・都道府県別の実績（グラフと表、CSV）を見る' }).click(),
          /\/console\/figures$/,
        );
        // The page fits 320 px: a chart or table wider than that scrolls inside its own box.
        expect((await session.overflow()).scrollWidth).toBeLessThanOrEqual(320);
        const chart = page.locator('#events svg[role="img"]');
        const labelledBy = (await chart.getAttribute('aria-labelledby')) ?? '';
        const name = await page.evaluate(
          (ids) =>
            ids
              .split(' ')
              .map((id) => document.getElementById(id)?.textContent ?? '')
              .join(' '),
          labelledBy,
        );
        expect(name).toContain('相談交流会');
        expect(name).toContain('参加人数は期間の合計16人');
        expect(await tableOf(page, 'events')).toContainEqual([heldMonthWords, '1', '16', '9']);
        expect(await tableOf(page, 'event-outcomes')).toContainEqual([
          heldMonthWords,
          '5',
          '0',
          '0',
          '0',
          '0',
          '0',
          '0',
          '5',
        ]);

        // A bad month is refused beside its field; the page still works.
        await fillByName(page, { from: '2026-13' });
        await submit(session, 'form[action="/console/figures"] button[type="submit"]', /from=2026-13/);
        expect(await page.locator('#f-from-error').textContent()).toContain('月を「2026-01」のように');

        // Only Tokyo, only the event's month.
        await fillByName(page, { from: heldMonth, to: heldMonth, prefecture: '13' });
        await submit(session, 'form[action="/console/figures"] button[type="submit"]', /prefecture=13/);
        expect(await page.locator('main').textContent()).toContain(
          `${heldMonthWords}から${heldMonthWords}まで、東京都`,
        );
        expect(await tableOf(page, 'events')).toEqual([
          ['月', '開催回数', '参加人数', '相談した人数'],
          [heldMonthWords, '1', '16', '9'],
          ['合計', '1', '16', '9'],
        ]);
        const href = await page.locator('#events a[download]').getAttribute('href');
        const csv = await page.request.get(href ?? '');
        expect(csv.status()).toBe(200);
        const bytes = await csv.body();
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        expect(bytes.toString('utf8').slice(1).trim().split(/\r?\n/)).toEqual([
          '月,開催回数,参加人数,相談した人数',
          `${heldMonthWords},1,16,9`,
          '合計,1,16,9',
        ]);
      },
    );
  });

  it('the dashboard reads the same with JavaScript on, in English too', async () => {
    await inSession(environment, {}, async (session) => {
      const { page } = session;
      await signIn(session);
      await session.visit(`/console/figures?from=${heldMonth}&to=${heldMonth}`);
      expect(await page.locator('#events-summary').textContent()).toContain('参加人数は期間の合計16人');
      // Every section has its chart, its table and its CSV link.
      for (const id of [
        'postings',
        'requests',
        'request-states',
        'done',
        'outcomes',
        'courses',
        'events',
        'event-outcomes',
      ]) {
        expect(await page.locator(`#${id} svg[role="img"]`).count(), id).toBe(1);
        expect(await page.locator(`#${id} table`).count(), id).toBe(1);
        expect(await page.locator(`#${id} a[download]`).getAttribute('href'), id).toContain(
          `/console/figures/${id}.csv?`,
        );
      }
      await session.follow(
        () => page.locator('header').getByRole('link', { name: 'English' }).click(),
        /figures/,
      );
      expect(await page.locator('#events-summary').textContent()).toContain(
        'Took part: 16 people in the period',
      );
    });
  });
});
