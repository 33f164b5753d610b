import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { approvalStates } from '../../db/schema/index.js';
import { isMessageKey, type MessageKey } from '../../i18n/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { type FormErrors, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { paginate } from '../../lib/pagination.js';
import { access, currentUser } from '../../plugins/guards.js';
import { idFrom } from '../membership/membership.forms.js';
import { instantFormatter } from './console.format.js';
import {
  approveForm,
  declineForm,
  organisationsQuery,
  pageQuery,
  trustForm,
  usersQuery,
} from './console.forms.js';
import {
  AUDIT_PAGE_SIZE,
  auditPage,
  dashboardCounts,
  decideApplication,
  listOrganisations,
  listUsers,
  ORGANISATIONS_PAGE_SIZE,
  organisationDetail,
  recordUsersView,
  setTrusted,
  USERS_PAGE_SIZE,
} from './console.service.js';

const notices: Record<string, MessageKey> = {
  approved: 'console.notice.approved',
  declined: 'console.notice.declined',
  trust_changed: 'console.notice.trustChanged',
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
    if (request.method === 'POST' && reply.statusCode === 303) app.publicCache.invalidate();
  });

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    data: Record<string, unknown>,
    status = 200,
  ) {
    const t = request.t;
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .view(page, {
        values: {},
        errors: {},
        noindex: true,
        at: instantFormatter(request.locale),
        section: '',
        // Audit actions of every module: a label where the catalogue has one, else the action's name.
        actionLabel: (action: string) => {
          const key = `console.action.${action}`;
          return isMessageKey(key) ? t(key) : action;
        },
        ...data,
      });
  }

  app.get('/console', secretariat, async (request, reply) => {
    const now = app.clock();
    const [counts, recent] = await Promise.all([dashboardCounts(app.db, now), auditPage(app.db, 1)]);
    return render(request, reply, 'console/index.eta', {
      section: 'dashboard',
      counts,
      // Staff actions; the record of looking at the users list stays on the audit page.
      entries: recent.entries.filter((entry) => entry.action !== 'console.users_view').slice(0, 10),
    });
  });

  // ------------------------------------------------------------------------------------------------
  // Organisations

  app.get('/console/organisations', secretariat, async (request, reply) => {
    const { state, page } = organisationsQuery.parse(request.query ?? {});
    const { organisations, total } = await listOrganisations(app.db, state, page);
    return render(request, reply, 'console/organisations.eta', {
      section: 'organisations',
      state,
      states: approvalStates,
      organisations,
      total,
      notice: noticeFrom(request, notices),
      pagination: paginate(page, total, ORGANISATIONS_PAGE_SIZE),
      pageHref: pageHref('/console/organisations', { state }),
    });
  });

  async function organisationPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: FormErrors; formError?: MessageKey } = {},
    status = 200,
  ) {
    const detail = await organisationDetail(app.db, idParam(request, 'organisationId'));
    return render(
      request,
      reply,
      'console/organisation.eta',
      { section: 'organisations', ...detail, notice: noticeFrom(request, notices), ...extra },
      status,
    );
  }

  app.get('/console/organisations/:organisationId', secretariat, async (request, reply) =>
    organisationPage(request, reply),
  );

  app.post('/console/organisations/:organisationId/approve', secretariat, async (request, reply) => {
    const organisationId = idParam(request, 'organisationId');
    const form = parseForm(approveForm, request.body);
    const trusted = form.ok ? form.data.trusted : false;
    const result = await decideApplication(
      app.db,
      currentUser(request),
      organisationId,
      { approve: true, trusted },
      app.clock(),
      links,
    );
    if (result === 'not_found') throw new NotFoundError();
    if (result === 'not_pending') {
      return organisationPage(request, reply, { formError: 'console.organisation.alreadyDecided' }, 409);
    }
    return reply.redirect('/console/organisations?notice=approved', 303);
  });

  app.post('/console/organisations/:organisationId/decline', secretariat, async (request, reply) => {
    const organisationId = idParam(request, 'organisationId');
    const form = parseForm(declineForm, request.body);
    if (!form.ok) return organisationPage(request, reply, { values: form.values, errors: form.errors }, 422);
    const result = await decideApplication(
      app.db,
      currentUser(request),
      organisationId,
      { approve: false, reason: form.data.reason },
      app.clock(),
      links,
    );
    if (result === 'not_found') throw new NotFoundError();
    if (result === 'not_pending') {
      return organisationPage(request, reply, { formError: 'console.organisation.alreadyDecided' }, 409);
    }
    return reply.redirect('/console/organisations?notice=declined', 303);
  });

  app.post('/console/organisations/:organisationId/trust', secretariat, async (request, reply) => {
    const organisationId = idParam(request, 'organisationId');
    const form = parseForm(trustForm, request.body);
    const trusted = form.ok ? form.data.trusted : false;
    const result = await setTrusted(app.db, currentUser(request), organisationId, trusted, app.clock());
    if (result === 'not_found') throw new NotFoundError();
    if (result === 'not_approved') {
      return organisationPage(request, reply, { formError: 'console.organisation.notApproved' }, 409);
    }
    return reply.redirect(`/console/organisations/${organisationId}?notice=trust_changed`, 303);
  });

  // ------------------------------------------------------------------------------------------------
  // Users and the audit log

  app.get('/console/users', secretariat, async (request, reply) => {
    const { page, q } = usersQuery.parse(request.query ?? {});
    const { users, total } = await listUsers(app.db, page, q);
    await recordUsersView(app.db, currentUser(request), { page, searched: q !== '' }, app.clock());
    return render(request, reply, 'console/users.eta', {
      section: 'users',
      users,
      total,
      q,
      pagination: paginate(page, total, USERS_PAGE_SIZE),
      pageHref: pageHref('/console/users', q ? { q } : {}),
    });
  });

  app.get('/console/audit', secretariat, async (request, reply) => {
    const { page } = pageQuery.parse(request.query ?? {});
    const { entries, total } = await auditPage(app.db, page);
    return render(request, reply, 'console/audit.eta', {
      section: 'audit',
      entries,
      total,
      pagination: paginate(page, total, AUDIT_PAGE_SIZE),
      pageHref: pageHref('/console/audit'),
    });
  });
}
