import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../../i18n/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { type FormErrors, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { paginate } from '../../lib/pagination.js';
import { access, currentUser } from '../../plugins/guards.js';
import { instantFormatter } from '../console/console.format.js';
import { pageQuery, postingParams, returnForm } from './postings.forms.js';
import {
  listPostingsInReview,
  moderatePosting,
  POSTINGS_PAGE_SIZE,
  postingDetail,
} from './postings.service.js';

const notices: Record<string, MessageKey> = {
  published: 'console.notice.published',
  returned: 'console.notice.returned',
};

function pageHref(page: number) {
  return page > 1 ? `/console/postings?page=${page}` : '/console/postings';
}

function postingIdOf(request: FastifyRequest): number {
  const parsed = postingParams.safeParse(request.params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.postingId;
}

/** /console/postings…: the secretariat reviews the postings of organisations it does not yet trust. */
export default async function postingsConsoleRoutes(app: FastifyInstance) {
  const links = { publicUrl: app.config.PUBLIC_URL };
  const secretariat = access('secretariat');

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    data: Record<string, unknown>,
    status = 200,
  ) {
    return reply.code(status).view(page, {
      values: {},
      errors: {},
      noindex: true,
      at: instantFormatter(request.locale),
      section: 'postings',
      ...data,
    });
  }

  app.get('/postings', secretariat, async (request, reply) => {
    const { page } = pageQuery.parse(request.query ?? {});
    const { postings, total } = await listPostingsInReview(app.db, page);
    return render(request, reply, 'console/postings.eta', {
      section: 'postings',
      postings,
      total,
      notice: noticeFrom(request, notices),
      pagination: paginate(page, total, POSTINGS_PAGE_SIZE),
      pageHref,
    });
  });

  async function postingPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: FormErrors; formError?: MessageKey } = {},
    status = 200,
  ) {
    const detail = await postingDetail(app.db, postingIdOf(request));
    return render(
      request,
      reply,
      'console/posting.eta',
      { section: 'postings', ...detail, ...extra },
      status,
    );
  }

  app.get('/postings/:postingId', secretariat, async (request, reply) => postingPage(request, reply));

  app.post('/postings/:postingId/publish', secretariat, async (request, reply) => {
    const result = await moderatePosting(
      app.db,
      currentUser(request),
      postingIdOf(request),
      { publish: true },
      app.clock(),
      links,
    );
    if (result === 'not_found') throw new NotFoundError();
    if (result === 'not_in_review') {
      return postingPage(request, reply, { formError: 'console.posting.notInReview' }, 409);
    }
    if (result === 'expired')
      return postingPage(request, reply, { formError: 'console.posting.expired' }, 409);
    if (result === 'rules')
      return postingPage(request, reply, { formError: 'console.posting.rulesFailed' }, 409);
    return reply.redirect('/console/postings?notice=published', 303);
  });

  app.post('/postings/:postingId/return', secretariat, async (request, reply) => {
    const postingId = postingIdOf(request);
    const form = parseForm(returnForm, request.body);
    if (!form.ok) return postingPage(request, reply, { values: form.values, errors: form.errors }, 422);
    const result = await moderatePosting(
      app.db,
      currentUser(request),
      postingId,
      { publish: false, note: form.data.note },
      app.clock(),
      links,
    );
    if (result === 'not_found') throw new NotFoundError();
    if (result !== 'done')
      return postingPage(request, reply, { formError: 'console.posting.notInReview' }, 409);
    return reply.redirect('/console/postings?notice=returned', 303);
  });
}
