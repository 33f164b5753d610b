import { date, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** 地域別最低賃金 with the date each took effect: data the secretariat updates every autumn, not constants. */
export const minimumWagesTable = pgTable(
  'minimum_wages',
  {
    prefectureCode: text('prefecture_code').notNull(),
    hourlyYen: integer('hourly_yen').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.prefectureCode, table.effectiveFrom] })],
);

export type MinimumWage = typeof minimumWagesTable.$inferSelect;
