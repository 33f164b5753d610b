import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Rate-limit counters every app process sees (several processes behind one proxy must count one sign-in
 * limit together). The key is a SHA-256 of the limiter's key, which holds an e-mail address or a client
 * address: the table keeps no personal data, and rows live only for their window.
 */
export const rateLimitCountersTable = pgTable('rate_limit_counters', {
  keyHash: text('key_hash').primaryKey(),
  hits: integer('hits').notNull(),
  windowEndsAt: timestamp('window_ends_at', { withTimezone: true }).notNull(),
});
