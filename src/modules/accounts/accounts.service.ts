import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { systemContext } from '../../auth/context.js';
import { createSession, invalidateAllSessions, type SessionToken } from '../../auth/sessions.js';
import { type Db, queryRows } from '../../db/client.js';
import {
  membershipsTable,
  organisationsTable,
  type User,
  type UserTokenKind,
  usersTable,
  userTokensTable,
} from '../../db/schema/index.js';
import type { Locale } from '../../i18n/index.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../lib/passwords.js';
import { randomToken, sha256 } from '../../lib/secrets.js';
import { recordAudit } from '../audit/audit.service.js';
import { forgetEnrolmentsOfAccount } from '../courses/courses.service.js';
import { enqueueMail } from '../mail/outbox.service.js';

const VERIFY_EMAIL_SECONDS = 24 * 60 * 60;
const RESET_PASSWORD_SECONDS = 60 * 60;

export interface AccountLinks {
  publicUrl: string;
}

export async function issueToken(
  db: Db,
  userId: number,
  kind: UserTokenKind,
  now: Date,
  lifetimeSeconds: number,
) {
  const token = randomToken(24);
  await db.insert(userTokensTable).values({
    tokenHash: sha256(token),
    userId,
    kind,
    createdAt: now,
    expiresAt: new Date(now.getTime() + lifetimeSeconds * 1000),
  });
  return token;
}

/**
 * Uses a mailed token once: the row is marked used in the same statement that checks it is unused and
 * unexpired, so two clicks cannot both succeed.
 */
async function consumeToken(db: Db, token: string, kind: UserTokenKind, now: Date): Promise<number | null> {
  const [row] = await db
    .update(userTokensTable)
    .set({ usedAt: now })
    .where(
      and(
        eq(userTokensTable.tokenHash, sha256(token)),
        eq(userTokensTable.kind, kind),
        isNull(userTokensTable.usedAt),
        gt(userTokensTable.expiresAt, now),
      ),
    )
    .returning({ userId: userTokensTable.userId });
  return row?.userId ?? null;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const [user] = await db.select().from(usersTable).where(eq(usersTable.email, email));
  return user ?? null;
}

export interface SignUpInput {
  displayName: string;
  email: string;
  password: string;
  locale: Locale;
}

/**
 * Registers a person and mails a confirmation link. For an address already registered, nothing is
 * created and the owner is mailed instead, so the page never tells anyone which addresses exist.
 */
export async function signUp(db: Db, input: SignUpInput, now: Date, links: AccountLinks): Promise<void> {
  const existing = await findUserByEmail(db, input.email);
  if (existing) {
    await verifyAgainstDummy(input.password);
    await enqueueMail(
      db,
      {
        to: existing.email,
        subjectKey: 'mail.exists.subject',
        bodyKey: 'mail.exists.body',
        params: { signin: `${links.publicUrl}/signin`, forgot: `${links.publicUrl}/password/forgot` },
        locale: existing.locale,
      },
      now,
    );
    return;
  }
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const [user] = await tx
      .insert(usersTable)
      .values({
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        locale: input.locale,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    // A double submit loses the race on the unique e-mail: the first request already sent the mail.
    if (!user) return;
    await sendVerification(tx, user, now, links);
  });
}

async function sendVerification(db: Db, user: User, now: Date, links: AccountLinks) {
  const token = await issueToken(db, user.id, 'verify_email', now, VERIFY_EMAIL_SECONDS);
  await enqueueMail(
    db,
    {
      to: user.email,
      subjectKey: 'mail.verify.subject',
      bodyKey: 'mail.verify.body',
      params: { name: user.displayName, link: `${links.publicUrl}/verify-email?token=${token}` },
      locale: user.locale,
    },
    now,
  );
}

export async function verifyEmail(db: Db, token: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const userId = await consumeToken(tx, token, 'verify_email', now);
    if (userId === null) return false;
    await tx
      .update(usersTable)
      .set({ emailVerifiedAt: now })
      .where(and(eq(usersTable.id, userId), isNull(usersTable.emailVerifiedAt)));
    return true;
  });
}

export type SignInResult =
  | { outcome: 'signed_in'; session: SessionToken; user: User }
  | { outcome: 'unverified' }
  | { outcome: 'failed' };

/** Checks the password (or spends the same time when there is no such account) and starts a new session. */
export async function signIn(
  db: Db,
  email: string,
  password: string,
  now: Date,
  links: AccountLinks,
): Promise<SignInResult> {
  const user = await findUserByEmail(db, email);
  if (!user) {
    await verifyAgainstDummy(password);
    return { outcome: 'failed' };
  }
  if (!(await verifyPassword(user.passwordHash, password))) return { outcome: 'failed' };
  if (!user.emailVerifiedAt) {
    // The password proved who they are, so saying "not confirmed yet" reveals nothing new.
    await db.transaction((tx) => sendVerification(tx, user, now, links));
    return { outcome: 'unverified' };
  }
  return { outcome: 'signed_in', session: await createSession(db, user.id, now), user };
}

