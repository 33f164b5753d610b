import { boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { organisationsTable } from './organisations.js';

/** 事業所: where the work happens. Prefecture and municipality use the national local-government codes. */
export const workplacesTable = pgTable(
  'workplaces',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    postalCode: text('postal_code').notNull(),
    /** JIS X 0401, two digits ("13" = 東京都). */
    prefectureCode: text('prefecture_code').notNull(),
    /** 全国地方公共団体コード, six digits with check digit ("131016" = 千代田区). */
    municipalityCode: text('municipality_code').notNull(),
    addressLine: text('address_line').notNull(),
    nearestStation: text('nearest_station'),
    walkMinutes: integer('walk_minutes'),
    accessNotes: text('access_notes').notNull().default(''),
    stepFree: boolean('step_free').notNull().default(false),
    parking: boolean('parking').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('workplaces_organisation_idx').on(table.organisationId)],
);

export type Workplace = typeof workplacesTable.$inferSelect;
export type NewWorkplace = typeof workplacesTable.$inferInsert;
