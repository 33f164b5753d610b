import { sql } from 'drizzle-orm';
import { boolean, date, integer, pgTable, text, time, timestamp } from 'drizzle-orm/pg-core';
import { usersTable } from './accounts.js';
import { placementRequestsTable } from './requests.js';

// A school's group visit or internship (issue 9): the group's own details beside its placement request.
// The request row carries the kind, the state, the co-op, the slot, `group_size` and the teacher in charge
// as its contact (contact_name/email/phone), so the inbox, mails and retention work as for anyone.

export const schoolTypes = [
  'junior_high',
  'high_school',
  'special_needs',
  'technical_college',
  'university',
  'vocational',
  'other',
] as const;
export type SchoolType = (typeof schoolTypes)[number];

/** 学研災 (学生教育研究災害傷害保険), インターンシップ保険, or another policy named in `insuranceOther`. */
export const schoolInsuranceKinds = ['gakkensai', 'internship', 'other'] as const;
export type SchoolInsuranceKind = (typeof schoolInsuranceKinds)[number];

export const schoolRequestDetailsTable = pgTable('school_request_details', {
  requestId: integer('request_id')
    .primaryKey()
    .references(() => placementRequestsTable.id, { onDelete: 'cascade' }),
  /** The period asked for (Tokyo dates) and the daily hours; a slot, when chosen, gives its own time. */
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  periodEnd: date('period_end', { mode: 'string' }).notNull(),
  dailyStart: time('daily_start').notNull(),
  dailyEnd: time('daily_end').notNull(),
  /**
   * The weekdays of an internship within the period (ISO: 1 Monday … 7 Sunday) and whether public holidays
   * are left out: the days the calendar file and the mails name. The defaults (every day, holidays
   * included) keep the meaning of requests made before the school chose them: the whole period.
   */
  weekdays: integer('weekdays').array().notNull().default(sql`'{1,2,3,4,5,6,7}'::integer[]`),
  skipHolidays: boolean('skip_holidays').notNull().default(false),
  /** Anything more about the days, as the school words it (「2日目は午後のみ」…). */
  days: text('days').notNull().default(''),
  schoolType: text('school_type').$type<SchoolType>().notNull(),
  grade: text('grade').notNull(),
  learningGoals: text('learning_goals').notNull(),
  insuranceConfirmed: boolean('insurance_confirmed').notNull(),
  insuranceKind: text('insurance_kind').$type<SchoolInsuranceKind>().notNull(),
  insuranceOther: text('insurance_other').notNull().default(''),
  /** Personal data, emptied when the request is anonymised. */
  emergencyContact: text('emergency_contact').notNull(),
  /** Only when the school adds names for the agreement; otherwise students appear by count. */
  studentNames: text('student_names').notNull().default(''),
  /**
   * When the co-op's acceptance started waiting for the school's confirmation: the school has a week from
   * then, and at most until the day before the first day (school-requests.rules.ts), and is reminded halfway.
   */
  agreementRequestedAt: timestamp('agreement_requested_at', { withTimezone: true }),
  agreementRemindedAt: timestamp('agreement_reminded_at', { withTimezone: true }),
  /** The school's confirmation of the three-way agreement (after the co-op accepted). */
  agreementConfirmedAt: timestamp('agreement_confirmed_at', { withTimezone: true }),
  agreementConfirmedBy: integer('agreement_confirmed_by').references(() => usersTable.id, {
    onDelete: 'set null',
  }),
  /** The school staff member who asked. */
  createdBy: integer('created_by').references(() => usersTable.id, { onDelete: 'set null' }),
});

export type SchoolRequestDetails = typeof schoolRequestDetailsTable.$inferSelect;