/** Mails a reset link if the address is registered; the caller shows the same page either way. */
export async function requestPasswordReset(
  db: Db,
  email: string,
  now: Date,
  links: AccountLinks,
): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user) {
    // The same work as for an account that exists — a token made and hashed, a transaction with its
    // round trips — so the time taken does not tell which addresses are registered (DESIGN.md §4).
    await db.transaction(async (tx) => {
      const token = randomToken(24);
      await tx
        .select({ id: userTokensTable.userId })
        .from(userTokensTable)
        .where(eq(userTokensTable.tokenHash, sha256(token)));
      await queryRows(tx, sql`select count(*) from ${userTokensTable} where false`);
    });
    return;
  }
  await db.transaction(async (tx) => {
    const token = await issueToken(tx, user.id, 'reset_password', now, RESET_PASSWORD_SECONDS);
    await enqueueMail(
      tx,
      {
        to: user.email,
        subjectKey: 'mail.reset.subject',
        bodyKey: 'mail.reset.body',
        params: { link: `${links.publicUrl}/password/reset?token=${token}` },
        locale: user.locale,
      },
      now,
    );
  });
}

/** Sets a new password from a reset link and ends every session of the account. */
export async function resetPassword(db: Db, token: string, password: string, now: Date): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const userId = await consumeToken(tx, token, 'reset_password', now);
    if (userId === null) return false;
    // Opening the mailed link also proves the address.
    const [user] = await tx
      .update(usersTable)
      .set({ passwordHash, emailVerifiedAt: now })
      .where(eq(usersTable.id, userId))
      .returning();
    await invalidateAllSessions(tx, userId);
    // Other reset links for the account stop working too.
    await tx
      .update(userTokensTable)
      .set({ usedAt: now })
      .where(
        and(
          eq(userTokensTable.userId, userId),
          eq(userTokensTable.kind, 'reset_password'),
          isNull(userTokensTable.usedAt),
        ),
      );
    if (user) {
      await recordAudit(
        tx,
        { actorUserId: userId, action: 'account.password_reset', subjectType: 'user', subjectId: userId },
        now,
      );
    }
    return true;
  });
}

/** Changes the password, ends every session, and returns a fresh one for this device. */
export async function changePassword(
  db: Db,
  user: User,
  currentPassword: string,
  newPassword: string,
  now: Date,
  links: AccountLinks,
): Promise<SessionToken | null> {
  if (!(await verifyPassword(user.passwordHash, currentPassword))) return null;
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(usersTable).set({ passwordHash }).where(eq(usersTable.id, user.id));
    await invalidateAllSessions(tx, user.id);
    await enqueueMail(
      tx,
      {
        to: user.email,
        subjectKey: 'mail.passwordChanged.subject',
        bodyKey: 'mail.passwordChanged.body',
        params: { forgot: `${links.publicUrl}/password/forgot` },
        locale: user.locale,
      },
      now,
    );
    await recordAudit(
      tx,
      { actorUserId: user.id, action: 'account.password_change', subjectType: 'user', subjectId: user.id },
      now,
    );
  });
  return createSession(db, user.id, now);
}

export type DeleteAccountResult = 'deleted' | 'wrong_password' | 'last_admin';

/**
 * Deletes the account with its sessions, tokens and memberships, and erases the name and contact of the
 * course enrolments made from it (one for a course still to come is cancelled, its place going to the
 * waitlist). Refused while the person is the only admin of an organisation that has other staff: they
 * would be left with nobody to manage it.
 */
export async function deleteAccount(
  db: Db,
  user: User,
  password: string,
  now: Date,
  links: AccountLinks,
): Promise<DeleteAccountResult> {
  if (!(await verifyPassword(user.passwordHash, password))) return 'wrong_password';
  return db.transaction(async (tx) => {
    const stranded = await queryRows<{ organisation_id: number }>(
      tx,
      sql`select m.organisation_id from ${membershipsTable} m
          where m.user_id = ${user.id} and m.role = 'admin'
            and not exists (select 1 from ${membershipsTable} a
                            where a.organisation_id = m.organisation_id and a.role = 'admin' and a.user_id <> ${user.id})
            and exists (select 1 from ${membershipsTable} o
                        where o.organisation_id = m.organisation_id and o.user_id <> ${user.id})`,
    );
    if (stranded.length > 0) return 'last_admin';
    await recordAudit(
      tx,
      { actorUserId: null, action: 'account.delete', subjectType: 'user', subjectId: user.id },
      now,
    );
    await forgetEnrolmentsOfAccount(
      systemContext({ db: tx, now, publicUrl: links.publicUrl, locale: user.locale }),
      user.id,
    );
    await tx.delete(usersTable).where(eq(usersTable.id, user.id));
    return 'deleted';
  });
}

export async function membershipsOf(db: Db, userId: number) {
  return db
    .select({
      organisationId: organisationsTable.id,
      name: organisationsTable.name,
      kind: organisationsTable.kind,
      approvalState: organisationsTable.approvalState,
      role: membershipsTable.role,
    })
    .from(membershipsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
    .where(eq(membershipsTable.userId, userId))
    .orderBy(organisationsTable.nameKana);
}
