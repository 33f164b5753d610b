import { and, asc, count, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  auditLogTable,
  coopGovernanceTable,
  type JobPosting,
  jobPostingsTable,
  membershipsTable,
  type Organisation,
  organisationsTable,
  type PostingStatus,
  type User,
  usersTable,
  type Workplace,
  workplacesTable,
} from '../../db/schema/index.js';
import type { Locale } from '../../i18n/index.js';
import { addDays, todayInTokyo } from '../../lib/dates.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import type { FormErrors } from '../../lib/forms.js';
import { type AuditAction, recordAudit } from '../audit/audit.service.js';
import type { JobDetail } from '../jobs/jobs.service.js';
import { enqueueMail, type OutgoingMail } from '../mail/outbox.service.js';
import { minimumWagesOf } from '../minimum-wages/minimum-wages.service.js';
import { draftGaps, type PostingDraft } from './postings.forms.js';
import { buildPostingRow, type JobPostingInput } from './postings.row.js';
import { checkPublishRules, type PostingRuleInput } from './postings.rules.js';

/** A new posting is offered for this many days unless the staff choose otherwise. */
export const DEFAULT_VALID_DAYS = 60;

/** Postings whose staff are told they close soon, this many days ahead. */
export const EXPIRY_NOTICE_DAYS = 7;

/** An empty pair of working hours is stored as 00:00–00:00 ("not given yet"): no real shift is 24 hours. */
const NO_TIME = '00:00';

/** Who is acting, where, and when: every change is audited with it. */
export interface Actor {
  userId: number;
  organisation: Organisation;
  now: Date;
  locale: Locale;
  /** For the links in the mails a change sends. */
  publicUrl: string;
}

export type SaveResult =
  | { ok: true; postingId: number; status: PostingStatus }
  | { ok: false; errors: FormErrors };

/** Content fields compared to say which changed (audit details name fields, never values). */
const contentFields = [
  'workplaceId',
  'title',
  'occupation',
  'field',
  'duties',
  'changeScope',
  'employmentForm',
  'contractType',
  'contractDetails',
  'wageMin',
  'wageMax',
  'wageUnit',
  'allowances',
  'commutingPay',
  'workStart',
  'workEnd',
  'breakMinutes',
  'shiftNotes',
  'weeklyHours',
  'workDays',
  'overtime',
  'daysOff',
  'insuranceEmployment',
  'insuranceWorkersComp',
  'insuranceHealth',
  'insurancePension',
  'requirements',
  'welcomeTags',
  'openings',
  'membershipTerms',
  'acceptsVisit',
  'acceptsExperience',
  'acceptsShortTrial',
  'validThrough',
] as const;

// ---------------------------------------------------------------------------------------------------
// Reading

export async function findPosting(db: Db, organisationId: number, postingId: number): Promise<JobPosting> {
  const [posting] = await db
    .select()
    .from(jobPostingsTable)
    .where(and(eq(jobPostingsTable.id, postingId), eq(jobPostingsTable.organisationId, organisationId)));
  if (!posting) throw new NotFoundError();
  return posting;
}

export async function listPostings(db: Db, organisationId: number) {
  return db
    .select({
      id: jobPostingsTable.id,
      title: jobPostingsTable.title,
      status: jobPostingsTable.status,
      postedOn: jobPostingsTable.postedOn,
      validThrough: jobPostingsTable.validThrough,
      moderationNote: jobPostingsTable.moderationNote,
      updatedAt: jobPostingsTable.updatedAt,
      workplaceName: workplacesTable.name,
    })
    .from(jobPostingsTable)
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .where(eq(jobPostingsTable.organisationId, organisationId))
    .orderBy(desc(jobPostingsTable.updatedAt), desc(jobPostingsTable.id));
}

/** The posting as the public page will show it, in the shape getJobDetail returns (for the preview). */
export async function previewDetail(
  db: Db,
  organisation: Organisation,
  postingId: number,
  today: string,
): Promise<JobDetail> {
  const posting = await findPosting(db, organisation.id, postingId);
  const [workplace] = await db
    .select()
    .from(workplacesTable)
    .where(eq(workplacesTable.id, posting.workplaceId));
  if (!workplace) throw new NotFoundError();
  const [governance] = await db
    .select()
    .from(coopGovernanceTable)
    .where(eq(coopGovernanceTable.organisationId, organisation.id));
  const closedReason =
    posting.status === 'closed' || posting.status === 'filled'
      ? posting.status
      : posting.status === 'published' && posting.validThrough < today
        ? 'expired'
        : null;
  return {
    posting,
    workplace,
    organisation,
    governance: governance ?? null,
    open: closedReason === null,
    closedReason,
  };
}

