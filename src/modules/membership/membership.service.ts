import { and, asc, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { sessionPolicies } from '../../auth/session-policy.js';
import type { Db } from '../../db/client.js';
import {
  type Invitation,
  invitationsTable,
  type MembershipRole,
  membershipsTable,
  type Organisation,
  organisationsTable,
  sessionsTable,
  type User,
  usersTable,
} from '../../db/schema/index.js';
import { type Locale, translator } from '../../i18n/index.js';
import { randomToken, sha256 } from '../../lib/secrets.js';
import { recordAudit } from '../audit/audit.service.js';
import { enqueueMail } from '../mail/outbox.service.js';
import type { ApplicationInput } from './membership.forms.js';

export interface MembershipLinks {
  publicUrl: string;
}

/** Invitations work for a week (issue 3), once. */
export const INVITATION_DAYS = 7;
/** Applications waiting for the secretariat, per person: more is a mistake or abuse. */
export const MAX_PENDING_APPLICATIONS = 5;
/** Open invitations per organisation: invitations send mail to any address, so they are capped. */
export const MAX_OPEN_INVITATIONS = 50;

/** Locks the organisation's row: staff changes of one organisation happen one at a time. */
async function lockOrganisation(tx: Db, organisationId: number): Promise<Organisation | null> {
  const [organisation] = await tx
    .select()
    .from(organisationsTable)
    .where(eq(organisationsTable.id, organisationId))
    .for('update');
  return organisation ?? null;
}

/**
 * Someone who just became staff keeps their sessions (a double-submitted form must not find itself
 * signed out), but every session of theirs now has staff limits (auth/session-policy.ts): the staff idle
 * timeout, and at most the staff lifetime from now. Sessions are renewed at sign-in, so this is no
 * fixation risk.
 */
async function applyStaffSessionLimits(tx: Db, userId: number, now: Date) {
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

// ---------------------------------------------------------------------------------------------------
// 参加申請: applying to join

export type ApplyResult =
  | { outcome: 'created'; organisationId: number }
  | { outcome: 'duplicate'; organisationId: number }
  | { outcome: 'too_many' };

/**
 * Records an application: a pending organisation with the applicant as its admin, a receipt by mail and
 * an audit entry, all in one transaction.
 *
 * A double submit must not create two organisations. The applicant's own row is locked first, so one
 * person's applications are made one at a time; the second request then finds the first one's pending
 * organisation of the same name and answers with it instead of creating another.
 */
export async function applyForOrganisation(
  db: Db,
  user: User,
  input: ApplicationInput,
  now: Date,
  links: MembershipLinks,
): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    await tx.select({ id: usersTable.id }).from(usersTable).where(eq(usersTable.id, user.id)).for('update');
    const pending = await tx
      .select({ id: organisationsTable.id, name: organisationsTable.name })
      .from(membershipsTable)
      .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
      .where(
        and(
          eq(membershipsTable.userId, user.id),
          eq(membershipsTable.role, 'admin'),
          eq(organisationsTable.approvalState, 'pending'),
        ),
      );
    const same = pending.find((organisation) => organisation.name === input.name);
    if (same) return { outcome: 'duplicate', organisationId: same.id };
    if (pending.length >= MAX_PENDING_APPLICATIONS) return { outcome: 'too_many' };

    const [organisation] = await tx
      .insert(organisationsTable)
      .values({
        kind: input.kind,
        legalForm: input.legalForm,
        name: input.name,
        nameKana: input.nameKana,
        prefectureCode: input.prefectureCode,
        description: input.description,
        website: input.website ?? null,
        contactEmail: input.contactEmail ?? null,
        contactPhone: input.contactPhone ?? null,
        approvalState: 'pending',
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!organisation) throw new Error('organisation insert returned nothing');
    await tx
      .insert(membershipsTable)
      .values({ userId: user.id, organisationId: organisation.id, role: 'admin', createdAt: now });
    await applyStaffSessionLimits(tx, user.id, now);
    await enqueueMail(
      tx,
      {
        to: user.email,
        subjectKey: 'membership.mail.applied.subject',
        bodyKey: 'membership.mail.applied.body',
        params: {
          name: user.displayName,
          organisation: organisation.name,
          link: `${links.publicUrl}/organisations/applications`,
        },
        locale: user.locale,
      },
      now,
    );
    await recordAudit(
      tx,
      {
        actorUserId: user.id,
        organisationId: organisation.id,
        action: 'organisation.apply',
        subjectType: 'organisation',
        subjectId: organisation.id,
        details: { kind: organisation.kind, legalForm: organisation.legalForm },
      },
      now,
    );
    return { outcome: 'created', organisationId: organisation.id };
  });
}

