import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  time,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { usersTable } from './accounts.js';
import { organisationsTable } from './organisations.js';

/** The kinds of course the station runs (DESIGN.md §1, function 3 and 4). */
export const courseTypes = [
  'public_lecture', // 公開講座
  'donated', // 寄付講座
  'outreach', // 出前講座
  'supporter_childcare', // 子育てサポーター養成
  'supporter_dementia', // 認知症サポーター養成
  'supporter_living', // くらしのサポーター養成
  'qualification', // 資格講座 (e.g. 介護職員初任者研修)
  'job_creation', // 仕事おこし講座
] as const;
export type CourseType = (typeof courseTypes)[number];
export const courseTypeEnum = pgEnum('course_type', courseTypes);

/** draft → published → cancelled; a draft is seen only by its organiser. */
export const courseStatuses = ['draft', 'published', 'cancelled'] as const;
export type CourseStatus = (typeof courseStatuses)[number];
export const courseStatusEnum = pgEnum('course_status', courseStatuses);

/**
 * pending: the address is not confirmed yet and holds no place; confirmed: has a place; waitlisted:
 * waits in FIFO order for one; cancelled: by the person, or by the organiser cancelling the course.
 */
export const enrolmentStates = ['pending', 'confirmed', 'waitlisted', 'cancelled'] as const;
export type EnrolmentState = (typeof enrolmentStates)[number];
export const enrolmentStateEnum = pgEnum('enrolment_state', enrolmentStates);

export const outreachRequestStates = ['submitted', 'accepted', 'declined'] as const;
export type OutreachRequestState = (typeof outreachRequestStates)[number];
export const outreachRequestStateEnum = pgEnum('outreach_request_state', outreachRequestStates);

export const coursesTable = pgTable(
  'courses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The secretariat or a participating co-op. */
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    type: courseTypeEnum('type').notNull(),
    status: courseStatusEnum('status').notNull().default('draft'),
    title: text('title').notNull(),
    /** Who the course is for, in words (求職中の方, 高校生, 地域の方…). */
    audience: text('audience').notNull().default(''),
    description: text('description').notNull().default(''),
    /** Where the course is held (or, for an online course, the organiser's area), for the catalogue filter. */
    prefectureCode: text('prefecture_code').notNull(),
    capacity: integer('capacity').notNull(),
    /** 0 is free. */
    feeYen: integer('fee_yen').notNull().default(0),
    /** The fee waiver or subsidy and its condition, in words (受講料無料: 求職中の方…); empty when none. */
    feeWaiver: text('fee_waiver').notNull().default(''),
    /**
     * How many enrolments have been given a place or a waitlist number: the next one gets counter + 1, under
     * the course's row lock, so the waitlist is in the order the placements committed.
     */
    placementCounter: integer('placement_counter').notNull().default(0),
    /** The form the course was created from: a double submit finds the course instead of making two. */
    formId: text('form_id'),
    /** The outreach request this draft was made from, if any. */
    outreachRequestId: integer('outreach_request_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (table) => [
    index('courses_status_prefecture_idx').on(table.status, table.prefectureCode),
    index('courses_organisation_idx').on(table.organisationId),
    uniqueIndex('courses_form_id_key').on(table.organisationId, table.formId),
    uniqueIndex('courses_outreach_request_key').on(table.outreachRequestId),
    check('courses_capacity_positive', sql`${table.capacity} > 0`),
    check('courses_fee_not_negative', sql`${table.feeYen} >= 0`),
  ],
);

export type Course = typeof coursesTable.$inferSelect;
export type NewCourse = typeof coursesTable.$inferInsert;

export const courseSessionsTable = pgTable(
  'course_sessions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    courseId: integer('course_id')
      .notNull()
      .references(() => coursesTable.id, { onDelete: 'cascade' }),
    /** A Tokyo calendar day. */
    date: date('date', { mode: 'string' }).notNull(),
    startTime: time('start_time').notNull(),
    endTime: time('end_time').notNull(),
    online: boolean('online').notNull().default(false),
    venueName: text('venue_name').notNull().default(''),
    address: text('address').notNull().default(''),
    /** How to get there: station, walking minutes, step-free entrance. */
    access: text('access').notNull().default(''),
    /** Shown only to people with a place. */
    onlineUrl: text('online_url').notNull().default(''),
    /** Attending it is needed for completion. */
    required: boolean('required').notNull().default(true),
    /** The day-before reminder went out (maintenance), so it goes out once. */
    reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
  },
  (table) => [
    index('course_sessions_course_idx').on(table.courseId, table.date),
    index('course_sessions_date_idx').on(table.date),
  ],
);