// ---------------------------------------------------------------------------------------------------
// Conversions between the form, the rules and the row

/** A stored posting as the form and the rules read it: the "not given yet" placeholders become null. */
export function draftFromPosting(posting: JobPosting): PostingDraft {
  const start = posting.workStart.slice(0, 5);
  const end = posting.workEnd.slice(0, 5);
  const timesGiven = start !== end;
  return {
    title: posting.title,
    occupation: posting.occupation,
    field: posting.field,
    duties: posting.duties,
    changeScope: posting.changeScope,
    employmentForm: posting.employmentForm,
    contractType: posting.contractType,
    contractDetails: posting.contractDetails,
    workplaceId: posting.workplaceId,
    wageMin: posting.wageMin > 0 ? posting.wageMin : null,
    wageMax: posting.wageMax,
    wageUnit: posting.wageUnit,
    allowances: posting.allowances,
    commutingPay: posting.commutingPay,
    workStart: timesGiven ? start : null,
    workEnd: timesGiven ? end : null,
    breakMinutes: posting.breakMinutes,
    shiftNotes: posting.shiftNotes,
    weeklyHours: posting.weeklyHours > 0 ? posting.weeklyHours : null,
    workDays: posting.workDays,
    overtime: posting.overtime,
    daysOff: posting.daysOff,
    insuranceEmployment: posting.insuranceEmployment,
    insuranceWorkersComp: posting.insuranceWorkersComp,
    insuranceHealth: posting.insuranceHealth,
    insurancePension: posting.insurancePension,
    requirements: posting.requirements,
    welcomeTags: posting.welcomeTags as PostingDraft['welcomeTags'],
    openings: posting.openings,
    membershipTerms: posting.membershipTerms,
    acceptsVisit: posting.acceptsVisit,
    acceptsExperience: posting.acceptsExperience,
    acceptsShortTrial: posting.acceptsShortTrial,
    validThrough: posting.validThrough,
  };
}

function ruleInput(
  draft: PostingDraft,
  workplace: Pick<Workplace, 'prefectureCode'> | null,
  postedOn: string,
): PostingRuleInput {
  return { ...draft, workplacePrefectureCode: workplace?.prefectureCode ?? null, postedOn };
}

/** The row's content from a draft that has what the database requires (see draftGaps). */
function rowInput(
  draft: PostingDraft,
  dates: { postedOn: string; validThrough: string },
  status: PostingStatus,
): JobPostingInput {
  const required = <T>(value: T | null): T => {
    if (value === null) throw new Error('draftGaps lets no required choice through empty');
    return value;
  };
  return {
    workplaceId: required(draft.workplaceId),
    status,
    title: draft.title,
    occupation: draft.occupation,
    field: required(draft.field),
    duties: draft.duties,
    changeScope: draft.changeScope,
    employmentForm: required(draft.employmentForm),
    contractType: required(draft.contractType),
    contractDetails: draft.contractDetails,
    wageMin: draft.wageMin ?? 0,
    wageMax: draft.wageMax,
    wageUnit: required(draft.wageUnit),
    allowances: draft.allowances,
    commutingPay: draft.commutingPay,
    workStart: draft.workStart ?? NO_TIME,
    workEnd: draft.workEnd ?? NO_TIME,
    breakMinutes: draft.breakMinutes ?? 0,
    shiftNotes: draft.shiftNotes,
    weeklyHours: draft.weeklyHours ?? 0,
    workDays: draft.workDays,
    overtime: draft.overtime,
    daysOff: draft.daysOff,
    insuranceEmployment: required(draft.insuranceEmployment),
    insuranceWorkersComp: required(draft.insuranceWorkersComp),
    insuranceHealth: required(draft.insuranceHealth),
    insurancePension: required(draft.insurancePension),
    requirements: draft.requirements,
    welcomeTags: draft.welcomeTags,
    openings: draft.openings ?? 1,
    membershipTerms: draft.membershipTerms,
    acceptsVisit: draft.acceptsVisit,
    acceptsExperience: draft.acceptsExperience,
    acceptsShortTrial: draft.acceptsShortTrial,
    postedOn: dates.postedOn,
    validThrough: dates.validThrough,
  };
}

