import { and, asc, count, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import {
  absoluteUrl,
  actorOf,
  inTransaction,
  organisationOf,
  type ServiceContext,
} from '../../auth/context.js';
import type { Db } from '../../db/client.js';
import {
  auditLogTable,
  type CoopGovernance,
  coopGovernanceTable,
  type JobPosting,
  jobPostingsTable,
  membershipsTable,
  type Organisation,
  organisationsTable,
  type PendingPostingRevision,
  type PostingStatus,
  usersTable,
  type Workplace,
  workplacesTable,
} from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { addDays, todayInTokyo } from '../../lib/dates.js';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import type { FormErrors } from '../../lib/forms.js';
import { type AuditAction, audit } from '../audit/audit.service.js';
import type { JobDetail } from '../jobs/jobs.service.js';
import { type OutgoingMail, sendMail } from '../mail/outbox.service.js';
import { minimumWagesOf } from '../minimum-wages/minimum-wages.service.js';
import { draftGaps, type PostingDraft } from './postings.forms.js';
import {
  buildPostingRow,
  changedFields,
  closedReason,
  draftFromPosting,
  type JobPostingInput,
  postingReadings,
  rowInput,
  storedInput,
} from './postings.row.js';
import { checkPublishRules } from './postings.rules.js';

/** A new posting is offered for this many days unless the staff choose otherwise. */
export const DEFAULT_VALID_DAYS = 60;

/** Postings whose staff are told they close soon, this many days ahead. */
export const EXPIRY_NOTICE_DAYS = 7;

export const POSTINGS_PAGE_SIZE = 30;

/**
 * The posting cannot be saved (or published) as asked: each problem belongs beside its field. The route
 * shows the form again with them (renderRefusedForm, 422); nothing was written.
 */
export class PostingProblemsError extends AppError {
  constructor(readonly errors: FormErrors) {
    super(422, 'workspace.posting.publishBlocked');
  }
}

/** What a save did: the posting, and the status it has now. */
export interface Saved {
  postingId: number;
  status: PostingStatus;
  /** A published posting's edit now waits for review; the published version stays public meanwhile. */
  revisionInReview?: boolean;
}

/**
 * Postings in the secretariat's queue: new ones in review, and edits of published ones (organisations not
 * yet trusted) whose published version stays public meanwhile.
 */
export const awaitingReview: SQL = or(
  eq(jobPostingsTable.status, 'in_review'),
  and(
    eq(jobPostingsTable.status, 'published'),
    sql`${jobPostingsTable.pendingRevision} ->> 'state' = 'in_review'`,
  ),
) as SQL;

/**
 * When a posting in the queue was sent: an edit of a published posting says so itself, so that sending
 * or returning an edit does not touch updated_at, which the sitemap gives search engines as the public
 * page's last change.
 */
export const reviewRequestedAt = sql<Date>`coalesce((${jobPostingsTable.pendingRevision} ->> 'submittedAt')::timestamptz, ${jobPostingsTable.updatedAt})`;

/** The edit of a published posting that waits for review (or came back from it), if there is one. */
export function pendingRevisionOf(posting: Pick<JobPosting, 'status' | 'pendingRevision'>) {
  return posting.status === 'published' ? (posting.pendingRevision ?? null) : null;
}

/** The draft a pending revision holds: what the staff last sent. */
export function revisionDraft(revision: PendingPostingRevision): PostingDraft {
  return revision.content as unknown as PostingDraft;
}

/** A posting form as read (postings.forms.ts readPostingForm): the draft, and the fields that did not parse. */
export interface PostingFormInput {
  draft: PostingDraft;
  errors: FormErrors;
}

// ---------------------------------------------------------------------------------------------------
// Reading

/** One of the context's organisation's postings; another organisation's answers 404. */
export async function findPosting(ctx: ServiceContext, postingId: number): Promise<JobPosting> {
  const [posting] = await ctx.db
    .select()
    .from(jobPostingsTable)
    .where(
      and(eq(jobPostingsTable.id, postingId), eq(jobPostingsTable.organisationId, organisationOf(ctx).id)),
    );
  if (!posting) throw new NotFoundError();
  return posting;
}

export async function listPostings(ctx: ServiceContext) {
  return ctx.db
    .select({
      id: jobPostingsTable.id,
      title: jobPostingsTable.title,
      status: jobPostingsTable.status,
      postedOn: jobPostingsTable.postedOn,
      validThrough: jobPostingsTable.validThrough,
      moderationNote: jobPostingsTable.moderationNote,
      /** An edit of the published posting waiting for review ('in_review') or sent back ('returned'). */
      revisionState: sql<
        PendingPostingRevision['state'] | null
      >`${jobPostingsTable.pendingRevision} ->> 'state'`,
      updatedAt: jobPostingsTable.updatedAt,
      workplaceName: workplacesTable.name,
    })
    .from(jobPostingsTable)
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .where(eq(jobPostingsTable.organisationId, organisationOf(ctx).id))
    .orderBy(desc(jobPostingsTable.updatedAt), desc(jobPostingsTable.id));
}

/** The posting as the public page will show it, in the shape getJobDetail returns (for the preview). */
export async function previewDetail(ctx: ServiceContext, postingId: number): Promise<JobDetail> {
  const organisation = organisationOf(ctx);
  const posting = await findPosting(ctx, postingId);
  const [workplace] = await ctx.db
    .select()
    .from(workplacesTable)
    .where(eq(workplacesTable.id, posting.workplaceId));
  if (!workplace) throw new NotFoundError();
  const [governance] = await ctx.db
    .select()
    .from(coopGovernanceTable)
    .where(eq(coopGovernanceTable.organisationId, organisation.id));
  const reason = closedReason(posting, todayInTokyo(ctx.now));
  return {
    posting,
    workplace,
    organisation,
    governance: governance ?? null,
    open: reason === null,
    closedReason: reason,
  };
}

/** What still stops a saved posting from being published today, for the checklist on its form. */
export async function readiness(ctx: ServiceContext, posting: JobPosting): Promise<FormErrors> {
  if (posting.status === 'published') return {};
  const { errors } = await problemsOf(ctx, organisationOf(ctx), draftFromPosting(posting), {
    postedOn: todayInTokyo(ctx.now),
  });
  return errors;
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

/**
 * Every problem of a draft, for saving and (when asked) for publishing on `postedOn`, with the workplace
 * it names read once. The publishing rule's message is the more useful one where both speak of the same
 * field, and a field that did not parse at all keeps its own message.
 */
async function problemsOf(
  ctx: ServiceContext,
  organisation: Organisation,
  draft: PostingDraft,
  publish: { postedOn: string } | null,
  fieldErrors: FormErrors = {},
): Promise<{ errors: FormErrors; workplace: Workplace | null }> {
  const workplace = await workplaceOf(ctx.db, organisation.id, draft.workplaceId);
  const errors = draftGaps(draft);
  if (draft.workplaceId !== null && !workplace) errors.workplaceId = { key: 'posting.form.chooseWorkplace' };
  const rules = publish
    ? checkPublishRules(
        { ...draft, workplacePrefectureCode: workplace?.prefectureCode ?? null, postedOn: publish.postedOn },
        {
          today: todayInTokyo(ctx.now),
          minimumWages: workplace ? await minimumWagesOf(ctx.db, workplace.prefectureCode) : [],
          locale: ctx.locale,
        },
      )
    : {};
  return { errors: { ...errors, ...rules, ...fieldErrors }, workplace };
}

/** The draft's workplace once it has no problem; else the problems, beside their fields. */
async function checkedWorkplace(...check: Parameters<typeof problemsOf>): Promise<Workplace> {
  const { errors, workplace } = await problemsOf(...check);
  if (Object.keys(errors).length > 0 || !workplace) throw new PostingProblemsError(errors);
  return workplace;
}

/** Only approved co-ops publish; trusted ones directly, the others through the secretariat's review. */
function publishedStatus(organisation: Organisation): 'published' | 'in_review' {
  if (organisation.approvalState !== 'approved') throw new ForbiddenError('workspace.notApproved.body');
  return organisation.trusted ? 'published' : 'in_review';
}

function publishAction(status: 'published' | 'in_review') {
  return status === 'published' ? 'posting.publish' : 'posting.submit_for_review';
}

// ---------------------------------------------------------------------------------------------------
// Double submission

/**
 * Makes "create from this form" happen once per form id, also when the same form arrives twice at the
 * same moment (a double click, a resent POST after a timeout).
 *
 * The schema has no idempotency-key column, so:
 * 1. `pg_advisory_xact_lock` on a hash of (organisation, action, form id) serialises the transactions
 *    that carry the same form id, on PostgreSQL and PGlite alike; the lock is released at commit.
 * 2. The creating transaction records the form id in its audit entry. The second transaction, once it
 *    holds the lock, sees that entry (READ COMMITTED: each statement sees what committed before it)
 *    and returns the posting the first one created instead of creating another.
 * An in-memory set would not survive a restart or a second process; the audit entry does.
 */
async function alreadyCreatedFrom(
  tx: ServiceContext,
  action: AuditAction,
  formId: string,
): Promise<number | null> {
  const organisationId = organisationOf(tx).id;
  await tx.db.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`${organisationId}:${action}:${formId}`}, 0))`,
  );
  const [entry] = await tx.db
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
// Writing rows

/** The co-op's governance card as of this transaction: its postings carry its terms as filter tokens. */
async function governanceOf(tx: ServiceContext, organisationId: number): Promise<CoopGovernance | null> {
  const [governance] = await tx.db
    .select()
    .from(coopGovernanceTable)
    .where(eq(coopGovernanceTable.organisationId, organisationId));
  return governance ?? null;
}

async function insertPosting(
  tx: ServiceContext,
  context: { workplace: Workplace; organisation: Organisation },
  input: JobPostingInput,
): Promise<JobPosting> {
  const governance = await governanceOf(tx, context.organisation.id);
  const [posting] = await tx.db
    .insert(jobPostingsTable)
    .values({
      ...buildPostingRow(
        input,
        { ...context, governance },
        await postingReadings(input, { ...context, governance }),
      ),
      createdAt: tx.now,
      updatedAt: tx.now,
    })
    .returning();
  return posting as JobPosting;
}

async function updatePostingRow(
  tx: ServiceContext,
  posting: Pick<JobPosting, 'id'>,
  context: { workplace: Workplace; organisation: Organisation },
  input: JobPostingInput,
  extra: Partial<JobPosting> = {},
): Promise<void> {
  // buildPostingRow for updates too: the search document follows every change of content.
  const governance = await governanceOf(tx, context.organisation.id);
  await tx.db
    .update(jobPostingsTable)
    .set({
      ...buildPostingRow(
        input,
        { ...context, governance },
        await postingReadings(input, { ...context, governance }),
      ),
      ...extra,
      updatedAt: tx.now,
    })
    .where(eq(jobPostingsTable.id, posting.id));
}

/** Locks the posting's row for the rest of the transaction: two clicks on "publish" publish once. */
async function lockPosting(tx: ServiceContext, postingId: number, organisationId?: number) {
  const [posting] = await tx.db
    .select()
    .from(jobPostingsTable)
    .where(
      and(
        eq(jobPostingsTable.id, postingId),
        organisationId === undefined ? undefined : eq(jobPostingsTable.organisationId, organisationId),
      ),
    )
    .for('update');
  if (!posting) throw new NotFoundError();
  return posting;
}

// ---------------------------------------------------------------------------------------------------
// Mail

/** People to write to, each in their own language: an organisation's staff, or the secretariat's. */
export async function staffOf(db: Db, who: { organisationId: number } | 'secretariat') {
  return db
    .select({ email: usersTable.email, locale: usersTable.locale })
    .from(membershipsTable)
    .innerJoin(usersTable, eq(usersTable.id, membershipsTable.userId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
    .where(
      who === 'secretariat'
        ? // The same people the console's guard lets in (auth/access.ts isSecretariatStaff).
          and(eq(organisationsTable.kind, 'secretariat'), eq(organisationsTable.approvalState, 'approved'))
        : eq(membershipsTable.organisationId, who.organisationId),
    )
    .orderBy(usersTable.id);
}

/** One mail to each of `people`, in their language, in the transaction of the change that causes it. */
export async function mailEach(
  tx: ServiceContext,
  people: { email: string; locale: OutgoingMail['locale'] }[],
  mail: Omit<OutgoingMail, 'to' | 'locale'>,
) {
  for (const person of people) await sendMail(tx, { ...mail, to: person.email, locale: person.locale });
}

/** Tells an organisation's staff about their posting. */
export async function mailStaff(
  tx: ServiceContext,
  organisationId: number,
  mail: Omit<OutgoingMail, 'to' | 'locale'>,
) {
  await mailEach(tx, await staffOf(tx.db, { organisationId }), mail);
}

/**
 * A posting now waits for the secretariat's review: tell them, in the transaction of the change, so the
 * mail goes out exactly when the posting really is in the queue.
 */
async function tellSecretariat(
  tx: ServiceContext,
  organisation: Organisation,
  posting: Pick<JobPosting, 'id' | 'title'>,
) {
  await mailEach(tx, await staffOf(tx.db, 'secretariat'), {
    subjectKey: 'workspace.mail.review.subject',
    bodyKey: 'workspace.mail.review.body',
    params: {
      title: posting.title,
      organisation: organisation.name,
      link: absoluteUrl(tx, `/console/postings/${posting.id}`),
    },
  });
}

// ---------------------------------------------------------------------------------------------------
// Changes by the organisation's staff

/**
 * Creates a posting from the form: a draft, or published (submitted for review) at once. The rules, the
 * insert, its audit entries and the secretariat's mail are one transaction; the same form sent twice
 * creates one posting.
 */
export async function createPosting(
  ctx: ServiceContext,
  form: PostingFormInput,
  options: { formId: string; publish: boolean },
): Promise<Saved> {
  const organisation = organisationOf(ctx);
  const today = todayInTokyo(ctx.now);
  const status = options.publish ? publishedStatus(organisation) : 'draft';
  return inTransaction(ctx, async (tx) => {
    const workplace = await checkedWorkplace(
      tx,
      organisation,
      form.draft,
      options.publish ? { postedOn: today } : null,
      form.errors,
    );
    const existing = await alreadyCreatedFrom(tx, 'posting.create', options.formId);
    if (existing !== null) {
      const [posting] = await tx.db
        .select({ status: jobPostingsTable.status })
        .from(jobPostingsTable)
        .where(eq(jobPostingsTable.id, existing));
      return { postingId: existing, status: posting?.status ?? 'draft' };
    }
    const validThrough = form.draft.validThrough ?? addDays(today, DEFAULT_VALID_DAYS);
    const posting = await insertPosting(
      tx,
      { workplace, organisation },
      rowInput(form.draft, { postedOn: today, validThrough }, status),
    );
    await audit(tx, {
      action: 'posting.create',
      subject: { type: 'job_posting', id: posting.id },
      details: { formId: options.formId },
    });
    if (status !== 'draft')
      await audit(tx, { action: publishAction(status), subject: { type: 'job_posting', id: posting.id } });
    if (status === 'in_review') await tellSecretariat(tx, organisation, posting);
    return { postingId: posting.id, status };
  });
}

/**
 * Saves the form over a posting. A draft stays a draft unless publishing was asked; a posting in review
 * goes back to draft when saved as one. A published posting stays public, so every save of it passes the
 * publishing rules, and an untrusted organisation's change goes back to the secretariat's review.
 * Closed and filled postings are renewed instead.
 */
export async function updatePosting(
  ctx: ServiceContext,
  postingId: number,
  form: PostingFormInput,
  options: { publish: boolean },
): Promise<Saved> {
  const organisation = organisationOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const posting = await lockPosting(tx, postingId, organisation.id);
    if (posting.status === 'closed' || posting.status === 'filled')
      throw new ConflictError('workspace.posting.notEditable');
    const publish = options.publish || posting.status === 'published';
    const postedOn = posting.status === 'published' ? posting.postedOn : todayInTokyo(tx.now);
    const workplace = await checkedWorkplace(
      tx,
      organisation,
      form.draft,
      publish ? { postedOn } : null,
      form.errors,
    );
    const status = publish ? publishedStatus(organisation) : 'draft';
    const validThrough = form.draft.validThrough ?? posting.validThrough;
    const input = rowInput(form.draft, { postedOn, validThrough }, status);
    const fields = changedFields(storedInput(posting), input);
    if (posting.status === 'published' && status === 'in_review')
      return submitRevision(tx, organisation, posting, { ...form.draft, validThrough }, fields);
    // Saved again as it was: nothing to write or to record.
    if (fields.length === 0 && status === posting.status && !posting.pendingRevision)
      return { postingId: posting.id, status };
    await updatePostingRow(tx, posting, { workplace, organisation }, input, {
      // A new closing date deserves its own notice a week before.
      ...(validThrough !== posting.validThrough ? { expiryNoticeSentAt: null } : {}),
      // Written over by this save (an organisation trusted since its edit was sent publishes directly).
      pendingRevision: null,
    });
    await audit(tx, {
      action: 'posting.update',
      subject: { type: 'job_posting', id: posting.id },
      details: {
        fields,
        ...(status !== posting.status ? { from: posting.status, to: status } : {}),
      },
    });
    if (status !== 'draft' && (posting.status !== 'published' || status !== 'published'))
      await audit(tx, { action: publishAction(status), subject: { type: 'job_posting', id: posting.id } });
    if (status === 'in_review' && posting.status !== 'in_review')
      await tellSecretariat(tx, organisation, { id: posting.id, title: input.title });
    return { postingId: posting.id, status };
  });
}

/**
 * An edit of a published posting by an organisation not yet trusted: the published version stays public
 * (its columns are not touched) and the edit waits beside it for the secretariat, who applies it or sends
 * it back. Sending the published content again withdraws the edit.
 */
async function submitRevision(
  tx: ServiceContext,
  organisation: Organisation,
  posting: JobPosting,
  draft: PostingDraft,
  fields: string[],
): Promise<Saved> {
  const pending = posting.pendingRevision;
  const saved = { postingId: posting.id, status: posting.status };
  const content = draft as unknown as Record<string, unknown>;
  if (fields.length === 0 && !pending) return saved;
  if (pending?.state === 'in_review' && JSON.stringify(pending.content) === JSON.stringify(content))
    return { ...saved, revisionInReview: true };
  // The published content sent again withdraws the edit; anything else is the edit to review.
  const revision: PendingPostingRevision | null =
    fields.length === 0 ? null : { state: 'in_review', content, fields, submittedAt: tx.now.toISOString() };
  // The published page does not change, so neither does updatedAt (see reviewRequestedAt).
  await tx.db
    .update(jobPostingsTable)
    .set({ pendingRevision: revision, moderationNote: null })
    .where(eq(jobPostingsTable.id, posting.id));
  await audit(tx, {
    action: 'posting.update',
    subject: { type: 'job_posting', id: posting.id },
    details: { fields, revision: revision ? 'in_review' : 'withdrawn' },
  });
  if (!revision) return saved;
  if (pending?.state !== 'in_review') {
    await audit(tx, {
      action: 'posting.submit_for_review',
      subject: { type: 'job_posting', id: posting.id },
      details: { revision: 'in_review' },
    });
    await tellSecretariat(tx, organisation, { id: posting.id, title: draft.title });
  }
  return { ...saved, revisionInReview: true };
}

/** Publishes a saved draft as it stands (or submits it for review). */
export async function publishPosting(ctx: ServiceContext, postingId: number): Promise<Saved> {
  const organisation = organisationOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const posting = await lockPosting(tx, postingId, organisation.id);
    // Pressed twice, or already on its way: nothing more to do.
    if (posting.status === 'published' || posting.status === 'in_review')
      return { postingId, status: posting.status };
    if (posting.status !== 'draft') throw new ConflictError('workspace.posting.notDraft');
    const status = publishedStatus(organisation);
    await makePublic(tx, organisation, posting, status, publishAction(status));
    return { postingId, status };
  });
}

/**
 * The one way a saved posting goes up, used by the staff's own publish and by the secretariat's review:
 * the publishing rules must pass on the day it is posted (the minimum wage may have changed since it was
 * written), the week-before expiry notice starts over, and the audit entry names it as a job_posting.
 * An edit of a published posting (a pending revision) goes up the same way, keeping the posted date.
 * `posting` must be locked by the caller; throws PostingProblemsError when the rules refuse.
 */
async function makePublic(
  tx: ServiceContext,
  organisation: Organisation,
  posting: JobPosting,
  status: 'published' | 'in_review',
  action: 'posting.publish' | 'posting.submit_for_review' | 'posting.review_publish',
  options: {
    draft?: PostingDraft;
    postedOn?: string;
    extra?: Partial<JobPosting>;
    details?: Record<string, unknown>;
  } = {},
): Promise<void> {
  // Posted on the day it became public (求人票の受付日), unless it has been public all along.
  const postedOn = options.postedOn ?? todayInTokyo(tx.now);
  const draft = options.draft ?? draftFromPosting(posting);
  const validThrough = draft.validThrough ?? posting.validThrough;
  const workplace = await checkedWorkplace(tx, organisation, draft, { postedOn });
  await updatePostingRow(
    tx,
    posting,
    { workplace, organisation },
    rowInput(draft, { postedOn, validThrough }, status),
    { expiryNoticeSentAt: null, ...options.extra },
  );
  // The organisation is the posting's, also when the secretariat publishes it from the console.
  await audit(tx, {
    action,
    subject: { type: 'job_posting', id: posting.id },
    organisationId: posting.organisationId,
    ...(options.details ? { details: options.details } : {}),
  });
  if (status === 'in_review') await tellSecretariat(tx, organisation, posting);
}

/** Stops recruiting (closed) or records that the job was filled. */
export async function endPosting(
  ctx: ServiceContext,
  postingId: number,
  outcome: 'closed' | 'filled',
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const posting = await lockPosting(tx, postingId, organisationOf(tx).id);
    if (posting.status === outcome) return;
    const allowed: PostingStatus[] = outcome === 'closed' ? ['published'] : ['published', 'closed'];
    if (!allowed.includes(posting.status)) throw new ConflictError('workspace.posting.notPublished');
    await tx.db
      .update(jobPostingsTable)
      .set({ status: outcome, pendingRevision: null, updatedAt: tx.now })
      .where(eq(jobPostingsTable.id, posting.id));
    await audit(tx, {
      action: outcome === 'closed' ? 'posting.close' : 'posting.fill',
      subject: { type: 'job_posting', id: posting.id },
      details: { from: posting.status },
    });
  });
}

/** A new draft with the same content, for the next opening or a similar job. */
export async function duplicatePosting(
  ctx: ServiceContext,
  postingId: number,
  options: { formId: string | null; titleSuffix: string },
): Promise<number> {
  const organisation = organisationOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const source = await findPosting(tx, postingId);
    if (options.formId) {
      const existing = await alreadyCreatedFrom(tx, 'posting.duplicate', options.formId);
      if (existing !== null) return existing;
    }
    const [workplace] = await tx.db
      .select()
      .from(workplacesTable)
      .where(eq(workplacesTable.id, source.workplaceId));
    if (!workplace) throw new NotFoundError();
    const today = todayInTokyo(tx.now);
    const title = `${source.title}${options.titleSuffix}`.slice(0, 100);
    const posting = await insertPosting(
      tx,
      { workplace, organisation },
      rowInput(
        { ...draftFromPosting(source), title },
        { postedOn: today, validThrough: addDays(today, DEFAULT_VALID_DAYS) },
        'draft',
      ),
    );
    await audit(tx, {
      action: 'posting.duplicate',
      subject: { type: 'job_posting', id: posting.id },
      details: { sourceId: source.id, ...(options.formId ? { formId: options.formId } : {}) },
    });
    return posting.id;
  });
}

/**
 * Opens a closed, filled or expiring posting again from today until a new date, through the same
 * publishing rules as a new posting (and the secretariat's review for organisations not yet trusted).
 * With the whole form, the content is updated at the same time; else it stays as it is.
 */
export async function renewPosting(
  ctx: ServiceContext,
  postingId: number,
  renewal: { validThrough: string | null; form: PostingFormInput | null; fieldErrors: FormErrors },
): Promise<Saved> {
  const organisation = organisationOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const posting = await lockPosting(tx, postingId, organisation.id);
    if (!renewable(posting.status)) throw new ConflictError('workspace.posting.notRenewable');
    const status = publishedStatus(organisation);
    const today = todayInTokyo(tx.now);
    const draft = {
      ...(renewal.form?.draft ?? draftFromPosting(posting)),
      validThrough: renewal.validThrough,
    };
    const workplace = await checkedWorkplace(
      tx,
      organisation,
      draft,
      { postedOn: today },
      {
        ...renewal.form?.errors,
        ...renewal.fieldErrors,
      },
    );
    const validThrough = renewal.validThrough as string;
    const input = rowInput(draft, { postedOn: today, validThrough }, status);
    await updatePostingRow(tx, posting, { workplace, organisation }, input, {
      expiryNoticeSentAt: null,
      pendingRevision: null,
    });
    await audit(tx, {
      action: 'posting.renew',
      subject: { type: 'job_posting', id: posting.id },
      details: {
        from: posting.status,
        to: status,
        fields: changedFields(storedInput(posting), input).filter((name) => name !== 'validThrough'),
      },
    });
    return { postingId, status };
  });
}

export function renewable(status: PostingStatus): boolean {
  return status === 'closed' || status === 'filled' || status === 'published';
}

export function editable(status: PostingStatus): boolean {
  return status === 'draft' || status === 'in_review' || status === 'published';
}

// ---------------------------------------------------------------------------------------------------
// The secretariat's review

export async function listPostingsInReview(ctx: ServiceContext, page: number) {
  const where = awaitingReview;
  const [rows, [all]] = await Promise.all([
    ctx.db
      .select({
        id: jobPostingsTable.id,
        title: jobPostingsTable.title,
        field: jobPostingsTable.field,
        validThrough: jobPostingsTable.validThrough,
        submittedAt: sql`${reviewRequestedAt}`.mapWith(jobPostingsTable.updatedAt),
        /** An edit of a published posting rather than a new one. */
        revision: sql<boolean>`${jobPostingsTable.pendingRevision} is not null`,
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
      .orderBy(asc(reviewRequestedAt), asc(jobPostingsTable.id))
      .limit(POSTINGS_PAGE_SIZE)
      .offset((page - 1) * POSTINGS_PAGE_SIZE),
    ctx.db.select({ total: count() }).from(jobPostingsTable).where(where),
  ]);
  return { postings: rows, total: all?.total ?? 0 };
}

/** Any organisation's posting with its workplace and organisation, as the secretariat reviews it. */
export async function postingDetail(ctx: ServiceContext, postingId: number) {
  const [row] = await ctx.db
    .select({ posting: jobPostingsTable, workplace: workplacesTable, organisation: organisationsTable })
    .from(jobPostingsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, jobPostingsTable.organisationId))
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .where(eq(jobPostingsTable.id, postingId));
  if (!row) throw new NotFoundError();
  return row;
}

/**
 * What the secretariat compares for an edit of a published posting: the published version and the edit,
 * field by field in the row's shape, with the names of the workplaces they name. Null when no edit waits.
 */
export async function revisionUnderReview(ctx: ServiceContext, posting: JobPosting) {
  const revision = pendingRevisionOf(posting);
  if (revision?.state !== 'in_review') return null;
  const draft = revisionDraft(revision);
  const before = storedInput(posting);
  const after = rowInput(
    draft,
    { postedOn: posting.postedOn, validThrough: draft.validThrough ?? posting.validThrough },
    'published',
  );
  const workplaces = await ctx.db
    .select({ id: workplacesTable.id, name: workplacesTable.name })
    .from(workplacesTable)
    .where(inArray(workplacesTable.id, [before.workplaceId, after.workplaceId]));
  return {
    fields: revision.fields,
    before,
    after,
    workplaceNames: new Map(workplaces.map((workplace) => [workplace.id, workplace.name])),
  };
}

export type Moderation = { publish: true } | { publish: false; note: string };

/** Why the secretariat's decision could not be carried out, for the message on the review page. */
function refused(key: MessageKey): never {
  throw new ConflictError(key);
}

/**
 * Publishes a posting in review, or sends it back to draft with a note for the staff; either way the
 * organisation's staff are told by mail in their language. The posting row is locked, so a second
 * decision on the same posting finds it no longer in review (ConflictError).
 */
export async function moderatePosting(
  ctx: ServiceContext,
  postingId: number,
  moderation: Moderation,
): Promise<void> {
  actorOf(ctx);
  await inTransaction(ctx, async (tx) => {
    const posting = await lockPosting(tx, postingId);
    const revision = pendingRevisionOf(posting);
    if (posting.status !== 'in_review' && revision?.state !== 'in_review')
      refused('console.posting.notInReview');
    if (moderation.publish) await publishReviewed(tx, posting, revision);
    else await returnReviewed(tx, posting, revision, moderation.note);
  });
}

async function publishReviewed(
  tx: ServiceContext,
  posting: JobPosting,
  revision: PendingPostingRevision | null,
) {
  const draft = revision ? revisionDraft(revision) : draftFromPosting(posting);
  // Publishing a posting whose valid-through date has passed would show it as closed at once.
  if ((draft.validThrough ?? posting.validThrough) < todayInTokyo(tx.now)) refused('console.posting.expired');
  const [organisation] = await tx.db
    .select()
    .from(organisationsTable)
    .where(eq(organisationsTable.id, posting.organisationId));
  if (!organisation) throw new NotFoundError();
  try {
    // The same publish as the staff's own, so the rules, the expiry notice and the audit cannot drift.
    await makePublic(
      tx,
      organisation,
      posting,
      'published',
      'posting.review_publish',
      revision
        ? {
            // The edit replaces the published version, which has been public since its posted date.
            draft,
            postedOn: posting.postedOn,
            extra: {
              moderationNote: null,
              pendingRevision: null,
              // A new closing date deserves its own notice a week before; the same one keeps its own.
              ...(draft.validThrough === posting.validThrough
                ? { expiryNoticeSentAt: posting.expiryNoticeSentAt }
                : {}),
            },
            details: { revision: 'published', fields: revision.fields },
          }
        : { extra: { moderationNote: null } },
    );
  } catch (error) {
    if (error instanceof PostingProblemsError) refused('console.posting.rulesFailed');
    throw error;
  }
  await mailStaff(tx, posting.organisationId, {
    subjectKey: 'console.mail.published.subject',
    bodyKey: 'console.mail.published.body',
    params: { title: draft.title, link: absoluteUrl(tx, `/jobs/${posting.id}`) },
  });
}

/**
 * Sends a posting back with a note. A new posting goes back to draft; an edit of a published posting
 * is kept for the staff to correct, and the published version stays public.
 */
async function returnReviewed(
  tx: ServiceContext,
  posting: JobPosting,
  revision: PendingPostingRevision | null,
  note: string,
) {
  await tx.db
    .update(jobPostingsTable)
    .set(
      revision
        ? { pendingRevision: { ...revision, state: 'returned' }, moderationNote: note }
        : { status: 'draft', moderationNote: note, updatedAt: tx.now },
    )
    .where(eq(jobPostingsTable.id, posting.id));
  await audit(tx, {
    action: 'posting.review_return',
    subject: { type: 'job_posting', id: posting.id },
    organisationId: posting.organisationId,
    details: { note, ...(revision ? { revision: 'returned' } : {}) },
  });
  const link = absoluteUrl(tx, `/workspace/${posting.organisationId}/postings/${posting.id}`);
  await mailStaff(tx, posting.organisationId, {
    subjectKey: revision ? 'console.mail.revisionReturned.subject' : 'console.mail.returned.subject',
    bodyKey: revision ? 'console.mail.revisionReturned.body' : 'console.mail.returned.body',
    params: {
      title: revision ? revisionDraft(revision).title : posting.title,
      note,
      link: revision ? link : absoluteUrl(tx, `/workspace/${posting.organisationId}`),
    },
  });
}