/** The organisations a person applied for (is admin of), newest first, with the secretariat's answer. */
export async function applicationsOf(db: Db, userId: number) {
  return db
    .select({
      id: organisationsTable.id,
      name: organisationsTable.name,
      kind: organisationsTable.kind,
      approvalState: organisationsTable.approvalState,
      declineReason: organisationsTable.declineReason,
      createdAt: organisationsTable.createdAt,
    })
    .from(membershipsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
    .where(and(eq(membershipsTable.userId, userId), eq(membershipsTable.role, 'admin')))
    .orderBy(desc(organisationsTable.createdAt), desc(organisationsTable.id));
}

// ---------------------------------------------------------------------------------------------------
// Staff of an organisation

export async function listMembers(db: Db, organisationId: number) {
  return db
    .select({
      userId: usersTable.id,
      displayName: usersTable.displayName,
      email: usersTable.email,
      role: membershipsTable.role,
      since: membershipsTable.createdAt,
    })
    .from(membershipsTable)
    .innerJoin(usersTable, eq(usersTable.id, membershipsTable.userId))
    .where(eq(membershipsTable.organisationId, organisationId))
    .orderBy(asc(membershipsTable.role), asc(usersTable.displayName), asc(usersTable.id));
}

function openInvitation(now: Date) {
  return and(
    isNull(invitationsTable.acceptedAt),
    isNull(invitationsTable.revokedAt),
    gt(invitationsTable.expiresAt, now),
  );
}

/** Invitations not yet accepted, revoked or expired. */
export async function listOpenInvitations(db: Db, organisationId: number, now: Date) {
  return db
    .select({
      id: invitationsTable.id,
      email: invitationsTable.email,
      role: invitationsTable.role,
      expiresAt: invitationsTable.expiresAt,
    })
    .from(invitationsTable)
    .where(and(eq(invitationsTable.organisationId, organisationId), openInvitation(now)))
    .orderBy(desc(invitationsTable.createdAt), desc(invitationsTable.id));
}

export interface InvitationInput {
  email: string;
  role: MembershipRole;
  /** The mail's language when the address has no account yet. */
  locale: Locale;
}

export type InviteResult = 'invited' | 'already_member' | 'too_many' | 'not_approved';

/**
 * Invites a colleague by mail with a single-use link valid for a week; only a hash of the token is
 * stored. Inviting an address again replaces its open invitation (the old link stops working), so a
 * double submit leaves one usable invitation.
 */
export async function inviteStaff(
  db: Db,
  actor: User,
  organisationId: number,
  input: InvitationInput,
  now: Date,
  links: MembershipLinks,
): Promise<InviteResult> {
  return db.transaction(async (tx) => {
    const organisation = await lockOrganisation(tx, organisationId);
    // Invitations send mail to any address: only organisations the secretariat approved may send them.
    if (organisation?.approvalState !== 'approved') return 'not_approved';
    const [existingUser] = await tx
      .select({ id: usersTable.id, locale: usersTable.locale })
      .from(usersTable)
      .where(eq(usersTable.email, input.email));
    if (existingUser) {
      const [member] = await tx
        .select({ userId: membershipsTable.userId })
        .from(membershipsTable)
        .where(
          and(
            eq(membershipsTable.organisationId, organisationId),
            eq(membershipsTable.userId, existingUser.id),
          ),
        );
      if (member) return 'already_member';
    }
    const replaced = await tx
      .update(invitationsTable)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitationsTable.organisationId, organisationId),
          eq(invitationsTable.email, input.email),
          openInvitation(now),
        ),
      )
      .returning({ id: invitationsTable.id });
    const [open] = await tx
      .select({ total: count() })
      .from(invitationsTable)
      .where(and(eq(invitationsTable.organisationId, organisationId), openInvitation(now)));
    if ((open?.total ?? 0) >= MAX_OPEN_INVITATIONS) return 'too_many';

    const token = randomToken(24);
    const [invitation] = await tx
      .insert(invitationsTable)
      .values({
        organisationId,
        email: input.email,
        role: input.role,
        tokenHash: sha256(token),
        invitedBy: actor.id,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
        createdAt: now,
      })
      .returning({ id: invitationsTable.id });
    // The recipient's own language if they have an account, else the one the admin chose.
    const locale = existingUser?.locale ?? input.locale;
    const t = translator(locale);
    await enqueueMail(
      tx,
      {
        to: input.email,
        subjectKey: 'membership.mail.invited.subject',
        bodyKey: 'membership.mail.invited.body',
        params: {
          organisation: organisation.name,
          inviter: actor.displayName,
          role: t(input.role === 'admin' ? 'account.role.admin' : 'account.role.member'),
          days: INVITATION_DAYS,
          link: `${links.publicUrl}/invitations/accept?token=${token}`,
        },
        locale,
      },
      now,
    );
    await recordAudit(
      tx,
      {
        actorUserId: actor.id,
        organisationId,
        action: 'invitation.create',
        subjectType: 'invitation',
        subjectId: invitation?.id ?? null,
        details: { role: input.role, ...(replaced.length ? { replaced: replaced.length } : {}) },
      },
      now,
    );
    return 'invited';
  });
}

