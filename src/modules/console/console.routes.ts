import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../../i18n/index.js';
import { instantFormatter } from '../../lib/dates.js';
import { NotFoundError } from '../../lib/errors.js';
import { type FormErrors, idFrom, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { paginate } from '../../lib/pagination.js';
import { access, currentUser } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { auditRows } from '../audit/audit.format.js';
import { pageQuery, returnForm, usersQuery } from './console.forms.js';
import {
  dashboardCounts,
  listPostingsInReview,
  listUsers,
  moderatePosting,
  POSTINGS_PAGE_SIZE,
  postingDetail,
  recordUsersView,
  USERS_PAGE_SIZE,
} from './console.service.js';

const notices: Record<string, MessageKey> = {
  published: 'console.notice.published',
  returned: 'console.notice.returned',
};

/** Page links that keep the other query parameters. */
function pageHref(path: string, params: Record<string, string> = {}) {
  return (page: number) => {
    const query = new URLSearchParams({ ...params, ...(page > 1 ? { page: String(page) } : {}) }).toString();
    return query ? `${path}?${query}` : path;
  };
}

function idParam(request: FastifyRequest, name: string): number {
  const id = idFrom((request.params as Record<string, string | undefined>)[name]);
  if (id === null) throw new NotFoundError();
  return id;
}

export default async function consoleRoutes(app: FastifyInstance) {
  const links = { publicUrl: app.config.PUBLIC_URL };
  const secretariat = access('secretariat');

  // Publishing a reviewed posting or deciding on an organisation changes what the public sees: clear the
  // short-lived public caches (scoped to this plugin's routes).
  app.addHook('onSend', async (request, reply) => {
    if (request.method === 'POST' && reply.statusCode === 303) await app.publicCache.invalidate();
  });

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    data: Record<string, unknown>,
    status = 200,
  ) {
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .view(page, {
        values: {},
        errors: {},
        noindex: true,
        at: instantFormatter(request.locale),
        section: '',
        ...data,
      });
  }

  app.get('/console', secretariat, async (request, reply) => {
    const now = app.clock();
    const [counts, entries] = await Promise.all([
      dashboardCounts(app.db, now),
      // Staff actions; the record of looking at the users list stays on the audit page.
      auditRows(serviceContext(request), { limit: 10, excluding: ['console.users_view'] }),
    ]);
    return render(request, reply, 'console/index.eta', { section: 'dashboard', counts, entries });
  });

  // ------------------------------------------------------------------------------------------------
  // Postings to moderate

  app.get('/console/postings', secretariat, async (request, reply) => {
    const { page } = pageQuery.parse(request.query ?? {});
    const { postings, total } = await listPostingsInReview(app.db, page);
    return render(request, reply, 'console/postings.eta', {
      section: 'postings',
      postings,
      total,
      notice: noticeFrom(request, notices),
      pagination: paginate(page, total, POSTINGS_PAGE_SIZE),
      pageHref: pageHref('/console/postings'),
    });
  });

  async function postingPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: FormErrors; formError?: MessageKey } = {},
    status = 200,
  ) {
    const detail = await postingDetail(app.db, idParam(request, 'postingId'));
    return render(
      request,
      reply,
      'console/posting.eta',
      { section: 'postings', ...detail, ...extra },
      status,
    );
  }

  app.get('/console/postings/:postingId', secretariat, async (request, reply) => postingPage(request, reply));

  app.post('/console/postings/:postingId/publish', secretariat, async (request, reply) => {
    const result = await moderatePosting(
      app.db,
      currentUser(request),
      idParam(request, 'postingId'),
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

  app.post('/console/postings/:postingId/return', secretariat, async (request, reply) => {
    const postingId = idParam(request, 'postingId');
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

  // ------------------------------------------------------------------------------------------------
  // Users

  app.get('/console/users', secretariat, async (request, reply) => {
    const { page, q } = usersQuery.parse(request.query ?? {});
    const { users, total } = await listUsers(app.db, page, q);
    await recordUsersView(serviceContext(request), { page, searched: q !== '' });
    return render(request, reply, 'console/users.eta', {
      section: 'users',
      users,
      total,
      q,
      pagination: paginate(page, total, USERS_PAGE_SIZE),
      pageHref: pageHref('/console/users', q ? { q } : {}),
    });
  });
}
