import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { instantFormatter } from '../../lib/dates.js';
import { paginate } from '../../lib/pagination.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { auditRows } from '../audit/audit.format.js';
import { usersQuery } from './console.forms.js';
import { dashboardCounts, listUsers, recordUsersView, USERS_PAGE_SIZE } from './console.service.js';

/** Page links that keep the other query parameters. */
function pageHref(path: string, params: Record<string, string> = {}) {
  return (page: number) => {
    const query = new URLSearchParams({ ...params, ...(page > 1 ? { page: String(page) } : {}) }).toString();
    return query ? `${path}?${query}` : path;
  };
}

/**
 * The secretariat's own pages: the dashboard and the users list. Each domain's console pages (postings to
 * review, organisations, minimum wages, requests, courses, the audit log) live in its module.
 */
export default async function consoleRoutes(app: FastifyInstance) {
  const secretariat = access('secretariat');

  function render(request: FastifyRequest, reply: FastifyReply, page: string, data: Record<string, unknown>) {
    return reply.view(page, {
      values: {},
      errors: {},
      noindex: true,
      at: instantFormatter(request.locale),
      section: '',
      ...data,
    });
  }

  app.get('/', secretariat, async (request, reply) => {
    const ctx = serviceContext(request);
    const [counts, entries] = await Promise.all([
      dashboardCounts(ctx.db, ctx.now),
      // Staff actions; the record of looking at the users list stays on the audit page.
      auditRows(ctx, { limit: 10, excluding: ['console.users_view'] }),
    ]);
    return render(request, reply, 'console/index.eta', { section: 'dashboard', counts, entries });
  });

  app.get('/users', secretariat, async (request, reply) => {
    const { page, q } = usersQuery.parse(request.query ?? {});
    const ctx = serviceContext(request);
    const { users, total } = await listUsers(ctx.db, page, q);
    await recordUsersView(ctx, { page, searched: q !== '' });
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
