import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { organisationOf, type ServiceContext } from '../../auth/context.js';
import {
  contractTypes,
  employmentForms,
  type JobPosting,
  jobFields,
  type Organisation,
  type PostingStatus,
  wageUnits,
  welcomeTags,
} from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { addDays, todayInTokyo } from '../../lib/dates.js';
import { NotFoundError } from '../../lib/errors.js';
import { type FormErrors, formIdField, idParam, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { errorSummary, renderRefusedForm } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { acceptedEngagements } from '../jobs/jobs.service.js';
import { listWorkplaces } from '../organisations/workplaces.service.js';
import { formValues, intentOf, postingLabels, readPostingForm, renewForm } from './postings.forms.js';
import { draftFromPosting } from './postings.row.js';
import { MAX_VALIDITY_MONTHS } from './postings.rules.js';
import {
  createPosting,
  DEFAULT_VALID_DAYS,
  duplicatePosting,
  editable,
  endPosting,
  findPosting,
  PostingProblemsError,
  pendingRevisionOf,
  previewDetail,
  publishPosting,
  readiness,
  renewable,
  renewPosting,
  revisionDraft,
  type Saved,
  updatePosting,
} from './postings.service.js';

/** Notices shown after a redirect, named in the query string; only these can be shown. */
const notices: Record<string, MessageKey> = {
  saved: 'workspace.notice.saved',
  created: 'workspace.notice.postingCreated',
  published: 'workspace.notice.published',
  submitted: 'workspace.notice.submitted',
  closed: 'workspace.notice.closed',
  filled: 'workspace.notice.filled',
  duplicated: 'workspace.notice.duplicated',
  renewed: 'workspace.notice.renewed',
  revision_submitted: 'workspace.notice.revisionSubmitted',
};

const titles = {
  new: 'workspace.posting.newTitle',
  edit: 'workspace.posting.editTitle',
  renew: 'workspace.posting.renewTitle',
} as const;

/** Which form the page is, and what it knows of the posting. */
interface PostingForm {
  mode: keyof typeof titles;
  posting?: Pick<JobPosting, 'id' | 'status' | 'moderationNote' | 'pendingRevision'>;
  formId?: string;
}

function statusNotice(status: PostingStatus): string {
  return status === 'published' ? 'published' : status === 'in_review' ? 'submitted' : 'saved';
}

/** Postings are a co-op's: other kinds of organisation have none to manage. */
function coopOf(ctx: ServiceContext): Organisation {
  const organisation = organisationOf(ctx);
  if (organisation.kind !== 'coop') throw new NotFoundError();
  return organisation;
}

const postingPath = (organisation: Organisation, postingId: number) =>
  `/workspace/${organisation.id}/postings/${postingId}`;

/** The form's rules refused the posting: show their problems, anything else goes on up. */
async function unlessRefused<T>(
  work: () => Promise<T>,
  refused: (errors: FormErrors) => unknown,
): Promise<T | unknown> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PostingProblemsError) return refused(error.errors);
    throw error;
  }
}

