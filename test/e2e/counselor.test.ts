/**
 * A counselor books for a client, in Chromium with JavaScript off and on, every page checked with axe:
 * register a client, record consent, book a short trial on a co-op's slot, see it on the caseload; the
 * co-op sees it arranged by a counselor with the client's fields; the counselor records that consent was
 * revoked and the co-op's page loses those fields.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  availabilitySlotsTable,
  organisationsTable,
  placementRequestsTable,
  workplacesTable,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { tokyoInstant } from '../../src/modules/requests/requests.rules.js';
import {
  DEMO_COUNSELOR_EMAIL,
  DEMO_PASSWORD,
  DEMO_STAFF_EMAIL,
  seedDemoCounselor,
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
  return (await session.page.locator('main a[href^="/workspace/"]').first().getAttribute('href')) ?? '';
}

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

describe.skipIf(!chromiumAvailable)('a counselor books a short trial for a client, with consent', () => {
  let environment: E2eEnvironment;
  let coop: { id: number; name: string };
  let workplaceId: number;

  beforeAll(async () => {
    environment = await startEnvironment();
    await seedDemoCounselor(environment.db);
    const [first] = await environment.db
      .select({ id: organisationsTable.id, name: organisationsTable.name })
      .from(organisationsTable)
      .where(and(eq(organisationsTable.kind, 'coop'), eq(organisationsTable.approvalState, 'approved')))
      .orderBy(asc(organisationsTable.id))
      .limit(1);
    coop = first!;
    const [workplace] = await environment.db
      .select({ id: workplacesTable.id })
      .from(workplacesTable)
      .where(eq(workplacesTable.organisationId, coop.id))
      .orderBy(asc(workplacesTable.id))
      .limit(1);
    workplaceId = workplace!.id;
  });
  afterAll(async () => {
    await environment?.close();
  });

  async function journey(counselor: Session, staff: Session, n: number) {
    const db = environment.db;
    // The co-op offers a short-trial date at its workplace (its own pages are tested elsewhere).
    const date = addDays(todayInTokyo(), 10 + n);
    const [slot] = await db
      .insert(availabilitySlotsTable)
      .values({
        organisationId: coop.id,
        workplaceId,
        startsAt: tokyoInstant(date, '13:00'),
        endsAt: tokyoInstant(date, '15:00'),
        capacity: 2,
        kinds: ['short_trial'],
        whatToBring: '上履き',
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .returning();
    const client = `E2E相談者${n}`;

    // 1. Register the client with the minimum.
    const workspace = await signIn(counselor, DEMO_COUNSELOR_EMAIL);
    await counselor.visit(workspace);
    await counselor.follow(
      () => counselor.page.locator(`main a[href="${workspace}/clients/new"]`).first().click(),
      (url) => url.pathname.endsWith('/clients/new'),
    );
    expect(await mainText(counselor.page)).toContain('個人情報の利用目的');
    await fill(counselor.page, { displayName: client, notes: '団体内だけのメモ' });
    await press(counselor, 'button[type="submit"]', (url) => url.search.includes('notice=created'));

    // 2. Record the consent: name, notes and accommodations, to the co-op, in writing.
    await counselor.follow(
      () => counselor.page.locator('main a[href$="/consents/new"]').click(),
      (url) => url.pathname.endsWith('/consents/new'),
    );
    await fill(counselor.page, {
      recipientOrganisationId: String(coop.id),
      items: 'notes',
      method: 'written',
    });
    await counselor.page.locator('main [name="items"][value="accommodations"]').check();
    await press(counselor, 'button[type="submit"]', (url) => url.search.includes('notice=consent'));
    expect(await mainText(counselor.page)).toContain(coop.name);

    // 3. Book the short trial on the co-op's date, going along.
    await counselor.follow(
      () => counselor.page.locator('main a[href$="/book"]').first().click(),
      (url) => url.pathname.endsWith('/book'),
    );
    await counselor.follow(
      () => counselor.page.locator(`main a[href$="?workplace=${workplaceId}"]`).click(),
      (url) => url.search.includes('workplace='),
    );
    await fill(counselor.page, {
      kind: 'short_trial',
      intent: 'try_then_decide',
      slotId: String(slot!.id),
      accompanied: 'yes',
      notes: `午前が得意です${n}`,
      accommodations: `休憩をこまめに${n}`,
    });
    await press(counselor, 'button[type="submit"]', (url) => url.search.includes('notice=booked'));
    const clientPage = counselor.page.url().replace(/\?.*$/, '');

    // 4. The caseload shows it.
    await counselor.visit(`${workspace}/clients`);
    const caseload = await mainText(counselor.page);
    expect(caseload).toContain(client);
    expect(caseload).toContain('短時間就労');
    expect(caseload).toContain('団体からの返事待ち');

    // 5. The co-op sees it arranged by a counselor, with the client's fields.
    const [placement] = await db
      .select({ id: placementRequestsTable.id })
      .from(placementRequestsTable)
      .where(eq(placementRequestsTable.contactName, client))
      .orderBy(desc(placementRequestsTable.id))
      .limit(1);
    const coopWorkspace = await signIn(staff, DEMO_STAFF_EMAIL);
    await staff.visit(`${coopWorkspace}/requests`);
    expect(await mainText(staff.page)).toContain('相談員からの申込み');
    await staff.visit(`${coopWorkspace}/requests/${placement!.id}`);
    let seen = await mainText(staff.page);
    expect(seen).toContain(client);
    expect(seen).toContain(`休憩をこまめに${n}`);
    expect(seen).toContain('相談員が同行します');
    expect(seen).not.toContain('団体内だけのメモ');

    // 6. The client revokes consent; the counselor records it; the co-op loses the fields.
    await counselor.visit(clientPage);
    await press(counselor, 'form[action$="/revoke"] button[type="submit"]', (url) =>
      url.search.includes('notice=revoked'),
    );
    await staff.visit(`${coopWorkspace}/requests/${placement!.id}`);
    seen = await mainText(staff.page);
    expect(seen).toContain('同意が終わりました');
    expect(seen).not.toContain(client);
    expect(seen).not.toContain(`休憩をこまめに${n}`);
  }

  it('works with JavaScript off', async () => {
    const options = { javaScriptEnabled: false };
    await inSession(environment, options, (counselor) =>
      inSession(environment, options, (staff) => journey(counselor, staff, 1)),
    );
  });

  it('works with JavaScript on, the counselor on a 320 px phone', async () => {
    await inSession(environment, { viewport: { width: 320, height: 800 } }, (counselor) =>
      inSession(environment, {}, async (staff) => {
        await journey(counselor, staff, 2);
        await counselor.visit(counselor.page.url());
        expect((await counselor.overflow()).wide).toEqual([]);
      }),
    );
  });
});
