import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isMessageKey, type MessageKey } from '../../i18n/index.js';
import { instantFormatter } from '../../lib/dates.js';
import { ConflictError } from '../../lib/errors.js';
import { idParam, pageQuery, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { paginate } from '../../lib/pagination.js';
import { renderRefusedForm } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { postingLabels, returnForm } from './postings.forms.js';
import {
  listPostingsInReview,
  type Moderation,
  moderatePosting,
  POSTINGS_PAGE_SIZE,
  postingDetail,
  revisionUnderReview,
} from './postings.service.js';

const notices: Record<string, MessageKey> = {
  published: 'console.notice.published',
  returned: 'console.notice.returned',
};

function pageHref(page: number) {
  return page > 1 ? `/console/postings?page=${page}` : '/console/postings';
}

/** /console/postings…: the secretariat reviews the postings of organisations it does not yet trust. */
export default async function postingsConsoleRoutes(app: FastifyInstance) {
  const secretariat = access('secretariat');

  /** What every console page needs: the menu's section and the Tokyo-time formatter. */
  const consolePage = (request: FastifyRequest) => ({
    noindex: true,
    section: 'postings',
    at: instantFormatter(request.locale),
  });

  app.get('/postings', secretariat, async (request, reply) => {
    const { page } = pageQuery.parse(request.query ?? {});
    const { postings, total } = await listPostingsInReview(serviceContext(request), page);
    return reply.view('console/postings.eta', {
      ...consolePage(request),
      postings,
      total,
      notice: noticeFrom(request, notices),
      pagination: paginate(page, total, POSTINGS_PAGE_SIZE),
      pageHref,
    });
  });

  /** A value of the posting as the secretariat reads it: choices and yes/no in words, the workplace by name. */
  function valueText(
    request: FastifyRequest,
    field: string,
    value: unknown,
    workplaces: Map<number, string>,
  ) {
    const t = request.t;
    const word = (key: string) => (isMessageKey(key) ? t(key) : key);
    if (value === null || value === undefined || value === '') return t('job.none');
    if (typeof value === 'boolean')
      return t(value ? 'console.posting.revision.yes' : 'console.posting.revision.no');
    if (Array.isArray(value))
      return value.length
        ? value.map((tag) => word(`welcome.${tag}`)).join(request.locale === 'ja' ? '、' : ', ')
        : t('job.none');
    if (field === 'workplaceId') return workplaces.get(Number(value)) ?? String(value);
    const choice: Record<string, string> = {
      field: 'field.',
      employmentForm: 'employmentForm.',
      contractType: 'job.contractType.',
      wageUnit: 'job.wageUnit.',
    };
    const prefix = choice[field];
    if (prefix) return word(`${prefix}${value}`);
    if (field === 'workStart' || field === 'workEnd') return String(value).slice(0, 5);
    return String(value);
  }

  async function reviewPage(request: FastifyRequest) {
    const ctx = serviceContext(request);
    const detail = await postingDetail(ctx, idParam(request.params, 'postingId'));
    const revision = await revisionUnderReview(ctx, detail.posting);
    if (!revision) return { ...consolePage(request), ...detail, revision: null };
    const changes = revision.fields.map((field) => {
      const key = field as keyof typeof revision.before;
      return {
        label: request.t(postingLabels[field] ?? 'console.posting.revision.field'),
        before: valueText(request, field, revision.before[key], revision.workplaceNames),
        after: valueText(request, field, revision.after[key], revision.workplaceNames),
      };
    });
    // The sheet shows the posting as it will be once the edit is applied; the table says what changed.
    return {
      ...consolePage(request),
      ...detail,
      posting: { ...detail.posting, ...revision.after, status: detail.posting.status },
      revision: { changes },
    };
  }

  app.get('/postings/:postingId', secretariat, async (request, reply) =>
    reply.view('console/posting.eta', { ...(await reviewPage(request)), values: {}, errors: {} }),
  );

  /** Carries out a decision; one that can no longer be made is shown on the review page (409). */
  async function decide(
    request: FastifyRequest,
    reply: FastifyReply,
    moderation: Moderation,
    values: Record<string, unknown>,
  ) {
    try {
      await moderatePosting(serviceContext(request), idParam(request.params, 'postingId'), moderation);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return renderRefusedForm(
        request,
        reply,
        'console/posting.eta',
        { values, errors: {}, formError: error.messageKey },
        { status: 409, data: await reviewPage(request) },
      );
    }
    return reply.redirect(`/console/postings?notice=${moderation.publish ? 'published' : 'returned'}`, 303);
  }

  app.post('/postings/:postingId/publish', secretariat, async (request, reply) =>
    decide(request, reply, { publish: true }, {}),
  );

  app.post('/postings/:postingId/return', secretariat, async (request, reply) => {
    const form = parseForm(returnForm, request.body);
    if (!form.ok)
      return renderRefusedForm(request, reply, 'console/posting.eta', form, {
        data: await reviewPage(request),
      });
    return decide(request, reply, { publish: false, note: form.data.note }, form.data);
  });
}
