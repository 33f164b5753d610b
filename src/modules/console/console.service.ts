import { and, asc, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { ServiceContext } from '../../auth/context.js';
import type { Db } from '../../db/client.js';
import {
  jobPostingsTable,
  mailOutboxTable,
  membershipsTable,
  type OrganisationKind,
  organisationsTable,
  usersTable,
} from '../../db/schema/index.js';
import { todayInTokyo } from '../../lib/dates.js';
import { audit } from '../audit/audit.service.js';
import { openPostingWhere } from '../postings/postings.row.js';
import { awaitingReview, reviewRequestedAt } from '../postings/postings.service.js';

export const USERS_PAGE_SIZE = 50;

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
export async function recordUsersView(ctx: ServiceContext, view: { page: number; searched: boolean }) {
  await audit(ctx, { action: 'console.users_view', subject: { type: 'users' }, details: view });
}
