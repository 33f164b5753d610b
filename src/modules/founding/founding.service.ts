import { and, asc, count, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { absoluteUrl, actorOf, inTransaction, type ServiceContext } from '../../auth/context.js';
import {
  type CourseEnrolment,
  courseEnrolmentsTable,
  coursesTable,
  type FoundingGroup,
  type FoundingStage,
  foundingChecksTable,
  foundingGroupsTable,
  foundingInvitationsTable,
  foundingMembersTable,
  foundingMilestonesTable,
  foundingStages,
  membershipsTable,
  organisationsTable,
  usersTable,
} from '../../db/schema/index.js';
import { todayInTokyo } from '../../lib/dates.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { randomToken, sha256 } from '../../lib/secrets.js';
import { audit } from '../audit/audit.service.js';
import { sendMail } from '../mail/outbox.service.js';
import type { GroupRequestInput } from './founding.forms.js';
import {
  FOUNDERS_NEEDED_FROM,
  INVITATION_DAYS,
  MIN_FOUNDERS,
  openItems,
  type StageMoveProblem,
  stageChecklists,
  stageIndex,
  stageMoveProblems,
} from './founding.rules.js';

/** A stage move the rules refuse: the page shows each problem in words. */
export class StageMoveError extends ConflictError {
  constructor(readonly problems: StageMoveProblem[]) {
    super(problems[0]?.key ?? 'founding.stage.notAdjacent');
  }
}

const groupPath = (groupId: number) => `/founding/${groupId}`;

// ---------------------------------------------------------------------------------------------------
// Asking for accompaniment

/**
 * The 仕事おこし講座 enrolment a request names: by its private link's token, or one of the account's own.
 * Only an enrolment with a place (or completed) in a job-creation course counts; anything else is ignored
 * rather than refused, since the request is welcome without a course too.
 */
export async function jobCreationEnrolment(
  ctx: ServiceContext,
  ref: { token?: string | null; id?: number | null },
): Promise<(CourseEnrolment & { courseTitle: string }) | null> {
  const where = ref.token
    ? eq(courseEnrolmentsTable.manageTokenHash, sha256(ref.token))
    : ref.id && ctx.actor
      ? and(eq(courseEnrolmentsTable.id, ref.id), eq(courseEnrolmentsTable.userId, ctx.actor.userId))
      : null;
  if (!where) return null;
  const [row] = await ctx.db
    .select({ enrolment: courseEnrolmentsTable, courseTitle: coursesTable.title })
    .from(courseEnrolmentsTable)
    .innerJoin(coursesTable, eq(coursesTable.id, courseEnrolmentsTable.courseId))
    .where(and(where, eq(coursesTable.type, 'job_creation'), eq(courseEnrolmentsTable.state, 'confirmed')));
  return row ? { ...row.enrolment, courseTitle: row.courseTitle } : null;
}

/**
 * Asks for accompaniment: a group at 相談 with the asker as its first founder, waiting for the
 * secretariat to assign a supporter. A double submit returns the first group.
 */
export async function requestAccompaniment(ctx: ServiceContext, input: GroupRequestInput): Promise<number> {
  const actor = actorOf(ctx);
  const enrolment = await jobCreationEnrolment(ctx, {
    token: input.enrolmentToken || null,
    id: /^[0-9]{1,9}$/.test(input.enrolmentId) ? Number(input.enrolmentId) : null,
  });
  return inTransaction(ctx, async (tx) => {
    const [user] = await tx.db.select().from(usersTable).where(eq(usersTable.id, actor.userId));
    if (!user) throw new ForbiddenError();
    const [created] = await tx.db
      .insert(foundingGroupsTable)
      .values({
        name: input.name,
        field: input.field,
        prefectureCode: input.prefectureCode,
        municipality: input.municipality,
        idea: input.idea,
        courseEnrolmentId: enrolment?.id ?? null,
        requestedBy: actor.userId,
        formId: input.formId,
        createdAt: tx.now,
        updatedAt: tx.now,
      })
      .onConflictDoNothing({ target: foundingGroupsTable.formId })
      .returning();
    if (!created) {
      const [first] = await tx.db
        .select()
        .from(foundingGroupsTable)
        .where(eq(foundingGroupsTable.formId, input.formId));
      // Another person's form id cannot be reused to reach their group.
      if (!first || first.requestedBy !== actor.userId) throw new ConflictError('form.expired');
      return first.id;
    }
    await tx.db.insert(foundingMembersTable).values({
      groupId: created.id,
      userId: actor.userId,
      name: user.displayName,
      founder: true,
      addedAt: tx.now,
    });
    await audit(tx, {
      action: 'founding.request',
      subject: { type: 'founding_group', id: created.id },
      details: { fromCourse: enrolment !== null },
    });
    await sendMail(tx, {
      to: user.email,
      locale: user.locale,
      subjectKey: 'founding.mail.requested.subject',
      bodyKey: 'founding.mail.requested.body',
      params: { name: user.displayName, group: created.name, link: absoluteUrl(tx, groupPath(created.id)) },
    });
    return created.id;
  });
}

// ---------------------------------------------------------------------------------------------------
// Reading a group

export type GroupRole = 'member' | 'supporter';

/** Members see their group and its supporter sees it; for anyone else it does not exist (404). */
export async function groupRoleOf(ctx: ServiceContext, group: FoundingGroup): Promise<GroupRole> {
  const actor = actorOf(ctx);
  const [member] = await ctx.db
    .select({ id: foundingMembersTable.id })
    .from(foundingMembersTable)
    .where(and(eq(foundingMembersTable.groupId, group.id), eq(foundingMembersTable.userId, actor.userId)));
  if (member) return 'member';
  if (group.supporterUserId === actor.userId) return 'supporter';
  throw new NotFoundError();
}

/** 404 unless the person is a member or the supporter of the group (checked before anything is counted). */
export async function assertGroupAccess(ctx: ServiceContext, groupId: number): Promise<void> {
  await groupRoleOf(ctx, await groupRow(ctx, groupId));
}

async function groupRow(ctx: ServiceContext, groupId: number): Promise<FoundingGroup> {
  const [group] = await ctx.db.select().from(foundingGroupsTable).where(eq(foundingGroupsTable.id, groupId));
  if (!group) throw new NotFoundError();
  return group;
}

async function lockGroup(tx: ServiceContext, groupId: number): Promise<FoundingGroup> {
  const [group] = await tx.db
    .select()
    .from(foundingGroupsTable)
    .where(eq(foundingGroupsTable.id, groupId))
    .for('update');
  if (!group) throw new NotFoundError();
  return group;
}

async function doneItems(ctx: ServiceContext, groupId: number): Promise<Set<string>> {
  const rows = await ctx.db
    .select({ item: foundingChecksTable.item })
    .from(foundingChecksTable)
    .where(eq(foundingChecksTable.groupId, groupId));
  return new Set(rows.map((row) => row.item));
}

async function founderCount(ctx: ServiceContext, groupId: number): Promise<number> {
  const [row] = await ctx.db
    .select({ total: count() })
    .from(foundingMembersTable)
    .where(and(eq(foundingMembersTable.groupId, groupId), eq(foundingMembersTable.founder, true)));
  return row?.total ?? 0;
}

/** Everything the group's page shows. */
async function groupDetail(ctx: ServiceContext, group: FoundingGroup) {
  const [members, milestones, done, supporter, invitations, course] = await Promise.all([
    ctx.db
      .select({
        id: foundingMembersTable.id,
        name: foundingMembersTable.name,
        founder: foundingMembersTable.founder,
        withAccount: sql<boolean>`${foundingMembersTable.userId} is not null`,
        userId: foundingMembersTable.userId,
      })
      .from(foundingMembersTable)
      .where(eq(foundingMembersTable.groupId, group.id))
      .orderBy(asc(foundingMembersTable.addedAt), asc(foundingMembersTable.id)),
    ctx.db.select().from(foundingMilestonesTable).where(eq(foundingMilestonesTable.groupId, group.id)),
    doneItems(ctx, group.id),
    group.supporterUserId
      ? ctx.db
          .select({ name: usersTable.displayName, organisationName: organisationsTable.name })
          .from(usersTable)
          .leftJoin(organisationsTable, eq(organisationsTable.id, group.supporterOrganisationId ?? -1))
          .where(eq(usersTable.id, group.supporterUserId))
          .then((rows) => rows[0] ?? null)
      : null,
    ctx.db
      .select({ id: foundingInvitationsTable.id, expiresAt: foundingInvitationsTable.expiresAt })
      .from(foundingInvitationsTable)
      .where(
        and(
          eq(foundingInvitationsTable.groupId, group.id),
          isNull(foundingInvitationsTable.acceptedAt),
          gt(foundingInvitationsTable.expiresAt, ctx.now),
        ),
      ),
    group.courseEnrolmentId
      ? ctx.db
          .select({ id: coursesTable.id, title: coursesTable.title })
          .from(courseEnrolmentsTable)
          .innerJoin(coursesTable, eq(coursesTable.id, courseEnrolmentsTable.courseId))
          .where(eq(courseEnrolmentsTable.id, group.courseEnrolmentId))
          .then((rows) => rows[0] ?? null)
      : null,
  ]);
  const byStage = new Map(milestones.map((milestone) => [milestone.stage, milestone]));
  const founders = members.filter((member) => member.founder).length;
  return {
    group,
    members,
    founders,
    supporter,
    course,
    openInvitations: invitations.length,
    stages: foundingStages.map((stage) => ({
      stage,
      date: byStage.get(stage)?.date ?? null,
      notes: byStage.get(stage)?.notes ?? '',
      items: stageChecklists[stage].map((item) => ({ item, done: done.has(item) })),
      open: openItems(stage, done).length,
    })),
  };
}

/**
 * The group's page for a member or its supporter. A supporter is staff looking at people's data, so
 * the view is audited; a member looking at their own group is not.
 */
export async function viewGroup(ctx: ServiceContext, groupId: number) {
  const group = await groupRow(ctx, groupId);
  const role = await groupRoleOf(ctx, group);
  if (role === 'supporter')
    await audit(ctx, {
      action: 'founding.view',
      subject: { type: 'founding_group', id: group.id },
      details: { as: 'supporter' },
    });
  return { ...(await groupDetail(ctx, group)), role };
}

/** The groups the person belongs to or supports. */
export async function groupsOfUser(ctx: ServiceContext) {
  const actor = actorOf(ctx);
  return ctx.db
    .select({
      id: foundingGroupsTable.id,
      name: foundingGroupsTable.name,
      stage: foundingGroupsTable.stage,
      supporting: sql<boolean>`${foundingGroupsTable.supporterUserId} = ${actor.userId}`,
    })
    .from(foundingGroupsTable)
    .where(
      or(
        eq(foundingGroupsTable.supporterUserId, actor.userId),
        inArray(
          foundingGroupsTable.id,
          ctx.db
            .select({ id: foundingMembersTable.groupId })
            .from(foundingMembersTable)
            .where(eq(foundingMembersTable.userId, actor.userId)),
        ),
      ),
    )
    .orderBy(desc(foundingGroupsTable.updatedAt));
}

// ---------------------------------------------------------------------------------------------------
// Working on a group (its members and its supporter)

async function lockForWork(tx: ServiceContext, groupId: number) {
  const group = await lockGroup(tx, groupId);
  const role = await groupRoleOf(tx, group);
  return { group, role };
}

async function touch(tx: ServiceContext, groupId: number) {
  await tx.db
    .update(foundingGroupsTable)
    .set({ updatedAt: tx.now })
    .where(eq(foundingGroupsTable.id, groupId));
}

/** Moves the group one stage on (with its checklist done and, from 創立総会, three founders) or back. */
export async function moveStage(ctx: ServiceContext, groupId: number, to: FoundingStage) {
  return inTransaction(ctx, async (tx) => {
    const { group } = await lockForWork(tx, groupId);
    if (group.stage === to) return;
    const problems = stageMoveProblems(
      group.stage,
      to,
      await founderCount(tx, groupId),
      await doneItems(tx, groupId),
    );
    if (problems.length) throw new StageMoveError(problems);
    await tx.db
      .update(foundingGroupsTable)
      .set({ stage: to, updatedAt: tx.now })
      .where(eq(foundingGroupsTable.id, groupId));
    // Reaching a stage dates it today unless a date was recorded already.
    await tx.db
      .insert(foundingMilestonesTable)
      .values({ groupId, stage: to, date: todayInTokyo(tx.now), updatedAt: tx.now })
      .onConflictDoNothing();
    await audit(tx, {
      action: 'founding.stage',
      subject: { type: 'founding_group', id: groupId },
      details: { from: group.stage, to },
    });
  });
}

export async function saveMilestone(
  ctx: ServiceContext,
  groupId: number,
  input: { stage: FoundingStage; date: string | null; notes: string },
) {
  return inTransaction(ctx, async (tx) => {
    await lockForWork(tx, groupId);
    await tx.db
      .insert(foundingMilestonesTable)
      .values({ groupId, stage: input.stage, date: input.date, notes: input.notes, updatedAt: tx.now })
      .onConflictDoUpdate({
        target: [foundingMilestonesTable.groupId, foundingMilestonesTable.stage],
        set: { date: input.date, notes: input.notes, updatedAt: tx.now },
      });
    await touch(tx, groupId);
    await audit(tx, {
      action: 'founding.milestone',
      subject: { type: 'founding_group', id: groupId },
      details: { stage: input.stage, dated: input.date !== null, notes: input.notes !== '' },
    });
  });
}

/** Records which of a stage's items are done: the ticked ones; the stage's others are open again. */
export async function saveChecklist(
  ctx: ServiceContext,
  groupId: number,
  stage: FoundingStage,
  ticked: string[],
) {
  return inTransaction(ctx, async (tx) => {
    await lockForWork(tx, groupId);
    const items = stageChecklists[stage];
    const done = new Set(ticked.filter((item) => items.includes(item)));
    const before = await doneItems(tx, groupId);
    const open = items.filter((item) => !done.has(item) && before.has(item));
    const added = [...done].filter((item) => !before.has(item));
    if (open.length)
      await tx.db
        .delete(foundingChecksTable)
        .where(and(eq(foundingChecksTable.groupId, groupId), inArray(foundingChecksTable.item, open)));
    if (added.length)
      await tx.db
        .insert(foundingChecksTable)
        .values(added.map((item) => ({ groupId, item, doneAt: tx.now, doneBy: tx.actor?.userId ?? null })))
        .onConflictDoNothing();
    if (!open.length && !added.length) return;
    await touch(tx, groupId);
    await audit(tx, {
      action: 'founding.checklist',
      subject: { type: 'founding_group', id: groupId },
      details: { stage, done: added.length, reopened: open.length },
    });
  });
}

/** A member recorded by name, without an account (someone who came to the consultation desk). */
export async function addMemberByName(
  ctx: ServiceContext,
  groupId: number,
  input: { name: string; founder: boolean },
) {
  return inTransaction(ctx, async (tx) => {
    await lockForWork(tx, groupId);
    const [member] = await tx.db
      .insert(foundingMembersTable)
      .values({ groupId, userId: null, name: input.name, founder: input.founder, addedAt: tx.now })
      .returning({ id: foundingMembersTable.id });
    await touch(tx, groupId);
    await audit(tx, {
      action: 'founding.member_add',
      subject: { type: 'founding_group', id: groupId },
      details: { founder: input.founder, withAccount: false },
    });
    return member?.id;
  });
}

export async function removeMember(ctx: ServiceContext, groupId: number, memberId: number) {
  return inTransaction(ctx, async (tx) => {
    const { group } = await lockForWork(tx, groupId);
    const [removed] = await tx.db
      .delete(foundingMembersTable)
      .where(and(eq(foundingMembersTable.groupId, groupId), eq(foundingMembersTable.id, memberId)))
      .returning();
    if (!removed) throw new NotFoundError();
    // A group at 創立総会 or beyond keeps its three founders: the 労働者協同組合法 counts them.
    const founders = await founderCount(tx, groupId);
    if (
      removed.founder &&
      stageIndex(group.stage) >= stageIndex(FOUNDERS_NEEDED_FROM) &&
      founders < MIN_FOUNDERS
    )
      throw new StageMoveError([
        { key: 'founding.stage.needFounders', params: { min: MIN_FOUNDERS, count: founders } },
      ]);
    await touch(tx, groupId);
    await audit(tx, {
      action: 'founding.member_remove',
      subject: { type: 'founding_group', id: groupId },
      details: { founder: removed.founder, withAccount: removed.userId !== null },
    });
  });
}

/** Invites a person by a mailed link; accepting it (signed in) makes them a founder of the group. */
export async function inviteMember(ctx: ServiceContext, groupId: number, email: string) {
  return inTransaction(ctx, async (tx) => {
    const { group } = await lockForWork(tx, groupId);
    const token = randomToken();
    const [inviter] = await tx.db
      .select({ name: usersTable.displayName })
      .from(usersTable)
      .where(eq(usersTable.id, actorOf(tx).userId));
    await tx.db.insert(foundingInvitationsTable).values({
      groupId,
      email,
      tokenHash: sha256(token),
      invitedBy: actorOf(tx).userId,
      expiresAt: new Date(tx.now.getTime() + INVITATION_DAYS * 86_400_000),
      createdAt: tx.now,
    });
    await audit(tx, { action: 'founding.invite', subject: { type: 'founding_group', id: groupId } });
    await sendMail(tx, {
      to: email,
      locale: tx.locale,
      subjectKey: 'founding.mail.invite.subject',
      bodyKey: 'founding.mail.invite.body',
      params: {
        inviter: inviter?.name ?? '',
        group: group.name,
        days: INVITATION_DAYS,
        link: absoluteUrl(tx, `/founding/invitations/accept?token=${token}`),
      },
    });
  });
}

async function openInvitation(ctx: ServiceContext, token: string) {
  const [row] = await ctx.db
    .select({ invitation: foundingInvitationsTable, group: foundingGroupsTable })
    .from(foundingInvitationsTable)
    .innerJoin(foundingGroupsTable, eq(foundingGroupsTable.id, foundingInvitationsTable.groupId))
    .where(
      and(
        eq(foundingInvitationsTable.tokenHash, sha256(token)),
        isNull(foundingInvitationsTable.acceptedAt),
        gt(foundingInvitationsTable.expiresAt, ctx.now),
      ),
    );
  if (!row) throw new NotFoundError('founding.invite.invalid');
  return row;
}

/** The invitation a link names, for the page that asks to accept it. */
export async function invitationByToken(ctx: ServiceContext, token: string) {
  const { group } = await openInvitation(ctx, token);
  return { groupName: group.name };
}

export async function acceptInvitation(ctx: ServiceContext, token: string): Promise<number> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const { invitation } = await openInvitation(tx, token);
    await lockGroup(tx, invitation.groupId);
    const [user] = await tx.db.select().from(usersTable).where(eq(usersTable.id, actor.userId));
    if (!user) throw new ForbiddenError();
    await tx.db
      .update(foundingInvitationsTable)
      .set({ acceptedAt: tx.now })
      .where(eq(foundingInvitationsTable.id, invitation.id));
    await tx.db
      .insert(foundingMembersTable)
      .values({
        groupId: invitation.groupId,
        userId: user.id,
        name: user.displayName,
        founder: true,
        addedAt: tx.now,
      })
      .onConflictDoNothing();
    await touch(tx, invitation.groupId);
    await audit(tx, {
      action: 'founding.invitation_accept',
      subject: { type: 'founding_group', id: invitation.groupId },
    });
    return invitation.groupId;
  });
}

