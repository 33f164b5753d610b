import { z } from 'zod';
import {
  declineReasons,
  engagementKinds,
  type RequestState,
  type RequestTime,
  requestIntents,
  requestOutcomes,
} from '../../db/schema/index.js';
import {
  checkbox,
  email,
  formIdField,
  integer,
  optionalId,
  optionalInteger,
  optionalPhone,
  optionalText,
  repeated,
  requiredId,
  requiredText,
  single,
  tokenFrom,
} from '../../lib/forms.js';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Up to three preferred (or proposed) dates, as `date1`/`start1`/`end1` … `date3`. A row with nothing in
 * it is skipped; a row half filled is an error beside its date.
 */
export function readTimes(
  body: Record<string, unknown>,
  today: string,
): {
  times: RequestTime[];
  errors: Record<string, { key: 'requests.error.time' | 'requests.error.pastDate' }>;
} {
  const times: RequestTime[] = [];
  const errors: Record<string, { key: 'requests.error.time' | 'requests.error.pastDate' }> = {};
  for (const n of [1, 2, 3]) {
    const date = single(body[`date${n}`]).trim();
    const start = single(body[`start${n}`]).trim();
    const end = single(body[`end${n}`]).trim();
    if (!date && !start && !end) continue;
    if (!isoDate.test(date) || !hhmm.test(start) || !hhmm.test(end) || end <= start) {
      errors[`date${n}`] = { key: 'requests.error.time' };
    } else if (date < today) {
      errors[`date${n}`] = { key: 'requests.error.pastDate' };
    } else times.push({ date, start, end });
  }
  return { times, errors };
}

/** The seeker's request. Deliberately no résumé, age, photo, address or birth date (DESIGN.md §4). */
export const requestForm = z.object({
  formId: formIdField,
  kind: z.enum(engagementKinds, { error: 'requests.error.kind' }),
  intent: z.enum(requestIntents, { error: 'requests.error.intent' }),
  slotId: optionalId(),
  contactName: requiredText(60),
  contactEmail: email,
  contactPhone: optionalPhone,
  notes: optionalText(1000),
  accommodations: optionalText(1000),
  sensitiveConsent: checkbox,
});
export type RequestFormInput = z.output<typeof requestForm>;

/** The requester corrects what they gave. */
export const correctionForm = requestForm.pick({
  contactName: true,
  contactEmail: true,
  contactPhone: true,
  notes: true,
  accommodations: true,
  sensitiveConsent: true,
});
export type CorrectionInput = z.output<typeof correctionForm>;

export const messageForm = z.object({
  formId: formIdField,
  body: requiredText(2000),
});

/** "I lost my link": the address the request was made with. */
export const linkForm = z.object({
  email,
});

export const tokenForm = z.object({
  token: z.preprocess((value) => tokenFrom(value) ?? '', z.string().min(1)),
});

export const chooseForm = z.object({
  choice: integer(0, 2, 'requests.error.choice'),
});

export const declineForm = z.object({
  reason: z.enum(declineReasons, { error: 'requests.error.reason' }),
  note: optionalText(1000),
});

export const acceptForm = z.object({
  slotId: optionalId(),
  choice: optionalInteger(0, 2, 'form.required').transform((choice) => choice ?? undefined),
  place: optionalText(300),
  note: optionalText(1000),
});

export const outcomeForm = z.object({
  outcome: z.enum(requestOutcomes, { error: 'requests.error.outcome' }),
});

const slotKinds = z.preprocess(
  repeated,
  z
    .array(z.enum(engagementKinds, { error: 'requests.error.kind' }))
    .min(1, { error: 'requests.error.slotKinds' }),
);

/** A slot: one date, or a weekly pattern of `weeks` dates starting there. */
export const slotForm = z
  .object({
    formId: formIdField,
    workplaceId: requiredId('form.required'),
    date: z.string({ error: 'requests.error.date' }).regex(isoDate, { error: 'requests.error.date' }),
    start: z.string({ error: 'requests.error.clock' }).regex(hhmm, { error: 'requests.error.clock' }),
    end: z.string({ error: 'requests.error.clock' }).regex(hhmm, { error: 'requests.error.clock' }),
    capacity: integer(1, 200, 'requests.error.capacity'),
    weeks: z.preprocess(
      (value) => (single(value).trim() === '' ? '1' : value),
      integer(1, 12, 'requests.error.weeks'),
    ),
    kinds: slotKinds,
    whatToBring: optionalText(500),
    whatToWear: optionalText(500),
    paid: checkbox,
    payYen: optionalInteger(0, 100000, 'requests.error.payYen').transform((yen) => yen ?? undefined),
    transportCosts: optionalText(300),
    insurance: optionalText(300),
    meetingPoint: optionalText(300),
  })
  .superRefine((slot, context) => {
    if (slot.end <= slot.start)
      context.addIssue({ code: 'custom', path: ['end'], message: 'requests.error.endBeforeStart' });
    if (slot.paid && slot.payYen === undefined)
      context.addIssue({ code: 'custom', path: ['payYen'], message: 'requests.error.payYen' });
  });
export type SlotInput = z.output<typeof slotForm>;

/** The states the inbox filters by (all the co-op sees), in the order its select offers them. */
export const inboxStates = [
  'submitted',
  'accepted',
  'alternative_proposed',
  'agreement_pending',
  'declined',
  'withdrawn',
  'expired',
  'agreement_expired',
  'completed',
  'no_show',
] as const satisfies readonly RequestState[];

export const inboxFilters = z.object({
  kind: z.enum(engagementKinds).optional().catch(undefined),
  state: z.enum(inboxStates).optional().catch(undefined),
  workplace: optionalId().catch(undefined),
});
export type InboxFilters = z.output<typeof inboxFilters>;
