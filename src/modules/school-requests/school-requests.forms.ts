import { z } from 'zod';
import { schoolInsuranceKinds, schoolTypes } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import {
  calendarDate,
  checkbox,
  choice,
  clockTime,
  email,
  formIdField,
  integer,
  optionalId,
  optionalPhone,
  optionalText,
  repeated,
  requiredId,
  requiredText,
} from '../../lib/forms.js';
import { isoWeekdays, MAX_PERIOD_DAYS, periodDates, periodLength } from './school-requests.rules.js';

/** The weekdays ticked (ISO numbers 1–7), in week order; anything else is refused beside the field. */
const weekdayError = { error: 'schoolRequests.error.weekdays' } as const;
const weekdayList = z.preprocess(
  repeated,
  z
    .array(z.coerce.number(weekdayError).int(weekdayError).min(1, weekdayError).max(7, weekdayError))
    .transform((days) => isoWeekdays.filter((day) => days.includes(day))),
);

/** What a school may ask for: a workplace visit (職場見学) or an internship (就業体験). */
export const schoolKinds = ['visit', 'internship'] as const;
export type SchoolKind = (typeof schoolKinds)[number];

/** The largest group one request may bring; larger groups split into several requests. */
export const MAX_GROUP = 60;

/**
 * A school's request for a group. Students by count, not by name: names are optional and only for the
 * agreement. No student's age, address or grades beyond the school year.
 */
export const schoolRequestForm = z
  .object({
    formId: formIdField,
    workplaceId: requiredId('schoolRequests.error.workplace'),
    kind: choice(schoolKinds, 'schoolRequests.error.kind'),
    slotId: optionalId(),
    groupSize: integer(1, MAX_GROUP, 'schoolRequests.error.groupSize'),
    periodStart: calendarDate('schoolRequests.error.date'),
    periodEnd: calendarDate('schoolRequests.error.date'),
    dailyStart: clockTime('schoolRequests.error.time'),
    dailyEnd: clockTime('schoolRequests.error.time'),
    weekdays: weekdayList,
    skipHolidays: checkbox,
    days: optionalText(200),
    schoolType: choice(schoolTypes, 'schoolRequests.error.schoolType'),
    grade: requiredText(40),
    teacherName: requiredText(60),
    teacherEmail: email,
    teacherPhone: optionalPhone,
    learningGoals: requiredText(2000),
    insuranceConfirmed: checkbox,
    insuranceKind: choice(schoolInsuranceKinds, 'schoolRequests.error.insuranceKind'),
    insuranceOther: optionalText(200),
    emergencyContact: requiredText(300),
    studentNames: optionalText(3000),
    notes: optionalText(1000),
  })
  .superRefine((form, context) => {
    const issue = (path: string, message: MessageKey) =>
      context.addIssue({ code: 'custom', path: [path], message });
    if (form.periodEnd < form.periodStart) issue('periodEnd', 'schoolRequests.error.periodOrder');
    if (form.dailyEnd <= form.dailyStart) issue('dailyEnd', 'schoolRequests.error.timeOrder');
    // An internship is its days (school-requests.rules.ts): a period the calendar and mails can list, with
    // at least one day in it. A visit's period is the dates it may happen on: it takes one of them.
    if (form.kind === 'internship' && form.periodEnd >= form.periodStart) {
      if (periodLength(form.periodStart, form.periodEnd) > MAX_PERIOD_DAYS)
        issue('periodEnd', 'schoolRequests.error.periodLength');
      else if (periodDates(form).length === 0) issue('weekdays', 'schoolRequests.error.noDays');
    }
    if (!form.insuranceConfirmed) issue('insuranceConfirmed', 'schoolRequests.error.insurance');
    if (form.insuranceKind === 'other' && !form.insuranceOther)
      issue('insuranceOther', 'schoolRequests.error.insuranceOther');
    const names = studentNameList(form.studentNames);
    if (names.length > form.groupSize) issue('studentNames', 'schoolRequests.error.tooManyNames');
  });
export type SchoolRequestInput = z.output<typeof schoolRequestForm>;

/** Student names as entered, one a line (for the agreement only). */
export function studentNameList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The form's labels in form order, for the error summary. */
export const schoolRequestLabels: Record<string, MessageKey> = {
  workplaceId: 'schoolRequests.form.workplace',
  kind: 'schoolRequests.form.kind',
  groupSize: 'schoolRequests.form.groupSize',
  slotId: 'schoolRequests.form.slot',
  periodStart: 'schoolRequests.form.periodStart',
  periodEnd: 'schoolRequests.form.periodEnd',
  dailyStart: 'schoolRequests.form.dailyStart',
  dailyEnd: 'schoolRequests.form.dailyEnd',
  weekdays: 'schoolRequests.form.weekdays',
  skipHolidays: 'schoolRequests.form.skipHolidays',
  days: 'schoolRequests.form.days',
  schoolType: 'schoolRequests.form.schoolType',
  grade: 'schoolRequests.form.grade',
  teacherName: 'schoolRequests.form.teacherName',
  teacherEmail: 'schoolRequests.form.teacherEmail',
  teacherPhone: 'schoolRequests.form.teacherPhone',
  learningGoals: 'schoolRequests.form.learningGoals',
  insuranceConfirmed: 'schoolRequests.form.insuranceConfirmed',
  insuranceKind: 'schoolRequests.form.insuranceKind',
  insuranceOther: 'schoolRequests.form.insuranceOther',
  emergencyContact: 'schoolRequests.form.emergencyContact',
  studentNames: 'schoolRequests.form.studentNames',
  notes: 'schoolRequests.form.notes',
};

/** The school confirms the agreement (or takes a date the co-op offered, which confirms it too). */
export const confirmForm = z.object({
  agree: checkbox.refine((value) => value, { error: 'schoolRequests.error.agree' }),
});

export const chooseForm = z.object({
  choice: integer(0, 2, 'requests.error.choice'),
  agree: checkbox.refine((value) => value, { error: 'schoolRequests.error.agree' }),
});
