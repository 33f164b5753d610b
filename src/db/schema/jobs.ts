import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  time,
  timestamp,
} from 'drizzle-orm/pg-core';
import { toTsvectorLiteral } from '../tsvector.js';
import {
  contractTypeEnum,
  employmentFormEnum,
  jobFieldEnum,
  postingStatusEnum,
  wageUnitEnum,
} from './enums.js';
import { organisationsTable } from './organisations.js';
import { workplacesTable } from './workplaces.js';

/**
 * A tsvector built in the app from unigram and bigram terms (see lib/search-text.ts), so 1- and
 * 2-character Japanese keywords are answered by the GIN index on both PostgreSQL 15 and PGlite,
 * which have neither pg_bigm nor PGroonga.
 */
const searchTerms = customType<{ data: string[]; driverData: string }>({
  dataType: () => 'tsvector',
  toDriver: (terms) => toTsvectorLiteral(terms),
});

/**
 * An edit of a published posting that waits for the secretariat's review (organisations not yet
 * trusted). The public keeps seeing the published columns until the secretariat applies it.
 */
export interface PendingPostingRevision {
  /** Waiting in the secretariat's queue, or sent back to the staff with a note (moderation_note). */
  state: 'in_review' | 'returned';
  /** The edited content, in the row's own shape (what postings.row.ts rowInput gives). */
  content: Record<string, unknown>;
  /** The fields that differ from the published version. */
  fields: string[];
  /** When the staff sent it (ISO 8601). */
  submittedAt: string;
}

/** 求人票: one job posting, in the blocks of the Hello Work form. */
export const jobPostingsTable = pgTable(
  'job_postings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workplaceId: integer('workplace_id')
      .notNull()
      .references(() => workplacesTable.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    status: postingStatusEnum('status').notNull().default('draft'),

    // 仕事内容
    title: text('title').notNull(),
    occupation: text('occupation').notNull(),
    field: jobFieldEnum('field').notNull(),
    duties: text('duties').notNull(),
    /** 変更範囲: how far duties and place may change (required since 2024-04). */
    changeScope: text('change_scope').notNull().default(''),

    // 雇用形態・契約期間
    employmentForm: employmentFormEnum('employment_form').notNull(),
    contractType: contractTypeEnum('contract_type').notNull(),
    contractDetails: text('contract_details').notNull().default(''),

    // 賃金
    wageMin: integer('wage_min').notNull(),
    wageMax: integer('wage_max'),
    wageUnit: wageUnitEnum('wage_unit').notNull(),
    allowances: text('allowances').notNull().default(''),
    commutingPay: text('commuting_pay').notNull().default(''),
    /** wage_min converted to an hourly and a monthly figure by the stated hours: for wage filters and sort. */
    hourlyWageEquivalent: integer('hourly_wage_equivalent').notNull(),
    monthlyWageEquivalent: integer('monthly_wage_equivalent').notNull(),

    // 労働時間
    workStart: time('work_start').notNull(),
    workEnd: time('work_end').notNull(),
    breakMinutes: integer('break_minutes').notNull().default(0),
    shiftNotes: text('shift_notes').notNull().default(''),
    weeklyHours: doublePrecision('weekly_hours').notNull(),
    workDays: text('work_days').notNull(),
    overtime: text('overtime').notNull().default(''),
    daysOff: text('days_off').notNull().default(''),

    // 加入保険
    insuranceEmployment: boolean('insurance_employment').notNull().default(false),
    insuranceWorkersComp: boolean('insurance_workers_comp').notNull().default(true),
    insuranceHealth: boolean('insurance_health').notNull().default(false),
    insurancePension: boolean('insurance_pension').notNull().default(false),

    // 応募条件・歓迎
    requirements: text('requirements').notNull().default(''),
    welcomeTags: text('welcome_tags').array().notNull().default(sql`'{}'::text[]`),
    openings: integer('openings').notNull().default(1),
    /** 協同労働: what joining as a member means here (read with the organisation's governance card). */
    membershipTerms: text('membership_terms').notNull().default(''),

    // 見学・体験
    acceptsVisit: boolean('accepts_visit').notNull().default(false),
    acceptsExperience: boolean('accepts_experience').notNull().default(false),
    acceptsShortTrial: boolean('accepts_short_trial').notNull().default(false),

    postedOn: date('posted_on', { mode: 'string' }).notNull(),
    /** When the staff were told the posting closes in a week (sent once). */
    expiryNoticeSentAt: timestamp('expiry_notice_sent_at', { withTimezone: true }),
    /** The secretariat's note when sending a posting (or an edit of it) back from review. */
    moderationNote: text('moderation_note'),
    /** An edit of the published posting waiting for review; null when there is none. */
    pendingRevision: jsonb('pending_revision').$type<PendingPostingRevision>(),
    validThrough: date('valid_through', { mode: 'string' }).notNull(),

    /** Normalised text the search terms came from, for checking 3+-character keywords exactly. */
    searchText: text('search_text').notNull().default(''),
    /**
     * The hiragana readings of the text's words (lib/readings.ts), for searches typed in kana or romaji;
     * null until worked out (postings saved before readings existed are read by the hourly maintenance).
     */
    searchReadings: text('search_readings'),
    searchTerms: searchTerms('search_terms').notNull(),
    /**
     * The posting's filter tokens again ("pref:13", "field:office"…), small enough to sit in the newest-first
     * index: a search of common terms walks that index and checks its filters there, without reading the
     * table or unpacking the large tsvector (see jobs.service listing).
     */
    searchFilters: text('search_filters').array().notNull().default(sql`'{}'::text[]`),

    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('job_postings_search_terms_idx').using('gin', table.searchTerms),
    // valid_through and the filter tokens are in the index so that "still open" and the filters are checked
    // without visiting the table (an index-only walk, newest first).
    index('job_postings_published_newest_idx')
      .on(table.postedOn.desc(), table.id.desc(), table.validThrough, table.searchFilters)
      .where(sql`${table.status} = 'published'`),
    // The same walk within one prefecture, which nearly every search by place names: only that prefecture's
    // entries are read. search_filters_prefecture (migration 0019) picks the "pref:NN" token out of the filters.
    index('job_postings_published_prefecture_newest_idx')
      .on(
        sql`search_filters_prefecture(${table.searchFilters})`,
        table.postedOn.desc(),
        table.id.desc(),
        table.validThrough,
        table.searchFilters,
      )
      .where(sql`${table.status} = 'published'`),
    index('job_postings_published_wage_idx')
      .on(table.hourlyWageEquivalent.desc(), table.id.desc())
      .where(sql`${table.status} = 'published'`),
    index('job_postings_workplace_idx').on(table.workplaceId),
    index('job_postings_organisation_status_idx').on(table.organisationId, table.status),
    // The hourly maintenance looks for postings without readings: a tiny index, so that on a large board
    // finding none does not read the whole table.
    index('job_postings_missing_readings_idx').on(table.id).where(sql`${table.searchReadings} is null`),
  ],
);

export type JobPosting = typeof jobPostingsTable.$inferSelect;
export type NewJobPosting = typeof jobPostingsTable.$inferInsert;
