import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { usersTable } from './accounts.js';

// 相談交流会 (DESIGN.md §3 "consultation event"): the secretariat's record of a dated event and what came
// of it, for the figures it reports to members and funders. Only counts are kept: nothing about any
// participant, so no personal data lives in these tables.

/** What the people consulted went on to, counted (「相談者5人がワーカーズ内就労へ」). */
export const eventOutcomeKinds = [
  'coop_work', // ワーカーズ（協同組合）内で就労
  'joined_member', // 組合員として加入
  'visit_or_trial', // 職場見学・就労体験へ
  'course', // 講座の受講へ
  'founding', // 仕事おこし（グループづくり）の相談へ
  'other_support', // ほかの支援機関へつないだ
  'other', // その他
] as const;
export type EventOutcomeKind = (typeof eventOutcomeKinds)[number];
export const eventOutcomeKindEnum = pgEnum('event_outcome_kind', eventOutcomeKinds);

export const consultationEventsTable = pgTable(
  'consultation_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    /** The Tokyo calendar day it was held: the figures count it in this day's month. */
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    online: boolean('online').notNull().default(false),
    /** Where it was held; for an online event, the organisers' area (as courses do), for the figures. */
    prefectureCode: text('prefecture_code').notNull(),
    /** The city, ward, town or village as written (市区町村); empty for an online event. */
    municipality: text('municipality').notNull().default(''),
    /** The hall or room; empty for an online event. */
    place: text('place').notNull().default(''),
    /** Who ran it, in words (co-ops, the secretariat, a local council…). */
    organisers: text('organisers').notNull(),
    participants: integer('participants').notNull(),
    /** How many of them had a consultation (個別相談). */
    consulted: integer('consulted').notNull(),
    notes: text('notes').notNull().default(''),
    /** The form it was recorded from: a double submit finds this event instead of making a second. */
    formId: text('form_id').notNull(),
    createdBy: integer('created_by').references(() => usersTable.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('consultation_events_form_key').on(table.formId),
    index('consultation_events_held_idx').on(table.heldOn, table.prefectureCode),
    check('consultation_events_counts_check', sql`${table.participants} >= 0 and ${table.consulted} >= 0`),
  ],
);

export type ConsultationEvent = typeof consultationEventsTable.$inferSelect;

/** One counted outcome of an event: a kind, how many people, and a note in words. */
export const consultationEventOutcomesTable = pgTable(
  'consultation_event_outcomes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => consultationEventsTable.id, { onDelete: 'cascade' }),
    kind: eventOutcomeKindEnum('kind').notNull(),
    people: integer('people').notNull(),
    note: text('note').notNull().default(''),
  },
  (table) => [
    index('consultation_event_outcomes_event_idx').on(table.eventId),
    check('consultation_event_outcomes_people_check', sql`${table.people} > 0`),
  ],
);

export type ConsultationEventOutcome = typeof consultationEventOutcomesTable.$inferSelect;