export type CourseSession = typeof courseSessionsTable.$inferSelect;

export const courseEnrolmentsTable = pgTable(
  'course_enrolments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    courseId: integer('course_id')
      .notNull()
      .references(() => coursesTable.id, { onDelete: 'cascade' }),
    /** Set when the person enrolled signed in; deleting the account keeps the enrolment for the roster. */
    userId: integer('user_id').references(() => usersTable.id, { onDelete: 'set null' }),
    /** A nickname is fine. */
    nickname: text('nickname').notNull(),
    /** The one contact: a mail address, where confirmations, promotions and reminders go. */
    email: text('email').notNull(),
    /** Optional: what the person needs to take part (wheelchair, captions, a quiet seat…). */
    accommodations: text('accommodations').notNull().default(''),
    locale: text('locale').notNull().default('ja'),
    state: enrolmentStateEnum('state').notNull(),
    /** The order of placement (1, 2, 3…) within the course: the waitlist is served lowest first. */
    queueNumber: integer('queue_number'),
    /** The enrolment form's id: a double submit finds this row instead of making a second. */
    formId: text('form_id').notNull(),
    /** SHA-256 of the single-use confirmation link's token (24 h); null once used. */
    confirmTokenHash: text('confirm_token_hash'),
    confirmTokenExpiresAt: timestamp('confirm_token_expires_at', { withTimezone: true }),
    /** SHA-256 of the private link's token, to see the enrolment and cancel it. */
    manageTokenHash: text('manage_token_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** Every required session attended. */
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /**
     * Name, contact, accommodations and links were erased (retention after the last session, or the
     * person deleted their account); the state, queue number, attendance and completion stay as figures.
     */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('course_enrolments_form_key').on(table.courseId, table.formId),
    uniqueIndex('course_enrolments_queue_key').on(table.courseId, table.queueNumber),
    uniqueIndex('course_enrolments_confirm_token_key').on(table.confirmTokenHash),
    uniqueIndex('course_enrolments_manage_token_key').on(table.manageTokenHash),
    index('course_enrolments_course_state_idx').on(table.courseId, table.state, table.queueNumber),
    index('course_enrolments_user_idx').on(table.userId),
    // One address holds one live enrolment per course (the form normalises addresses to lower case).
    uniqueIndex('course_enrolments_live_email_key')
      .on(table.courseId, table.email)
      .where(sql`${table.state} in ('confirmed', 'waitlisted') and ${table.anonymisedAt} is null`),
  ],
);

export type CourseEnrolment = typeof courseEnrolmentsTable.$inferSelect;

export const courseAttendanceTable = pgTable(
  'course_attendance',
  {
    enrolmentId: integer('enrolment_id')
      .notNull()
      .references(() => courseEnrolmentsTable.id, { onDelete: 'cascade' }),
    sessionId: integer('session_id')
      .notNull()
      .references(() => courseSessionsTable.id, { onDelete: 'cascade' }),
    attended: boolean('attended').notNull(),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.enrolmentId, table.sessionId] })],
);

/** 出前講座・寄付講座の依頼: a school or community group asks for a course. */
export const outreachRequestsTable = pgTable(
  'outreach_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    state: outreachRequestStateEnum('state').notNull().default('submitted'),
    /** The school or group asking. */
    groupName: text('group_name').notNull(),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    topic: text('topic').notNull(),
    audience: text('audience').notNull(),
    audienceSize: integer('audience_size').notNull(),
    preferredDates: text('preferred_dates').notNull(),
    venue: text('venue').notNull(),
    prefectureCode: text('prefecture_code').notNull(),
    notes: text('notes').notNull().default(''),
    locale: text('locale').notNull().default('ja'),
    /** SHA-256 of the token in the requester's link to follow the request. */
    followTokenHash: text('follow_token_hash').notNull(),
    formId: text('form_id').notNull(),
    declineReason: text('decline_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('outreach_requests_form_key').on(table.formId),
    uniqueIndex('outreach_requests_follow_token_key').on(table.followTokenHash),
    index('outreach_requests_state_idx').on(table.state, table.createdAt),
  ],
);

export type OutreachRequest = typeof outreachRequestsTable.$inferSelect;
