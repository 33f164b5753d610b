import { and, asc, count, desc, eq } from 'drizzle-orm';
import { absoluteUrl, actorOf, inTransaction, type ServiceContext } from '../../auth/context.js';
import { applyStaffSessionLimits } from '../../auth/sessions.js';
import {
  type ApprovalState,
  jobPostingsTable,
  membershipsTable,
  organisationsTable,
  usersTable,
} from '../../db/schema/index.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { workspacePath } from '../../lib/urls.js';
import { audit } from '../audit/audit.service.js';
import { type OutgoingMail, sendMail } from '../mail/outbox.service.js';
import { staffOf } from '../membership/membership.service.js';
import type { ApplicationInput } from './organisations.forms.js';

/** Applications waiting for the secretariat, per person: more is a mistake or abuse. */
export const MAX_PENDING_APPLICATIONS = 5;
export const APPLICATIONS_PAGE_SIZE = 30;

// ---------------------------------------------------------------------------------------------------
// 参加申請: applying to join

export interface Application {
  organisationId: number;
  /** False when this was a second submit of an application already made: nothing new was created. */
  created: boolean;
}

/**
 * Records an application: a pending organisation with the applicant as its admin, a receipt by mail and
 * an audit entry, all in one transaction. Throws ConflictError past MAX_PENDING_APPLICATIONS.
 *
 * A double submit must not create two organisations. The applicant's own row is locked first, so one
 * person's applications are made one at a time; the second request then finds the first one's pending
 * organisation of the same name and answers with it instead of creating another.
 */
export async function applyForOrganisation(
  ctx: ServiceContext,
  input: ApplicationInput,
): Promise<Application> {
  const { userId } = actorOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const [applicant] = await tx.db
      .select({ email: usersTable.email, displayName: usersTable.displayName, locale: usersTable.locale })
      .from(usersTable)
      .where(eq(usersTable.id, userId))
      .for('update');
    if (!applicant) throw new NotFoundError();
    const pending = (await applicationsOf(tx)).filter(
      (application) => application.approvalState === 'pending',
    );
    const same = pending.find((organisation) => organisation.name === input.name);
    if (same) return { organisationId: same.id, created: false };
    if (pending.length >= MAX_PENDING_APPLICATIONS) throw new ConflictError('membership.apply.tooMany');

    const [organisation] = await tx.db
      .insert(organisationsTable)
      .values({ ...input, approvalState: 'pending', createdAt: tx.now, updatedAt: tx.now })
      .returning();
    if (!organisation) throw new Error('organisation insert returned nothing');
    await tx.db
      .insert(membershipsTable)
      .values({ userId, organisationId: organisation.id, role: 'admin', createdAt: tx.now });
    await applyStaffSessionLimits(tx.db, userId, tx.now);
    await sendMail(tx, {
      to: applicant.email,
      subjectKey: 'membership.mail.applied.subject',
      bodyKey: 'membership.mail.applied.body',
      params: {
        name: applicant.displayName,
        organisation: organisation.name,
        link: absoluteUrl(tx, '/organisations/applications'),
      },
      locale: applicant.locale,
    });
    await audit(tx, {
      action: 'organisation.apply',
      subject: { type: 'organisation', id: organisation.id },
      organisationId: organisation.id,
      details: { kind: organisation.kind, legalForm: organisation.legalForm },
    });
    return { organisationId: organisation.id, created: true };
  });
}

