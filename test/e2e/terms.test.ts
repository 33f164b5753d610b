import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  chromiumMissingMessage,
  countFrom,
  type E2eEnvironment,
  inSession,
  startEnvironment,
} from './support.js';

if (!chromiumAvailable) console.warn(chromiumMissingMessage);

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/** The value beside a term on a governance card. */
function cardValue(card: Locator, term: string): Promise<string> {
  return text(card.locator('div', { has: card.page().locator('dt', { hasText: term }) }).locator('dd'));
}

describe.skipIf(!chromiumAvailable)('membership terms on the search form, in Chromium', () => {
  let environment: E2eEnvironment;

  beforeAll(async () => {
    environment = await startEnvironment();
  });

  afterAll(async () => {
    await environment?.close();
  });

  it('without JavaScript: a bad amount is shown beside its field, then the terms find co-ops whose card says so', async () => {
    await inSession(environment, { javaScriptEnabled: false }, async (session) => {
      const { page } = session;
      await session.visit('/jobs');
      const all = countFrom(await text(page.locator('#result-count')));
      await page.locator('details.filters summary').click();
      const terms = page.getByRole('group', { name: '運営のしくみ・出資金' });
      await terms.getByLabel('労働者協同組合法（2022年施行）による設立').check();
      await terms.getByLabel('出資金の合計の上限').fill('2万');
      await session.follow(
        () => page.locator('details.filters').getByRole('button', { name: 'さがす' }).click(),
        (url) => url.searchParams.get('capital') === '2万',
      );
      // Refused beside the field, with what was typed and the ticked box kept, and the page still usable.
      const amount = page.getByLabel('出資金の合計の上限');
      expect(await amount.getAttribute('aria-invalid')).toBe('true');
      expect(await amount.inputValue()).toBe('2万');
      expect(await text(page.locator('#search-capital-error'))).toBe(
        '出資金は0以上の数字（半角・全角どちらでも）で入力してください。',
      );
      expect(await page.getByLabel('労働者協同組合法（2022年施行）による設立').isChecked()).toBe(true);
      await session.checkAccessibility();

      await amount.fill('20,000');
      await session.follow(
        () => page.locator('details.filters').getByRole('button', { name: 'さがす' }).click(),
        (url) => url.searchParams.get('capital') === '20,000',
      );
      const found = countFrom(await text(page.locator('#result-count')));
      expect(
        found,
        'the demo has co-ops founded under the 2022 law asking 20,000 yen or less',
      ).toBeGreaterThan(0);
      expect(found).toBeLessThan(all);

      // The first posting's card says what the search asked for.
      const link = page.locator('.results .job-card-title a').first();
      await session.follow(() => link.click(), /\/jobs\/\d+$/);
      const card = page.locator('.governance-card');
      expect(await cardValue(card, '労働者協同組合法（2022年施行）による設立')).toBe('あり');
      const total = (await cardValue(card, '出資金')).match(/= ([\d,]+)円$/)?.[1] ?? '';
      expect(Number(total.replace(/,/g, ''))).toBeLessThanOrEqual(20_000);
    });
  });

  it('fits a 320 px wide screen with the terms filled in', async () => {
    await inSession(environment, { viewport: { width: 320, height: 640 } }, async (session) => {
      await session.visit('/jobs?oneVote=1&payOverTime=1&workShare=1&capital=abc');
      const { scrollWidth, wide } = await session.overflow();
      expect(scrollWidth, `too wide: ${wide.join(', ')}`).toBeLessThanOrEqual(320);
    });
  });
});
