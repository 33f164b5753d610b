import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eventOutcomeKinds } from '../../db/schema/events.js';
import type { MessageKey } from '../../i18n/index.js';
import { type FormErrors, formIdFrom, idParam, pageQuery } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { paginate } from '../../lib/pagination.js';
import { prefectureName, prefectures } from '../../lib/regions.js';
import { randomToken } from '../../lib/secrets.js';
import { errorSummary, renderPrivatePage } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { eventLabels, OUTCOME_LINES, readEventForm, readNewEventForm } from './events.forms.js';
import {
  deleteEvent,
  type EventWithOutcomes,
  findEvent,
  listEvents,
  recordEvent,
  updateEvent,
} from './events.service.js';

const EVENTS_PAGE_SIZE = 50;

const notices: Record<string, MessageKey> = {
  recorded: 'event.notice.recorded',
  saved: 'event.notice.saved',
  deleted: 'event.notice.deleted',
};

/** A stored event as the form shows it: strings, with its outcomes on the numbered lines. */
function formValues(event: EventWithOutcomes): Record<string, unknown> {
  const values: Record<string, unknown> = {
    title: event.title,
    heldOn: event.heldOn,
    online: event.online ? '1' : '',
    prefectureCode: event.prefectureCode,
    municipality: event.municipality,
    place: event.place,
    organisers: event.organisers,
    participants: String(event.participants),
    consulted: String(event.consulted),
    notes: event.notes,
  };
  for (const [line, outcome] of event.outcomes.entries()) {
    values[`outcomeKind${line}`] = outcome.kind;
    values[`outcomePeople${line}`] = String(outcome.people);
    values[`outcomeNote${line}`] = outcome.note;
  }
  return values;
}

/**
 * /console/events: the secretariat records its 相談交流会 (consultation events), with how many took part,
 * how many were consulted and what came of it, for the figures (/console/figures).
 */
export default async function eventsConsoleRoutes(app: FastifyInstance) {
  const secretariat = access('secretariat');

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    data: Record<string, unknown>,
    status = 200,
  ) {
    return renderPrivatePage(
      reply,
      page,
      {
        section: 'events',
        prefectureOptions: prefectures.map((prefecture) => ({
          value: prefecture.code,
          label: prefectureName(prefecture.code, request.locale),
        })),
        outcomeOptions: eventOutcomeKinds.map((kind) => ({
          value: kind,
          label: request.t(`event.outcome.${kind}`),
        })),
        outcomeLines: OUTCOME_LINES,
        notice: noticeFrom(request, notices),
        ...data,
      },
      status,
    );
  }

  function refused(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    form: { values: Record<string, unknown>; errors: FormErrors },
    data: Record<string, unknown>,
  ) {
    return render(
      request,
      reply,
      page,
      {
        ...data,
        values: form.values,
        errors: form.errors,
        errorList: errorSummary(request, form.errors, eventLabels),
      },
      422,
    );
  }

  app.get('/events', secretariat, async (request, reply) => {
    const { page } = pageQuery.parse(request.query ?? {});
    const { total, events } = await listEvents(serviceContext(request), {
      limit: EVENTS_PAGE_SIZE,
      offset: (page - 1) * EVENTS_PAGE_SIZE,
    });
    const pagination = paginate(page, total, EVENTS_PAGE_SIZE);
    return render(request, reply, 'figures/events.eta', {
      total,
      events: events.map((event) => ({
        ...event,
        prefecture: prefectureName(event.prefectureCode, request.locale),
      })),
      pagination,
      pageHref: (n: number) => `/console/events?page=${n}`,
    });
  });

  app.get('/events/new', secretariat, async (request, reply) =>
    render(request, reply, 'figures/event-new.eta', { formId: randomToken(18), values: {} }),
  );

  app.post('/events', secretariat, async (request, reply) => {
    const ctx = serviceContext(request);
    const form = readNewEventForm(request.body, ctx.now);
    if (!form.ok)
      return refused(request, reply, 'figures/event-new.eta', form, {
        formId: formIdFrom(form.values.formId) ?? randomToken(18),
      });
    const eventId = await recordEvent(ctx, form.data);
    return reply.redirect(`/console/events/${eventId}?notice=recorded`, 303);
  });

  app.get('/events/:eventId', secretariat, async (request, reply) => {
    const event = await findEvent(serviceContext(request), idParam(request.params, 'eventId'));
    return render(request, reply, 'figures/event-edit.eta', { event, values: formValues(event) });
  });

  app.post('/events/:eventId', secretariat, async (request, reply) => {
    const ctx = serviceContext(request);
    const eventId = idParam(request.params, 'eventId');
    const form = readEventForm(request.body, ctx.now);
    if (!form.ok) {
      const event = await findEvent(ctx, eventId);
      return refused(request, reply, 'figures/event-edit.eta', form, { event });
    }
    await updateEvent(ctx, eventId, form.data);
    return reply.redirect(`/console/events/${eventId}?notice=saved`, 303);
  });

  app.post('/events/:eventId/delete', secretariat, async (request, reply) => {
    await deleteEvent(serviceContext(request), idParam(request.params, 'eventId'));
    return reply.redirect('/console/events?notice=deleted', 303);
  });
}
