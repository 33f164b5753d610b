import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../../i18n/index.js';
import { todayInTokyo } from '../../lib/dates.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { type FormErrors, idParam, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { renderRefusedForm } from '../../plugins/form-page.js';
import { serviceContext } from '../../plugins/service-context.js';
import {
  chooseForm,
  correctionForm,
  linkForm,
  messageForm,
  type RequestFormInput,
  readTimes,
  requestForm,
  tokenForm,
} from './requests.forms.js';
import { erasureDate, requestPolicyOf } from './requests.maintenance.js';
import { allowed, IllegalTransitionError, illegalTransitionParams, isClosed } from './requests.rules.js';
import {
  byFollowToken,
  calendarFile,
  changeDates,
  checkConfirmToken,
  chooseProposed,
  confirmRequest,
  correctData,
  createRequest,
  deleteOwnData,
  nextOpenSlots,
  postMessage,
  type RequestTarget,
  requestDetails,
  requestPath,
  requestTarget,
  resendFollowLinks,
  SlotFullError,
  slotOfWorkplace,
  timeLabels,
  withdrawRequest,
  workplaceTarget,
} from './requests.service.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A page reached by a private link (a token in the query or the form): a wrong or expired token
     * answers 404. The access-matrix test reads this to try every such route with a wrong token.
     */
    privateLink?: boolean;
  }
}

/** Request forms one e-mail address may send in 15 minutes (each mails a confirmation link). */
export const REQUESTS_PER_ADDRESS = 10;

/** Labels of the request form's fields in form order, for the summary of problems. */
export const requestLabels: Record<string, MessageKey> = {
  kind: 'requests.form.kind',
  intent: 'requests.form.intent',
  slotId: 'requests.form.slot',
  date1: 'requests.form.date1',
  date2: 'requests.form.date2',
  date3: 'requests.form.date3',
  contactName: 'requests.form.contactName',
  contactEmail: 'requests.form.contactEmail',
  contactPhone: 'requests.form.contactPhone',
  notes: 'requests.form.notes',
  accommodations: 'requests.form.accommodations',
  formId: 'requests.form.formId',
};

const followNotices: Record<string, MessageKey> = {
  confirmed: 'requests.notice.confirmed',
  withdrawn: 'requests.notice.withdrawn',
  chosen: 'requests.notice.chosen',
  dates: 'requests.notice.datesChanged',
  message: 'requests.notice.messageSent',
  corrected: 'requests.notice.corrected',
};

/** Private pages: never cached, never indexed, and the link never leaves in a Referer header. */
function privateHeaders(reply: FastifyReply) {
  return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
}

/** The token of a private link, from the query (GET) or the form (POST); malformed reads as not found. */
function tokenOf(request: FastifyRequest): string {
  const source = request.method === 'GET' ? request.query : request.body;
  const parsed = tokenForm.safeParse(source ?? {});
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.token;
}

