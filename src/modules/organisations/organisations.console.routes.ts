import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { approvalStates } from '../../db/schema/index.js';
import { isMessageKey, type MessageKey } from '../../i18n/index.js';
import { instantFormatter } from '../../lib/dates.js';
import { ConflictError } from '../../lib/errors.js';
import { type FormErrors, idParam, pageNumber, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { paginate } from '../../lib/pagination.js';
import { renderPrivatePage, renderRefusedForm } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import {
  APPLICATIONS_PAGE_SIZE,
  decideApplication,
  listByApprovalState,
  organisationDetail,
  setTrusted,
} from './applications.service.js';
import { approveForm, declineForm, trustForm } from './organisations.forms.js';

const notices: Record<string, MessageKey> = {
  approved: 'console.notice.approved',
  declined: 'console.notice.declined',
  trust_changed: 'console.notice.trustChanged',
};

const listQuery = z.object({
  state: z.enum(approvalStates).catch('pending').default('pending'),
  page: pageNumber,
});

/** The secretariat's side of an organisation's lifecycle: applications to decide, and trust. */
export default async function organisationsConsoleRoutes(app: FastifyInstance) {
  const secretariat = access('secretariat');

  app.get('/organisations', secretariat, async (request, reply) => {
    const { state, page } = listQuery.parse(request.query ?? {});
    const { organisations, total } = await listByApprovalState(serviceContext(request), state, page);
    const query = (n: number) => new URLSearchParams({ state, ...(n > 1 ? { page: String(n) } : {}) });
    return renderPrivatePage(reply, 'console/organisations.eta', {
      section: 'organisations',
      at: instantFormatter(request.locale),
      state,
      states: approvalStates,
      organisations,
      total,
      notice: noticeFrom(request, notices),
      pagination: paginate(page, total, APPLICATIONS_PAGE_SIZE),
      pageHref: (n: number) => `/console/organisations?${query(n)}`,
    });
  });

  /** The organisation's page; after a refused decision, again with what was typed and why (422 or 409). */
  async function organisationPage(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { values?: Record<string, unknown>; errors?: FormErrors; conflict?: ConflictError },
  ) {
    const detail = await organisationDetail(
      serviceContext(request),
      idParam(request.params, 'organisationId'),
    );
    const data = {
      section: 'organisations',
      at: instantFormatter(request.locale),
      ...detail,
      notice: noticeFrom(request, notices),
    };
    if (!refused) return renderPrivatePage(reply, 'console/organisation.eta', data);
    const formError =
      refused.conflict && isMessageKey(refused.conflict.messageKey) ? refused.conflict.messageKey : null;
    return renderRefusedForm(
      request,
      reply,
      'console/organisation.eta',
      { values: refused.values ?? {}, errors: refused.errors ?? {}, formError },
      { status: refused.conflict ? 409 : 422, labels: { reason: 'console.organisation.reason' }, data },
    );
  }

  /** Runs a decision; one another secretariat member made first shows the page again at 409. */
  async function decide(
    request: FastifyRequest,
    reply: FastifyReply,
    change: () => Promise<void>,
    then: string,
  ) {
    try {
      await change();
      return reply.redirect(then, 303);
    } catch (error) {
      if (error instanceof ConflictError) return organisationPage(request, reply, { conflict: error });
      throw error;
    }
  }

  app.get('/organisations/:organisationId', secretariat, async (request, reply) =>
    organisationPage(request, reply),
  );

  app.post('/organisations/:organisationId/approve', secretariat, async (request, reply) => {
    const form = parseForm(approveForm, request.body);
    const trusted = form.ok ? form.data.trusted : false;
    return decide(
      request,
      reply,
      () =>
        decideApplication(serviceContext(request), idParam(request.params, 'organisationId'), {
          approve: true,
          trusted,
        }),
      '/console/organisations?notice=approved',
    );
  });

  app.post('/organisations/:organisationId/decline', secretariat, async (request, reply) => {
    const form = parseForm(declineForm, request.body);
    if (!form.ok) return organisationPage(request, reply, form);
    const reason = form.data.reason;
    return decide(
      request,
      reply,
      () =>
        decideApplication(serviceContext(request), idParam(request.params, 'organisationId'), {
          approve: false,
          reason,
        }),
      '/console/organisations?notice=declined',
    );
  });

  app.post('/organisations/:organisationId/trust', secretariat, async (request, reply) => {
    const organisationId = idParam(request.params, 'organisationId');
    const form = parseForm(trustForm, request.body);
    const trusted = form.ok ? form.data.trusted : false;
    return decide(
      request,
      reply,
      () => setTrusted(serviceContext(request), organisationId, trusted),
      `/console/organisations/${organisationId}?notice=trust_changed`,
    );
  });
}
