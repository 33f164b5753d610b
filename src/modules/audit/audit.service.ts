import { desc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../auth/context.js';
import type { Db } from '../../db/client.js';
import { auditLogTable, organisationsTable, usersTable } from '../../db/schema/index.js';

/**
 * What an audit entry can be about. A new domain adds its subjects here (and `audit.subject.*` words in
 * the console catalogue), so the audit log can say in words what each entry is about.
 */
export const auditSubjectTypes = [
  'job_posting',
  'organisation',
  'workplace',
  'user',
  'users',
  'invitation',
  'membership',
  'minimum_wage',
  'course',
  'course_enrolment',
  'outreach_request',
] as const;
export type AuditSubjectType = (typeof auditSubjectTypes)[number];

/**
 * Every action the audit log records, `<domain>.<verb>`. A new state change adds its action here and its
 * words (`audit.action.*`) in the console catalogue.
 */
export const auditActions = [
  'account.delete',
  'account.password_change',
  'account.password_reset',
  'account.secretariat_admin_created',
  'console.users_view',
  'governance.update',
  'invitation.accept',
  'invitation.create',
  'invitation.revoke',
  'membership.remove',
  'membership.role',
  'minimum_wage.add',
  'organisation.apply',
  'organisation.approve',
  'organisation.decline',
  'organisation.trust',
  'organisation.update',
  'posting.create',
  'posting.update',
  'posting.publish',
  'posting.submit_for_review',
  'posting.review_publish',
  'posting.review_return',
  'posting.close',
  'posting.fill',
  'posting.duplicate',
  'posting.renew',
  'posting.expire',
  'workplace.create',
  'workplace.update',
  'course.create',
  'course.update',
  'course.publish',
  'course.cancel',
  'course.session_add',
  'course.session_remove',
  'course.roster_view',
  'course.roster_export',
  'course.attendance',
  'course.certificate_view',
  'course.reminders',
  'enrolment.request',
  'enrolment.place',
  'enrolment.promote',
  'enrolment.cancel',
  'enrolment.delete_unconfirmed',
  'outreach.submit',
  'outreach.view',
  'outreach.accept',
  'outreach.decline',
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface AuditEntry {
  action: AuditAction;
  subject: { type: AuditSubjectType; id?: number | null };
  /** The organisation concerned, when it is not the context's own (the console acting on a co-op). */
  organisationId?: number | null;
  /** What changed: field names and counts, never values, passwords, tokens or a person's data. */
  details?: Record<string, unknown>;
}

/**
 * Records a state change, by the context's actor at the context's time; call it with the context of the
 * change's transaction (`inTransaction`) so both commit together.
 */
export async function audit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await ctx.db.insert(auditLogTable).values({
    at: ctx.now,
    actorUserId: ctx.actor?.userId ?? null,
    organisationId: entry.organisationId ?? ctx.organisation?.id ?? null,
    action: entry.action,
    subjectType: entry.subject.type,
    subjectId: entry.subject.id ?? null,
    details: entry.details ?? {},
  });
}

/** @deprecated the older call shape; new code calls `audit(ctx, …)`. */
export interface AuditEvent {
  actorUserId: number | null;
  organisationId?: number | null;
  /** e.g. "posting.publish", "organisation.approve" */
  action: AuditAction;
  subjectType: AuditSubjectType;
  subjectId?: number | null;
  /** What changed; never passwords, tokens or a job seeker's personal data. */
  details?: Record<string, unknown>;
}

/** @deprecated the older call shape of `audit`; kept until every caller has a ServiceContext. */
export async function recordAudit(db: Db, event: AuditEvent, now: Date): Promise<void> {
  await db.insert(auditLogTable).values({
    at: now,
    actorUserId: event.actorUserId,
    organisationId: event.organisationId ?? null,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId ?? null,
    details: event.details ?? {},
  });
}

export async function recentAuditEntries(db: Db, limit = 100, offset = 0) {
  return db
    .select({
      id: auditLogTable.id,
      at: auditLogTable.at,
      action: auditLogTable.action,
      subjectType: auditLogTable.subjectType,
      subjectId: auditLogTable.subjectId,
      details: auditLogTable.details,
      actorName: usersTable.displayName,
      organisationName: organisationsTable.name,
    })
    .from(auditLogTable)
    .leftJoin(usersTable, eq(usersTable.id, auditLogTable.actorUserId))
    .leftJoin(organisationsTable, eq(organisationsTable.id, auditLogTable.organisationId))
    .orderBy(desc(auditLogTable.at), desc(auditLogTable.id))
    .limit(limit)
    .offset(offset);
}
