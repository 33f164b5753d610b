import { desc, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { Db } from '../../src/db/client.js';
import {
  type MembershipRole,
  mailOutboxTable,
  membershipsTable,
  type User,
  usersTable,
} from '../../src/db/schema/index.js';
import { hashPassword } from '../../src/lib/passwords.js';
import { TEST_ORIGIN, type TestContext } from './app.js';

export const TEST_PASSWORD = 'correct horse battery';

let sequence = 0;
let passwordHash: Promise<string> | undefined;

/** A verified account, ready to sign in with TEST_PASSWORD. */
export async function createUser(
  db: Db,
  overrides: Partial<typeof usersTable.$inferInsert> = {},
): Promise<User> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const n = ++sequence;
  const [user] = await db
    .insert(usersTable)
    .values({
      email: `person${n}-${Date.now()}@example.jp`,
      displayName: `利用者${n}`,
      passwordHash: await passwordHash,
      emailVerifiedAt: new Date(),
      ...overrides,
    })
    .returning();
  return user as User;
}

export async function addMembership(
  db: Db,
  userId: number,
  organisationId: number,
  role: MembershipRole = 'member',
) {
  await db.insert(membershipsTable).values({ userId, organisationId, role });
}

/** A POST as a browser on our own site sends it (the Origin header passes the CSRF check). */
export function postForm(
  agent: TestAgent | ReturnType<typeof request>,
  path: string,
  form: Record<string, string>,
) {
  return (agent as TestAgent).post(path).set('Origin', TEST_ORIGIN).type('form').send(form);
}

/** An agent that keeps cookies, signed in as the user. */
export async function signedInAgent(
  context: TestContext,
  user: Pick<User, 'email'>,
  password = TEST_PASSWORD,
) {
  const agent = request.agent(context.app.server);
  const response = await postForm(agent, '/signin', { email: user.email, password });
  if (response.status !== 303) throw new Error(`sign-in failed with ${response.status}`);
  return agent;
}

/** The newest mail to an address, as queued in the outbox. */
export async function latestMailTo(db: Db, recipient: string) {
  const [mail] = await db
    .select()
    .from(mailOutboxTable)
    .where(eq(mailOutboxTable.recipient, recipient))
    .orderBy(desc(mailOutboxTable.id))
    .limit(1);
  return mail ?? null;
}

export async function mailCount(db: Db): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(mailOutboxTable);
  return row?.count ?? 0;
}

/** The token in the first link of a mail body. */
export function tokenFromMail(body: string): string {
  const match = body.match(/token=([A-Za-z0-9_-]+)/);
  if (!match?.[1]) throw new Error('no token link in mail');
  return match[1];
}
