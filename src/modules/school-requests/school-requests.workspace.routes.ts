import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { organisationOf } from '../../auth/context.js';
import { schoolInsuranceKinds, schoolTypes } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { addDays, todayInTokyo } from '../../lib/dates.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { type FormErrors, idFrom, idParam, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { prefectureName } from '../../lib/regions.js';
import { renderRefusedForm, renderWorkspacePage } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { messageForm } from '../requests/requests.forms.js';
import { allowed, IllegalTransitionError, illegalTransitionParams } from '../requests/requests.rules.js';
import { SlotFullError, timeLabels } from '../requests/requests.service.js';
import { chooseForm, confirmForm, schoolRequestForm, schoolRequestLabels } from './school-requests.forms.js';
import { isoWeekdays, schoolWeek } from './school-requests.rules.js';
import {
  agreementFor,
  askableWorkplaces,
  chooseProposedDate,
  confirmAgreement,
  createSchoolRequest,
  insuranceText,
  postSchoolMessage,
  type SchoolTarget,
  schoolCalendarFile,
  schoolRequestForStaff,
  schoolRequests,
  schoolTarget,
  withdrawSchoolRequest,
} from './school-requests.service.js';

const notices: Record<string, MessageKey> = {
  sent: 'schoolRequests.notice.sent',
  confirmed: 'schoolRequests.notice.confirmed',
  withdrawn: 'schoolRequests.notice.withdrawn',
  message: 'requests.notice.messageSent',
};

/**
 * /workspace/:organisationId/school-requests…: a school's staff ask co-ops for group visits and
 * internships, follow them, confirm the agreement and print it; and /requests/:requestId/agreement, the
 * same agreement for the co-op asked. Both answer 404 to any other organisation.
 */
