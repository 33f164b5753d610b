import { z } from 'zod';
import { courseTypes } from '../../db/schema/courses.js';
import { email as emailField } from '../../lib/forms.js';
import { findPrefecture } from '../../lib/regions.js';

// Form values arrive as strings (or arrays for repeated names). Full-width digits and punctuation are
// common on Japanese keyboards, so numbers, times and dates are NFKC-folded before they are read.

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const folded = (value: unknown) => str(value).normalize('NFKC').trim();

const text = (max: number) =>
  z.preprocess((value) => str(value).trim(), z.string().max(max, { error: 'form.tooLong' }));

const requiredText = (max: number) =>
  z.preprocess(
    (value) => str(value).trim(),
    z.string().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' }),
  );

/** A whole number between min and max; "1,200", "１２００" and "1200円" read as 1200. */
const integer = (min: number, max: number, error: string) =>
  z.preprocess(
    (value) => {
      const raw = folded(value).replace(/[,\s円人名]/g, '');
      return /^[0-9]{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
    },
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );

/** A checkbox is on when sent with any value but "" or "0". */
const checkbox = z.preprocess((value) => {
  const raw = Array.isArray(value) ? value.at(-1) : value;
  return typeof raw === 'string' ? raw !== '' && raw !== '0' : raw === true;
}, z.boolean());

const prefectureCode = z.preprocess(
  (value) => str(value),
  z.string().refine((code) => findPrefecture(code) !== undefined, { error: 'course.form.prefecture' }),
);

/** The id a form page carries so a second submit of the same page is recognised (idempotency). */
const formId = z.preprocess(
  (value) => str(value),
  z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: 'course.form.expired' }),
);

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** "2026-12-01" or "2026/12/1" → "2026-12-01". */
const calendarDate = z.preprocess(
  (value) => {
    const match = folded(value).match(/^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})$/);
    if (!match) return 'invalid';
    return `${match[1]}-${(match[2] as string).padStart(2, '0')}-${(match[3] as string).padStart(2, '0')}`;
  },
  z.string().refine(isCalendarDate, { error: 'course.form.date' }),
);

/** "9:00", "０９：００" → "09:00". */
const clockTime = z.preprocess(
  (value) => {
    const match = folded(value).match(/^([01]?[0-9]|2[0-3]):([0-5][0-9])(?::00)?$/);
    return match ? `${(match[1] as string).padStart(2, '0')}:${match[2]}` : 'invalid';
  },
  z.string().regex(/^[0-2][0-9]:[0-5][0-9]$/, { error: 'course.form.time' }),
);

export const courseForm = z.object({
  type: z.preprocess((value) => str(value), z.enum(courseTypes, { error: 'course.form.type' })),
  title: requiredText(120),
  audience: requiredText(500),
  description: requiredText(4000),
  prefectureCode,
  capacity: integer(1, 1000, 'course.form.capacity'),
  feeYen: z.preprocess(
    (value) => (folded(value) === '' ? '0' : value),
    integer(0, 1_000_000, 'course.form.fee'),
  ),
  feeWaiver: text(500),
});
export type CourseInput = z.output<typeof courseForm>;

/** A new course also carries its form id, so a double submit makes one course. */
export const newCourseForm = courseForm.extend({ formId });

export const sessionForm = z
  .object({
    date: calendarDate,
    startTime: clockTime,
    endTime: clockTime,
    online: checkbox,
    venueName: text(200),
    address: text(300),
    access: text(500),
    onlineUrl: text(500),
    required: checkbox,
  })
  .superRefine((session, issues) => {
    if (session.endTime <= session.startTime)
      issues.addIssue({ code: 'custom', path: ['endTime'], message: 'course.form.endBeforeStart' });
    if (session.online) {
      if (!/^https:\/\/[^\s]+$/.test(session.onlineUrl))
        issues.addIssue({ code: 'custom', path: ['onlineUrl'], message: 'course.form.onlineUrl' });
    } else {
      if (!session.venueName)
        issues.addIssue({ code: 'custom', path: ['venueName'], message: 'form.required' });
      if (!session.address) issues.addIssue({ code: 'custom', path: ['address'], message: 'form.required' });
    }
  });
export type SessionInput = z.output<typeof sessionForm>;

export const enrolForm = z
  .object({
    nickname: requiredText(60),
    email: emailField,
    accommodations: text(1000),
    /** Accommodations can reveal a disability or an illness (要配慮個人情報): sent only with consent. */
    accommodationsConsent: checkbox,
    formId,
  })
  .superRefine((enrolment, issues) => {
    if (enrolment.accommodations && !enrolment.accommodationsConsent)
      issues.addIssue({
        code: 'custom',
        path: ['accommodationsConsent'],
        message: 'course.enrol.consentNeeded',
      });
  });
export type EnrolInput = z.output<typeof enrolForm>;

/** The enrolment ids ticked as present at one session (repeated `attended` fields). */
export const attendanceForm = z.object({
  attended: z.preprocess(
    (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]),
    z
      .array(z.unknown())
      .max(2000)
      .transform((ids) =>
        ids.flatMap((id) => (typeof id === 'string' && /^[0-9]{1,9}$/.test(id) ? [Number(id)] : [])),
      ),
  ),
});

export const outreachForm = z.object({
  groupName: requiredText(200),
  contactName: requiredText(60),
  contactEmail: emailField,
  topic: requiredText(500),
  audience: requiredText(300),
  audienceSize: integer(1, 2000, 'outreach.form.audienceSizeInvalid'),
  preferredDates: requiredText(500),
  venue: requiredText(300),
  prefectureCode,
  notes: text(2000),
  formId,
});
export type OutreachInput = z.output<typeof outreachForm>;

export const declineForm = z.object({ reason: requiredText(1000) });

/** Catalogue filters from the query string; anything unknown is ignored rather than refused. */
export const catalogueQuery = z.object({
  type: z.preprocess(
    (value) => (courseTypes.includes(str(value) as never) ? str(value) : undefined),
    z.enum(courseTypes).optional(),
  ),
  prefecture: z.preprocess(
    (value) => (findPrefecture(str(value)) ? str(value) : undefined),
    z.string().optional(),
  ),
  month: z.preprocess(
    (value) => (/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(str(value)) ? str(value) : undefined),
    z.string().optional(),
  ),
  free: checkbox,
  online: checkbox,
});
export type CatalogueFilters = z.output<typeof catalogueQuery>;

/** A positive 32-bit id from a path parameter, or null. */
export function idFrom(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[0-9]{1,10}$/.test(value)) return null;
  const id = Number(value);
  return id > 0 && id <= 2_147_483_647 ? id : null;
}
