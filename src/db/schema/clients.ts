import {
  boolean,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { usersTable } from './accounts.js';
import { organisationsTable } from './organisations.js';

// A counselor's clients and their consent (DESIGN.md §3 "client consent", issue 9).

/**
 * A counselor's client, recorded with the minimum: a display name or initials. The counselor is the
 * contact; the notes are for the counselor's own organisation only and never reach a co-op.
 */
export const clientsTable = pgTable(
  'clients',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The support organisation whose client this is; only its staff see the client. */
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    /** The counselor in charge: told when a consent ends and when a co-op answers. */
    counselorUserId: integer('counselor_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
    displayName: text('display_name').notNull(),
    notes: text('notes').notNull().default(''),
    formId: uuid('form_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /**
     * 支援終了: the counselor closed the case. From then on nothing new is arranged for the client, and the
     * record is erased CLIENT_RETENTION_MONTHS after this or after the client's last request ended,
     * whichever is later (clients.maintenance.ts). Null while the case is open.
     */
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('clients_form_id_idx').on(table.formId),
    index('clients_organisation_idx').on(table.organisationId),
    index('clients_closed_idx').on(table.closedAt),
  ],
);
export type Client = typeof clientsTable.$inferSelect;

/** The client's data a consent can cover: what a co-op may be shown. */
export const consentItems = ['contact_name', 'notes', 'accommodations'] as const;
export type ConsentItem = (typeof consentItems)[number];

/** 書面 / 口頭 */
export const consentMethods = ['written', 'oral'] as const;
export type ConsentMethod = (typeof consentMethods)[number];
export const consentMethodEnum = pgEnum('consent_method', consentMethods);

/**
 * The client agreed that these items go to this co-op for this purpose, obtained on a date, until an
 * expiry; revoked on a date. Checked on every co-op read of a request made on it.
 */
export const clientConsentsTable = pgTable(
  'client_consents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    clientId: integer('client_id')
      .notNull()
      .references(() => clientsTable.id, { onDelete: 'cascade' }),
    /** The counselor's organisation (the same as the client's), so every query can be scoped by it. */
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    recipientOrganisationId: integer('recipient_organisation_id')
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    items: text('items').array().$type<ConsentItem[]>().notNull(),
    purpose: text('purpose').notNull(),
    method: consentMethodEnum('method').notNull(),
    obtainedOn: date('obtained_on', { mode: 'string' }).notNull(),
    /** The last day it holds (Asia/Tokyo). */
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    revokedOn: date('revoked_on', { mode: 'string' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** The client confirmed it themselves through a one-time link. */
    confirmedByClientAt: timestamp('confirmed_by_client_at', { withTimezone: true }),
    /** When the counselor was told it had ended (once). */
    endedNoticeAt: timestamp('ended_notice_at', { withTimezone: true }),
    recordedByUserId: integer('recorded_by_user_id').references(() => usersTable.id, {
      onDelete: 'set null',
    }),
    formId: uuid('form_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('client_consents_form_id_idx').on(table.formId),
    index('client_consents_client_idx').on(table.clientId),
  ],
);
export type ClientConsent = typeof clientConsentsTable.$inferSelect;

/** What a one-time link lets the client do. */
export const clientLinkPurposes = ['take_over', 'confirm_consent'] as const;
export type ClientLinkPurpose = (typeof clientLinkPurposes)[number];

/**
 * A one-time link the counselor hands to the client: single use, expires, only its sha256 kept. The
 * request (take over) or consent (confirm) it is for must belong to the same client.
 */
export const clientLinksTable = pgTable(
  'client_links',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    clientId: integer('client_id')
      .notNull()
      .references(() => clientsTable.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<ClientLinkPurpose>().notNull(),
    /** The request to take over (no foreign key: placement_requests points at clients already). */
    requestId: integer('request_id'),
    consentId: integer('consent_id').references(() => clientConsentsTable.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdByUserId: integer('created_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('client_links_token_idx').on(table.tokenHash),
    index('client_links_client_idx').on(table.clientId),
  ],
);
export type ClientLink = typeof clientLinksTable.$inferSelect;

/**
 * What a counselor said when booking for a client that the request itself does not hold: whether they
 * go along (同行). One row per counselor's request (no foreign key, as for client_links.request_id).
 */
export const clientBookingsTable = pgTable('client_bookings', {
  requestId: integer('request_id').primaryKey(),
  clientId: integer('client_id')
    .notNull()
    .references(() => clientsTable.id, { onDelete: 'cascade' }),
  accompanied: boolean('accompanied').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
export type ClientBooking = typeof clientBookingsTable.$inferSelect;
