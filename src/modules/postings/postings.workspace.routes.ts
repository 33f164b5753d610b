import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  contractTypes,
  employmentForms,
  jobFields,
  type Organisation,
  type PostingStatus,
  wageUnits,
  welcomeTags,
} from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { addDays, todayInTokyo } from '../../lib/dates.js';
import { NotFoundError } from '../../lib/errors.js';
import { formIdField } from '../../lib/form-fields.js';
import { type FormErrors, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { access, currentUser } from '../../plugins/guards.js';
import { acceptedEngagements } from '../jobs/jobs.service.js';
import { listWorkplaces } from '../workspace/workspace.service.js';
import {
  draftGaps,
  formValues,
  intentOf,
  postingLabels,
  postingParams,
  readPostingForm,
  renewForm,
} from './postings.forms.js';
import { MAX_VALIDITY_MONTHS } from './postings.rules.js';
import {
  type Actor,
  createPosting,
  DEFAULT_VALID_DAYS,
  draftFromPosting,
  duplicatePosting,
  editable,
  endPosting,
  findPosting,
  postingProblems,
  previewDetail,
  publishPosting,
  publishProblems,
  renewable,
  renewPosting,
  type SaveResult,
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
};

function statusNotice(status: PostingStatus): string {
  return status === 'published' ? 'published' : status === 'in_review' ? 'submitted' : 'saved';
}

function organisationOf(request: FastifyRequest): Organisation {
  if (!request.organisation) throw new NotFoundError();
  return request.organisation;
}

/** Postings are a co-op's: other kinds of organisation have none to manage. */
function coopOf(request: FastifyRequest): Organisation {
  const organisation = organisationOf(request);
  if (organisation.kind !== 'coop') throw new NotFoundError();
  return organisation;
}

function postingIdOf(request: FastifyRequest): number {
  const parsed = postingParams.safeParse(request.params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.postingId;
}

/** /workspace/:organisationId/postings…: a co-op's staff write, publish and keep up their 求人票. */
export default async function postingsWorkspaceRoutes(app: FastifyInstance) {
  const member = access('organisation_member');

  const actorOf = (request: FastifyRequest): Actor => ({
    userId: currentUser(request).id,
    organisation: organisationOf(request),
    now: app.clock(),
    locale: request.locale,
    publicUrl: app.config.PUBLIC_URL,
  });
  const base = (organisation: Organisation) => `/workspace/${organisation.id}`;

  /** Every posting page: never indexed, with the organisation and its address. */
  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    data: Record<string, unknown>,
    status = 200,
  ) {
    const organisation = organisationOf(request);
    return reply.code(status).view(page, {
      noindex: true,
      values: {},
      errors: {},
      organisation,
      base: base(organisation),
      canPublish: organisation.approvalState === 'approved',
      notice: noticeFrom(request, notices),
      ...data,
    });
  }

  async function postingPage(
    request: FastifyRequest,
    reply: FastifyReply,
    data: {
      mode: 'new' | 'edit' | 'renew';
      postingId?: number;
      status?: PostingStatus;
      moderationNote?: string | null;
      values: Record<string, unknown>;
      errors: FormErrors;
      formId?: string;
      formError?: MessageKey | null;
      /** Problems that would stop publishing, shown as a checklist on a draft. */
      readiness?: FormErrors;
    },
    status = 200,
  ) {
    const organisation = coopOf(request);
    const today = todayInTokyo(app.clock());
    const titles = {
      new: 'workspace.posting.newTitle',
      edit: 'workspace.posting.editTitle',
      renew: 'workspace.posting.renewTitle',
    } as const;
    const order = Object.keys(postingLabels);
    const position = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
    const labelled = (errors: FormErrors) =>
      Object.entries(errors)
        .sort(([a], [b]) => position(a) - position(b))
        .map(([field, error]) => ({
          field,
          label: request.t(postingLabels[field] ?? 'form.errorSummary'),
          message: request.t(error.key, error.params),
        }));
    return render(
      request,
      reply,
      'workspace/posting-form.eta',
      {
        title: request.t(titles[data.mode]),
        ...data,
        errorList: labelled(data.errors),
        readinessList: data.readiness ? labelled(data.readiness) : [],
        workplaces: await listWorkplaces(app.db, organisation.id),
        jobFields,
        employmentForms,
        contractTypes,
        wageUnits,
        welcomeTags,
        today,
        maxValidityMonths: MAX_VALIDITY_MONTHS,
      },
      status,
    );
  }

  app.get('/postings/new', member, async (request, reply) => {
    coopOf(request);
    const today = todayInTokyo(app.clock());
    return postingPage(request, reply, {
      mode: 'new',
      formId: randomUUID(),
      values: { validThrough: addDays(today, DEFAULT_VALID_DAYS), openings: '1' },
      errors: {},
    });
  });

  app.post('/postings', member, async (request, reply) => {
    const organisation = coopOf(request);
    const values = (request.body ?? {}) as Record<string, unknown>;
    const formId = formIdField.safeParse(values.formId);
    const publish = intentOf(values) === 'publish';
    const again = (errors: FormErrors, formError: MessageKey | null = null) =>
      postingPage(
        request,
        reply,
        {
          mode: 'new',
          // A form that came without its id gets a new one: nothing was created from it.
          formId: formId.success ? formId.data : randomUUID(),
          values,
          errors,
          formError,
        },
        422,
      );
    if (!formId.success) return again({}, 'workspace.form.resubmit');
    const actor = actorOf(request);
    const { draft, errors } = readPostingForm(values);
    if (Object.keys(errors).length > 0) {
      const more = await postingProblems(
        app.db,
        actor,
        draft,
        publish ? { postedOn: todayInTokyo(actor.now) } : null,
      );
      return again({ ...more, ...errors }, publish ? 'workspace.posting.publishBlocked' : null);
    }
    const result = await createPosting(app.db, actor, draft, { formId: formId.data, publish });
    if (!result.ok) return again(result.errors, publish ? 'workspace.posting.publishBlocked' : null);
    const notice = result.status === 'draft' ? 'created' : statusNotice(result.status);
    return reply.redirect(`${base(organisation)}/postings/${result.postingId}?notice=${notice}`, 303);
  });

  /** The posting's page: its form while it can be edited, else a summary with what can be done next. */
  app.get('/postings/:postingId', member, async (request, reply) => {
    const organisation = coopOf(request);
    const posting = await findPosting(app.db, organisation.id, postingIdOf(request));
    const draft = draftFromPosting(posting);
    if (!editable(posting.status)) {
      return render(request, reply, 'workspace/posting-ended.eta', {
        title: posting.title,
        posting,
        formId: randomUUID(),
      });
    }
    const today = todayInTokyo(app.clock());
    const readiness =
      posting.status === 'published'
        ? {}
        : { ...draftGaps(draft), ...(await publishProblems(app.db, actorOf(request), draft, today)) };
    return postingPage(request, reply, {
      mode: 'edit',
      postingId: posting.id,
      status: posting.status,
      moderationNote: posting.moderationNote,
      values: formValues(draft),
      errors: {},
      readiness,
      formId: randomUUID(),
    });
  });

  async function afterSave(
    request: FastifyRequest,
    reply: FastifyReply,
    result: SaveResult,
    before: PostingStatus,
    onErrors: (errors: FormErrors) => Promise<unknown>,
  ) {
    if (!result.ok) return onErrors(result.errors);
    const organisation = organisationOf(request);
    const notice = result.status === before ? 'saved' : statusNotice(result.status);
    return reply.redirect(`${base(organisation)}/postings/${result.postingId}?notice=${notice}`, 303);
  }

  app.post('/postings/:postingId', member, async (request, reply) => {
    const organisation = coopOf(request);
    const posting = await findPosting(app.db, organisation.id, postingIdOf(request));
    const values = (request.body ?? {}) as Record<string, unknown>;
    const publish = intentOf(values) === 'publish';
    const again = (errors: FormErrors, formError: MessageKey | null = null) =>
      postingPage(
        request,
        reply,
        {
          mode: 'edit',
          postingId: posting.id,
          status: posting.status,
          moderationNote: posting.moderationNote,
          values,
          errors,
          formError,
          formId: randomUUID(),
        },
        422,
      );
    const actor = actorOf(request);
    const publishing = publish || posting.status === 'published';
    const blocked = publishing ? 'workspace.posting.publishBlocked' : null;
    const { draft, errors } = readPostingForm(values);
    if (Object.keys(errors).length > 0) {
      const postedOn = posting.status === 'published' ? posting.postedOn : todayInTokyo(actor.now);
      const more = await postingProblems(app.db, actor, draft, publishing ? { postedOn } : null);
      return again({ ...more, ...errors }, blocked);
    }
    const result = await updatePosting(app.db, actor, posting.id, draft, { publish });
    return afterSave(request, reply, result, posting.status, (problems) => again(problems, blocked));
  });

  app.get('/postings/:postingId/preview', member, async (request, reply) => {
    const organisation = coopOf(request);
    const today = todayInTokyo(app.clock());
    const detail = await previewDetail(app.db, organisation, postingIdOf(request), today);
    // The public template as it will look, with a banner saying it is a preview (show.eta's `preview`).
    return reply
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex, nofollow')
      .view('jobs/show.eta', {
        ...detail,
        engagements: acceptedEngagements(detail.posting),
        jsonLd: null,
        canonical: null,
        preview: {
          status: detail.posting.status,
          back: `${base(organisation)}/postings/${detail.posting.id}`,
        },
      });
  });

  app.post('/postings/:postingId/publish', member, async (request, reply) => {
    const organisation = coopOf(request);
    const postingId = postingIdOf(request);
    const result = await publishPosting(app.db, actorOf(request), postingId);
    return afterSave(request, reply, result, 'draft', async (errors) => {
      const posting = await findPosting(app.db, organisation.id, postingId);
      return postingPage(
        request,
        reply,
        {
          mode: 'edit',
          postingId,
          status: posting.status,
          moderationNote: posting.moderationNote,
          values: formValues(draftFromPosting(posting)),
          errors,
          formError: 'workspace.posting.publishBlocked',
          formId: randomUUID(),
        },
        422,
      );
    });
  });

  for (const [action, outcome] of [
    ['close', 'closed'],
    ['fill', 'filled'],
  ] as const) {
    app.post(`/postings/:postingId/${action}`, member, async (request, reply) => {
      const organisation = coopOf(request);
      const postingId = postingIdOf(request);
      await endPosting(app.db, actorOf(request), postingId, outcome);
      return reply.redirect(`${base(organisation)}/postings/${postingId}?notice=${outcome}`, 303);
    });
  }

  app.post('/postings/:postingId/duplicate', member, async (request, reply) => {
    const organisation = coopOf(request);
    const formId = formIdField.safeParse((request.body as { formId?: unknown } | undefined)?.formId);
    const copyId = await duplicatePosting(app.db, actorOf(request), postingIdOf(request), {
      formId: formId.success ? formId.data : null,
      titleSuffix: request.t('workspace.posting.copySuffix'),
    });
    return reply.redirect(`${base(organisation)}/postings/${copyId}?notice=duplicated`, 303);
  });

  app.get('/postings/:postingId/renew', member, async (request, reply) => {
    const organisation = coopOf(request);
    const posting = await findPosting(app.db, organisation.id, postingIdOf(request));
    if (!renewable(posting.status)) throw new NotFoundError();
    const today = todayInTokyo(app.clock());
    return postingPage(request, reply, {
      mode: 'renew',
      postingId: posting.id,
      status: posting.status,
      values: {
        ...formValues(draftFromPosting(posting)),
        validThrough: addDays(today, DEFAULT_VALID_DAYS),
      },
      errors: {},
    });
  });

  /**
   * Renewing takes the whole form (content may change on the way back) or just a new valid-through
   * date, keeping the content as it is.
   */
  app.post('/postings/:postingId/renew', member, async (request, reply) => {
    const organisation = coopOf(request);
    const posting = await findPosting(app.db, organisation.id, postingIdOf(request));
    const values = (request.body ?? {}) as Record<string, unknown>;
    const fullForm = 'title' in values;
    const again = (errors: FormErrors) =>
      postingPage(
        request,
        reply,
        {
          mode: 'renew',
          postingId: posting.id,
          status: posting.status,
          values: fullForm ? values : { ...formValues(draftFromPosting(posting)), ...values },
          errors,
          formError: 'workspace.posting.publishBlocked',
        },
        422,
      );
    const actor = actorOf(request);
    const dates = parseForm(renewForm, values);
    const form = fullForm ? readPostingForm(values) : null;
    const fieldErrors = { ...(form?.errors ?? {}), ...(dates.ok ? {} : dates.errors) };
    if (Object.keys(fieldErrors).length > 0) {
      const draft = form?.draft ?? draftFromPosting(posting);
      const more = await postingProblems(app.db, actor, draft, { postedOn: todayInTokyo(actor.now) });
      return again({ ...more, ...fieldErrors });
    }
    const result = await renewPosting(app.db, actor, posting.id, {
      validThrough: dates.ok ? dates.data.validThrough : null,
      draft: form?.draft ?? null,
    });
    if (!result.ok) return again(result.errors);
    return reply.redirect(
      `${base(organisation)}/postings/${posting.id}?notice=${result.status === 'published' ? 'renewed' : 'submitted'}`,
      303,
    );
  });
}
