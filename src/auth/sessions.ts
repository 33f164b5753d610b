import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { membershipsTable, type Session, sessionsTable, type User, usersTable } from '../db/schema/index.js';
import { constantTimeEqual, randomToken, sha256 } from '../lib/secrets.js';
import { SESSION_TOUCH_INTERVAL_SECONDS, type SessionPolicyName, sessionPolicies } from './session-policy.js';

/**
 * Sessions after the lucia-auth.com guide (no `lucia` package): the token is `<id>.<secret>`, the id
 * finds the row, and the secret is checked against its stored SHA-256 hash in constant time.
 */

export interface SessionToken {
  token: string;
  session: Session;
}

export async function sessionPolicyFor(db: Db, userId: number): Promise<SessionPolicyName> {
  const [membership] = await db
    .select({ userId: membershipsTable.userId })
    .from(membershipsTable)
    .where(eq(membershipsTable.userId, userId))
    .limit(1);
  return membership ? 'staff' : 'seeker';
}

export async function createSession(db: Db, userId: number, now: Date): Promise<SessionToken> {
  const policy = sessionPolicies[await sessionPolicyFor(db, userId)];
  const id = randomToken(15);
  const secret = randomToken(24);
  const [session] = await db
    .insert(sessionsTable)
    .values({
      id,
      secretHash: sha256(secret),
      userId,
      createdAt: now,
      lastSeenAt: now,
      idleTimeoutSeconds: policy.idleSeconds,
      expiresAt: new Date(now.getTime() + policy.absoluteSeconds * 1000),
    })
    .returning();
  return { token: `${id}.${secret}`, session: session as Session };
}

export interface ValidSession {
  session: Session;
  user: User;
}

/** The session and user for a cookie value, or null; expired or idle sessions are deleted. */
export async function validateSessionToken(db: Db, token: string, now: Date): Promise<ValidSession | null> {
  const [id, secret, extra] = token.split('.');
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  const [row] = await db
    .select({ session: sessionsTable, user: usersTable })
    .from(sessionsTable)
    .innerJoin(usersTable, eq(usersTable.id, sessionsTable.userId))
    .where(eq(sessionsTable.id, id));
  if (!row || !constantTimeEqual(sha256(secret), row.session.secretHash)) return null;
  const { session } = row;
  const idleDeadline = session.lastSeenAt.getTime() + session.idleTimeoutSeconds * 1000;
  if (now.getTime() >= session.expiresAt.getTime() || now.getTime() >= idleDeadline) {
    await db.delete(sessionsTable).where(eq(sessionsTable.id, id));
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_SECONDS * 1000) {
    await db.update(sessionsTable).set({ lastSeenAt: now }).where(eq(sessionsTable.id, id));
    session.lastSeenAt = now;
  }
  return row;
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessionsTable).where(eq(sessionsTable.id, sessionId));
}

/** Ends every session of a person: after a password change or reset, and on deleting the account. */
export async function invalidateAllSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessionsTable).where(eq(sessionsTable.userId, userId));
}

/**
 * Someone who just became staff keeps their sessions (a double-submitted form must not find itself
 * signed out), but every session of theirs now has staff limits (auth/session-policy.ts): the staff idle
 * timeout, and at most the staff lifetime from now. Sessions are renewed at sign-in, so this is no
 * fixation risk.
 */
export async function applyStaffSessionLimits(tx: Db, userId: number, now: Date) {
  const staff = sessionPolicies.staff;
  const latest = new Date(now.getTime() + staff.absoluteSeconds * 1000).toISOString();
  await tx
    .update(sessionsTable)
    .set({
      idleTimeoutSeconds: sql`least(${sessionsTable.idleTimeoutSeconds}, ${staff.idleSeconds})`,
      expiresAt: sql`least(${sessionsTable.expiresAt}, ${latest}::timestamptz)`,
    })
    .where(eq(sessionsTable.userId, userId));
}