/** Compared as rows, so an empty field and its stored placeholder ("" and 0, blank openings and 1) agree. */
function changedFields(before: JobPostingInput, after: JobPostingInput): string[] {
  return contentFields.filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
}

/** The stored posting as a row input, for comparing with what a form would write. */
function storedInput(posting: JobPosting): JobPostingInput {
  return rowInput(draftFromPosting(posting), posting, posting.status);
}

// ---------------------------------------------------------------------------------------------------
// Rules that need the database

async function workplaceOf(db: Db, organisationId: number, workplaceId: number | null) {
  if (workplaceId === null) return null;
  const [workplace] = await db
    .select()
    .from(workplacesTable)
    .where(and(eq(workplacesTable.id, workplaceId), eq(workplacesTable.organisationId, organisationId)));
  return workplace ?? null;
}

/** Every reason the draft cannot be published on `postedOn` (empty when it can). */
export async function publishProblems(
  db: Db,
  actor: Actor,
  draft: PostingDraft,
  postedOn: string,
): Promise<FormErrors> {
  const workplace = await workplaceOf(db, actor.organisation.id, draft.workplaceId);
  const minimumWages = workplace ? await minimumWagesOf(db, workplace.prefectureCode) : [];
  return checkPublishRules(ruleInput(draft, workplace, postedOn), {
    today: todayInTokyo(actor.now),
    minimumWages,
    locale: actor.locale,
  });
}

/** Only approved co-ops publish; trusted ones directly, the others through the secretariat's review. */
function publishedStatus(organisation: Organisation): 'published' | 'in_review' {
  if (organisation.approvalState !== 'approved') throw new ForbiddenError('workspace.notApproved.body');
  return organisation.trusted ? 'published' : 'in_review';
}

function publishAction(status: 'published' | 'in_review') {
  return status === 'published' ? 'posting.publish' : 'posting.submit_for_review';
}

/** Checks a draft for saving (and for publishing, when asked): the workplace must be this organisation's. */
export async function postingProblems(
  db: Db,
  actor: Actor,
  draft: PostingDraft,
  publish: { postedOn: string } | null,
): Promise<FormErrors> {
  const errors = draftGaps(draft);
  if (draft.workplaceId !== null && !(await workplaceOf(db, actor.organisation.id, draft.workplaceId)))
    errors.workplaceId = { key: 'posting.form.chooseWorkplace' };
  if (!publish) return errors;
  // The publishing rule's message is the more useful one where both speak of the same field.
  return { ...errors, ...(await publishProblems(db, actor, draft, publish.postedOn)) };
}

// ---------------------------------------------------------------------------------------------------
// Double submission

/**
 * Makes "create from this form" happen once per form id, also when the same form arrives twice at the
 * same moment (a double click, a resent POST after a timeout).
 *
 * The schema has no idempotency-key column, and the lead asked for no schema change, so:
 * 1. `pg_advisory_xact_lock` on a hash of (organisation, action, form id) serialises the transactions
 *    that carry the same form id, on PostgreSQL and PGlite alike; the lock is released at commit.
 * 2. The creating transaction records the form id in its audit entry. The second transaction, once it
 *    holds the lock, sees that entry (READ COMMITTED: each statement sees what committed before it)
 *    and returns the posting the first one created instead of creating another.
 * An in-memory set would not survive a restart or a second process; the audit entry does.
 */
