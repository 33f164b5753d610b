import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError } from '../../lib/errors.js';
import { idParam, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { access, currentUser } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { declineForm } from './courses.forms.js';
import { registerOrganiserRoutes } from './courses.organiser.js';
import {
  acceptOutreachRequest,
  declineOutreachRequest,
  listOutreachRequests,
  secretariatOrganisationOf,
  viewOutreachRequest,
} from './courses.service.js';

/**
 * /console/courses: the secretariat organises its own courses (public lectures, outreach and donated
 * courses); /console/outreach: the requests from schools and groups it accepts or declines.
 */
export default async function coursesConsoleRoutes(app: FastifyInstance) {
  const secretariat = access('secretariat');
  registerOrganiserRoutes(app, {
    area: 'console',
    guard: secretariat,
    organiser: (request) => secretariatOrganisationOf(app.db, currentUser(request).id),
    base: () => '/console/courses',
  });

  async function requestPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const detail = await viewOutreachRequest(serviceContext(request), idParam(request.params, 'requestId'));
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .view('courses/manage/outreach.eta', {
        noindex: true,
        area: 'console',
        section: 'outreach',
        values: {},
        errors: {},
        ...detail,
        notice: noticeFrom(request, { declined: 'outreach.notice.declined' }),
        ...extra,
      });
  }

  app.get('/outreach', secretariat, async (request, reply) =>
    reply.header('cache-control', 'no-store').view('courses/manage/outreach-list.eta', {
      noindex: true,
      area: 'console',
      section: 'outreach',
      requests: await listOutreachRequests(serviceContext(request)),
    }),
  );

  app.get('/outreach/:requestId', secretariat, async (request, reply) => requestPage(request, reply));

  app.post('/outreach/:requestId/accept', secretariat, async (request, reply) => {
    const organiser = await secretariatOrganisationOf(app.db, currentUser(request).id);
    try {
      const courseId = await acceptOutreachRequest(
        serviceContext(request),
        organiser.id,
        idParam(request.params, 'requestId'),
      );
      return reply.redirect(`/console/courses/${courseId}?notice=created`, 303);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return requestPage(request, reply, { formError: error.messageKey }, 409);
    }
  });

  app.post('/outreach/:requestId/decline', secretariat, async (request, reply) => {
    const id = idParam(request.params, 'requestId');
    const form = parseForm(declineForm, request.body);
    if (!form.ok) return requestPage(request, reply, { values: form.values, errors: form.errors }, 422);
    try {
      await declineOutreachRequest(serviceContext(request), id, form.data.reason);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return requestPage(request, reply, { formError: error.messageKey }, 409);
    }
    return reply.redirect(`/console/outreach/${id}?notice=declined`, 303);
  });
}
