import {
  boolean,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { usersTable } from './accounts.js';
import { courseEnrolmentsTable } from './courses.js';
import { jobFieldEnum } from './enums.js';
import { organisationsTable } from './organisations.js';

/**
 * The stages of founding a workers' co-op (労働者協同組合), in order: 相談 → 準備会 → 事業計画 → 創立総会 →
 * 出資 → 登記 → 届出 → 事業開始 (DESIGN.md §3).
 */
export const foundingStages = [
  'consultation',
  'preparatory_meeting',
  'business_plan',
  'founding_assembly',
  'capital',
  'registration',
  'notification',
  'operating',
] as const;
export type FoundingStage = (typeof foundingStages)[number];
export const foundingStageEnum = pgEnum('founding_stage', foundingStages);

/** 仕事おこしグループ: people preparing a new co-op, accompanied by a supporter. */
export const foundingGroupsTable = pgTable(
  'founding_groups',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The working name (仮称). */
    name: text('name').notNull(),
    field: jobFieldEnum('field').notNull(),
    prefectureCode: text('prefecture_code').notNull(),
    municipality: text('municipality').notNull().default(''),
    idea: text('idea').notNull(),
    stage: foundingStageEnum('stage').notNull().default('consultation'),
    /** The supporter (伴走支援者): secretariat staff or a co-op's staff; null until the secretariat assigns one. */
    supporterUserId: integer('supporter_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
    supporterOrganisationId: integer('supporter_organisation_id').references(() => organisationsTable.id, {
      onDelete: 'set null',
    }),
    /** The 仕事おこし講座 enrolment the group was asked for from, if any. */
    courseEnrolmentId: integer('course_enrolment_id').references(() => courseEnrolmentsTable.id, {
      onDelete: 'set null',
    }),
    /** Who asked for accompaniment (null when the account is gone). */
    requestedBy: integer('requested_by').references(() => usersTable.id, { onDelete: 'set null' }),
    /** The request form's id: a double submit finds this group instead of making a second. */
    formId: text('form_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('founding_groups_form_key').on(table.formId),
    index('founding_groups_stage_idx').on(table.stage, table.createdAt),
    index('founding_groups_supporter_idx').on(table.supporterUserId),
  ],
);
export type FoundingGroup = typeof foundingGroupsTable.$inferSelect;

/** A member: a person with an account, or a name the supporter recorded (userId null). */
export const foundingMembersTable = pgTable(
  'founding_group_members',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    groupId: integer('group_id')
      .notNull()
      .references(() => foundingGroupsTable.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => usersTable.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** 発起人: counts toward the three founders the 労働者協同組合法 asks for. */
    founder: boolean('founder').notNull().default(true),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('founding_group_members_user_key').on(table.groupId, table.userId),
    index('founding_group_members_user_idx').on(table.userId),
  ],
);
export type FoundingMember = typeof foundingMembersTable.$inferSelect;

/** An invitation to join a group by a mailed link (14 days, single use). */
export const foundingInvitationsTable = pgTable(
  'founding_group_invitations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    groupId: integer('group_id')
      .notNull()
      .references(() => foundingGroupsTable.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** SHA-256 of the link's token. */
    tokenHash: text('token_hash').notNull(),
    invitedBy: integer('invited_by').references(() => usersTable.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('founding_group_invitations_token_key').on(table.tokenHash),
    index('founding_group_invitations_group_idx').on(table.groupId),
  ],
);

/** Each stage's date and notes (milestones). */
export const foundingMilestonesTable = pgTable(
  'founding_group_milestones',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => foundingGroupsTable.id, { onDelete: 'cascade' }),
    stage: foundingStageEnum('stage').notNull(),
    /** A Tokyo calendar day: when the stage was reached or is planned. */
    date: date('date', { mode: 'string' }),
    notes: text('notes').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.groupId, table.stage] })],
);
export type FoundingMilestone = typeof foundingMilestonesTable.$inferSelect;

/** The checklist items done (keys from founding.rules.ts); an item not here is still open. */
export const foundingChecksTable = pgTable(
  'founding_group_checks',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => foundingGroupsTable.id, { onDelete: 'cascade' }),
    item: text('item').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }).notNull(),
    doneBy: integer('done_by').references(() => usersTable.id, { onDelete: 'set null' }),
  },
  (table) => [primaryKey({ columns: [table.groupId, table.item] })],
);

export const cofounderCardStates = ['active', 'withdrawn', 'expired'] as const;
export type CofounderCardState = (typeof cofounderCardStates)[number];
export const cofounderCardStateEnum = pgEnum('cofounder_card_state', cofounderCardStates);

/** 仲間さがしカード: an opt-in card on the co-founder board, with no contact details. */
export const cofounderCardsTable = pgTable(
  'cofounder_cards',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => usersTable.id, { onDelete: 'cascade' }),
    /** What the board shows as the owner's name: a nickname is fine. */
    nickname: text('nickname').notNull(),
    prefectureCode: text('prefecture_code').notNull(),
    municipality: text('municipality').notNull().default(''),
    field: jobFieldEnum('field').notNull(),
    wish: text('wish').notNull(),
    availability: text('availability').notNull(),
    state: cofounderCardStateEnum('state').notNull().default('active'),
    formId: text('form_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    renewedAt: timestamp('renewed_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** The week-before notice went out for this expiry (maintenance), so it goes out once. */
    expiryNoticeSentAt: timestamp('expiry_notice_sent_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('cofounder_cards_form_key').on(table.userId, table.formId),
    index('cofounder_cards_board_idx').on(table.state, table.expiresAt),
    index('cofounder_cards_user_idx').on(table.userId),
  ],
);
export type CofounderCard = typeof cofounderCardsTable.$inferSelect;

/** An answer to a card, relayed by mail to its owner without the sender's address; the owner may reply. */
export const cofounderMessagesTable = pgTable(
  'cofounder_messages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    cardId: integer('card_id')
      .notNull()
      .references(() => cofounderCardsTable.id, { onDelete: 'cascade' }),
    senderUserId: integer('sender_user_id')
      .notNull()
      .references(() => usersTable.id, { onDelete: 'cascade' }),
    senderNickname: text('sender_nickname').notNull(),
    body: text('body').notNull(),
    formId: text('form_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    reply: text('reply'),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('cofounder_messages_form_key').on(table.senderUserId, table.formId),
    index('cofounder_messages_card_idx').on(table.cardId, table.createdAt),
  ],
);
export type CofounderMessage = typeof cofounderMessagesTable.$inferSelect;