export default async function schoolRequestsWorkspaceRoutes(app: FastifyInstance) {
  const member = access('organisation_member');
  const base = (request: FastifyRequest) => `/workspace/${organisationOf(serviceContext(request)).id}`;

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    data: Record<string, unknown>,
    status = 200,
  ) {
    return renderWorkspacePage(
      request,
      reply,
      page,
      notices,
      { ...timeLabels(request.locale), ...data },
      status,
    );
  }

  app.get('/school-requests', member, async (request, reply) => {
    const ctx = serviceContext(request);
    return render(request, reply, 'school-requests/list.eta', { requests: await schoolRequests(ctx) });
  });

  function formData(request: FastifyRequest, target: SchoolTarget) {
    return {
      target,
      weekdays: isoWeekdays,
      schoolTypes,
      insuranceKinds: schoolInsuranceKinds,
      today: todayInTokyo(serviceContext(request).now),
      action: `${base(request)}/school-requests`,
    };
  }

  app.get('/school-requests/new', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const workplaceId = idFrom((request.query as { workplace?: unknown } | undefined)?.workplace);
    if (workplaceId === null) {
      const workplaces = await askableWorkplaces(ctx);
      return render(request, reply, 'school-requests/choose.eta', {
        workplaces: workplaces.map((w) => ({
          ...w,
          prefecture: prefectureName(w.prefectureCode, request.locale),
        })),
      });
    }
    const target = await schoolTarget(ctx, workplaceId);
    const start = addDays(todayInTokyo(ctx.now), 14);
    return render(request, reply, 'school-requests/new.eta', {
      ...formData(request, target),
      values: {
        formId: randomUUID(),
        workplaceId: target.workplace.id,
        kind: target.schoolKinds.length === 1 ? target.schoolKinds[0] : '',
        periodStart: start,
        periodEnd: start,
        dailyStart: '09:30',
        dailyEnd: '15:00',
        // A school's week, holidays off: what most internships are; the school changes it if not.
        weekdays: schoolWeek.map(String),
        skipHolidays: 'yes',
        insuranceKind: '',
      },
    });
  });

  app.post('/school-requests', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const workplaceId = idFrom(body.workplaceId);
    if (workplaceId === null) throw new NotFoundError();
    const target = await schoolTarget(ctx, workplaceId);
    const refuse = (errors: FormErrors, formError: MessageKey | null, status: 409 | 422) =>
      renderRefusedForm(
        request,
        reply,
        'school-requests/new.eta',
        { values: body, errors, formError },
        {
          status,
          labels: schoolRequestLabels,
          data: {
            ...formData(request, target),
            ...timeLabels(request.locale),
            base: base(request),
            organisation: organisationOf(ctx),
          },
        },
      );
    const form = parseForm(schoolRequestForm, body);
    if (!form.ok) return refuse(form.errors, null, 422);
    if (form.data.periodStart < todayInTokyo(ctx.now))
      return refuse({ periodStart: { key: 'requests.error.pastDate' } }, null, 422);
    try {
      const result = await createSchoolRequest(ctx, target, form.data);
      return reply.redirect(`${base(request)}/school-requests/${result.id}?notice=sent`, 303);
    } catch (error) {
      if (error instanceof SlotFullError)
        return refuse({ slotId: { key: 'schoolRequests.error.slotFull' } }, null, 409);
      if (error instanceof ConflictError) return refuse({}, error.messageKey, 409);
      throw error;
    }
  });

  async function showPage(
    request: FastifyRequest,
    reply: FastifyReply,
    requestId: number,
    form: {
      errors?: FormErrors;
      values?: Record<string, unknown>;
      formError?: MessageKey;
      formErrorParams?: Record<string, string>;
    } = {},
    status: 200 | 409 | 422 = 200,
  ) {
    const ctx = serviceContext(request);
    const { organisation: coop, ...details } = await schoolRequestForStaff(ctx, requestId);
    const data = {
      ...details,
      coop,
      can: (event: Parameters<typeof allowed>[1]) => allowed(details.request.state, event, 'requester'),
      insurance: insuranceText(request.locale, details.group),
      messageFormId: randomUUID(),
      ...timeLabels(request.locale),
      organisation: organisationOf(ctx),
      base: base(request),
      notice: noticeFrom(request, notices),
    };
    if (status === 200) return render(request, reply, 'school-requests/show.eta', data);
    return renderRefusedForm(
      request,
      reply,
      'school-requests/show.eta',
      {
        values: form.values ?? {},
        errors: form.errors ?? {},
        formError: form.formError ?? null,
        formErrorParams: form.formErrorParams ?? {},
      },
      { status, data },
    );
  }

  app.get('/school-requests/:requestId', member, async (request, reply) =>
    showPage(request, reply, idParam(request.params, 'requestId')),
  );

  /** Runs the school's change; a refusal shows the request again with the reason at the top. */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    work: (id: number) => Promise<void>,
    notice: string,
  ) {
    const id = idParam(request.params, 'requestId');
    try {
      await work(id);
    } catch (error) {
      if (error instanceof IllegalTransitionError)
        return showPage(
          request,
          reply,
          id,
          {
            formError: 'requests.error.illegalTransition',
            formErrorParams: illegalTransitionParams(error, request.t),
          },
          409,
        );
      if (error instanceof ConflictError)
        return showPage(request, reply, id, { formError: error.messageKey }, 409);
      throw error;
    }
    return reply.redirect(`${base(request)}/school-requests/${id}?notice=${notice}`, 303);
  }

  app.post('/school-requests/:requestId/confirm', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const form = parseForm(confirmForm, request.body);
    if (!form.ok)
      return showPage(
        request,
        reply,
        idParam(request.params, 'requestId'),
        { errors: form.errors, values: form.values },
        422,
      );
    return act(request, reply, (id) => confirmAgreement(ctx, id), 'confirmed');
  });

  app.post('/school-requests/:requestId/choose', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const form = parseForm(chooseForm, request.body);
    if (!form.ok)
      return showPage(
        request,
        reply,
        idParam(request.params, 'requestId'),
        { errors: form.errors, values: form.values },
        422,
      );
    return act(request, reply, (id) => chooseProposedDate(ctx, id, form.data.choice), 'confirmed');
  });

  app.post('/school-requests/:requestId/message', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const form = parseForm(messageForm, request.body);
    if (!form.ok)
      return showPage(
        request,
        reply,
        idParam(request.params, 'requestId'),
        { errors: form.errors, values: form.values },
        422,
      );
    return act(
      request,
      reply,
      (id) => postSchoolMessage(ctx, id, form.data.body, form.data.formId),
      'message',
    );
  });

  app.post('/school-requests/:requestId/withdraw', member, async (request, reply) => {
    const ctx = serviceContext(request);
    return act(request, reply, (id) => withdrawSchoolRequest(ctx, id), 'withdrawn');
  });

  // Every day of the internship (one event a day) for the school's calendar, once it is scheduled.
  app.get('/school-requests/:requestId/calendar.ics', member, async (request, reply) => {
    const requestId = idParam(request.params, 'requestId');
    const file = await schoolCalendarFile(serviceContext(request), requestId);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="school-request-${requestId}.ics"`)
      .send(file);
  });

  async function agreementPage(request: FastifyRequest, reply: FastifyReply, side: 'school' | 'coop') {
    const ctx = serviceContext(request);
    const { organisation: coop, ...agreement } = await agreementFor(
      ctx,
      idParam(request.params, 'requestId'),
      side,
    );
    return render(request, reply, 'school-requests/agreement.eta', {
      ...agreement,
      coop,
      side,
      insurance: insuranceText(request.locale, agreement.group),
      prefecture: prefectureName(agreement.workplace.prefectureCode, request.locale),
      back:
        side === 'school'
          ? `${base(request)}/school-requests/${agreement.request.id}`
          : `${base(request)}/requests/${agreement.request.id}`,
    });
  }

  app.get('/school-requests/:requestId/agreement', member, async (request, reply) =>
    agreementPage(request, reply, 'school'),
  );
  app.get('/requests/:requestId/agreement', member, async (request, reply) =>
    agreementPage(request, reply, 'coop'),
  );
}
