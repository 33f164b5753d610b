import { and, asc, count, desc, eq, ilike, inArray, isNull, min, or, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { ServiceContext } from '../../auth/context.js';
import type { Db } from '../../db/client.js';
import {
  jobPostingsTable,
  mailOutboxTable,
  membershipsTable,
  type OrganisationKind,
  organisationsTable,
  type User,
  usersTable,
  workplacesTable,
} from '../../db/schema/index.js';
import { todayInTokyo } from '../../lib/dates.js';
import { NotFoundError } from '../../lib/errors.js';
import { audit, recordAudit } from '../audit/audit.service.js';
import { enqueueMail, type OutgoingMail } from '../mail/outbox.service.js';
import { staffOf } from '../membership/membership.service.js';
import { makePublic } from '../workspace/postings.service.js';

export const POSTINGS_PAGE_SIZE = 30;
export const USERS_PAGE_SIZE = 50;

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
    total(db, jobPostingsTable, eq(jobPostingsTable.status, 'in_review')),
    total(db, usersTable),
    total(
      db,
      jobPostingsTable,
      and(eq(jobPostingsTable.status, 'published'), sql`${jobPostingsTable.validThrough} >= ${today}`),
    ),
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
    // How long the queue has kept someone waiting: the posting sent longest ago (updatedAt is when).
    db
      .select({ at: min(jobPostingsTable.updatedAt) })
      .from(jobPostingsTable)
      .where(eq(jobPostingsTable.status, 'in_review')),
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
// Postings to moderate

export async function listPostingsInReview(db: Db, page: number) {
  const where = eq(jobPostingsTable.status, 'in_review');
  const [rows, all] = await Promise.all([
    db
      .select({
        id: jobPostingsTable.id,
        title: jobPostingsTable.title,
        field: jobPostingsTable.field,
        validThrough: jobPostingsTable.validThrough,
        submittedAt: jobPostingsTable.updatedAt,
        organisationId: organisationsTable.id,
        organisationName: organisationsTable.name,
        workplaceName: workplacesTable.name,
        prefectureCode: workplacesTable.prefectureCode,
        municipalityCode: workplacesTable.municipalityCode,
      })
      .from(jobPostingsTable)
      .innerJoin(organisationsTable, eq(organisationsTable.id, jobPostingsTable.organisationId))
      .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
      .where(where)
      // The longest-waiting first.
      .orderBy(asc(jobPostingsTable.updatedAt), asc(jobPostingsTable.id))
      .limit(POSTINGS_PAGE_SIZE)
      .offset((page - 1) * POSTINGS_PAGE_SIZE),
    total(db, jobPostingsTable, where),
  ]);
  return { postings: rows, total: all };
}

export async function postingDetail(db: Db, postingId: number) {
  const [row] = await db
    .select({ posting: jobPostingsTable, workplace: workplacesTable, organisation: organisationsTable })
    .from(jobPostingsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, jobPostingsTable.organisationId))
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .where(eq(jobPostingsTable.id, postingId));
  if (!row) throw new NotFoundError();
  return row;
}

export type Moderation = { publish: true } | { publish: false; note: string };
export type ModerationResult = 'done' | 'not_found' | 'not_in_review' | 'expired' | 'rules';

/**
 * Publishes a posting in review, or sends it back to draft with a note for the staff; either way the
 * organisation's staff are told by mail in their language. The posting row is locked, so a second
 * decision on the same posting finds it no longer in review.
 */
export async function moderatePosting(
  db: Db,
  actor: User,
  postingId: number,
  moderation: Moderation,
  now: Date,
  links: ConsoleLinks,
): Promise<ModerationResult> {
  return db.transaction(async (tx) => {
    const [posting] = await tx
      .select()
      .from(jobPostingsTable)
      .where(eq(jobPostingsTable.id, postingId))
      .for('update');
    if (!posting) return 'not_found';
    if (posting.status !== 'in_review') return 'not_in_review';
    const today = todayInTokyo(now);
    // Publishing a posting whose valid-through date has passed would show it as closed at once.
    if (moderation.publish && posting.validThrough < today) return 'expired';
    if (moderation.publish) {
      const [organisation] = await tx
        .select()
        .from(organisationsTable)
        .where(eq(organisationsTable.id, posting.organisationId));
      if (!organisation) return 'not_found';
      // The same publish as the staff's own, so the rules, the expiry notice and the audit cannot drift.
      const problems = await makePublic(
        tx,
        { userId: actor.id, organisation, now, locale: actor.locale, publicUrl: links.publicUrl },
        posting,
        'published',
        'posting.review_publish',
        { moderationNote: null },
      );
      if (problems) return 'rules';
    } else {
      await tx
        .update(jobPostingsTable)
        .set({ status: 'draft', moderationNote: moderation.note, updatedAt: now })
        .where(eq(jobPostingsTable.id, postingId));
      await recordAudit(
        tx,
        {
          actorUserId: actor.id,
          organisationId: posting.organisationId,
          action: 'posting.review_return',
          subjectType: 'job_posting',
          subjectId: posting.id,
          details: { note: moderation.note },
        },
        now,
      );
    }
    const mail: Omit<OutgoingMail, 'to' | 'locale'> = moderation.publish
      ? {
          subjectKey: 'console.mail.published.subject',
          bodyKey: 'console.mail.published.body',
          params: { title: posting.title, link: `${links.publicUrl}/jobs/${posting.id}` },
        }
      : {
          subjectKey: 'console.mail.returned.subject',
          bodyKey: 'console.mail.returned.body',
          params: {
            title: posting.title,
            note: moderation.note,
            link: `${links.publicUrl}/workspace/${posting.organisationId}`,
          },
        };
    for (const person of await staffOf(tx, posting.organisationId)) {
      await enqueueMail(tx, { ...mail, to: person.email, locale: person.locale }, now);
    }
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
export async function recordUsersView(ctx: ServiceContext, view: { page: number; searched: boolean }) {
  await audit(ctx, { action: 'console.users_view', subject: { type: 'users' }, details: view });
}
