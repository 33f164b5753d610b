import { and, asc, count, desc, eq, gt, isNull } from 'drizzle-orm';
import {
  absoluteUrl,
  actorOf,
  inTransaction,
  organisationOf,
  type ServiceContext,
} from '../../auth/context.js';
import { applyStaffSessionLimits } from '../../auth/sessions.js';
import type { Db } from '../../db/client.js';
import {
  type Invitation,
  invitationsTable,
  type MembershipRole,
  membershipsTable,
  type Organisation,
  organisationsTable,
  usersTable,
} from '../../db/schema/index.js';
import { type Locale, type MessageKey, translator } from '../../i18n/index.js';
import { AppError, ConflictError, NotFoundError } from '../../lib/errors.js';
import { randomToken, sha256 } from '../../lib/secrets.js';
import { audit } from '../audit/audit.service.js';
import { sendMail } from '../mail/outbox.service.js';

/** Invitations work for a week (issue 3), once. */
export const INVITATION_DAYS = 7;
/** Open invitations per organisation: invitations send mail to any address, so they are capped. */
export const MAX_OPEN_INVITATIONS = 50;

/** Locks the organisation's row: staff changes of one organisation happen one at a time. */
async function lockOrganisation(tx: Db, organisationId: number): Promise<Organisation> {
  const [organisation] = await tx
    .select()
    .from(organisationsTable)
    .where(eq(organisationsTable.id, organisationId))
    .for('update');
  if (!organisation) throw new NotFoundError();
  return organisation;
}

// ---------------------------------------------------------------------------------------------------
// Staff of an organisation

/**
 * An organisation's staff with what it takes to write to them, each in their own language: the one
 * query behind the staff page, the secretariat's view of an application and every mail to a co-op's
 * staff. Admins first.
 */
export async function staffOf(db: Db, organisationId: number, options: { adminsOnly?: boolean } = {}) {
  return db
    .select({
      userId: usersTable.id,
      displayName: usersTable.displayName,
      email: usersTable.email,
      locale: usersTable.locale,
      role: membershipsTable.role,
      since: membershipsTable.createdAt,
    })
    .from(membershipsTable)
    .innerJoin(usersTable, eq(usersTable.id, membershipsTable.userId))
    .where(
      and(
        eq(membershipsTable.organisationId, organisationId),
        options.adminsOnly ? eq(membershipsTable.role, 'admin') : undefined,
      ),
    )
    .orderBy(asc(membershipsTable.role), asc(usersTable.displayName), asc(usersTable.id));
}

function openInvitation(now: Date) {
  return and(
    isNull(invitationsTable.acceptedAt),
    isNull(invitationsTable.revokedAt),
    gt(invitationsTable.expiresAt, now),
  );
}

/** The context organisation's invitations not yet accepted, revoked or expired. */
export async function listOpenInvitations(ctx: ServiceContext) {
  return ctx.db
    .select({
      id: invitationsTable.id,
      email: invitationsTable.email,
      role: invitationsTable.role,
      expiresAt: invitationsTable.expiresAt,
    })
    .from(invitationsTable)
    .where(and(eq(invitationsTable.organisationId, organisationOf(ctx).id), openInvitation(ctx.now)))
    .orderBy(desc(invitationsTable.createdAt), desc(invitationsTable.id));
}

export interface InvitationInput {
  email: string;
  role: MembershipRole;
  /** The mail's language when the address has no account yet. */
  locale: Locale;
}

/**
 * Invites a colleague to the context organisation by mail with a single-use link valid for a week; only
 * a hash of the token is stored. Inviting an address again replaces its open invitation (the old link
 * stops working), so a double submit leaves one usable invitation. ConflictError when the organisation
 * is not approved, already has the person, or has too many open invitations.
 */