async function alreadyCreatedFrom(
  tx: Db,
  organisationId: number,
  action: string,
  formId: string,
): Promise<number | null> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`${organisationId}:${action}:${formId}`}, 0))`,
  );
  const [entry] = await tx
    .select({ subjectId: auditLogTable.subjectId })
    .from(auditLogTable)
    .where(
      and(
        eq(auditLogTable.organisationId, organisationId),
        eq(auditLogTable.action, action),
        sql`${auditLogTable.details} ->> 'formId' = ${formId}`,
      ),
    )
    .limit(1);
  return entry?.subjectId ?? null;
}

// ---------------------------------------------------------------------------------------------------
// Changes

async function insertPosting(tx: Db, actor: Actor, input: JobPostingInput): Promise<JobPosting> {
  const [workplace] = await tx
    .select()
    .from(workplacesTable)
    .where(eq(workplacesTable.id, input.workplaceId));
  if (!workplace) throw new NotFoundError();
  const [posting] = await tx
    .insert(jobPostingsTable)
    .values({
      ...buildPostingRow(input, { workplace, organisation: actor.organisation }),
      createdAt: actor.now,
      updatedAt: actor.now,
    })
    .returning();
  return posting as JobPosting;
}

async function updatePostingRow(
  tx: Db,
  actor: Actor,
  postingId: number,
  input: JobPostingInput,
  extra: Partial<JobPosting> = {},
): Promise<void> {
  const [workplace] = await tx
    .select()
    .from(workplacesTable)
    .where(eq(workplacesTable.id, input.workplaceId));
  if (!workplace) throw new NotFoundError();
  // buildPostingRow for updates too: the search document follows every change of content.
  const row = buildPostingRow(input, { workplace, organisation: actor.organisation });
  await tx
    .update(jobPostingsTable)
    .set({ ...row, ...extra, updatedAt: actor.now })
    .where(eq(jobPostingsTable.id, postingId));
}

/** Locks the posting's row for the rest of the transaction: two clicks on "publish" publish once. */
async function lockPosting(tx: Db, organisationId: number, postingId: number): Promise<JobPosting> {
  const [posting] = await tx
    .select()
    .from(jobPostingsTable)
    .where(and(eq(jobPostingsTable.id, postingId), eq(jobPostingsTable.organisationId, organisationId)))
    .for('update');
  if (!posting) throw new NotFoundError();
  return posting;
}

function audit(
  tx: Db,
  actor: Actor,
  action: AuditAction,
  postingId: number,
  details: Record<string, unknown> = {},
) {
  return recordAudit(
    tx,
    {
      actorUserId: actor.userId,
      organisationId: actor.organisation.id,
      action,
      subjectType: 'job_posting',
      subjectId: postingId,
      details,
    },
    actor.now,
  );
}

/** Secretariat staff to write to, each in their own language. */
async function secretariatStaff(tx: Db) {
  return (
    tx
      .select({ email: usersTable.email, locale: usersTable.locale })
      .from(membershipsTable)
      .innerJoin(usersTable, eq(usersTable.id, membershipsTable.userId))
      .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
      // The same people the console's guard lets in (auth/access.ts isSecretariatStaff).
      .where(
        and(eq(organisationsTable.kind, 'secretariat'), eq(organisationsTable.approvalState, 'approved')),
      )
      .orderBy(usersTable.id)
  );
}

/**
 * A posting now waits for the secretariat's review: tell them, in the transaction of the change, so the
 * mail goes out exactly when the posting really is in the queue.
 */
async function tellSecretariat(tx: Db, actor: Actor, postingId: number, title: string) {
  for (const person of await secretariatStaff(tx)) {
    await enqueueMail(
      tx,
      {
        to: person.email,
        locale: person.locale,
        subjectKey: 'workspace.mail.review.subject',
        bodyKey: 'workspace.mail.review.body',
        params: {
          title,
          organisation: actor.organisation.name,
          link: `${actor.publicUrl}/console/postings/${postingId}`,
        },
      },
      actor.now,
    );
  }
}

/** Creates a posting from the form: a draft, or published (submitted for review) at once. */
export async function createPosting(
  db: Db,
  actor: Actor,
  draft: PostingDraft,
  options: { formId: string; publish: boolean },
): Promise<SaveResult> {
  const today = todayInTokyo(actor.now);
  const status = options.publish ? publishedStatus(actor.organisation) : 'draft';
  const errors = await postingProblems(db, actor, draft, options.publish ? { postedOn: today } : null);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return db.transaction(async (tx) => {
    const existing = await alreadyCreatedFrom(tx, actor.organisation.id, 'posting.create', options.formId);
    if (existing !== null) {
      const [posting] = await tx
        .select({ status: jobPostingsTable.status })
        .from(jobPostingsTable)
        .where(eq(jobPostingsTable.id, existing));
      return { ok: true, postingId: existing, status: posting?.status ?? 'draft' };
    }
    const validThrough = draft.validThrough ?? addDays(today, DEFAULT_VALID_DAYS);
    const posting = await insertPosting(
      tx,
      actor,
      rowInput(draft, { postedOn: today, validThrough }, status),
    );
    await audit(tx, actor, 'posting.create', posting.id, { formId: options.formId });
    if (status !== 'draft') await audit(tx, actor, publishAction(status), posting.id);
    if (status === 'in_review') await tellSecretariat(tx, actor, posting.id, posting.title);
    return { ok: true, postingId: posting.id, status };
  });
}

/**
 * Saves the form over a posting. A draft stays a draft unless publishing was asked; a posting in review
 * goes back to draft when saved as one. A published posting stays public, so every save of it passes the
 * publishing rules, and an untrusted organisation's change goes back to the secretariat's review.
 * Closed and filled postings are renewed instead.
 */
export async function updatePosting(
  db: Db,
  actor: Actor,
  postingId: number,
  draft: PostingDraft,
  options: { publish: boolean },
): Promise<SaveResult> {
  return db.transaction(async (tx) => {
    const posting = await lockPosting(tx, actor.organisation.id, postingId);
    if (posting.status === 'closed' || posting.status === 'filled')
      throw new ConflictError('workspace.posting.notEditable');
    const today = todayInTokyo(actor.now);
    const publish = options.publish || posting.status === 'published';
    const postedOn = posting.status === 'published' ? posting.postedOn : today;
    const errors = await postingProblems(tx, actor, draft, publish ? { postedOn } : null);
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const status = publish ? publishedStatus(actor.organisation) : 'draft';
    const validThrough = draft.validThrough ?? posting.validThrough;
    const input = rowInput(draft, { postedOn, validThrough }, status);
    const fields = changedFields(storedInput(posting), input);
    // Saved again as it was: nothing to write or to record.
    if (fields.length === 0 && status === posting.status) return { ok: true, postingId: posting.id, status };
    await updatePostingRow(tx, actor, posting.id, input, {
      // A new closing date deserves its own notice a week before.
      ...(validThrough !== posting.validThrough ? { expiryNoticeSentAt: null } : {}),
    });
    await audit(tx, actor, 'posting.update', posting.id, {
      fields,
      ...(status !== posting.status ? { from: posting.status, to: status } : {}),
    });
    if (status !== 'draft' && (posting.status !== 'published' || status !== 'published'))
      await audit(tx, actor, publishAction(status), posting.id);
    if (status === 'in_review' && posting.status !== 'in_review')
      await tellSecretariat(tx, actor, posting.id, input.title);
    return { ok: true, postingId: posting.id, status };
  });
}

/** Publishes a saved draft as it stands (or submits it for review). */
export async function publishPosting(db: Db, actor: Actor, postingId: number): Promise<SaveResult> {
  return db.transaction(async (tx) => {
    const posting = await lockPosting(tx, actor.organisation.id, postingId);
    // Pressed twice, or already on its way: nothing more to do.
    if (posting.status === 'published' || posting.status === 'in_review')
      return { ok: true, postingId, status: posting.status };
    if (posting.status !== 'draft') throw new ConflictError('workspace.posting.notDraft');
    const status = publishedStatus(actor.organisation);
    const errors = await makePublic(tx, actor, posting, status, publishAction(status));
    if (errors) return { ok: false, errors };
    return { ok: true, postingId, status };
  });
}

/**
 * The one way a saved posting goes up, used by the staff's own publish and by the secretariat's review:
 * the publishing rules must pass on the day it is posted (the minimum wage may have changed since it was
 * written), the week-before expiry notice starts over, and the audit entry names it as a job_posting.
 * `posting` must be locked by the caller. Returns the rules' problems, or null once it is done.
 */
export async function makePublic(
  tx: Db,
  actor: Actor,
  posting: JobPosting,
  status: 'published' | 'in_review',
  action: 'posting.publish' | 'posting.submit_for_review' | 'posting.review_publish',
  extra: Partial<JobPosting> = {},
): Promise<FormErrors | null> {
  const today = todayInTokyo(actor.now);
  const draft = draftFromPosting(posting);
  const errors = await postingProblems(tx, actor, draft, { postedOn: today });
  if (Object.keys(errors).length > 0) return errors;
  await updatePostingRow(
    tx,
    actor,
    posting.id,
    // Posted on the day it became public (求人票の受付日).
    rowInput(draft, { postedOn: today, validThrough: posting.validThrough }, status),
    { expiryNoticeSentAt: null, ...extra },
  );
  await audit(tx, actor, action, posting.id);
  if (status === 'in_review') await tellSecretariat(tx, actor, posting.id, posting.title);
  return null;
}

/** Stops recruiting (closed) or records that the job was filled. */
export async function endPosting(
  db: Db,
  actor: Actor,
  postingId: number,
  outcome: 'closed' | 'filled',
): Promise<void> {
  await db.transaction(async (tx) => {
    const posting = await lockPosting(tx, actor.organisation.id, postingId);
    if (posting.status === outcome) return;
    const allowed: PostingStatus[] = outcome === 'closed' ? ['published'] : ['published', 'closed'];
    if (!allowed.includes(posting.status)) throw new ConflictError('workspace.posting.notPublished');
    await tx
      .update(jobPostingsTable)
      .set({ status: outcome, updatedAt: actor.now })
      .where(eq(jobPostingsTable.id, posting.id));
    await audit(tx, actor, outcome === 'closed' ? 'posting.close' : 'posting.fill', posting.id, {
      from: posting.status,
    });
  });
}

/** A new draft with the same content, for the next opening or a similar job. */
export async function duplicatePosting(
  db: Db,
  actor: Actor,
  postingId: number,
  options: { formId: string | null; titleSuffix: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const source = await findPosting(tx, actor.organisation.id, postingId);
    if (options.formId) {
      const existing = await alreadyCreatedFrom(
        tx,
        actor.organisation.id,
        'posting.duplicate',
        options.formId,
      );
      if (existing !== null) return existing;
    }
    const today = todayInTokyo(actor.now);
    const draft = draftFromPosting(source);
    const title = `${source.title}${options.titleSuffix}`.slice(0, 100);
    const posting = await insertPosting(
      tx,
      actor,
      rowInput(
        { ...draft, title },
        { postedOn: today, validThrough: addDays(today, DEFAULT_VALID_DAYS) },
        'draft',
      ),
    );
    await audit(tx, actor, 'posting.duplicate', posting.id, {
      sourceId: source.id,
      ...(options.formId ? { formId: options.formId } : {}),
    });
    return posting.id;
  });
}

/**
 * Opens a closed, filled or expiring posting again from today until a new date, through the same
 * publishing rules as a new posting (and the secretariat's review for organisations not yet trusted).
 * With a draft from the form, the content is updated at the same time.
 */
export async function renewPosting(
  db: Db,
  actor: Actor,
  postingId: number,
  renewal: { validThrough: string | null; draft: PostingDraft | null },
): Promise<SaveResult> {
  return db.transaction(async (tx) => {
    const posting = await lockPosting(tx, actor.organisation.id, postingId);
    if (!renewable(posting.status)) throw new ConflictError('workspace.posting.notRenewable');
    const status = publishedStatus(actor.organisation);
    const today = todayInTokyo(actor.now);
    const draft = { ...(renewal.draft ?? draftFromPosting(posting)), validThrough: renewal.validThrough };
    const errors = await postingProblems(tx, actor, draft, { postedOn: today });
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const validThrough = renewal.validThrough as string;
    const input = rowInput(draft, { postedOn: today, validThrough }, status);
    await updatePostingRow(tx, actor, posting.id, input, { expiryNoticeSentAt: null });
    await audit(tx, actor, 'posting.renew', posting.id, {
      from: posting.status,
      to: status,
      fields: changedFields(storedInput(posting), input).filter((name) => name !== 'validThrough'),
    });
    return { ok: true, postingId, status };
  });
}

export function renewable(status: PostingStatus): boolean {
  return status === 'closed' || status === 'filled' || status === 'published';
}

export function editable(status: PostingStatus): boolean {
  return status === 'draft' || status === 'in_review' || status === 'published';
}

/** Published postings of an organisation still open today (for the dashboard's counts). */
export async function openPostingCount(db: Db, organisationId: number, today: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(jobPostingsTable)
    .where(
      and(
        eq(jobPostingsTable.organisationId, organisationId),
        eq(jobPostingsTable.status, 'published'),
        gte(jobPostingsTable.validThrough, today),
      ),
    );
  return row?.count ?? 0;
}

/** An organisation's staff to write to, each in their own language. */
async function organisationStaff(tx: Db, organisationId: number) {
  return tx
    .select({ email: usersTable.email, locale: usersTable.locale })
    .from(membershipsTable)
    .innerJoin(usersTable, eq(usersTable.id, membershipsTable.userId))
    .where(eq(membershipsTable.organisationId, organisationId))
    .orderBy(usersTable.id);
}

// ---------------------------------------------------------------------------------------------------
// Postings to moderate

export const POSTINGS_PAGE_SIZE = 30;

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
    db.select({ total: count() }).from(jobPostingsTable).where(where),
  ]);
  return { postings: rows, total: all[0]?.total ?? 0 };
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
  links: { publicUrl: string },
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
    for (const person of await organisationStaff(tx, posting.organisationId)) {
      await enqueueMail(tx, { ...mail, to: person.email, locale: person.locale }, now);
    }
    return 'done';
  });
}
