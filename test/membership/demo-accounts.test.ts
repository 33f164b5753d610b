import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  membershipsTable,
  organisationsTable,
  usersTable,
  workplacesTable,
} from '../../src/db/schema/index.js';
import { postalCodeFitsPrefecture } from '../../src/lib/postal-codes.js';
import { regions } from '../../src/lib/regions.js';
import {
  DEMO_PASSWORD,
  DEMO_SECRETARIAT_EMAIL,
  DEMO_STAFF_EMAIL,
  seedDemoAccounts,
} from '../../src/seed/accounts.js';
import { seedDemoIfEmpty } from '../../src/seed/demo.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { signedInAgent } from '../helpers/auth.js';

let context: TestContext;

beforeAll(async () => {
  context = await createTestApp();
  await seedDemoIfEmpty(context.database.db);
});
afterAll(async () => {
  await context.close();
});

const db = () => context.database.db;

describe('demo accounts (README)', () => {
  it('seeds a secretariat admin who can use the console', async () => {
    const [user] = await db().select().from(usersTable).where(eq(usersTable.email, DEMO_SECRETARIAT_EMAIL));
    expect(user?.emailVerifiedAt).not.toBeNull();
    const [membership] = await db()
      .select({ role: membershipsTable.role, organisation: organisationsTable })
      .from(membershipsTable)
      .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
      .where(eq(membershipsTable.userId, user!.id));
    expect(membership).toMatchObject({
      role: 'admin',
      organisation: expect.objectContaining({ kind: 'secretariat', approvalState: 'approved' }),
    });
    const agent = await signedInAgent(context, { email: DEMO_SECRETARIAT_EMAIL }, DEMO_PASSWORD);
    await agent.get('/console').expect(200);
  });

  it('seeds an admin of the first demo co-op who can manage its staff', async () => {
    const [firstCoop] = await db()
      .select()
      .from(organisationsTable)
      .where(eq(organisationsTable.kind, 'coop'))
      .orderBy(asc(organisationsTable.id))
      .limit(1);
    const [user] = await db().select().from(usersTable).where(eq(usersTable.email, DEMO_STAFF_EMAIL));
    const memberships = await db()
      .select()
      .from(membershipsTable)
      .where(eq(membershipsTable.userId, user!.id));
    expect(memberships).toEqual([expect.objectContaining({ organisationId: firstCoop?.id, role: 'admin' })]);
    const agent = await signedInAgent(context, { email: DEMO_STAFF_EMAIL }, DEMO_PASSWORD);
    await agent.get(`/workspace/${firstCoop?.id}/members`).expect(200);
    await agent.get('/console').expect(403);
  });

  it('is harmless if run again', async () => {
    const users = await db().select().from(usersTable);
    const organisations = await db().select().from(organisationsTable);
    await seedDemoAccounts(db());
    expect(await db().select().from(usersTable)).toHaveLength(users.length);
    expect(await db().select().from(organisationsTable)).toHaveLength(organisations.length);
  });
});

describe('demo data a visitor can believe', () => {
  const regionOf = (prefectureCode: string) =>
    regions.find((region) => Number(prefectureCode) >= region.from && Number(prefectureCode) <= region.to)
      ?.key;

  it('keeps each co-op’s workplaces in its own region, with postal codes of their prefecture and no invented station', async () => {
    const rows = await db()
      .select({ workplace: workplacesTable, organisationPrefecture: organisationsTable.prefectureCode })
      .from(workplacesTable)
      .innerJoin(organisationsTable, eq(organisationsTable.id, workplacesTable.organisationId));
    expect(rows.length).toBeGreaterThan(10);
    for (const { workplace, organisationPrefecture } of rows) {
      expect(regionOf(workplace.prefectureCode), workplace.name).toBe(regionOf(organisationPrefecture));
      expect(
        postalCodeFitsPrefecture(workplace.postalCode, workplace.prefectureCode),
        workplace.postalCode,
      ).toBe(true);
      expect(workplace.nearestStation, workplace.name).toBeNull();
    }
  });
});