export async function inviteStaff(ctx: ServiceContext, input: InvitationInput): Promise<void> {
  const { userId } = actorOf(ctx);
  const organisationId = organisationOf(ctx).id;
  await inTransaction(ctx, async (tx) => {
    const organisation = await lockOrganisation(tx.db, organisationId);
    // Invitations send mail to any address: only organisations the secretariat approved may send them.
    if (organisation.approvalState !== 'approved') throw new ConflictError('membership.invite.notApproved');
    const [existingUser] = await tx.db
      .select({ id: usersTable.id, locale: usersTable.locale })
      .from(usersTable)
      .where(eq(usersTable.email, input.email));
    if (existingUser && (await memberRole(tx.db, organisationId, existingUser.id)))
      throw new ConflictError('membership.invite.alreadyMember');
    const replaced = await tx.db
      .update(invitationsTable)
      .set({ revokedAt: tx.now })
      .where(
        and(
          eq(invitationsTable.organisationId, organisationId),
          eq(invitationsTable.email, input.email),
          openInvitation(tx.now),
        ),
      )
      .returning({ id: invitationsTable.id });
    const [open] = await tx.db
      .select({ total: count() })
      .from(invitationsTable)
      .where(and(eq(invitationsTable.organisationId, organisationId), openInvitation(tx.now)));
    if ((open?.total ?? 0) >= MAX_OPEN_INVITATIONS) throw new ConflictError('membership.invite.tooMany');

    const token = randomToken(24);
    const [invitation] = await tx.db
      .insert(invitationsTable)
      .values({
        organisationId,
        email: input.email,
        role: input.role,
        tokenHash: sha256(token),
        invitedBy: userId,
        expiresAt: new Date(tx.now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
        createdAt: tx.now,
      })
      .returning({ id: invitationsTable.id });
    const [inviter] = await tx.db
      .select({ displayName: usersTable.displayName })
      .from(usersTable)
      .where(eq(usersTable.id, userId));
    // The recipient's own language if they have an account, else the one the admin chose.
    const locale = existingUser?.locale ?? input.locale;
    const t = translator(locale);
    await sendMail(tx, {
      to: input.email,
      subjectKey: 'membership.mail.invited.subject',
      bodyKey: 'membership.mail.invited.body',
      params: {
        organisation: organisation.name,
        inviter: inviter?.displayName ?? '',
        role: t(input.role === 'admin' ? 'account.role.admin' : 'account.role.member'),
        days: INVITATION_DAYS,
        link: absoluteUrl(tx, `/invitations/accept?token=${token}`),
      },
      locale,
    });
    await audit(tx, {
      action: 'invitation.create',
      subject: { type: 'invitation', id: invitation?.id ?? null },
      details: { role: input.role, ...(replaced.length ? { replaced: replaced.length } : {}) },
    });
  });
}

/** Withdraws an open invitation of the context organisation; NotFoundError if there is none with that id. */
export async function revokeInvitation(ctx: ServiceContext, invitationId: number): Promise<void> {
  const organisationId = organisationOf(ctx).id;
  await inTransaction(ctx, async (tx) => {
    const [revoked] = await tx.db
      .update(invitationsTable)
      .set({ revokedAt: tx.now })
      .where(
        and(
          eq(invitationsTable.id, invitationId),
          eq(invitationsTable.organisationId, organisationId),
          openInvitation(tx.now),
        ),
      )
      .returning({ id: invitationsTable.id, role: invitationsTable.role });
    if (!revoked) throw new NotFoundError();
    await audit(tx, {
      action: 'invitation.revoke',
      subject: { type: 'invitation', id: revoked.id },
      details: { role: revoked.role },
    });
  });
}

async function memberRole(tx: Db, organisationId: number, userId: number): Promise<MembershipRole | null> {
  const [member] = await tx
    .select({ role: membershipsTable.role })
    .from(membershipsTable)
    .where(and(eq(membershipsTable.organisationId, organisationId), eq(membershipsTable.userId, userId)));
  return member?.role ?? null;
}

async function adminCount(tx: Db, organisationId: number): Promise<number> {
  const [row] = await tx
    .select({ total: count() })
    .from(membershipsTable)
    .where(and(eq(membershipsTable.organisationId, organisationId), eq(membershipsTable.role, 'admin')));
  return row?.total ?? 0;
}

/**
 * The opening of every staff change: the organisation's row locked (so two admins changing each other at
 * once cannot both succeed), the person's current role, and the rule that an organisation always keeps
 * one admin to manage it.
 */
async function staffChange(
  tx: ServiceContext,
  userId: number,
  lastAdminError: MessageKey,
  changesAdmin: (role: MembershipRole) => boolean,
) {
  const organisation = await lockOrganisation(tx.db, organisationOf(tx).id);
  const role = await memberRole(tx.db, organisation.id, userId);
  if (!role) throw new NotFoundError();
  if (role === 'admin' && changesAdmin(role) && (await adminCount(tx.db, organisation.id)) <= 1)
    throw new ConflictError(lastAdminError);
  return { organisation, role };
}

/** Removes a person from the context organisation's staff; the last admin cannot be removed. */
export async function removeMember(ctx: ServiceContext, userId: number): Promise<void> {
  const actor = actorOf(ctx);
  await inTransaction(ctx, async (tx) => {
    const { organisation, role } = await staffChange(tx, userId, 'membership.members.lastAdmin', () => true);
    await tx.db
      .delete(membershipsTable)
      .where(and(eq(membershipsTable.organisationId, organisation.id), eq(membershipsTable.userId, userId)));
    if (userId !== actor.userId) {
      const [person] = await tx.db
        .select({ email: usersTable.email, locale: usersTable.locale })
        .from(usersTable)
        .where(eq(usersTable.id, userId));
      if (person) {
        await sendMail(tx, {
          to: person.email,
          subjectKey: 'membership.mail.removed.subject',
          bodyKey: 'membership.mail.removed.body',
          params: { organisation: organisation.name },
          locale: person.locale,
        });
      }
    }
    await audit(tx, {
      action: 'membership.remove',
      subject: { type: 'user', id: userId },
      details: { role },
    });
  });
}

/** Makes a member an admin or an admin a member; the last admin stays an admin. */
export async function changeRole(ctx: ServiceContext, userId: number, role: MembershipRole): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { organisation, role: from } = await staffChange(
      tx,
      userId,
      'membership.members.lastAdminRole',
      (current) => current !== role,
    );
    if (from === role) return;
    await tx.db
      .update(membershipsTable)
      .set({ role })
      .where(and(eq(membershipsTable.organisationId, organisation.id), eq(membershipsTable.userId, userId)));
    await audit(tx, {
      action: 'membership.role',
      subject: { type: 'user', id: userId },
      details: { from, to: role },
    });
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

/** Why an invitation link cannot be used: the accept page says which, in words. */
export type InvitationProblem = 'invalid' | Exclude<InvitationState, 'open'> | 'wrong_email';

const invitationProblemMessages: Record<InvitationProblem, MessageKey> = {
  invalid: 'membership.accept.invalid.body',
  expired: 'membership.accept.expired.body',
  revoked: 'membership.accept.revoked.body',
  accepted: 'membership.accept.used.body',
  wrong_email: 'membership.accept.wrongEmail',
};

export class InvitationError extends AppError {
  constructor(readonly problem: InvitationProblem) {
    // A token that matches nothing is a bad request; a used, revoked or expired one is gone; an invitation
    // for another address is not this person's to accept.
    super(
      problem === 'invalid' ? 400 : problem === 'wrong_email' ? 403 : 410,
      invitationProblemMessages[problem],
    );
  }

  /** The catalogue key of the explanation the accept page shows. */
  get explanation(): MessageKey {
    return invitationProblemMessages[this.problem];
  }
}

export interface InvitationView {
  state: InvitationState;
  email: string;
  role: MembershipRole;
  organisationId: number;
  organisationName: string;
}

/** The invitation behind a mailed token, with its state; null for a token that matches nothing. */
export async function findInvitation(ctx: ServiceContext, token: string): Promise<InvitationView | null> {
  const [row] = await ctx.db
    .select({ invitation: invitationsTable, organisationName: organisationsTable.name })
    .from(invitationsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, invitationsTable.organisationId))
    .where(eq(invitationsTable.tokenHash, sha256(token)));
  if (!row) return null;
  return {
    state: stateOf(row.invitation, ctx.now),
    email: row.invitation.email,
    role: row.invitation.role,
    organisationId: row.invitation.organisationId,
    organisationName: row.organisationName,
  };
}

