import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlacementRequest } from '../../db/schema/index.js';
import { consentItems, consentMethods, requestOutcomes } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { todayInTokyo } from '../../lib/dates.js';
import { ConflictError } from '../../lib/errors.js';
import { type FormErrors, idFrom, idParam, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { renderPrivatePage, renderRefusedForm } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { chooseForm, messageForm, readTimes } from '../requests/requests.forms.js';
import { allowed, IllegalTransitionError, illegalTransitionParams } from '../requests/requests.rules.js';
import {
  nextOpenSlots,
  postMessage,
  requesterChooses,
  requesterWithdraws,
  SlotFullError,
  slotOfWorkplace,
  timeLabels,
} from '../requests/requests.service.js';
import {
  type BookingInput,
  bookingForm,
  bookingLabels,
  clientForm,
  clientLabels,
  consentForm,
  consentLabels,
  deleteForm,
  linkForm,
  revokeForm,
} from './clients.forms.js';
import {
  book,
  bookingTarget,
  bookingTargets,
  ConsentProblem,
  caseload,
  clientForForm,
  clientPage,
  closeCase,
  coopChoices,
  counselorRequest,
  createClient,
  createLink,
  defaultExpiry,
  deleteClient,
  deletionPreview,
  erasureAt,
  LINK_DAYS,
  recordConsent,
  reopenCase,
  revokeConsent,
  supportOrganisationOf,
} from './clients.service.js';

const notices: Record<string, MessageKey> = {
  created: 'clients.notice.created',
  consent: 'clients.notice.consentRecorded',
  revoked: 'clients.notice.revoked',
  booked: 'clients.notice.booked',
  deleted: 'clients.notice.deleted',
  closed: 'clients.notice.closed',
  reopened: 'clients.notice.reopened',
  message: 'requests.notice.messageSent',
  withdrawn: 'requests.notice.withdrawn',
  chosen: 'requests.notice.chosen',
};

/** A closed case's dates for the pages (Tokyo calendar days): closed on, and erased around (or after its requests). */
function caseDates(
  client: Parameters<typeof erasureAt>[0],
  requests: Parameters<typeof erasureAt>[1],
  months: number,
) {
  const at = erasureAt(client, requests, months);
  return {
    closedOn: client.closedAt ? todayInTokyo(client.closedAt) : null,
    erasureOn: at ? todayInTokyo(at) : null,
  };
}

const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

/**
 * /workspace/:organisationId/clients…: a counselor's clients, their consents, bookings and one-time links.
 * Only staff of an approved support organisation reach them (the guard, then `supportOrganisationOf`).
 */
export default async function clientsWorkspaceRoutes(app: FastifyInstance) {
  const member = access('organisation_member');
  const base = (request: FastifyRequest) => `/workspace/${supportOrganisationOf(serviceContext(request)).id}`;

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    data: Record<string, unknown>,
    status = 200,
  ) {
    const ctx = serviceContext(request);
    return renderPrivatePage(
      reply,
      page,
      {
        formError: null,
        organisation: supportOrganisationOf(ctx),
        base: base(request),
        notice: noticeFrom(request, notices),
        today: todayInTokyo(ctx.now),
        ...data,
      },
      status,
    );
  }

  function refused(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    form: {
      values: Record<string, unknown>;
      errors: FormErrors;
      formError?: MessageKey | null;
      formErrorParams?: Record<string, string | number>;
    },
    labels: Record<string, MessageKey>,
    data: Record<string, unknown>,
    status: 409 | 422 = 422,
  ) {
    const ctx = serviceContext(request);
    return renderRefusedForm(request, reply, page, form, {
      status,
      labels,
      data: {
        organisation: supportOrganisationOf(ctx),
        base: base(request),
        notice: null,
        today: todayInTokyo(ctx.now),
        noindex: true,
        ...data,
      },
    });
  }

  // -------------------------------------------------------------------------------------------------
  // The caseload and the clients

  app.get('/clients', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const months = app.config.CLIENT_RETENTION_MONTHS;
    const page = await caseload(ctx);
    return render(request, reply, 'clients/caseload.eta', {
      ...page,
      open: page.entries.filter((entry) => !entry.client.closedAt),
      closed: page.entries
        .filter((entry) => entry.client.closedAt)
        .map((entry) => ({ ...entry, ...caseDates(entry.client, entry.requests, months) })),
      retentionMonths: months,
      outcomes: requestOutcomes,
    });
  });

  app.get('/clients/new', member, async (request, reply) => {
    supportOrganisationOf(serviceContext(request));
    return render(request, reply, 'clients/new.eta', { values: { formId: randomUUID() } });
  });

  app.post('/clients', member, async (request, reply) => {
    const ctx = serviceContext(request);
    supportOrganisationOf(ctx);
    const form = parseForm(clientForm, request.body);
    if (!form.ok) return refused(request, reply, 'clients/new.eta', form, clientLabels, {});
    const id = await createClient(ctx, form.data);
    return reply.redirect(`${base(request)}/clients/${id}?notice=created`, 303);
  });

  async function showClient(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { formError?: MessageKey | null; link?: string } = {},
    status = 200,
  ) {
    const ctx = serviceContext(request);
    const page = await clientPage(ctx, idParam(request.params, 'clientId'));
    const months = app.config.CLIENT_RETENTION_MONTHS;
    return render(
      request,
      reply,
      'clients/show.eta',
      {
        ...page,
        linkDays: LINK_DAYS,
        link: extra.link ?? null,
        formError: extra.formError ?? null,
        retentionMonths: months,
        ...caseDates(page.client, page.requests, months),
      },
      status,
    );
  }

  app.get('/clients/:clientId', member, async (request, reply) => showClient(request, reply));

  // -------------------------------------------------------------------------------------------------
  // Consents

  async function consentPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: { values: Record<string, unknown>; errors: FormErrors },
  ) {
    const ctx = serviceContext(request);
    const client = await clientForForm(ctx, idParam(request.params, 'clientId'));
    if (client.closedAt) return showClient(request, reply, { formError: 'clients.error.caseClosed' }, 409);
    const data = { client, coops: await coopChoices(ctx), items: consentItems, methods: consentMethods };
    if (form) return refused(request, reply, 'clients/consent.eta', form, consentLabels, data);
    const today = todayInTokyo(ctx.now);
    return render(request, reply, 'clients/consent.eta', {
      ...data,
      values: {
        formId: randomUUID(),
        obtainedOn: today,
        expiresOn: defaultExpiry(ctx),
        items: ['contact_name'],
        recipientOrganisationId: String(idFrom((request.query as { coop?: unknown }).coop) ?? ''),
      },
    });
  }

  app.get('/clients/:clientId/consents/new', member, async (request, reply) => consentPage(request, reply));

  app.post('/clients/:clientId/consents', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const clientId = idParam(request.params, 'clientId');
    await clientForForm(ctx, clientId);
    const form = parseForm(consentForm, request.body);
    if (!form.ok) return consentPage(request, reply, form);
    try {
      await recordConsent(ctx, clientId, form.data);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      if (!(error instanceof ConsentProblem))
        return showClient(request, reply, { formError: error.messageKey }, 409);
      return consentPage(request, reply, {
        values: bodyOf(request),
        errors: { [error.field]: { key: error.messageKey } },
      });
    }
    return reply.redirect(`${base(request)}/clients/${clientId}?notice=consent`, 303);
  });

  app.post('/clients/:clientId/consents/:consentId/revoke', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const clientId = idParam(request.params, 'clientId');
    const consentId = idParam(request.params, 'consentId');
    await clientForForm(ctx, clientId);
    const form = parseForm(revokeForm, request.body);
    try {
      if (!form.ok) throw new ConflictError('clients.error.revokedOn');
      await revokeConsent(ctx, clientId, consentId, form.data.revokedOn);
    } catch (error) {
      if (!(error instanceof ConflictError) || error instanceof ConsentProblem) throw error;
      return showClient(request, reply, { formError: error.messageKey }, 409);
    }
    return reply.redirect(`${base(request)}/clients/${clientId}?notice=revoked`, 303);
  });

  // -------------------------------------------------------------------------------------------------
  // Closing the case (支援終了), reopening it, and deleting the client's record

  app.post('/clients/:clientId/close', member, async (request, reply) => {
    const clientId = idParam(request.params, 'clientId');
    await closeCase(serviceContext(request), clientId);
    return reply.redirect(`${base(request)}/clients/${clientId}?notice=closed`, 303);
  });

  app.post('/clients/:clientId/reopen', member, async (request, reply) => {
    const clientId = idParam(request.params, 'clientId');
    await reopenCase(serviceContext(request), clientId);
    return reply.redirect(`${base(request)}/clients/${clientId}?notice=reopened`, 303);
  });

  /** The confirm page: what deleting erases, withdraws and keeps, before the counselor decides. */
  async function deletePage(
    request: FastifyRequest,
    reply: FastifyReply,
    formError: MessageKey | null = null,
  ) {
    const preview = await deletionPreview(serviceContext(request), idParam(request.params, 'clientId'));
    const data = { ...preview };
    if (formError)
      return refused(
        request,
        reply,
        'clients/delete.eta',
        { values: { formId: randomUUID() }, errors: {}, formError },
        {},
        data,
      );
    return render(request, reply, 'clients/delete.eta', { ...data, values: { formId: randomUUID() } });
  }

  app.get('/clients/:clientId/delete', member, async (request, reply) => deletePage(request, reply));

  app.post('/clients/:clientId/delete', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const clientId = idParam(request.params, 'clientId');
    const form = parseForm(deleteForm, request.body);
    if (!form.ok) return deletePage(request, reply, 'form.expired');
    await deleteClient(ctx, clientId, form.data.formId);
    return reply.redirect(`${base(request)}/clients?notice=deleted`, 303);
  });

  // -------------------------------------------------------------------------------------------------
  // Booking a visit, experience or short trial on a consent

  const whereOf = (source: unknown) => {
    const query = (source ?? {}) as { posting?: unknown; workplace?: unknown };
    return { postingId: idFrom(query.posting), workplaceId: idFrom(query.workplace) };
  };

  async function bookingPage(
    request: FastifyRequest,
    reply: FastifyReply,
    where: { postingId: number | null; workplaceId: number | null },
    form?: { values: Record<string, unknown>; errors: FormErrors; formError?: MessageKey | null },
    status: 409 | 422 = 422,
  ) {
    const ctx = serviceContext(request);
    const clientId = idParam(request.params, 'clientId');
    const consentId = idParam(request.params, 'consentId');
    try {
      if (!where.postingId && !where.workplaceId)
        return render(
          request,
          reply,
          'clients/book-targets.eta',
          await bookingTargets(ctx, clientId, consentId),
        );
      const booking = await bookingTarget(ctx, clientId, consentId, where);
      const data = {
        ...booking,
        where,
        slots: await nextOpenSlots(ctx, booking.target.workplace.id, 10),
        action: `${base(request)}/clients/${clientId}/consents/${consentId}/book`,
      };
      if (form) return refused(request, reply, 'clients/book.eta', form, bookingLabels, data, status);
      return render(request, reply, 'clients/book.eta', {
        ...data,
        values: { formId: randomUUID(), kind: booking.target.kinds[0], intent: 'listen_first' },
      });
    } catch (error) {
      if (!(error instanceof ConflictError) || error instanceof SlotFullError) throw error;
      return showClient(request, reply, { formError: error.messageKey }, 409);
    }
  }

  app.get('/clients/:clientId/consents/:consentId/book', member, async (request, reply) =>
    bookingPage(request, reply, whereOf(request.query)),
  );

  app.post('/clients/:clientId/consents/:consentId/book', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const clientId = idParam(request.params, 'clientId');
    const consentId = idParam(request.params, 'consentId');
    const body = bodyOf(request);
    const where = whereOf(body);
    let booking: Awaited<ReturnType<typeof bookingTarget>>;
    try {
      booking = await bookingTarget(ctx, clientId, consentId, where);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return showClient(request, reply, { formError: error.messageKey }, 409);
    }
    const form = parseForm(bookingForm, body);
    const { times, errors: timeErrors } = readTimes(body, todayInTokyo(ctx.now));
    const errors: FormErrors = { ...(form.ok ? {} : form.errors) };
    if (!(booking.target.kinds as string[]).includes(String(body.kind ?? '')))
      errors.kind = { key: 'requests.error.kind' };
    if (typeof body.slotId !== 'string' || body.slotId.trim() === '') {
      Object.assign(errors, timeErrors);
      if (times.length === 0 && Object.keys(timeErrors).length === 0)
        errors.slotId = { key: 'requests.error.slotOrDates' };
    }
    // Only what the consent covers may be sent to the co-op: anything else is refused beside its field.
    for (const item of ['notes', 'accommodations'] as const)
      if (typeof body[item] === 'string' && body[item].trim() && !booking.consent.items.includes(item))
        errors[item] = { key: 'clients.error.notCovered' };
    const input = form.ok ? (form.data as BookingInput) : null;
    if (!input || Object.keys(errors).length > 0)
      return bookingPage(request, reply, where, { values: body, errors });
    if (input.slotId) {
      const slot = await slotOfWorkplace(ctx, booking.target.workplace.id, input.slotId);
      if (slot && !(slot.kinds as string[]).includes(input.kind))
        return bookingPage(request, reply, where, {
          values: body,
          errors: { slotId: { key: 'requests.error.slotKind' } },
        });
    }
    try {
      await book(ctx, booking, input, times);
    } catch (error) {
      if (!(error instanceof SlotFullError)) throw error;
      return bookingPage(
        request,
        reply,
        where,
        {
          values: { ...body, slotId: '' },
          errors: { slotId: { key: 'requests.error.slotFull' } },
          formError: 'requests.error.slotFull',
        },
        409,
      );
    }
    return reply.redirect(`${base(request)}/clients/${clientId}?notice=booked`, 303);
  });

  // -------------------------------------------------------------------------------------------------
  // One-time links for the client

  app.post('/clients/:clientId/links', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const clientId = idParam(request.params, 'clientId');
    await clientForForm(ctx, clientId);
    const form = parseForm(linkForm, request.body);
    if (!form.ok) return showClient(request, reply, { formError: 'clients.error.linkTarget' }, 422);
    let link: string;
    try {
      link = await createLink(ctx, clientId, form.data);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return showClient(request, reply, { formError: error.messageKey }, 409);
    }
    // Shown once, on this page: the link is not kept, only its hash.
    return showClient(request, reply, { link });
  });

  // -------------------------------------------------------------------------------------------------
  // Following a request for the client: state, dates and the thread with the co-op

  async function requestPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: {
      values: Record<string, unknown>;
      errors: FormErrors;
      formError?: MessageKey | null;
      formErrorParams?: Record<string, string | number>;
    },
    status: 409 | 422 = 422,
  ) {
    const ctx = serviceContext(request);
    const data = await counselorRequest(
      ctx,
      idParam(request.params, 'clientId'),
      idParam(request.params, 'requestId'),
    );
    const r = data.request;
    const page = {
      ...data,
      messageFormId: randomUUID(),
      // The counselor acts as the requester: the same steps the seeker's private page offers.
      canWithdraw: !r.anonymisedAt && allowed(r.state, 'withdraw', 'requester'),
      canChoose:
        !r.anonymisedAt && r.proposedTimes.length > 0 && allowed(r.state, 'choose_proposed', 'requester'),
      ...timeLabels(request.locale),
    };
    if (form)
      return refused(
        request,
        reply,
        'clients/request.eta',
        form,
        { body: 'requests.staff.messageLabel', choice: 'requests.follow.proposed' },
        page,
        status,
      );
    return render(request, reply, 'clients/request.eta', page);
  }

  /** A step of the requester's on the client's request; one the co-op overtook re-renders with why. */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    step: (placement: PlacementRequest) => Promise<void>,
    notice: string,
  ) {
    const ctx = serviceContext(request);
    const clientId = idParam(request.params, 'clientId');
    const requestId = idParam(request.params, 'requestId');
    const { request: placement } = await counselorRequest(ctx, clientId, requestId);
    try {
      await step(placement);
    } catch (error) {
      if (error instanceof IllegalTransitionError)
        return requestPage(
          request,
          reply,
          {
            values: {},
            errors: {},
            formError: 'requests.error.illegalTransition',
            formErrorParams: illegalTransitionParams(error, request.t),
          },
          409,
        );
      if (error instanceof ConflictError)
        return requestPage(request, reply, { values: {}, errors: {}, formError: error.messageKey }, 409);
      throw error;
    }
    return reply.redirect(`${base(request)}/clients/${clientId}/requests/${requestId}?notice=${notice}`, 303);
  }

  app.get('/clients/:clientId/requests/:requestId', member, async (request, reply) =>
    requestPage(request, reply),
  );

  app.post('/clients/:clientId/requests/:requestId/message', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const clientId = idParam(request.params, 'clientId');
    const requestId = idParam(request.params, 'requestId');
    const { request: placement } = await counselorRequest(ctx, clientId, requestId);
    const form = parseForm(messageForm, request.body);
    if (!form.ok) return requestPage(request, reply, form);
    // The counselor writes as the requester: the co-op's staff are told, as for a seeker's message.
    await postMessage(ctx, placement, 'requester', form.data.body, form.data.formId);
    return reply.redirect(`${base(request)}/clients/${clientId}/requests/${requestId}?notice=message`, 303);
  });

  app.post('/clients/:clientId/requests/:requestId/withdraw', member, async (request, reply) => {
    const ctx = serviceContext(request);
    return act(request, reply, (placement) => requesterWithdraws(ctx, placement), 'withdrawn');
  });

  app.post('/clients/:clientId/requests/:requestId/choose', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const form = parseForm(chooseForm, request.body);
    if (!form.ok)
      return requestPage(request, reply, {
        values: form.values,
        errors: { choice: { key: 'requests.error.choice' } },
      });
    return act(request, reply, (placement) => requesterChooses(ctx, placement, form.data.choice), 'chosen');
  });
}
