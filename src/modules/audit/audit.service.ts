import { count, desc, eq, inArray, notInArray } from 'drizzle-orm';
import type { ServiceContext } from '../../auth/context.js';
import type { Db } from '../../db/client.js';
import {
  auditLogTable,
  jobPostingsTable,
  organisationsTable,
  usersTable,
  workplacesTable,
} from '../../db/schema/index.js';

/**
 * What an audit entry can be about. A new domain adds its subjects here (and `audit.subject.*` words in
 * src/i18n/messages/audit.ts), so the audit log can say in words what each entry is about.
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
  'placement_request',
  'availability_slot',
  'course',
  'course_enrolment',
  'outreach_request',
  'client',
  'client_consent',
  'founding_group',
  'cofounder_card',
  'cofounder_message',
  'consultation_event',
] as const;
export type AuditSubjectType = (typeof auditSubjectTypes)[number];

/**
 * Every action the audit log records, `<domain>.<verb>`. A new state change adds its action here and its
 * words (`audit.action.*`) in src/i18n/messages/audit.ts; audit.format.ts does not compile without them.
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
  'request.create',
  'request.confirm',
  'request.accept',
  'request.propose',
  'request.choose_proposed',
  'request.change_dates',
  'request.decline',
  'request.withdraw',
  'request.expire',
  'request.slot_cancelled',
  'request.complete',
  'request.no_show',
  'request.record_outcome',
  'request.message',
  'request.view',
  'request.correct',
  'request.anonymise',
  'request.remind',
  'request.escalate',
  'request.day_before_reminder',
  'request.link_resent',
  'request.accept_group',
  'request.confirm_agreement',
  'request.school_view',
  'request.agreement_view',
  'request.expire_agreement',
  'request.agreement_reminder',
  'slot.create',
  'slot.update',
  'slot.cancel',
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
  'enrolment.anonymise',
  'enrolment.refuse_duplicate',
  'outreach.submit',
  'outreach.view',
  'outreach.accept',
  'outreach.decline',
  'client.create',
  'client.view',
  'client.caseload_view',
  'client.close',
  'client.reopen',
  'client.delete',
  'client.erase',
  'client_link.create',
  'consent.record',
  'consent.revoke',
  'consent.confirm',
  'request.take_over',
  'founding.request',
  'founding.view',
  'founding.assign',
  'founding.stage',
  'founding.milestone',
  'founding.checklist',
  'founding.member_add',
  'founding.member_remove',
  'founding.invite',
  'founding.invitation_accept',
  'cofounder.card_create',
  'cofounder.card_renew',
  'cofounder.card_withdraw',
  'cofounder.card_expire',
  'cofounder.answer',
  'cofounder.reply',
  'consultation_event.create',
  'consultation_event.update',
  'consultation_event.delete',
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

/** One row of the audit log as the console shows it, with the names of who acted and for which organisation. */
export interface AuditLogEntry {
  id: number;
  at: Date;
  action: string;
  subjectType: string;
  subjectId: number | null;
  details: Record<string, unknown>;
  actorUserId: number | null;
  actorName: string | null;
  organisationName: string | null;
}

/** Newest first; `excluding` leaves out actions a short list has no room for (the dashboard). */
export async function auditLogEntries(
  ctx: Pick<ServiceContext, 'db'>,
  options: { limit: number; offset?: number; excluding?: AuditAction[] },
): Promise<AuditLogEntry[]> {
  return ctx.db
    .select({
      id: auditLogTable.id,
      at: auditLogTable.at,
      action: auditLogTable.action,
      subjectType: auditLogTable.subjectType,
      subjectId: auditLogTable.subjectId,
      details: auditLogTable.details,
      actorUserId: auditLogTable.actorUserId,
      actorName: usersTable.displayName,
      organisationName: organisationsTable.name,
    })
    .from(auditLogTable)
    .leftJoin(usersTable, eq(usersTable.id, auditLogTable.actorUserId))
    .leftJoin(organisationsTable, eq(organisationsTable.id, auditLogTable.organisationId))
    .where(options.excluding?.length ? notInArray(auditLogTable.action, options.excluding) : undefined)
    .orderBy(desc(auditLogTable.at), desc(auditLogTable.id))
    .limit(options.limit)
    .offset(options.offset ?? 0);
}

export async function countAuditEntries(ctx: Pick<ServiceContext, 'db'>): Promise<number> {
  const [row] = await ctx.db.select({ total: count() }).from(auditLogTable);
  return row?.total ?? 0;
}

/**
 * The names of the records a page of entries is about (and of the postings a duplicate was copied from),
 * so the log can name them and link to them while they exist. A record that is gone is simply absent.
 */
export interface AuditSubjectNames {
  postings: Map<number, string>;
  organisations: Map<number, string>;
  workplaces: Map<number, string>;
  users: Map<number, string>;
}

export async function auditSubjectNames(
  ctx: Pick<ServiceContext, 'db'>,
  entries: AuditLogEntry[],
): Promise<AuditSubjectNames> {
  const idsOf = (type: string) => [
    ...new Set(
      entries.flatMap((entry) =>
        entry.subjectType === type && entry.subjectId !== null ? [entry.subjectId] : [],
      ),
    ),
  ];
  const sourceIds = entries.flatMap((entry) =>
    typeof entry.details.sourceId === 'number' && Number.isInteger(entry.details.sourceId)
      ? [entry.details.sourceId]
      : [],
  );
  const postingIds = [...new Set([...idsOf('job_posting'), ...sourceIds])];
  const organisationIds = idsOf('organisation');
  const workplaceIds = idsOf('workplace');
  const userIds = idsOf('user');
  const [postings, organisations, workplaces, users] = await Promise.all([
    postingIds.length
      ? ctx.db
          .select({ id: jobPostingsTable.id, name: jobPostingsTable.title })
          .from(jobPostingsTable)
          .where(inArray(jobPostingsTable.id, postingIds))
      : [],
    organisationIds.length
      ? ctx.db
          .select({ id: organisationsTable.id, name: organisationsTable.name })
          .from(organisationsTable)
          .where(inArray(organisationsTable.id, organisationIds))
      : [],
    workplaceIds.length
      ? ctx.db
          .select({ id: workplacesTable.id, name: workplacesTable.name })
          .from(workplacesTable)
          .where(inArray(workplacesTable.id, workplaceIds))
      : [],
    userIds.length
      ? ctx.db
          .select({ id: usersTable.id, name: usersTable.displayName })
          .from(usersTable)
          .where(inArray(usersTable.id, userIds))
      : [],
  ]);
  const byId = (rows: { id: number; name: string }[]) => new Map(rows.map((row) => [row.id, row.name]));
  return {
    postings: byId(postings),
    organisations: byId(organisations),
    workplaces: byId(workplaces),
    users: byId(users),
  };
}
