import { z } from 'zod';
import { courseTypes } from '../../db/schema/courses.js';
import {
  calendarDate,
  checkbox,
  clockTime,
  email as emailField,
  folded,
  formIdField,
  idFrom,
  integer,
  optionalText,
  repeated,
  requiredText,
  single,
} from '../../lib/forms.js';
import { findPrefecture } from '../../lib/regions.js';

const prefectureCode = z.preprocess(
  single,
  z.string().refine((code) => findPrefecture(code) !== undefined, { error: 'course.form.prefecture' }),
);

export const courseForm = z.object({
  type: z.preprocess(single, z.enum(courseTypes, { error: 'course.form.type' })),
  title: requiredText(120),
  audience: requiredText(500),
  description: requiredText(4000),
  prefectureCode,
  capacity: integer(1, 1000, 'course.form.capacity'),
  feeYen: z.preprocess(
    (value) => (folded(value) === '' ? '0' : value),
    integer(0, 1_000_000, 'course.form.fee'),
  ),
  feeWaiver: optionalText(500),
});
export type CourseInput = z.output<typeof courseForm>;

/** A new course also carries its form id, so a double submit makes one course. */
export const newCourseForm = courseForm.extend({ formId: formIdField });

export const sessionForm = z
  .object({
    date: calendarDate('course.form.date'),
    startTime: clockTime('course.form.time'),
    endTime: clockTime('course.form.time'),
    online: checkbox,
    venueName: optionalText(200),
    address: optionalText(300),
    access: optionalText(500),
    onlineUrl: optionalText(500),
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
    accommodations: optionalText(1000),
    /** Accommodations can reveal a disability or an illness (要配慮個人情報): sent only with consent. */
    accommodationsConsent: checkbox,
    formId: formIdField,
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
    repeated,
    z
      .array(z.unknown())
      .max(2000)
      .transform((ids) => ids.flatMap((id) => idFrom(id) ?? [])),
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
  notes: optionalText(2000),
  formId: formIdField,
});
export type OutreachInput = z.output<typeof outreachForm>;

export const declineForm = z.object({ reason: requiredText(1000) });

/** Catalogue filters from the query string; anything unknown is ignored rather than refused. */
export const catalogueQuery = z.object({
  type: z.preprocess(
    (value) => (courseTypes.includes(single(value) as never) ? single(value) : undefined),
    z.enum(courseTypes).optional(),
  ),
  prefecture: z.preprocess(
    (value) => (findPrefecture(single(value)) ? single(value) : undefined),
    z.string().optional(),
  ),
  month: z.preprocess(
    (value) => (/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(single(value)) ? single(value) : undefined),
    z.string().optional(),
  ),
  free: checkbox,
  online: checkbox,
  /** A page of the list; anything that is not a whole number from 1 reads as 1 (the route says 404). */
  page: z.preprocess((value) => {
    const page = Number(single(value));
    return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
  }, z.number()),
});
export type CatalogueFilters = z.output<typeof catalogueQuery>;

/** The catalogue's query string for the filters and a page: what the pager and the filter form send. */
export function catalogueQueryString(filters: Omit<CatalogueFilters, 'page'>, page: number): string {
  const params = new URLSearchParams();
  if (filters.type) params.set('type', filters.type);
  if (filters.prefecture) params.set('prefecture', filters.prefecture);
  if (filters.month) params.set('month', filters.month);
  if (filters.free) params.set('free', '1');
  if (filters.online) params.set('online', '1');
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `?${query}` : '';
}
