import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { usersTable } from './accounts.js';
import { clientConsentsTable, clientsTable } from './clients.js';
import { jobPostingsTable } from './jobs.js';
import { organisationsTable } from './organisations.js';
import { workplacesTable } from './workplaces.js';

// 就労の相談 (DESIGN.md §3 "placement request" and "availability slot").

/** What is asked for. `internship` is for schools (issue 9); the seeker's form offers the first three. */
export const requestKinds = ['visit', 'experience', 'short_trial', 'internship'] as const;
export type RequestKind = (typeof requestKinds)[number];
export const requestKindEnum = pgEnum('request_kind', requestKinds);

/**
 * `unconfirmed` until the requester follows the mailed link (the co-op never sees it); then the lifecycle
 * of DESIGN.md §3. The pure state machine is src/modules/requests/requests.rules.ts.
 */
export const requestStates = [
  'unconfirmed',
  'submitted',
  'accepted',
  'alternative_proposed',
  /** A school's request the co-op accepted: waits for the school's confirmation (requests.rules.ts). */
  'agreement_pending',
  'declined',
  'withdrawn',
  'expired',
  /**
   * A school's request the co-op accepted that the school did not confirm in time (requests.maintenance.ts):
   * its places went back to the slot. Not `expired`, which says the co-op never answered.
   */
  'agreement_expired',
  'completed',
  'no_show',
] as const;
export type RequestState = (typeof requestStates)[number];
export const requestStateEnum = pgEnum('request_state', requestStates);

export const requestOutcomes = [
  'joined_member',
  'employed',
  'continuing_trials',
  'not_proceeding',
  'unknown',
] as const;
export type RequestOutcome = (typeof requestOutcomes)[number];
export const requestOutcomeEnum = pgEnum('request_outcome', requestOutcomes);

/**
 * Who asked. A seeker for themselves now; a counselor for a client and a school for a group come with
 * issue 9 on the same rows (`on_behalf_organisation_id`, `group_size`).
 */
export const requesterKinds = ['seeker', 'counselor', 'school'] as const;
export type RequesterKind = (typeof requesterKinds)[number];
export const requesterKindEnum = pgEnum('requester_kind', requesterKinds);

/** 「まず話を聞いてみたい」「体験してから考えたい」「すぐにでも働きたい」 */
export const requestIntents = ['listen_first', 'try_then_decide', 'work_soon'] as const;
export type RequestIntent = (typeof requestIntents)[number];
export const requestIntentEnum = pgEnum('request_intent', requestIntents);

export const declineReasons = ['no_capacity', 'dates_unavailable', 'not_accepting_now', 'other'] as const;
export type DeclineReason = (typeof declineReasons)[number];

/** A date and time range in Asia/Tokyo as typed ("2026-12-10", "10:00", "12:00"). */
export interface RequestTime {
  date: string;
  start: string;
  end: string;
}

export const slotStatuses = ['open', 'cancelled'] as const;
export const slotStatusEnum = pgEnum('slot_status', slotStatuses);