/** The seeker's pages: the request form on a posting or a workplace, the confirmation link and the private follow-up link. */
export default async function requestsRoutes(app: FastifyInstance) {
  const policy = requestPolicyOf(app.config);
  const privateLink = { config: { privateLink: true } };
  // Each request mails a confirmation link to the address typed: limited per address, so the form cannot
  // be used to flood someone's mailbox. Not per client address: a consultation desk or a school computer
  // room sends many people's requests from one IP.
  const mailPerAddress = app.createRateLimit({
    max: REQUESTS_PER_ADDRESS,
    timeWindow: '15 minutes',
    keyGenerator: (request) => {
      const email = (request.body as { contactEmail?: unknown } | undefined)?.contactEmail;
      return `request-mail:${typeof email === 'string' ? email.normalize('NFKC').trim().toLowerCase() : ''}`;
    },
  });

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    target: RequestTarget,
    form: { values: Record<string, unknown>; errors: FormErrors; formError?: MessageKey | null },
    status: 200 | 409 | 422 = 200,
  ) {
    const ctx = serviceContext(request);
    const data = {
      target,
      action: requestPath(target),
      slots: await nextOpenSlots(ctx, target.workplace.id, 10),
      today: todayInTokyo(ctx.now),
      retentionMonths: policy.retentionMonths,
      noindex: true,
    };
    if (status === 200)
      return reply
        .header('cache-control', 'no-store')
        .view('requests/new.eta', { ...data, ...form, formError: null, errorList: [] });
    return renderRefusedForm(request, reply, 'requests/new.eta', form, {
      status,
      labels: requestLabels,
      data,
    });
  }

  async function showForm(request: FastifyRequest, reply: FastifyReply, target: RequestTarget) {
    const query = request.query as { kind?: unknown; slot?: unknown };
    const kind =
      typeof query.kind === 'string' && (target.kinds as string[]).includes(query.kind)
        ? query.kind
        : target.kinds[0];
    const slotId = typeof query.slot === 'string' && /^\d{1,9}$/.test(query.slot) ? query.slot : '';
    return formPage(request, reply, target, {
      values: { formId: randomUUID(), kind, slotId, intent: 'listen_first' },
      errors: {},
    });
  }

  async function submitForm(request: FastifyRequest, reply: FastifyReply, target: RequestTarget) {
    const ctx = serviceContext(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(requestForm, body);
    const { times, errors: timeErrors } = readTimes(body, todayInTokyo(ctx.now));
    const errors: FormErrors = { ...(form.ok ? {} : form.errors) };
    const input = form.ok ? (form.data as RequestFormInput) : null;
    if (!(target.kinds as string[]).includes(String(body.kind ?? '')))
      errors.kind = { key: 'requests.error.kind' };
    if (typeof body.slotId !== 'string' || body.slotId.trim() === '') {
      Object.assign(errors, timeErrors);
      if (times.length === 0 && Object.keys(timeErrors).length === 0)
        errors.slotId = { key: 'requests.error.slotOrDates' };
    }
    // Checked on what was sent, so the consent is asked for even when other fields are wrong too.
    if (
      typeof body.accommodations === 'string' &&
      body.accommodations.trim() &&
      body.sensitiveConsent !== 'yes'
    )
      errors.accommodations ??= { key: 'requests.error.sensitiveConsent' };
    if (!input || Object.keys(errors).length > 0)
      return formPage(request, reply, target, { values: body, errors }, 422);
    if (input.slotId) {
      const slot = await slotOfWorkplace(ctx, target.workplace.id, input.slotId);
      if (slot && !(slot.kinds as string[]).includes(input.kind))
        return formPage(
          request,
          reply,
          target,
          { values: body, errors: { slotId: { key: 'requests.error.slotKind' } } },
          422,
        );
    }
    const limit = await mailPerAddress(request);
    if (!limit.isAllowed && limit.isExceeded) {
      reply.header('retry-after', String(Math.max(1, limit.ttlInSeconds)));
      return renderRefusedForm(
        request,
        reply,
        'requests/new.eta',
        {
          values: body,
          errors: {},
          formError: 'mail.throttled',
          formErrorParams: { minutes: Math.ceil(limit.ttlInSeconds / 60) },
        },
        {
          status: 429,
          labels: requestLabels,
          data: {
            target,
            action: requestPath(target),
            slots: await nextOpenSlots(ctx, target.workplace.id, 10),
            today: todayInTokyo(ctx.now),
            retentionMonths: policy.retentionMonths,
            noindex: true,
          },
        },
      );
    }
    try {
      await createRequest(ctx, target, input, times);
    } catch (error) {
      if (!(error instanceof SlotFullError)) throw error;
      // The clear "full" page: what was typed, kept, and the slots that still have places.
      return formPage(
        request,
        reply,
        target,
        {
          values: { ...body, slotId: '' },
          errors: { slotId: { key: 'requests.error.slotFull' } },
          formError: 'requests.error.slotFull',
        },
        409,
      );
    }
    await app.publicCache.invalidate();
    return reply.redirect('/requests/sent', 303);
  }

  /** The posting asked about, or the workplace asked directly; either answers 404 when it takes no request. */
  const postingTarget = (request: FastifyRequest) =>
    requestTarget(serviceContext(request), idParam(request.params, 'id'));
  const workplaceTargetOf = (request: FastifyRequest) =>
    workplaceTarget(serviceContext(request), idParam(request.params, 'workplaceId'));

  app.get('/jobs/:id/request', async (request, reply) =>
    showForm(request, reply, await postingTarget(request)),
  );
  app.post('/jobs/:id/request', async (request, reply) =>
    submitForm(request, reply, await postingTarget(request)),
  );
  app.get('/workplaces/:workplaceId/request', async (request, reply) =>
    showForm(request, reply, await workplaceTargetOf(request)),
  );
  app.post('/workplaces/:workplaceId/request', async (request, reply) =>
    submitForm(request, reply, await workplaceTargetOf(request)),
  );

  app.get('/requests/sent', async (_request, reply) =>
    reply.header('cache-control', 'no-store').view('requests/sent.eta', { noindex: true }),
  );

  app.get('/requests/confirm', privateLink, async (request, reply) => {
    const ctx = serviceContext(request);
    const token = tokenOf(request);
    const { request: placement, organisationName } = await checkConfirmToken(ctx, token);
    return privateHeaders(reply).view('requests/confirm.eta', {
      noindex: true,
      token,
      placement,
      organisationName,
    });
  });

  app.post('/requests/confirm', privateLink, async (request, reply) => {
    const ctx = serviceContext(request);
    const { followToken } = await confirmRequest(ctx, tokenOf(request));
    await app.publicCache.invalidate();
    return privateHeaders(reply).redirect(`/requests/follow?token=${followToken}&notice=confirmed`, 303);
  });

  async function followPage(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    form: {
      values?: Record<string, unknown>;
      errors?: FormErrors;
      formError?: MessageKey | null;
      formErrorParams?: Record<string, string>;
    } = {},
    status: 200 | 409 | 422 = 200,
  ) {
    const ctx = serviceContext(request);
    const details = await requestDetails(ctx, await byFollowToken(ctx, token));
    const { request: placement } = details;
    const can = (event: Parameters<typeof allowed>[1]) => allowed(placement.state, event, 'requester');
    const data = {
      ...details,
      token,
      noindex: true,
      can,
      calendar: calendarFile(details, request.locale) !== null,
      erasure:
        placement.closedAt && isClosed(placement.state)
          ? erasureDate(placement.closedAt, policy, request.locale)
          : null,
      retentionMonths: policy.retentionMonths,
      messageFormId: randomUUID(),
      ...timeLabels(request.locale),
      notice: noticeFrom(request, followNotices),
      today: todayInTokyo(ctx.now),
    };
    privateHeaders(reply);
    const values = {
      contactName: placement.contactName,
      contactEmail: placement.contactEmail ?? '',
      contactPhone: placement.contactPhone ?? '',
      notes: placement.notes,
      accommodations: placement.accommodations,
      sensitiveConsent: placement.sensitiveConsentAt ? 'yes' : '',
      ...form.values,
    };
    if (status === 200)
      return reply.view('requests/follow.eta', {
        ...data,
        values,
        errors: {},
        formError: null,
        errorList: [],
      });
    return renderRefusedForm(
      request,
      reply,
      'requests/follow.eta',
      {
        values,
        errors: form.errors ?? {},
        formError: form.formError ?? null,
        formErrorParams: form.formErrorParams ?? {},
      },
      { status, labels: requestLabels, data },
    );
  }

  app.get('/requests/follow', privateLink, async (request, reply) =>
    followPage(request, reply, tokenOf(request)),
  );

  /** Runs a requester's change; an illegal transition shows the page again with the reason. */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    work: () => Promise<void>,
    notice: string,
  ) {
    try {
      await work();
    } catch (error) {
      if (error instanceof IllegalTransitionError)
        return followPage(
          request,
          reply,
          token,
          {
            formError: 'requests.error.illegalTransition',
            formErrorParams: illegalTransitionParams(error, request.t),
          },
          409,
        );
      if (error instanceof ConflictError)
        return followPage(request, reply, token, { formError: error.messageKey }, 409);
      throw error;
    }
    await app.publicCache.invalidate();
    return privateHeaders(reply).redirect(`/requests/follow?token=${token}&notice=${notice}`, 303);
  }

  app.post('/requests/follow/withdraw', privateLink, async (request, reply) => {
    const token = tokenOf(request);
    const ctx = serviceContext(request);
    await byFollowToken(ctx, token);
    return act(request, reply, token, () => withdrawRequest(ctx, token), 'withdrawn');
  });

  app.post('/requests/follow/choose', privateLink, async (request, reply) => {
    const token = tokenOf(request);
    const ctx = serviceContext(request);
    await byFollowToken(ctx, token);
    const form = parseForm(chooseForm, request.body);
    if (!form.ok)
      return followPage(request, reply, token, { errors: { choice: { key: 'requests.error.choice' } } }, 422);
    return act(request, reply, token, () => chooseProposed(ctx, token, form.data.choice), 'chosen');
  });

  app.post('/requests/follow/dates', privateLink, async (request, reply) => {
    const token = tokenOf(request);
    const ctx = serviceContext(request);
    await byFollowToken(ctx, token);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { times, errors } = readTimes(body, todayInTokyo(ctx.now));
    if (times.length === 0 && Object.keys(errors).length === 0) errors.date1 = { key: 'requests.error.time' };
    if (Object.keys(errors).length > 0)
      return followPage(request, reply, token, { values: body, errors }, 422);
    return act(request, reply, token, () => changeDates(ctx, token, times), 'dates');
  });

  app.post('/requests/follow/message', privateLink, async (request, reply) => {
    const token = tokenOf(request);
    const ctx = serviceContext(request);
    const placement = await byFollowToken(ctx, token);
    const form = parseForm(messageForm, request.body);
    if (!form.ok) return followPage(request, reply, token, { values: form.values, errors: form.errors }, 422);
    return act(
      request,
      reply,
      token,
      () => postMessage(ctx, placement, 'requester', form.data.body, form.data.formId),
      'message',
    );
  });

  app.post('/requests/follow/correct', privateLink, async (request, reply) => {
    const token = tokenOf(request);
    const ctx = serviceContext(request);
    await byFollowToken(ctx, token);
    const form = parseForm(correctionForm, request.body);
    const errors: FormErrors = form.ok ? {} : form.errors;
    if (form.ok && form.data.accommodations && !form.data.sensitiveConsent)
      errors.accommodations = { key: 'requests.error.sensitiveConsent' };
    if (!form.ok || Object.keys(errors).length > 0)
      return followPage(
        request,
        reply,
        token,
        { values: (request.body ?? {}) as Record<string, unknown>, errors },
        422,
      );
    return act(request, reply, token, () => correctData(ctx, token, form.data), 'corrected');
  });

  app.post('/requests/follow/delete', privateLink, async (request, reply) => {
    const token = tokenOf(request);
    const ctx = serviceContext(request);
    await deleteOwnData(ctx, token);
    await app.publicCache.invalidate();
    return privateHeaders(reply).redirect('/requests/deleted', 303);
  });

  const linkPerAddress = app.createRateLimit({
    max: 3,
    timeWindow: '15 minutes',
    keyGenerator: (request) => {
      const email = (request.body as { email?: unknown } | undefined)?.email;
      return `request-link:${typeof email === 'string' ? email.normalize('NFKC').trim().toLowerCase() : ''}`;
    },
  });

  app.get('/requests/link', async (_request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .view('requests/link.eta', { noindex: true, values: {}, errors: {}, sent: false }),
  );

  app.post('/requests/link', async (request, reply) => {
    const form = parseForm(linkForm, request.body);
    if (!form.ok)
      return renderRefusedForm(request, reply, 'requests/link.eta', form, {
        labels: { email: 'requests.form.contactEmail' },
        data: { noindex: true, sent: false },
      });
    const limit = await linkPerAddress(request);
    // Over the limit the page says the same as below, and sends nothing more.
    if (limit.isAllowed || !limit.isExceeded)
      await resendFollowLinks(serviceContext(request), form.data.email);
    return reply.redirect('/requests/link/sent', 303);
  });

  app.get('/requests/link/sent', async (_request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .view('requests/link.eta', { noindex: true, values: {}, errors: {}, sent: true }),
  );

  app.get('/requests/deleted', async (_request, reply) =>
    reply.header('cache-control', 'no-store').view('requests/deleted.eta', { noindex: true }),
  );

  app.get('/requests/follow/calendar.ics', privateLink, async (request, reply) => {
    const ctx = serviceContext(request);
    const details = await requestDetails(ctx, await byFollowToken(ctx, tokenOf(request)));
    const file = calendarFile(details, request.locale);
    if (!file) throw new NotFoundError();
    return privateHeaders(reply)
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="request-${details.request.id}.ics"`)
      .send(file);
  });
}
