import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { foundingStages } from '../../db/schema/index.js';
import { ConflictError } from '../../lib/errors.js';
import { idParam, parseForm, single } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { renderPrivatePage } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { supporterForm } from './founding.forms.js';
import {
  assignSupporter,
  listGroups,
  supporterCandidates,
  viewGroupAsSecretariat,
} from './founding.service.js';

/** /console/founding: the secretariat lists founding groups by stage and assigns their supporters. */
export default async function foundingConsoleRoutes(app: FastifyInstance) {
  const secretariat = access('secretariat');

  app.get('/founding', secretariat, async (request, reply) => {
    const raw = single((request.query as { stage?: unknown }).stage);
    const stage = (foundingStages as readonly string[]).includes(raw)
      ? (raw as (typeof foundingStages)[number])
      : null;
    const { groups, counts } = await listGroups(serviceContext(request), stage);
    return renderPrivatePage(reply, 'founding/console-list.eta', {
      section: 'founding',
      groups,
      counts,
      stage,
    });
  });

  async function groupPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const ctx = serviceContext(request);
    const detail = await viewGroupAsSecretariat(ctx, idParam(request.params, 'groupId'));
    return renderPrivatePage(
      reply,
      'founding/console-show.eta',
      {
        section: 'founding',
        ...detail,
        candidates: await supporterCandidates(ctx),
        notice: status === 200 ? noticeFrom(request, { assigned: 'founding.notice.assigned' }) : null,
        ...extra,
      },
      status,
    );
  }

  app.get('/founding/:groupId', secretariat, async (request, reply) => groupPage(request, reply));

  app.post('/founding/:groupId/supporter', secretariat, async (request, reply) => {
    const groupId = idParam(request.params, 'groupId');
    const form = parseForm(supporterForm, request.body);
    if (!form.ok)
      return groupPage(
        request,
        reply,
        {
          errors: form.errors,
          errorList: [
            {
              field: 'supporter',
              label: request.t('founding.assign.label'),
              message: request.t('founding.assign.choose'),
            },
          ],
        },
        422,
      );
    const [userId, organisationId] = form.data.supporter.split(':').map(Number) as [number, number];
    try {
      await assignSupporter(serviceContext(request), groupId, { userId, organisationId });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return groupPage(request, reply, { formError: error.messageKey }, 409);
    }
    return reply.redirect(`/console/founding/${groupId}?notice=assigned`, 303);
  });
}