/** Withdraws an open invitation of this organisation; false if there is none with that id. */
export async function revokeInvitation(
  db: Db,
  actor: User,
  organisationId: number,
  invitationId: number,
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(invitationsTable)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitationsTable.id, invitationId),
          eq(invitationsTable.organisationId, organisationId),
          openInvitation(now),
        ),
      )
      .returning({ id: invitationsTable.id, role: invitationsTable.role });
    if (!revoked) return false;
    await recordAudit(
      tx,
      {
        actorUserId: actor.id,
        organisationId,
        action: 'invitation.revoke',
        subjectType: 'invitation',
        subjectId: revoked.id,
        details: { role: revoked.role },
      },
      now,
    );
    return true;
  });
}

export type StaffChangeResult = 'done' | 'not_found' | 'last_admin';

async function adminCount(tx: Db, organisationId: number): Promise<number> {
  const [row] = await tx
    .select({ total: count() })
    .from(membershipsTable)
    .where(and(eq(membershipsTable.organisationId, organisationId), eq(membershipsTable.role, 'admin')));
  return row?.total ?? 0;
}

/**
 * Removes a person from the organisation's staff. The last admin cannot be removed: the organisation
 * would have nobody left to manage it. The organisation row is locked, so two admins removing each other
 * at once cannot both succeed.
 */
export async function removeMember(
  db: Db,
  actor: User,
  organisationId: number,
  userId: number,
  now: Date,
): Promise<StaffChangeResult> {
  return db.transaction(async (tx) => {
    const organisation = await lockOrganisation(tx, organisationId);
    if (!organisation) return 'not_found';
    const [member] = await tx
      .select({ role: membershipsTable.role, email: usersTable.email, locale: usersTable.locale })
      .from(membershipsTable)
      .innerJoin(usersTable, eq(usersTable.id, membershipsTable.userId))
      .where(and(eq(membershipsTable.organisationId, organisationId), eq(membershipsTable.userId, userId)));
    if (!member) return 'not_found';
    if (member.role === 'admin' && (await adminCount(tx, organisationId)) <= 1) return 'last_admin';
    await tx
      .delete(membershipsTable)
      .where(and(eq(membershipsTable.organisationId, organisationId), eq(membershipsTable.userId, userId)));
    if (userId !== actor.id) {
      await enqueueMail(
        tx,
        {
          to: member.email,
          subjectKey: 'membership.mail.removed.subject',
          bodyKey: 'membership.mail.removed.body',
          params: { organisation: organisation.name },
          locale: member.locale,
        },
        now,
      );
    }
    await recordAudit(
      tx,
      {
        actorUserId: actor.id,
        organisationId,
        action: 'membership.remove',
        subjectType: 'user',
        subjectId: userId,
        details: { role: member.role },
      },
      now,
    );
    return 'done';
  });
}

