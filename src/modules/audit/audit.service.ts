import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLogTable, organisationsTable, usersTable } from '../../db/schema/index.js';

export interface AuditEvent {
  actorUserId: number | null;
  organisationId?: number | null;
  /** e.g. "posting.publish", "organisation.approve" */
  action: string;
  subjectType: string;
  subjectId?: number | null;
  /** What changed; never passwords, tokens or a job seeker's personal data. */
  details?: Record<string, unknown>;
}

/** Records a staff or secretariat action; call it in the same transaction as the change. */
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