/** A co-op's offered time for visits or trials at one workplace; `booked` never exceeds `capacity`. */
export const availabilitySlotsTable = pgTable(
  'availability_slots',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    workplaceId: integer('workplace_id')
      .notNull()
      .references(() => workplacesTable.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity').notNull(),
    /** Places held by requests; changed only by a conditional update (see requests.service.ts). */
    booked: integer('booked').notNull().default(0),
    kinds: text('kinds').array().notNull(),
    whatToBring: text('what_to_bring').notNull().default(''),
    whatToWear: text('what_to_wear').notNull().default(''),
    paid: boolean('paid').notNull().default(false),
    payYen: integer('pay_yen'),
    transportCosts: text('transport_costs').notNull().default(''),
    insurance: text('insurance').notNull().default(''),
    meetingPoint: text('meeting_point').notNull().default(''),
    status: slotStatusEnum('status').notNull().default('open'),
    /** The form that created it (a pattern creates several with one form id). */
    formId: uuid('form_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('availability_slots_workplace_start_idx').on(table.workplaceId, table.startsAt),
    index('availability_slots_organisation_start_idx').on(table.organisationId, table.startsAt),
    // The last line of defence: whatever the code does, the database refuses an overbooked slot.
    check(
      'availability_slots_capacity_check',
      sql`${table.booked} >= 0 and ${table.booked} <= ${table.capacity}`,
    ),
    check('availability_slots_time_check', sql`${table.endsAt} > ${table.startsAt}`),
  ],
);

export type AvailabilitySlot = typeof availabilitySlotsTable.$inferSelect;

/** 就労の相談の申込み. Personal fields are emptied when it is anonymised (retention, or on request). */
export const placementRequestsTable = pgTable(
  'placement_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: requestKindEnum('kind').notNull(),
    state: requestStateEnum('state').notNull().default('unconfirmed'),
    outcome: requestOutcomeEnum('outcome'),
    requesterKind: requesterKindEnum('requester_kind').notNull().default('seeker'),
    /** A seeker with an account (their requests are listed on /account); null without one. */
    requesterUserId: integer('requester_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
    /** The counselor's or school's organisation asking on someone's behalf (issue 9). */
    onBehalfOrganisationId: integer('on_behalf_organisation_id').references(() => organisationsTable.id, {
      onDelete: 'set null',
    }),
    groupSize: integer('group_size').notNull().default(1),
    /** A counselor's request: the client it is for, and the consent it was made on (checked on every read). */
    clientId: integer('client_id').references(() => clientsTable.id, { onDelete: 'set null' }),
    consentId: integer('consent_id').references(() => clientConsentsTable.id, { onDelete: 'set null' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    workplaceId: integer('workplace_id')
      .notNull()
      .references(() => workplacesTable.id, { onDelete: 'cascade' }),
    postingId: integer('posting_id').references(() => jobPostingsTable.id, { onDelete: 'set null' }),
    intent: requestIntentEnum('intent').notNull(),
    /** The slot asked for or accepted into; `holdsPlace` says whether it counts in the slot's `booked`. */
    slotId: integer('slot_id').references(() => availabilitySlotsTable.id, { onDelete: 'set null' }),
    holdsPlace: boolean('holds_place').notNull().default(false),
    preferredTimes: jsonb('preferred_times').$type<RequestTime[]>().notNull().default([]),
    proposedTimes: jsonb('proposed_times').$type<RequestTime[]>().notNull().default([]),
    scheduledStart: timestamp('scheduled_start', { withTimezone: true }),
    scheduledEnd: timestamp('scheduled_end', { withTimezone: true }),
    /** Where to go when the accepted date is not a slot (a slot carries its own meeting point). */
    scheduledPlace: text('scheduled_place').notNull().default(''),

    // The requester: a name (a nickname is fine) and one way to be reached. No résumé, age or photo.
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    locale: text('locale').notNull().default('ja'),
    notes: text('notes').notNull().default(''),
    /** 配慮してほしいこと: may be 要配慮個人情報, so kept only with its own consent (sensitiveConsentAt). */
    accommodations: text('accommodations').notNull().default(''),
    sensitiveConsentAt: timestamp('sensitive_consent_at', { withTimezone: true }),

    declineReason: text('decline_reason'),
    declineNote: text('decline_note').notNull().default(''),

    /** The form id: a double submit or a retried POST finds this row instead of making a second. */
    formId: uuid('form_id').notNull(),
    confirmTokenHash: text('confirm_token_hash'),
    confirmExpiresAt: timestamp('confirm_expires_at', { withTimezone: true }),
    /** The private follow-up link: only its hash is kept. */
    followTokenHash: text('follow_token_hash'),

    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** Since when the co-op owes an answer (reminders and escalation count business days from here). */
    waitingSince: timestamp('waiting_since', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    dayBeforeReminderAt: timestamp('day_before_reminder_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('placement_requests_form_id_idx').on(table.formId),
    uniqueIndex('placement_requests_confirm_token_idx').on(table.confirmTokenHash),
    uniqueIndex('placement_requests_follow_token_idx').on(table.followTokenHash),
    index('placement_requests_inbox_idx').on(table.organisationId, table.state, table.waitingSince),
    index('placement_requests_user_idx').on(table.requesterUserId),
    index('placement_requests_slot_idx').on(table.slotId),
    index('placement_requests_client_idx').on(table.clientId),
    check('placement_requests_group_size_check', sql`${table.groupSize} >= 1`),
  ],
);

export type PlacementRequest = typeof placementRequestsTable.$inferSelect;

export const messageAuthors = ['requester', 'coop'] as const;
export type MessageAuthor = (typeof messageAuthors)[number];

/** The thread between the requester and the co-op. */
export const requestMessagesTable = pgTable(
  'request_messages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer('request_id')
      .notNull()
      .references(() => placementRequestsTable.id, { onDelete: 'cascade' }),
    author: text('author').$type<MessageAuthor>().notNull(),
    authorUserId: integer('author_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    formId: uuid('form_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('request_messages_request_idx').on(table.requestId, table.createdAt),
    uniqueIndex('request_messages_form_id_idx').on(table.formId),
  ],
);

export type RequestMessage = typeof requestMessagesTable.$inferSelect;

/**
 * 第三者提供の記録 (個人情報保護法 第29条): each time a requester's data is passed to a co-op — who it is
 * about (the request), to whom, which items, when, and on what consent. Kept when the request is
 * anonymised, without the data itself.
 */
export const requestProvisionsTable = pgTable(
  'request_provisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer('request_id')
      .notNull()
      .references(() => placementRequestsTable.id, { onDelete: 'cascade' }),
    recipientOrganisationId: integer('recipient_organisation_id')
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    items: text('items').array().notNull(),
    /** `requester_submission` (they sent it to this co-op), plus `sensitive_consent` for accommodations. */
    consentBasis: text('consent_basis').array().notNull(),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    providedAt: timestamp('provided_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('request_provisions_request_idx').on(table.requestId)],
);

export type RequestProvision = typeof requestProvisionsTable.$inferSelect;
