import { and, asc, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import {
  type ApprovalState,
  auditLogTable,
  jobPostingsTable,
  mailOutboxTable,
  membershipsTable,
  type Organisation,
  type OrganisationKind,
  organisationsTable,
  type User,
  usersTable,
} from '../../db/schema/index.js';
import { todayInTokyo } from '../../lib/dates.js';
import { NotFoundError } from '../../lib/errors.js';
import { recentAuditEntries, recordAudit } from '../audit/audit.service.js';
import { enqueueMail, type OutgoingMail } from '../mail/outbox.service.js';
import { openPostingWhere } from '../postings/postings.row.js';
import { awaitingReview, reviewRequestedAt } from '../postings/postings.service.js';

export const ORGANISATIONS_PAGE_SIZE = 30;
export const USERS_PAGE_SIZE = 50;
export const AUDIT_PAGE_SIZE = 50;

export interface ConsoleLinks {
  publicUrl: string;
}

async function total(db: Db, table: PgTable, where?: SQL) {
  const [row] = await db.select({ total: count() }).from(table).where(where);
  return row?.total ?? 0;
}

// ---------------------------------------------------------------------------------------------------
// Dashboard

export async function dashboardCounts(db: Db, now: Date) {
  const today = todayInTokyo(now);
  const [
    pendingOrganisations,
    postingsInReview,
    users,
    openPostings,
    mailWaiting,
    mailFailed,
    byKind,
    [oldest],
  ] = await Promise.all([
    total(db, organisationsTable, eq(organisationsTable.approvalState, 'pending')),
    // New postings and edits of published ones alike.
    total(db, jobPostingsTable, awaitingReview),
    total(db, usersTable),
    total(db, jobPostingsTable, openPostingWhere(today)),
    total(
      db,
      mailOutboxTable,
      and(isNull(mailOutboxTable.sentAt), eq(mailOutboxTable.failedPermanently, false)),
    ),
    total(db, mailOutboxTable, eq(mailOutboxTable.failedPermanently, true)),
    db
      .select({ kind: organisationsTable.kind, total: count() })
      .from(organisationsTable)
      .where(eq(organisationsTable.approvalState, 'approved'))
      .groupBy(organisationsTable.kind),
    // How long the queue has kept someone waiting: the posting sent longest ago.
    db
      .select({ at: sql`min(${reviewRequestedAt})`.mapWith(jobPostingsTable.updatedAt) })
      .from(jobPostingsTable)
      .where(awaitingReview),
  ]);
  const approved: Record<OrganisationKind, number> = { coop: 0, school: 0, support: 0, secretariat: 0 };
  for (const row of byKind) approved[row.kind] = row.total;
  const oldestInReviewAt = oldest?.at ?? null;
  const oldestInReviewDays =
    oldestInReviewAt === null ? null : Math.floor((now.getTime() - oldestInReviewAt.getTime()) / 86_400_000);
  return {
    pendingOrganisations,
    postingsInReview,
    users,
    openPostings,
    mailWaiting,
    mailFailed,
    approved,
    oldestInReviewAt,
    oldestInReviewDays,
  };
}

// ---------------------------------------------------------------------------------------------------
// Organisations: applications to approve

export async function listOrganisations(db: Db, state: ApprovalState, page: number) {
  const where = eq(organisationsTable.approvalState, state);
  const [rows, all] = await Promise.all([
    db
      .select({
        id: organisationsTable.id,
        name: organisationsTable.name,
        nameKana: organisationsTable.nameKana,
        kind: organisationsTable.kind,
        legalForm: organisationsTable.legalForm,
        prefectureCode: organisationsTable.prefectureCode,
        trusted: organisationsTable.trusted,
        createdAt: organisationsTable.createdAt,
        updatedAt: organisationsTable.updatedAt,
      })
      .from(organisationsTable)
      .where(where)
      // Applications first come, first served; decided ones newest first.
      .orderBy(
        ...(state === 'pending'
          ? [asc(organisationsTable.createdAt), asc(organisationsTable.id)]
          : [desc(organisationsTable.updatedAt), desc(organisationsTable.id)]),
      )
      .limit(ORGANISATIONS_PAGE_SIZE)
      .offset((page - 1) * ORGANISATIONS_PAGE_SIZE),
    total(db, organisationsTable, where),
  ]);
  return { organisations: rows, total: all };
}

/** People of an organisation to write to, each in their own language. */
async function staffOf(db: Db, organisationId: number, adminsOnly: boolean) {
  return db
    .select({
      userId: usersTable.id,
      displayName: usersTable.displayName,
      email: usersTable.email,
      locale: usersTable.locale,
      role: membershipsTable.role,
    })
    .from(membershipsTable)
    .innerJoin(usersTable, eq(usersTable.id, membershipsTable.userId))
    .where(
      and(
        eq(membershipsTable.organisationId, organisationId),
        adminsOnly ? eq(membershipsTable.role, 'admin') : undefined,
      ),
    )
    .orderBy(asc(membershipsTable.role), asc(usersTable.id));
}

export async function organisationDetail(db: Db, organisationId: number) {
  const [organisation] = await db
    .select()
    .from(organisationsTable)
    .where(eq(organisationsTable.id, organisationId));
  if (!organisation) throw new NotFoundError();
  const [staff, postings] = await Promise.all([
    staffOf(db, organisationId, false),
    db
      .select({ status: jobPostingsTable.status, total: count() })
      .from(jobPostingsTable)
      .where(eq(jobPostingsTable.organisationId, organisationId))
      .groupBy(jobPostingsTable.status),
  ]);
  return {
    organisation,
    // The secretariat contacts the applicant: admins with their addresses; members are only counted.
    admins: staff.filter((person) => person.role === 'admin'),
    memberCount: staff.length,
    postingCounts: Object.fromEntries(postings.map((row) => [row.status, row.total])) as Record<
      string,
      number
    >,
  };
}

export type Decision = { approve: true; trusted: boolean } | { approve: false; reason: string };
export type DecisionResult = 'done' | 'not_found' | 'not_pending';

/**
 * Approves or declines a pending application and tells the organisation's admins in their language.
 * The update only matches a pending organisation, so two secretariat staff deciding at once cannot both
 * succeed.
 */
export async function decideApplication(
  db: Db,
  actor: User,
  organisationId: number,
  decision: Decision,
  now: Date,
  links: ConsoleLinks,
): Promise<DecisionResult> {
  return db.transaction(async (tx) => {
    const [organisation] = await tx
      .update(organisationsTable)
      .set(
        decision.approve
          ? { approvalState: 'approved', trusted: decision.trusted, declineReason: null, updatedAt: now }
          : { approvalState: 'declined', declineReason: decision.reason, updatedAt: now },
      )
      .where(and(eq(organisationsTable.id, organisationId), eq(organisationsTable.approvalState, 'pending')))
      .returning();
    if (!organisation) {
      const [exists] = await tx
        .select({ id: organisationsTable.id })
        .from(organisationsTable)
        .where(eq(organisationsTable.id, organisationId));
      return exists ? 'not_pending' : 'not_found';
    }
    const mail: Omit<OutgoingMail, 'to' | 'locale'> = decision.approve
      ? {
          subjectKey: 'console.mail.approved.subject',
          bodyKey: 'console.mail.approved.body',
          params: {
            organisation: organisation.name,
            link: `${links.publicUrl}${workspacePath(organisation)}`,
          },
        }
      : {
          subjectKey: 'console.mail.declined.subject',
          bodyKey: 'console.mail.declined.body',
          params: {
            organisation: organisation.name,
            reason: decision.reason,
            link: `${links.publicUrl}/organisations/applications`,
          },
        };
    for (const admin of await staffOf(tx, organisation.id, true)) {
      await enqueueMail(tx, { ...mail, to: admin.email, locale: admin.locale }, now);
    }
    await recordAudit(
      tx,
      {
        actorUserId: actor.id,
        organisationId: organisation.id,
        action: decision.approve ? 'organisation.approve' : 'organisation.decline',
        subjectType: 'organisation',
        subjectId: organisation.id,
        details: decision.approve ? { trusted: decision.trusted } : { reason: decision.reason },
      },
      now,
    );
    return 'done';
  });
}

/** Where an organisation's staff work: the console for the secretariat, else the workspace. */
export function workspacePath(organisation: Pick<Organisation, 'id' | 'kind'>): string {
  return organisation.kind === 'secretariat' ? '/console' : `/workspace/${organisation.id}`;
}

export type TrustResult = 'done' | 'not_found' | 'not_approved';

/** Trusted organisations publish postings without the secretariat's review. */
export async function setTrusted(
  db: Db,
  actor: User,
  organisationId: number,
  trusted: boolean,
  now: Date,
): Promise<TrustResult> {
  return db.transaction(async (tx) => {
    const [organisation] = await tx
      .select()
      .from(organisationsTable)
      .where(eq(organisationsTable.id, organisationId))
      .for('update');
    if (!organisation) return 'not_found';
    if (organisation.approvalState !== 'approved') return 'not_approved';
    if (organisation.trusted === trusted) return 'done';
    await tx
      .update(organisationsTable)
      .set({ trusted, updatedAt: now })
      .where(eq(organisationsTable.id, organisationId));
    await recordAudit(
      tx,
      {
        actorUserId: actor.id,
        organisationId,
        action: 'organisation.trust',
        subjectType: 'organisation',
        subjectId: organisationId,
        details: { trusted },
      },
      now,
    );
    return 'done';
  });
}

// ---------------------------------------------------------------------------------------------------
// Users (personal data: the secretariat only, and only what it needs)

/** LIKE pattern for a literal substring. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export async function listUsers(db: Db, page: number, query: string) {
  const where = query
    ? or(ilike(usersTable.email, containing(query)), ilike(usersTable.displayName, containing(query)))
    : undefined;
  const [users, all] = await Promise.all([
    db
      .select({
        id: usersTable.id,
        displayName: usersTable.displayName,
        email: usersTable.email,
        createdAt: usersTable.createdAt,
      })
      .from(usersTable)
      .where(where)
      .orderBy(desc(usersTable.createdAt), desc(usersTable.id))
      .limit(USERS_PAGE_SIZE)
      .offset((page - 1) * USERS_PAGE_SIZE),
    total(db, usersTable, where),
  ]);
  const memberships = users.length
    ? await db
        .select({
          userId: membershipsTable.userId,
          organisationId: organisationsTable.id,
          name: organisationsTable.name,
          kind: organisationsTable.kind,
          role: membershipsTable.role,
        })
        .from(membershipsTable)
        .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
        .where(
          inArray(
            membershipsTable.userId,
            users.map((user) => user.id),
          ),
        )
        .orderBy(asc(organisationsTable.nameKana))
    : [];
  return {
    users: users.map((user) => ({
      ...user,
      memberships: memberships.filter((membership) => membership.userId === user.id),
    })),
    total: all,
  };
}

/** Looking at people's records is itself recorded (DESIGN.md §4); the search words are not kept. */
export async function recordUsersView(
  db: Db,
  actor: User,
  view: { page: number; searched: boolean },
  now: Date,
) {
  await recordAudit(
    db,
    { actorUserId: actor.id, action: 'console.users_view', subjectType: 'users', details: view },
    now,
  );
}

// ---------------------------------------------------------------------------------------------------
// Audit log

export async function auditPage(db: Db, page: number) {
  const [entries, all] = await Promise.all([
    recentAuditEntries(db, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE),
    total(db, auditLogTable),
  ]);
  return { entries, total: all };
}
