import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type Database, openDatabase, queryRows } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/seed/demo.js';
import { testDatabaseUrl } from '../helpers/db.js';

/** An empty database of the engine under test, not the migrated template. */
async function openEmptyDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (!testDatabaseUrl) return { database: await openDatabase({}), drop: async () => {} };
  const name = `yss_empty_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    database: await openDatabase({ databaseUrl: url.toString() }),
    drop: async () => {
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

describe('migrations', () => {
  it('apply to an empty database, twice without harm, and take the demo data', async () => {
    const { database, drop } = await openEmptyDatabase();
    try {
      await migrateDatabase(database);
      await migrateDatabase(database);
      const tables = await queryRows<{ tablename: string }>(
        database.db,
        sql`select tablename from pg_tables where schemaname = 'public' order by tablename`,
      );
      expect(tables.map((table) => table.tablename)).toEqual([
        'audit_log',
        'availability_slots',
        'client_bookings',
        'client_consents',
        'client_links',
        'clients',
        'cofounder_cards',
        'cofounder_messages',
        'consultation_event_outcomes',
        'consultation_events',
        'coop_governance',
        'course_attendance',
        'course_enrolments',
        'course_sessions',
        'courses',
        'founding_group_checks',
        'founding_group_invitations',
        'founding_group_members',
        'founding_group_milestones',
        'founding_groups',
        'invitations',
        'job_postings',
        'mail_outbox',
        'memberships',
        'minimum_wages',
        'organisations',
        'outreach_requests',
        'placement_requests',
        'rate_limit_counters',
        'request_messages',
        'request_provisions',
        'school_request_details',
        'sessions',
        'user_tokens',
        'users',
        'workplaces',
      ]);
      const seeded = await seedDemo(database.db, {
        organisations: 3,
        workplacesPerOrganisation: 2,
        postings: 20,
      });
      expect(seeded).toEqual({ organisations: 3, workplaces: 6, postings: 20 });
      const wages = await queryRows<{ count: number }>(
        database.db,
        sql`select count(*)::int as count from minimum_wages`,
      );
      expect(wages[0]?.count).toBe(47);
    } finally {
      await database.close();
      await drop();
    }
  });

  it('generate the same demo data from the same seed', async () => {
    const first = await openEmptyDatabase();
    const second = await openEmptyDatabase();
    try {
      const options = {
        organisations: 4,
        workplacesPerOrganisation: 2,
        postings: 30,
        seed: 7,
        today: '2026-11-01',
      };
      const titles: string[][] = [];
      for (const { database } of [first, second]) {
        await migrateDatabase(database);
        await seedDemo(database.db, options);
        const rows = await queryRows<{ title: string; wage_min: number }>(
          database.db,
          sql`select title, wage_min from job_postings order by id`,
        );
        titles.push(rows.map((row) => `${row.title}:${row.wage_min}`));
      }
      expect(titles[0]).toHaveLength(30);
      expect(titles[0]).toEqual(titles[1]);
    } finally {
      for (const { database, drop } of [first, second]) {
        await database.close();
        await drop();
      }
    }
  });
});
