import { z } from 'zod';
import {
  declineReasons,
  engagementKinds,
  type RequestTime,
  requestIntents,
  requestOutcomes,
} from '../../db/schema/index.js';

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const trimmed = (max: number, error = 'form.tooLong') =>
  z.preprocess((value) => str(value).trim(), z.string().max(max, { error }));
const required = (max: number) =>
  z.preprocess(
    (value) => str(value).trim(),
    z.string().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' }),
  );
const optionalId = z.preprocess(
  (value) => (str(value).trim() === '' ? undefined : str(value).trim()),
  z.coerce.number().int().positive().max(2_147_483_647).optional(),
);

/** The one-time id a form carries: a second submission of the same form finds the first record. */
export const formIdField = z.preprocess(
  (value) => str(value).trim(),
  z.uuid({ error: 'requests.error.formExpired' }),
);

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
    const date = str(body[`date${n}`]).trim();
    const start = str(body[`start${n}`]).trim();
    const end = str(body[`end${n}`]).trim();
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
  slotId: optionalId,
  contactName: required(60),
  contactEmail: z.preprocess(
    (value) => str(value).trim(),
    z.email({ error: 'requests.error.email' }).max(254, { error: 'form.tooLong' }),
  ),
  contactPhone: z.preprocess(
    (value) => str(value).trim(),
    z
      .string()
      .max(20, { error: 'requests.error.phone' })
      .regex(/^[0-9０-９+\-－() ]*$/, { error: 'requests.error.phone' }),
  ),
  notes: trimmed(1000),
  accommodations: trimmed(1000),
  sensitiveConsent: z.preprocess((value) => value === 'yes', z.boolean()),
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
  body: required(2000),
});

/** "I lost my link": the address the request was made with. */
export const linkForm = z.object({
  email: z.preprocess((value) => str(value).trim(), z.email({ error: 'requests.error.email' })),
});

export const tokenForm = z.object({
  token: z.preprocess((value) => str(value).trim(), z.string().regex(/^[A-Za-z0-9_-]{20,64}$/)),
});

export const chooseForm = z.object({
  choice: z.coerce.number().int().min(0).max(2, { error: 'requests.error.choice' }),
});

export const declineForm = z.object({
  reason: z.enum(declineReasons, { error: 'requests.error.reason' }),
  note: trimmed(1000),
});

export const acceptForm = z.object({
  slotId: optionalId,
  choice: z.preprocess(
    (value) => (str(value).trim() === '' ? undefined : str(value).trim()),
    z.coerce.number().int().min(0).max(2).optional(),
  ),
  place: trimmed(300),
  note: trimmed(1000),
});

export const outcomeForm = z.object({
  outcome: z.enum(requestOutcomes, { error: 'requests.error.outcome' }),
});

const slotKinds = z.preprocess(
  (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]),
  z
    .array(z.enum(engagementKinds, { error: 'requests.error.kind' }))
    .min(1, { error: 'requests.error.slotKinds' }),
);

/** A slot: one date, or a weekly pattern of `weeks` dates starting there. */
export const slotForm = z
  .object({
    formId: formIdField,
    workplaceId: z.coerce.number({ error: 'form.required' }).int().positive().max(2_147_483_647),
    date: z.string({ error: 'requests.error.date' }).regex(isoDate, { error: 'requests.error.date' }),
    start: z.string({ error: 'requests.error.clock' }).regex(hhmm, { error: 'requests.error.clock' }),
    end: z.string({ error: 'requests.error.clock' }).regex(hhmm, { error: 'requests.error.clock' }),
    capacity: z.coerce
      .number({ error: 'requests.error.capacity' })
      .int({ error: 'requests.error.capacity' })
      .min(1, { error: 'requests.error.capacity' })
      .max(200, { error: 'requests.error.capacity' }),
    weeks: z.preprocess(
      (value) => (str(value).trim() === '' ? 1 : value),
      z.coerce
        .number({ error: 'requests.error.weeks' })
        .int({ error: 'requests.error.weeks' })
        .min(1, { error: 'requests.error.weeks' })
        .max(12, { error: 'requests.error.weeks' }),
    ),
    kinds: slotKinds,
    whatToBring: trimmed(500),
    whatToWear: trimmed(500),
    paid: z.preprocess((value) => value === 'yes', z.boolean()),
    payYen: z.preprocess(
      (value) => (str(value).trim() === '' ? undefined : value),
      z.coerce
        .number({ error: 'requests.error.payYen' })
        .int({ error: 'requests.error.payYen' })
        .min(0, { error: 'requests.error.payYen' })
        .max(100000, { error: 'requests.error.payYen' })
        .optional(),
    ),
    transportCosts: trimmed(300),
    insurance: trimmed(300),
    meetingPoint: trimmed(300),
  })
  .superRefine((slot, context) => {
    if (slot.end <= slot.start)
      context.addIssue({ code: 'custom', path: ['end'], message: 'requests.error.endBeforeStart' });
    if (slot.paid && slot.payYen === undefined)
      context.addIssue({ code: 'custom', path: ['payYen'], message: 'requests.error.payYen' });
  });
export type SlotInput = z.output<typeof slotForm>;

export const inboxFilters = z.object({
  kind: z.enum(engagementKinds).optional().catch(undefined),
  state: z
    .enum([
      'submitted',
      'accepted',
      'alternative_proposed',
      'declined',
      'withdrawn',
      'expired',
      'completed',
      'no_show',
    ])
    .optional()
    .catch(undefined),
  workplace: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
});
export type InboxFilters = z.output<typeof inboxFilters>;