/** Makes a member an admin or an admin a member; the last admin stays an admin. */
export async function changeRole(
  db: Db,
  actor: User,
  organisationId: number,
  userId: number,
  role: MembershipRole,
  now: Date,
): Promise<StaffChangeResult> {
  return db.transaction(async (tx) => {
    const organisation = await lockOrganisation(tx, organisationId);
    if (!organisation) return 'not_found';
    const [member] = await tx
      .select({ role: membershipsTable.role })
      .from(membershipsTable)
      .where(and(eq(membershipsTable.organisationId, organisationId), eq(membershipsTable.userId, userId)));
    if (!member) return 'not_found';
    if (member.role === role) return 'done';
    if (member.role === 'admin' && (await adminCount(tx, organisationId)) <= 1) return 'last_admin';
    await tx
      .update(membershipsTable)
      .set({ role })
      .where(and(eq(membershipsTable.organisationId, organisationId), eq(membershipsTable.userId, userId)));
    await recordAudit(
      tx,
      {
        actorUserId: actor.id,
        organisationId,
        action: 'membership.role',
        subjectType: 'user',
        subjectId: userId,
        details: { from: member.role, to: role },
      },
      now,
    );
    return 'done';
  });
}

// ---------------------------------------------------------------------------------------------------
// Accepting an invitation

export type InvitationState = 'open' | 'accepted' | 'revoked' | 'expired';

function stateOf(invitation: Pick<Invitation, 'acceptedAt' | 'revokedAt' | 'expiresAt'>, now: Date) {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'open';
}

export interface InvitationView {
  state: InvitationState;
  email: string;
  role: MembershipRole;
  organisationId: number;
  organisationName: string;
}

/** The invitation behind a mailed token, with its state; null for a token that matches nothing. */
export async function findInvitation(db: Db, token: string, now: Date): Promise<InvitationView | null> {
  const [row] = await db
    .select({ invitation: invitationsTable, organisationName: organisationsTable.name })
    .from(invitationsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, invitationsTable.organisationId))
    .where(eq(invitationsTable.tokenHash, sha256(token)));
  if (!row) return null;
  return {
    state: stateOf(row.invitation, now),
    email: row.invitation.email,
    role: row.invitation.role,
    organisationId: row.invitation.organisationId,
    organisationName: row.organisationName,
  };
}

export type AcceptResult =
  | { outcome: 'accepted'; organisationId: number; kind: Organisation['kind'] }
  | { outcome: 'invalid' | 'accepted_before' | 'revoked' | 'expired' | 'wrong_email' };

/**
 * Accepts an invitation for the signed-in person, whose address must be the invited one (compared
 * without regard to case). The invitation row is locked, so it is used once even if the button is
 * pressed twice.
 */
export async function acceptInvitation(db: Db, user: User, token: string, now: Date): Promise<AcceptResult> {
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(invitationsTable)
      .where(eq(invitationsTable.tokenHash, sha256(token)))
      .for('update');
    if (!invitation) return { outcome: 'invalid' };
    const state = stateOf(invitation, now);
    if (state === 'accepted') return { outcome: 'accepted_before' };
    if (state !== 'open') return { outcome: state };
    if (invitation.email.toLowerCase() !== user.email.toLowerCase()) return { outcome: 'wrong_email' };

    const [organisation] = await tx
      .select({ id: organisationsTable.id, kind: organisationsTable.kind })
      .from(organisationsTable)
      .where(eq(organisationsTable.id, invitation.organisationId));
    if (!organisation) return { outcome: 'invalid' };
    const [existing] = await tx
      .select({ role: membershipsTable.role })
      .from(membershipsTable)
      .where(and(eq(membershipsTable.organisationId, organisation.id), eq(membershipsTable.userId, user.id)));
    if (!existing) {
      await tx
        .insert(membershipsTable)
        .values({ userId: user.id, organisationId: organisation.id, role: invitation.role, createdAt: now });
    } else if (existing.role === 'member' && invitation.role === 'admin') {
      // Already staff: an invitation as admin raises the role; one as member never lowers it.
      await tx
        .update(membershipsTable)
        .set({ role: 'admin' })
        .where(
          and(eq(membershipsTable.organisationId, organisation.id), eq(membershipsTable.userId, user.id)),
        );
    }
    await tx.update(invitationsTable).set({ acceptedAt: now }).where(eq(invitationsTable.id, invitation.id));
    await applyStaffSessionLimits(tx, user.id, now);
    await recordAudit(
      tx,
      {
        actorUserId: user.id,
        organisationId: organisation.id,
        action: 'invitation.accept',
        subjectType: 'invitation',
        subjectId: invitation.id,
        details: { role: invitation.role },
      },
      now,
    );
    return { outcome: 'accepted', organisationId: organisation.id, kind: organisation.kind };
  });
}

/** "t***@example.jp": enough to tell which address to sign in with, without spelling it out. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}
