import { boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { approvalStateEnum, legalFormEnum, organisationKindEnum } from './enums.js';

export const organisationsTable = pgTable(
  'organisations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: organisationKindEnum('kind').notNull(),
    legalForm: legalFormEnum('legal_form').notNull(),
    name: text('name').notNull(),
    nameKana: text('name_kana').notNull(),
    description: text('description').notNull().default(''),
    website: text('website'),
    /** The organisation's public desk (never a person's own address or phone). */
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    prefectureCode: text('prefecture_code').notNull(),
    approvalState: approvalStateEnum('approval_state').notNull().default('pending'),
    /** Shown to the applicant when the secretariat declines (参加申請の不承認理由). */
    declineReason: text('decline_reason'),
    /** Trusted organisations publish postings directly; others go through the secretariat's review. */
    trusted: boolean('trusted').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('organisations_kind_state_kana_idx').on(table.kind, table.approvalState, table.nameKana)],
);

export type Organisation = typeof organisationsTable.$inferSelect;
export type NewOrganisation = typeof organisationsTable.$inferInsert;

/**
 * The co-op governance card: how the organisation is owned and run. No other job board shows this as
 * structured data; for a job seeker it answers "what does joining mean?".
 */
export const coopGovernanceTable = pgTable('coop_governance', {
  organisationId: integer('organisation_id')
    .primaryKey()
    .references(() => organisationsTable.id, { onDelete: 'cascade' }),
  memberCount: integer('member_count'),
  workerCount: integer('worker_count'),
  /** e.g. 総会で1人1票、月1回の全体会議 */
  decisionMaking: text('decision_making').notNull().default(''),
  oneMemberOneVote: boolean('one_member_one_vote').notNull().default(true),
  /** 出資金: yen per share and the number of shares a member takes. */
  shareAmountYen: integer('share_amount_yen'),
  sharesRequired: integer('shares_required'),
  instalmentsAllowed: boolean('instalments_allowed').notNull().default(false),
  payrollDeduction: boolean('payroll_deduction').notNull().default(false),
  refundedOnLeaving: boolean('refunded_on_leaving').notNull().default(true),
  /** 従事分量配当: surplus shared by the work each member did. */
  surplusByWorkShare: boolean('surplus_by_work_share').notNull().default(false),
  surplusNotes: text('surplus_notes').notNull().default(''),
  foundedUnder2022Law: boolean('founded_under_2022_law').notNull().default(false),
  foundedYear: integer('founded_year'),
});

export type CoopGovernance = typeof coopGovernanceTable.$inferSelect;
export type NewCoopGovernance = typeof coopGovernanceTable.$inferInsert;