/** /workspace/:organisationId/postings…: a co-op's staff write, publish and keep up their 求人票. */
export default async function postingsWorkspaceRoutes(app: FastifyInstance) {
  const member = access('organisation_member');

  /** What every posting page shows around the form: the organisation, its workplaces, the choices. */
  async function formPage(request: FastifyRequest, form: PostingForm) {
    const ctx = serviceContext(request);
    const organisation = coopOf(ctx);
    return {
      noindex: true,
      title: request.t(titles[form.mode]),
      mode: form.mode,
      postingId: form.posting?.id,
      status: form.posting?.status,
      moderationNote: form.posting?.moderationNote ?? null,
      // An edit of the published posting waiting for review, or sent back: the public sees the published one.
      revisionState: form.posting ? (pendingRevisionOf(form.posting)?.state ?? null) : null,
      formId: form.formId,
      organisation,
      base: `/workspace/${organisation.id}`,
      canPublish: organisation.approvalState === 'approved',
      notice: noticeFrom(request, notices),
      readinessList: [],
      workplaces: await listWorkplaces(ctx),
      jobFields,
      employmentForms,
      contractTypes,
      wageUnits,
      welcomeTags,
      today: todayInTokyo(ctx.now),
      maxValidityMonths: MAX_VALIDITY_MONTHS,
    };
  }

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: PostingForm,
    values: Record<string, unknown>,
    extra: { readiness?: FormErrors } = {},
  ) {
    return reply.view('workspace/posting-form.eta', {
      ...(await formPage(request, form)),
      values,
      errors: {},
      errorList: [],
      formError: null,
      readinessList: extra.readiness ? errorSummary(request, extra.readiness, postingLabels) : [],
    });
  }

  async function refuseForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: PostingForm,
    refusal: { values: Record<string, unknown>; errors: FormErrors; formError?: MessageKey | null },
  ) {
    return renderRefusedForm(request, reply, 'workspace/posting-form.eta', refusal, {
      labels: postingLabels,
      data: await formPage(request, form),
    });
  }

  /** After a save: the posting's page, with a notice of what became of it. */
  function toPosting(reply: FastifyReply, ctx: ServiceContext, saved: Saved, before: PostingStatus | null) {
    const notice = saved.revisionInReview
      ? 'revision_submitted'
      : before === null && saved.status === 'draft'
        ? 'created'
        : saved.status === before
          ? 'saved'
          : statusNotice(saved.status);
    return reply.redirect(`${postingPath(organisationOf(ctx), saved.postingId)}?notice=${notice}`, 303);
  }

  app.get('/postings/new', member, async (request, reply) => {
    const ctx = serviceContext(request);
    coopOf(ctx);
    return showForm(
      request,
      reply,
      { mode: 'new', formId: randomUUID() },
      { validThrough: addDays(todayInTokyo(ctx.now), DEFAULT_VALID_DAYS), openings: '1' },
    );
  });

  app.post('/postings', member, async (request, reply) => {
    const ctx = serviceContext(request);
    coopOf(ctx);
    const values = (request.body ?? {}) as Record<string, unknown>;
    const formId = formIdField.safeParse(values.formId);
    // A form that came without its id gets a new one: nothing was created from it.
    if (!formId.success)
      return refuseForm(
        request,
        reply,
        { mode: 'new', formId: randomUUID() },
        { values, errors: {}, formError: 'workspace.form.resubmit' },
      );
    const publish = intentOf(values) === 'publish';
    return unlessRefused(
      async () =>
        toPosting(
          reply,
          ctx,
          await createPosting(ctx, readPostingForm(values), { formId: formId.data, publish }),
          null,
        ),
      (errors) =>
        refuseForm(
          request,
          reply,
          { mode: 'new', formId: formId.data },
          { values, errors, formError: publish ? 'workspace.posting.publishBlocked' : null },
        ),
    );
  });

  /** The posting's page: its form while it can be edited, else a summary with what can be done next. */
  app.get('/postings/:postingId', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const organisation = coopOf(ctx);
    const posting = await findPosting(ctx, idParam(request.params, 'postingId'));
    if (!editable(posting.status)) {
      return reply.view('workspace/posting-ended.eta', {
        noindex: true,
        title: posting.title,
        posting,
        organisation,
        base: `/workspace/${organisation.id}`,
        canPublish: organisation.approvalState === 'approved',
        notice: noticeFrom(request, notices),
        formId: randomUUID(),
      });
    }
    // While an edit waits for review (or came back from it), the form goes on from that edit.
    const revision = pendingRevisionOf(posting);
    return showForm(
      request,
      reply,
      { mode: 'edit', posting, formId: randomUUID() },
      formValues(revision ? revisionDraft(revision) : draftFromPosting(posting)),
      { readiness: await readiness(ctx, posting) },
    );
  });

  app.post('/postings/:postingId', member, async (request, reply) => {
    const ctx = serviceContext(request);
    coopOf(ctx);
    const posting = await findPosting(ctx, idParam(request.params, 'postingId'));
    const values = (request.body ?? {}) as Record<string, unknown>;
    const publish = intentOf(values) === 'publish';
    const publishing = publish || posting.status === 'published';
    return unlessRefused(
      async () =>
        toPosting(
          reply,
          ctx,
          await updatePosting(ctx, posting.id, readPostingForm(values), { publish }),
          posting.status,
        ),
      (errors) =>
        refuseForm(
          request,
          reply,
          { mode: 'edit', posting, formId: randomUUID() },
          { values, errors, formError: publishing ? 'workspace.posting.publishBlocked' : null },
        ),
    );
  });

  app.get('/postings/:postingId/preview', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const organisation = coopOf(ctx);
    const detail = await previewDetail(ctx, idParam(request.params, 'postingId'));
    // The public template as it will look, with a banner saying it is a preview (show.eta's `preview`).
    return reply.header('x-robots-tag', 'noindex, nofollow').view('jobs/show.eta', {
      ...detail,
      engagements: acceptedEngagements(detail.posting),
      jsonLd: null,
      canonical: null,
      preview: { status: detail.posting.status, back: postingPath(organisation, detail.posting.id) },
    });
  });

  app.post('/postings/:postingId/publish', member, async (request, reply) => {
    const ctx = serviceContext(request);
    coopOf(ctx);
    const postingId = idParam(request.params, 'postingId');
    return unlessRefused(
      async () => toPosting(reply, ctx, await publishPosting(ctx, postingId), 'draft'),
      async (errors) => {
        const posting = await findPosting(ctx, postingId);
        return refuseForm(
          request,
          reply,
          { mode: 'edit', posting, formId: randomUUID() },
          {
            values: formValues(draftFromPosting(posting)),
            errors,
            formError: 'workspace.posting.publishBlocked',
          },
        );
      },
    );
  });

  for (const [action, outcome] of [
    ['close', 'closed'],
    ['fill', 'filled'],
  ] as const) {
    app.post(`/postings/:postingId/${action}`, member, async (request, reply) => {
      const ctx = serviceContext(request);
      const organisation = coopOf(ctx);
      const postingId = idParam(request.params, 'postingId');
      await endPosting(ctx, postingId, outcome);
      return reply.redirect(`${postingPath(organisation, postingId)}?notice=${outcome}`, 303);
    });
  }

  app.post('/postings/:postingId/duplicate', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const organisation = coopOf(ctx);
    const formId = formIdField.safeParse((request.body as { formId?: unknown } | undefined)?.formId);
    const copyId = await duplicatePosting(ctx, idParam(request.params, 'postingId'), {
      formId: formId.success ? formId.data : null,
      titleSuffix: request.t('workspace.posting.copySuffix'),
    });
    return reply.redirect(`${postingPath(organisation, copyId)}?notice=duplicated`, 303);
  });

  app.get('/postings/:postingId/renew', member, async (request, reply) => {
    const ctx = serviceContext(request);
    coopOf(ctx);
    const posting = await findPosting(ctx, idParam(request.params, 'postingId'));
    if (!renewable(posting.status)) throw new NotFoundError();
    return showForm(
      request,
      reply,
      { mode: 'renew', posting: { ...posting, moderationNote: null, pendingRevision: null } },
      {
        ...formValues(draftFromPosting(posting)),
        validThrough: addDays(todayInTokyo(ctx.now), DEFAULT_VALID_DAYS),
      },
    );
  });

  /**
   * Renewing takes the whole form (content may change on the way back) or just a new valid-through
   * date, keeping the content as it is.
   */
  app.post('/postings/:postingId/renew', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const organisation = coopOf(ctx);
    const posting = await findPosting(ctx, idParam(request.params, 'postingId'));
    const values = (request.body ?? {}) as Record<string, unknown>;
    const fullForm = 'title' in values;
    const dates = parseForm(renewForm, values);
    return unlessRefused(
      async () => {
        const saved = await renewPosting(ctx, posting.id, {
          validThrough: dates.ok ? dates.data.validThrough : null,
          form: fullForm ? readPostingForm(values) : null,
          fieldErrors: dates.ok ? {} : dates.errors,
        });
        const notice = saved.status === 'published' ? 'renewed' : 'submitted';
        return reply.redirect(`${postingPath(organisation, posting.id)}?notice=${notice}`, 303);
      },
      (errors) =>
        refuseForm(
          request,
          reply,
          { mode: 'renew', posting: { ...posting, moderationNote: null, pendingRevision: null } },
          {
            values: fullForm ? values : { ...formValues(draftFromPosting(posting)), ...values },
            errors,
            formError: 'workspace.posting.publishBlocked',
          },
        ),
    );
  });
}