/** The organisations the actor applied for (is admin of), newest first, with the secretariat's answer. */
export async function applicationsOf(ctx: ServiceContext) {
  const { userId } = actorOf(ctx);
  return ctx.db
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
// The secretariat: applications to approve, and trust

/** Organisations in one approval state: applications first come, first served; decided ones newest first. */
export async function listByApprovalState(ctx: ServiceContext, state: ApprovalState, page: number) {
  const where = eq(organisationsTable.approvalState, state);
  const [organisations, [all]] = await Promise.all([
    ctx.db
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
      .orderBy(
        ...(state === 'pending'
          ? [asc(organisationsTable.createdAt), asc(organisationsTable.id)]
          : [desc(organisationsTable.updatedAt), desc(organisationsTable.id)]),
      )
      .limit(APPLICATIONS_PAGE_SIZE)
      .offset((page - 1) * APPLICATIONS_PAGE_SIZE),
    ctx.db.select({ total: count() }).from(organisationsTable).where(where),
  ]);
  return { organisations, total: all?.total ?? 0 };
}

/** One organisation as the secretariat reviews it: its application, its admins' addresses, its postings. */
export async function organisationDetail(ctx: ServiceContext, organisationId: number) {
  const [organisation] = await ctx.db
    .select()
    .from(organisationsTable)
    .where(eq(organisationsTable.id, organisationId));
  if (!organisation) throw new NotFoundError();
  const [staff, postings] = await Promise.all([
    staffOf(ctx.db, organisationId),
    ctx.db
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

/**
 * Approves or declines a pending application and tells the organisation's admins in their language.
 * The update only matches a pending organisation, so two secretariat staff deciding at once cannot both
 * succeed: the second gets ConflictError.
 */
export async function decideApplication(
  ctx: ServiceContext,
  organisationId: number,
  decision: Decision,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const [organisation] = await tx.db
      .update(organisationsTable)
      .set(
        decision.approve
          ? { approvalState: 'approved', trusted: decision.trusted, declineReason: null, updatedAt: tx.now }
          : { approvalState: 'declined', declineReason: decision.reason, updatedAt: tx.now },
      )
      .where(and(eq(organisationsTable.id, organisationId), eq(organisationsTable.approvalState, 'pending')))
      .returning();
    if (!organisation) {
      const [exists] = await tx.db
        .select({ id: organisationsTable.id })
        .from(organisationsTable)
        .where(eq(organisationsTable.id, organisationId));
      if (!exists) throw new NotFoundError();
      throw new ConflictError('console.organisation.alreadyDecided');
    }
    const mail: Omit<OutgoingMail, 'to' | 'locale'> = decision.approve
      ? {
          subjectKey: 'console.mail.approved.subject',
          bodyKey: 'console.mail.approved.body',
          params: { organisation: organisation.name, link: absoluteUrl(tx, workspacePath(organisation)) },
        }
      : {
          subjectKey: 'console.mail.declined.subject',
          bodyKey: 'console.mail.declined.body',
          params: {
            organisation: organisation.name,
            reason: decision.reason,
            link: absoluteUrl(tx, '/organisations/applications'),
          },
        };
    for (const admin of await staffOf(tx.db, organisation.id, { adminsOnly: true })) {
      await sendMail(tx, { ...mail, to: admin.email, locale: admin.locale });
    }
    await audit(tx, {
      action: decision.approve ? 'organisation.approve' : 'organisation.decline',
      subject: { type: 'organisation', id: organisation.id },
      organisationId: organisation.id,
      // The reason is the secretariat's own words to the applicant, shown on the audit page.
      details: decision.approve ? { trusted: decision.trusted } : { reason: decision.reason },
    });
  });
}

/** Trusted organisations publish postings without the secretariat's review; only approved ones can be. */
export async function setTrusted(
  ctx: ServiceContext,
  organisationId: number,
  trusted: boolean,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const [organisation] = await tx.db
      .select()
      .from(organisationsTable)
      .where(eq(organisationsTable.id, organisationId))
      .for('update');
    if (!organisation) throw new NotFoundError();
    if (organisation.approvalState !== 'approved')
      throw new ConflictError('console.organisation.notApproved');
    if (organisation.trusted === trusted) return;
    await tx.db
      .update(organisationsTable)
      .set({ trusted, updatedAt: tx.now })
      .where(eq(organisationsTable.id, organisationId));
    await audit(tx, {
      action: 'organisation.trust',
      subject: { type: 'organisation', id: organisationId },
      organisationId,
      details: { trusted },
    });
  });
}
