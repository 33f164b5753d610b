import { z } from 'zod';
import { type EventOutcomeKind, eventOutcomeKinds } from '../../db/schema/events.js';
import type { MessageKey } from '../../i18n/index.js';
import { todayInTokyo } from '../../lib/dates.js';
import {
  calendarDate,
  checkbox,
  type FormErrors,
  type FormResult,
  folded,
  formIdField,
  integer,
  optionalText,
  parseForm,
  requiredText,
  single,
} from '../../lib/forms.js';
import { findPrefecture } from '../../lib/regions.js';

/** How many outcome lines the form offers: the page works without JavaScript, so the lines are fixed. */
export const OUTCOME_LINES = 5;

const eventFields = z
  .object({
    title: requiredText(120),
    heldOn: calendarDate('event.form.heldOnInvalid'),
    online: checkbox,
    prefectureCode: z.preprocess(
      single,
      z.string().refine((code) => findPrefecture(code) !== undefined, { error: 'event.form.prefecture' }),
    ),
    municipality: optionalText(60),
    place: optionalText(200),
    organisers: requiredText(500),
    participants: integer(0, 100_000, 'event.form.count'),
    consulted: integer(0, 100_000, 'event.form.count'),
    notes: optionalText(4000),
  })
  .superRefine((event, issues) => {
    if (!event.online && !event.place)
      issues.addIssue({ code: 'custom', path: ['place'], message: 'event.form.placeRequired' });
    if (event.consulted > event.participants)
      issues.addIssue({
        code: 'custom',
        path: ['consulted'],
        message: 'event.form.consultedMoreThanParticipants',
      });
  });

export interface EventOutcomeInput {
  kind: EventOutcomeKind;
  people: number;
  note: string;
}

export type EventInput = z.output<typeof eventFields> & { outcomes: EventOutcomeInput[] };

/** The labels of an event's stored fields, for the audit log's list of what changed. */
export const eventFieldLabels = {
  title: 'event.form.title',
  heldOn: 'event.form.heldOn',
  online: 'event.form.online',
  prefectureCode: 'event.form.prefecture.label',
  municipality: 'event.form.municipality',
  place: 'event.form.place',
  organisers: 'event.form.organisers',
  participants: 'event.form.participants',
  consulted: 'event.form.consulted',
  outcomes: 'event.form.outcomes',
  notes: 'event.form.notes',
} as const satisfies Record<string, MessageKey>;

/** The labels of the form's fields in form order, for the error summary. */
export const eventLabels: Record<string, MessageKey> = {
  title: 'event.form.title',
  heldOn: 'event.form.heldOn',
  prefectureCode: 'event.form.prefecture.label',
  municipality: 'event.form.municipality',
  place: 'event.form.place',
  organisers: 'event.form.organisers',
  participants: 'event.form.participants',
  consulted: 'event.form.consulted',
  ...Object.fromEntries(
    Array.from({ length: OUTCOME_LINES }, (_, line) => [
      [`outcomeKind${line}`, 'event.form.outcomeKind'],
      [`outcomePeople${line}`, 'event.form.outcomePeople'],
      [`outcomeNote${line}`, 'event.form.outcomeNote'],
    ]).flat(),
  ),
  notes: 'event.form.notes',
};

const peopleOf = integer(1, 100_000, 'event.form.outcomePeopleInvalid');

/**
 * The outcome lines: a line left wholly empty is no outcome; a line with a count or a note needs its
 * kind, and a line with a kind needs a count of at least one.
 */
function readOutcomes(body: Record<string, unknown>, errors: FormErrors): EventOutcomeInput[] {
  const outcomes: EventOutcomeInput[] = [];
  for (let line = 0; line < OUTCOME_LINES; line++) {
    const kind = single(body[`outcomeKind${line}`]);
    const rawPeople = folded(body[`outcomePeople${line}`]);
    const note = single(body[`outcomeNote${line}`]).replace(/\r\n?/g, '\n').trim();
    if (!kind && !rawPeople && !note) continue;
    if (!eventOutcomeKinds.includes(kind as EventOutcomeKind)) {
      errors[`outcomeKind${line}`] = { key: 'event.form.outcomeKindRequired' };
      continue;
    }
    const people = peopleOf.safeParse(body[`outcomePeople${line}`]);
    if (!people.success) {
      errors[`outcomePeople${line}`] = { key: 'event.form.outcomePeopleInvalid' };
      continue;
    }
    if (note.length > 300) {
      errors[`outcomeNote${line}`] = { key: 'form.tooLong', params: { max: 300 } };
      continue;
    }
    outcomes.push({ kind: kind as EventOutcomeKind, people: people.data, note });
  }
  return outcomes;
}

/**
 * The event form as sent. An event is recorded once it has happened: a day after today (Tokyo) is
 * refused, so the figures never count what has not taken place.
 */
export function readEventForm(body: unknown, now: Date): FormResult<EventInput> {
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const fields = parseForm(eventFields, values);
  const errors: FormErrors = fields.ok ? {} : { ...fields.errors };
  if (fields.ok && fields.data.heldOn > todayInTokyo(now)) errors.heldOn = { key: 'event.form.heldOnFuture' };
  const outcomes = readOutcomes(values, errors);
  if (!fields.ok || Object.keys(errors).length > 0) return { ok: false, values, errors };
  return { ok: true, data: { ...fields.data, outcomes } };
}

/** A new event also carries its form id, so a double submit records one event. */
export function readNewEventForm(body: unknown, now: Date): FormResult<EventInput & { formId: string }> {
  const form = readEventForm(body, now);
  const formId = formIdField.safeParse((body as Record<string, unknown> | undefined)?.formId);
  if (form.ok && formId.success) return { ok: true, data: { ...form.data, formId: formId.data } };
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const errors = form.ok ? {} : form.errors;
  return {
    ok: false,
    values,
    errors: formId.success ? errors : { ...errors, formId: { key: 'form.expired' } },
  };
}