/**
 * Accepts an invitation for the actor, whose address must be the invited one (compared without regard
 * to case); InvitationError says why not. The invitation row is locked, so it is used once even if the
 * button is pressed twice. Returns the organisation joined.
 */
export async function acceptInvitation(
  ctx: ServiceContext,
  token: string,
): Promise<Pick<Organisation, 'id' | 'kind'>> {
  const { userId } = actorOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const [invitation] = await tx.db
      .select()
      .from(invitationsTable)
      .where(eq(invitationsTable.tokenHash, sha256(token)))
      .for('update');
    if (!invitation) throw new InvitationError('invalid');
    const state = stateOf(invitation, tx.now);
    if (state !== 'open') throw new InvitationError(state);
    const [user] = await tx.db
      .select({ email: usersTable.email })
      .from(usersTable)
      .where(eq(usersTable.id, userId));
    if (invitation.email.toLowerCase() !== user?.email.toLowerCase())
      throw new InvitationError('wrong_email');

    const [organisation] = await tx.db
      .select({ id: organisationsTable.id, kind: organisationsTable.kind })
      .from(organisationsTable)
      .where(eq(organisationsTable.id, invitation.organisationId));
    if (!organisation) throw new InvitationError('invalid');
    const existing = await memberRole(tx.db, organisation.id, userId);
    if (!existing) {
      await tx.db
        .insert(membershipsTable)
        .values({ userId, organisationId: organisation.id, role: invitation.role, createdAt: tx.now });
    } else if (existing === 'member' && invitation.role === 'admin') {
      // Already staff: an invitation as admin raises the role; one as member never lowers it.
      await tx.db
        .update(membershipsTable)
        .set({ role: 'admin' })
        .where(
          and(eq(membershipsTable.organisationId, organisation.id), eq(membershipsTable.userId, userId)),
        );
    }
    await tx.db
      .update(invitationsTable)
      .set({ acceptedAt: tx.now })
      .where(eq(invitationsTable.id, invitation.id));
    await applyStaffSessionLimits(tx.db, userId, tx.now);
    await audit(tx, {
      action: 'invitation.accept',
      subject: { type: 'invitation', id: invitation.id },
      organisationId: organisation.id,
      details: { role: invitation.role },
    });
    return organisation;
  });
}

/** "t***@example.jp": enough to tell which address to sign in with, without spelling it out. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}