// ---------------------------------------------------------------------------------------------------
// The secretariat

/** The groups by stage, those waiting for a supporter first. */
export async function listGroups(ctx: ServiceContext, stage: FoundingStage | null) {
  const founders = sql<number>`(select count(*)::int from ${foundingMembersTable} m where m.group_id = ${foundingGroupsTable.id} and m.founder)`;
  const [rows, counts] = await Promise.all([
    ctx.db
      .select({
        id: foundingGroupsTable.id,
        name: foundingGroupsTable.name,
        stage: foundingGroupsTable.stage,
        prefectureCode: foundingGroupsTable.prefectureCode,
        field: foundingGroupsTable.field,
        createdAt: foundingGroupsTable.createdAt,
        updatedAt: foundingGroupsTable.updatedAt,
        supporterName: usersTable.displayName,
        supporterOrganisation: organisationsTable.name,
        founders,
      })
      .from(foundingGroupsTable)
      .leftJoin(usersTable, eq(usersTable.id, foundingGroupsTable.supporterUserId))
      .leftJoin(organisationsTable, eq(organisationsTable.id, foundingGroupsTable.supporterOrganisationId))
      .where(stage ? eq(foundingGroupsTable.stage, stage) : undefined)
      .orderBy(
        sql`${foundingGroupsTable.supporterUserId} is not null`,
        asc(foundingGroupsTable.stage),
        desc(foundingGroupsTable.updatedAt),
      ),
    ctx.db
      .select({ stage: foundingGroupsTable.stage, total: count() })
      .from(foundingGroupsTable)
      .groupBy(foundingGroupsTable.stage),
  ]);
  const byStage = new Map(counts.map((row) => [row.stage, row.total]));
  return {
    groups: rows,
    counts: foundingStages.map((value) => ({ stage: value, total: byStage.get(value) ?? 0 })),
  };
}

