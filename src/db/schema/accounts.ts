import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { organisationsTable } from './organisations.js';

export const userLocales = ['ja', 'en'] as const;
export const userLocaleEnum = pgEnum('user_locale', userLocales);

export const usersTable = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Stored lower-cased and trimmed; compared the same way. */
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    locale: userLocaleEnum('locale').notNull().default('ja'),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('users_email_key').on(table.email)],
);

export type User = typeof usersTable.$inferSelect;
export type NewUser = typeof usersTable.$inferInsert;

/**
 * Sessions after the lucia-auth.com guide: the cookie holds `<id>.<secret>`; only a SHA-256 hash of the
 * secret is stored, and it is compared in constant time.
 */
export const sessionsTable = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    secretHash: text('secret_hash').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => usersTable.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** Staff sessions are shorter (see auth/session-policy.ts), fixed when the session starts. */
    idleTimeoutSeconds: integer('idle_timeout_seconds').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

export type Session = typeof sessionsTable.$inferSelect;

export const userTokenKinds = ['verify_email', 'reset_password'] as const;
export type UserTokenKind = (typeof userTokenKinds)[number];
export const userTokenKindEnum = pgEnum('user_token_kind', userTokenKinds);

/** Single-use, short-lived tokens sent by mail; only their hash is stored. */
export const userTokensTable = pgTable(
  'user_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => usersTable.id, { onDelete: 'cascade' }),
    kind: userTokenKindEnum('kind').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('user_tokens_user_idx').on(table.userId, table.kind)],
);

export const membershipRoles = ['admin', 'member'] as const;
export type MembershipRole = (typeof membershipRoles)[number];
export const membershipRoleEnum = pgEnum('membership_role', membershipRoles);

/**
 * A person's place in an organisation. What they may do follows from the organisation's kind:
 * coop → co-op staff, school → school coordinator, support → counselor, secretariat → secretariat.
 */
export const membershipsTable = pgTable(
  'memberships',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => usersTable.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    role: membershipRoleEnum('role').notNull().default('member'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.organisationId] }),
    index('memberships_organisation_idx').on(table.organisationId),
  ],
);

export type Membership = typeof membershipsTable.$inferSelect;

/** An organisation admin's invitation to a colleague, accepted through a single-use link. */
export const invitationsTable = pgTable(
  'invitations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: membershipRoleEnum('role').notNull().default('member'),
    tokenHash: text('token_hash').notNull(),
    invitedBy: integer('invited_by').references(() => usersTable.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('invitations_token_key').on(table.tokenHash),
    index('invitations_organisation_idx').on(table.organisationId),
  ],
);

export type Invitation = typeof invitationsTable.$inferSelect;

/** Who changed what, when: staff and secretariat actions (DESIGN.md §4). Never holds passwords or tokens. */
export const auditLogTable = pgTable(
  'audit_log',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: integer('actor_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
    organisationId: integer('organisation_id').references(() => organisationsTable.id, {
      onDelete: 'set null',
    }),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: integer('subject_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [
    index('audit_log_at_idx').on(table.at),
    index('audit_log_organisation_idx').on(table.organisationId, table.at),
  ],
);

export type AuditEntry = typeof auditLogTable.$inferSelect;

/**
 * The durable mail outbox: a message is written in the same transaction as the change that causes it
 * and delivered afterwards with retries, so it is never lost if the SMTP server is down.
 */
export const mailOutboxTable = pgTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** The SMTP error class of the last failure (never the recipient). */
    lastError: text('last_error'),
    failedPermanently: boolean('failed_permanently').notNull().default(false),
  },
  (table) => [index('mail_outbox_due_idx').on(table.nextAttemptAt).where(sql`${table.sentAt} is null`)],
);

export type MailMessage = typeof mailOutboxTable.$inferSelect;
