import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { organisationOf, type ServiceContext } from '../../auth/context.js';
import {
  declineReasons,
  engagementKinds,
  type PlacementRequest,
  requestOutcomes,
} from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { todayInTokyo } from '../../lib/dates.js';
import { ConflictError } from '../../lib/errors.js';
import { type FormErrors, idParam, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { renderRefusedForm, renderWorkspacePage } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { groupOf, insuranceText } from '../school-requests/school-requests.service.js';
import {
  acceptForm,
  declineForm,
  inboxFilters,
  inboxStates,
  messageForm,
  outcomeForm,
  readTimes,
  type SlotInput,
  slotForm,
} from './requests.forms.js';
import {
  allowed,
  businessDaysBetween,
  IllegalTransitionError,
  illegalTransitionParams,
  tokyoDateTime,
} from './requests.rules.js';
import {
  acceptRequest,
  cancelSlot,
  createSlots,
  declineRequest,
  findOwnRequest,
  findSlot,
  inbox,
  listSlots,
  markHappened,
  nextOpenSlots,
  postMessage,
  proposeDates,
  recordOutcome,
  requestForStaff,
  SlotFullError,
  timeLabels,
  updateSlot,
  workplacesOf,
} from './requests.service.js';

/** A school's group (issue 9): its details for the request page, or nothing for anyone else's request. */
async function schoolGroupOf(ctx: ServiceContext, request: PlacementRequest) {
  if (request.requesterKind !== 'school') return { group: null };
  const group = await groupOf(ctx, request.id);
  return { group, insurance: group ? insuranceText(ctx.locale, group) : '' };
}

const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

const notices: Record<string, MessageKey> = {
  accepted: 'requests.notice.accepted',
  proposed: 'requests.notice.proposed',
  declined: 'requests.notice.declined',
  message: 'requests.notice.messageSent',
  completed: 'requests.notice.completed',
  no_show: 'requests.notice.noShow',
  outcome: 'requests.notice.outcome',
  slots_created: 'requests.notice.slotsCreated',
  slot_saved: 'requests.notice.slotSaved',
  slot_cancelled: 'requests.notice.slotCancelled',
};

const slotLabels: Record<string, MessageKey> = {
  workplaceId: 'requests.slot.workplace',
  date: 'requests.slot.date',
  start: 'requests.slot.start',
  end: 'requests.slot.end',
  capacity: 'requests.slot.capacity',
  weeks: 'requests.slot.weeks',
  kinds: 'requests.slot.kinds',
  whatToBring: 'requests.slot.whatToBring',
  whatToWear: 'requests.slot.whatToWear',
  paid: 'requests.slot.paid',
  payYen: 'requests.slot.payYen',
  transportCosts: 'requests.slot.transportCosts',
  insurance: 'requests.slot.insurance',
  meetingPoint: 'requests.slot.meetingPoint',
};

/** /workspace/:organisationId/requests and /slots: the co-op's inbox of requests and its offered times. */
export default async function requestsWorkspaceRoutes(app: FastifyInstance) {
  const member = access('organisation_member');
  const base = (request: FastifyRequest) => `/workspace/${organisationOf(serviceContext(request)).id}`;

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    data: Record<string, unknown>,
    status = 200,
  ) {
    return renderWorkspacePage(request, reply, page, notices, data, status);
  }

  // -------------------------------------------------------------------------------------------------
  // Inbox

  app.get('/requests', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const filters = inboxFilters.parse(request.query ?? {});
    return render(request, reply, 'requests/inbox.eta', {
      requests: await inbox(ctx, filters),
      workplaces: await workplacesOf(ctx),
      filters,
      kinds: engagementKinds,
      ...timeLabels(request.locale),
      daysSince: (since: Date) => businessDaysBetween(since, ctx.now),
      states: inboxStates,
    });
  });

  async function requestPage(
    request: FastifyRequest,
    reply: FastifyReply,
    requestId: number,
    form: {
      values?: Record<string, unknown>;
      errors?: FormErrors;
      formError?: MessageKey | null;
      formErrorParams?: Record<string, string>;
    } = {},
    status: 200 | 409 | 422 = 200,
  ) {
    const ctx = serviceContext(request);
    const details = await requestForStaff(ctx, requestId);
    const can = (event: Parameters<typeof allowed>[1]) => allowed(details.request.state, event, 'coop');
    const data = {
      ...details,
      ...(await schoolGroupOf(ctx, details.request)),
      can,
      slots: await nextOpenSlots(ctx, details.request.workplaceId, 20),
      declineReasons,
      outcomes: requestOutcomes,
      messageFormId: randomUUID(),
      ...timeLabels(request.locale),
      today: todayInTokyo(ctx.now),
      organisation: organisationOf(ctx),
      base: base(request),
      notice: noticeFrom(request, notices),
    };
    if (status === 200) return render(request, reply, 'requests/staff-request.eta', data);
    return renderRefusedForm(
      request,
      reply,
      'requests/staff-request.eta',
      {
        values: form.values ?? {},
        errors: form.errors ?? {},
        formError: form.formError ?? null,
        formErrorParams: form.formErrorParams ?? {},
      },
      { status, data: { ...data, noindex: true } },
    );
  }

  const idOf = (request: FastifyRequest) => idParam(request.params, 'requestId');

  app.get('/requests/:requestId', member, async (request, reply) => {
    const requestId = idParam(request.params, 'requestId');
    return requestPage(request, reply, requestId);
  });

  /** Runs a co-op's change; refusals show the request again with the reason at the top. */
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
        return requestPage(
          request,
          reply,
          id,
          {
            formError: 'requests.error.illegalTransition',
            formErrorParams: illegalTransitionParams(error, request.t),
          },
          409,
        );
      if (error instanceof SlotFullError || error instanceof ConflictError)
        return requestPage(request, reply, id, { formError: error.messageKey }, 409);
      throw error;
    }
    return reply.redirect(`${base(request)}/requests/${id}?notice=${notice}`, 303);
  }

  app.post('/requests/:requestId/accept', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const form = parseForm(acceptForm, request.body);
    if (!form.ok)
      return requestPage(request, reply, idOf(request), { values: form.values, errors: form.errors }, 422);
    if (!form.data.slotId && form.data.choice === undefined)
      return requestPage(
        request,
        reply,
        idOf(request),
        { values: bodyOf(request), errors: { slotId: { key: 'requests.error.acceptWhat' } } },
        422,
      );
    return act(request, reply, (id) => acceptRequest(ctx, id, form.data), 'accepted');
  });

  app.post('/requests/:requestId/propose', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { times, errors } = readTimes(body, todayInTokyo(ctx.now));
    if (times.length === 0 && Object.keys(errors).length === 0) errors.date1 = { key: 'requests.error.time' };
    const note = typeof body.note === 'string' ? body.note.trim().slice(0, 1000) : '';
    if (Object.keys(errors).length > 0)
      return requestPage(request, reply, idOf(request), { values: body, errors }, 422);
    return act(request, reply, (id) => proposeDates(ctx, id, times, note), 'proposed');
  });

  app.post('/requests/:requestId/decline', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const form = parseForm(declineForm, request.body);
    if (!form.ok)
      return requestPage(request, reply, idOf(request), { values: form.values, errors: form.errors }, 422);
    return act(request, reply, (id) => declineRequest(ctx, id, form.data.reason, form.data.note), 'declined');
  });

  app.post('/requests/:requestId/message', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const form = parseForm(messageForm, request.body);
    if (!form.ok)
      return requestPage(request, reply, idOf(request), { values: form.values, errors: form.errors }, 422);
    return act(
      request,
      reply,
      async (id) => postMessage(ctx, await findOwnRequest(ctx, id), 'coop', form.data.body, form.data.formId),
      'message',
    );
  });

  app.post('/requests/:requestId/complete', member, async (request, reply) =>
    act(request, reply, (id) => markHappened(serviceContext(request), id, 'complete'), 'completed'),
  );

  app.post('/requests/:requestId/no-show', member, async (request, reply) =>
    act(request, reply, (id) => markHappened(serviceContext(request), id, 'no_show'), 'no_show'),
  );

  app.post('/requests/:requestId/outcome', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const form = parseForm(outcomeForm, request.body);
    if (!form.ok)
      return requestPage(request, reply, idOf(request), { values: form.values, errors: form.errors }, 422);
    return act(request, reply, (id) => recordOutcome(ctx, id, form.data.outcome), 'outcome');
  });

  // -------------------------------------------------------------------------------------------------
  // Slots

  async function slotsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { values?: Record<string, unknown>; errors?: FormErrors; formError?: MessageKey | null } = {},
    status: 200 | 409 | 422 = 200,
  ) {
    const ctx = serviceContext(request);
    const workplaces = await workplacesOf(ctx);
    const data = {
      slots: await listSlots(ctx),
      workplaces,
      kinds: engagementKinds,
      organisation: organisationOf(ctx),
      base: base(request),
      notice: noticeFrom(request, notices),
    };
    const values = form.values ?? {
      formId: randomUUID(),
      workplaceId: String(workplaces[0]?.id ?? ''),
      capacity: '3',
      weeks: '1',
      kinds: ['visit'],
      start: '10:00',
      end: '11:30',
    };
    if (status === 200) return render(request, reply, 'requests/slots.eta', { ...data, values });
    return renderRefusedForm(
      request,
      reply,
      'requests/slots.eta',
      { values, errors: form.errors ?? {}, formError: form.formError ?? null },
      { status, labels: slotLabels, data: { ...data, noindex: true } },
    );
  }

  app.get('/slots', member, async (request, reply) => slotsPage(request, reply));

  app.post('/slots', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const form = parseForm(slotForm, request.body);
    if (!form.ok) return slotsPage(request, reply, { values: form.values, errors: form.errors }, 422);
    try {
      await createSlots(ctx, form.data);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return slotsPage(
        request,
        reply,
        { values: bodyOf(request), errors: { date: { key: error.messageKey } } },
        422,
      );
    }
    return reply.redirect(`${base(request)}/slots?notice=slots_created`, 303);
  });

  function slotValues(slot: Awaited<ReturnType<typeof findSlot>>): Record<string, unknown> {
    const from = tokyoDateTime(slot.startsAt);
    return {
      formId: randomUUID(),
      workplaceId: String(slot.workplaceId),
      date: from.date,
      start: from.time,
      end: tokyoDateTime(slot.endsAt).time,
      capacity: String(slot.capacity),
      weeks: '1',
      kinds: slot.kinds,
      whatToBring: slot.whatToBring,
      whatToWear: slot.whatToWear,
      paid: slot.paid ? 'yes' : '',
      payYen: slot.payYen === null ? '' : String(slot.payYen),
      transportCosts: slot.transportCosts,
      insurance: slot.insurance,
      meetingPoint: slot.meetingPoint,
    };
  }

  async function slotEditPage(
    request: FastifyRequest,
    reply: FastifyReply,
    slotId: number,
    form: { values?: Record<string, unknown>; errors?: FormErrors; formError?: MessageKey | null } = {},
    status: 200 | 409 | 422 = 200,
  ) {
    const ctx = serviceContext(request);
    const slot = await findSlot(ctx, slotId);
    const data = {
      slot,
      workplaces: await workplacesOf(ctx),
      kinds: engagementKinds,
      organisation: organisationOf(ctx),
      base: base(request),
      notice: null,
    };
    const values = form.values ?? slotValues(slot);
    if (status === 200) return render(request, reply, 'requests/slot-edit.eta', { ...data, values });
    return renderRefusedForm(
      request,
      reply,
      'requests/slot-edit.eta',
      { values, errors: form.errors ?? {}, formError: form.formError ?? null },
      { status, labels: slotLabels, data: { ...data, noindex: true } },
    );
  }

  app.get('/slots/:slotId', member, async (request, reply) => {
    const slotId = idParam(request.params, 'slotId');
    return slotEditPage(request, reply, slotId);
  });

  app.post('/slots/:slotId', member, async (request, reply) => {
    const slotId = idParam(request.params, 'slotId');
    const ctx = serviceContext(request);
    await findSlot(ctx, slotId);
    const form = parseForm(slotForm, request.body);
    if (!form.ok)
      return slotEditPage(request, reply, slotId, { values: form.values, errors: form.errors }, 422);
    try {
      await updateSlot(ctx, slotId, form.data as SlotInput);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return slotEditPage(
        request,
        reply,
        slotId,
        { values: bodyOf(request), formError: error.messageKey },
        409,
      );
    }
    return reply.redirect(`${base(request)}/slots?notice=slot_saved`, 303);
  });

  app.post('/slots/:slotId/cancel', member, async (request, reply) => {
    const slotId = idParam(request.params, 'slotId');
    const ctx = serviceContext(request);
    try {
      await cancelSlot(ctx, slotId);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return slotEditPage(request, reply, slotId, { formError: error.messageKey }, 409);
    }
    return reply.redirect(`${base(request)}/slots?notice=slot_cancelled`, 303);
  });
}