/** Staff who can accompany a group: of the secretariat, or of an approved co-op. */
export async function supporterCandidates(ctx: ServiceContext) {
  return ctx.db
    .select({
      userId: usersTable.id,
      name: usersTable.displayName,
      organisationId: organisationsTable.id,
      organisationName: organisationsTable.name,
      kind: organisationsTable.kind,
    })
    .from(membershipsTable)
    .innerJoin(usersTable, eq(usersTable.id, membershipsTable.userId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
    .where(
      and(
        inArray(organisationsTable.kind, ['secretariat', 'coop']),
        eq(organisationsTable.approvalState, 'approved'),
      ),
    )
    .orderBy(
      sql`${organisationsTable.kind} <> 'secretariat'`,
      asc(organisationsTable.name),
      asc(usersTable.displayName),
    );
}

/** The secretariat's view of a group: staff reading people's data, so it is audited. */
export async function viewGroupAsSecretariat(ctx: ServiceContext, groupId: number) {
  const group = await groupRow(ctx, groupId);
  await audit(ctx, {
    action: 'founding.view',
    subject: { type: 'founding_group', id: group.id },
    details: { as: 'secretariat' },
  });
  return groupDetail(ctx, group);
}

export async function assignSupporter(
  ctx: ServiceContext,
  groupId: number,
  supporter: { userId: number; organisationId: number },
) {
  return inTransaction(ctx, async (tx) => {
    const group = await lockGroup(tx, groupId);
    const [candidate] = await tx.db
      .select({ user: usersTable })
      .from(membershipsTable)
      .innerJoin(usersTable, eq(usersTable.id, membershipsTable.userId))
      .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
      .where(
        and(
          eq(membershipsTable.userId, supporter.userId),
          eq(membershipsTable.organisationId, supporter.organisationId),
          inArray(organisationsTable.kind, ['secretariat', 'coop']),
          eq(organisationsTable.approvalState, 'approved'),
        ),
      );
    if (!candidate) throw new ConflictError('founding.assign.choose');
    if (
      group.supporterUserId === supporter.userId &&
      group.supporterOrganisationId === supporter.organisationId
    )
      return;
    await tx.db
      .update(foundingGroupsTable)
      .set({
        supporterUserId: supporter.userId,
        supporterOrganisationId: supporter.organisationId,
        updatedAt: tx.now,
      })
      .where(eq(foundingGroupsTable.id, groupId));
    await audit(tx, {
      action: 'founding.assign',
      subject: { type: 'founding_group', id: groupId },
      organisationId: supporter.organisationId,
      details: { reassigned: group.supporterUserId !== null },
    });
    await sendMail(tx, {
      to: candidate.user.email,
      locale: candidate.user.locale,
      subjectKey: 'founding.mail.assigned.subject',
      bodyKey: 'founding.mail.assigned.body',
      params: {
        name: candidate.user.displayName,
        group: group.name,
        link: absoluteUrl(tx, groupPath(groupId)),
      },
    });
    const members = await tx.db
      .select({ email: usersTable.email, locale: usersTable.locale, name: usersTable.displayName })
      .from(foundingMembersTable)
      .innerJoin(usersTable, eq(usersTable.id, foundingMembersTable.userId))
      .where(eq(foundingMembersTable.groupId, groupId));
    for (const member of members)
      await sendMail(tx, {
        to: member.email,
        locale: member.locale,
        subjectKey: 'founding.mail.supporterForMembers.subject',
        bodyKey: 'founding.mail.supporterForMembers.body',
        params: {
          name: member.name,
          group: group.name,
          supporter: candidate.user.displayName,
          link: absoluteUrl(tx, groupPath(groupId)),
        },
      });
  });
}

/** Unused invitations past their date are deleted (hourly), so no address is kept longer than needed. */
export async function deleteExpiredInvitations(ctx: ServiceContext): Promise<number> {
  const deleted = await ctx.db
    .delete(foundingInvitationsTable)
    .where(and(isNull(foundingInvitationsTable.acceptedAt), lte(foundingInvitationsTable.expiresAt, ctx.now)))
    .returning({ id: foundingInvitationsTable.id });
  return deleted.length;
}
