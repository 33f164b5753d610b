import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { membershipsTable, organisationsTable, usersTable } from '../../db/schema/index.js';
import { hashPassword } from '../../lib/passwords.js';
import { randomToken } from '../../lib/secrets.js';
import { recordAudit } from '../audit/audit.service.js';
import { issueToken } from './accounts.service.js';

/** A set-password link for the first secretariat admin lives a day: long enough to hand it over. */
const SET_PASSWORD_SECONDS = 24 * 60 * 60;

/** The secretariat's own organisation, as the first admin command and the demo data create it. */
export const secretariatOrganisation = {
  kind: 'secretariat',
  legalForm: 'general_association',
  name: 'よいしごとステーション事務局',
  nameKana: 'よいしごとすてーしょんじむきょく',
  description: '',
  prefectureCode: '13',
  approvalState: 'approved',
  trusted: true,
} as const;

export interface SecretariatAdminResult {
  created: boolean;
  /** A single-use link to /password/reset; opening it and choosing a password signs nobody in by itself. */
  link: string;
}

/**
 * Makes (or promotes) an account an admin of the secretariat organisation, creating that organisation
 * when there is none. The account never gets a password from here: its stored hash is of a random
 * secret nobody knows, and the person sets their own through the reset-password link (the same token
 * machinery as "forgot password"), so no password passes through a command line or shell history.
 */
export async function createSecretariatAdmin(
  db: Db,
  email: string,
  now: Date,
  links: { publicUrl: string },
): Promise<SecretariatAdminResult> {
  const address = email.normalize('NFKC').trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address))
    throw new Error('an e-mail address is needed, e.g. --email you@example.jp');
  return db.transaction(async (tx) => {
    let [secretariat] = await tx
      .select({ id: organisationsTable.id })
      .from(organisationsTable)
      .where(eq(organisationsTable.kind, 'secretariat'))
      .orderBy(asc(organisationsTable.id))
      .limit(1);
    if (!secretariat) {
      [secretariat] = await tx
        .insert(organisationsTable)
        .values({ ...secretariatOrganisation, createdAt: now, updatedAt: now })
        .returning({ id: organisationsTable.id });
    }
    if (!secretariat) throw new Error('the secretariat organisation could not be created');
    let [user] = await tx.select().from(usersTable).where(eq(usersTable.email, address));
    const created = !user;
    if (!user) {
      [user] = await tx
        .insert(usersTable)
        .values({
          email: address,
          displayName: '事務局',
          passwordHash: await hashPassword(randomToken(32)),
          createdAt: now,
        })
        .returning();
    }
    if (!user) throw new Error('the account could not be created');
    const [membership] = await tx
      .select()
      .from(membershipsTable)
      .where(and(eq(membershipsTable.userId, user.id), eq(membershipsTable.organisationId, secretariat.id)));
    if (!membership)
      await tx
        .insert(membershipsTable)
        .values({ userId: user.id, organisationId: secretariat.id, role: 'admin' });
    else if (membership.role !== 'admin')
      await tx
        .update(membershipsTable)
        .set({ role: 'admin' })
        .where(
          and(eq(membershipsTable.userId, user.id), eq(membershipsTable.organisationId, secretariat.id)),
        );
    const token = await issueToken(tx, user.id, 'reset_password', now, SET_PASSWORD_SECONDS);
    await recordAudit(
      tx,
      {
        actorUserId: null,
        action: 'account.secretariat_admin_created',
        subjectType: 'user',
        subjectId: user.id,
      },
      now,
    );
    return { created, link: `${links.publicUrl}/password/reset?token=${token}` };
  });
}
