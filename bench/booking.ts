/**
 * npm run bench:booking [-- --engines postgres,pglite] [--rounds 3] [--attempts 200] [--capacity 10]
 *                         [--resend 0.1]
 *
 * Booking under contention: the app runs in this process on a fresh database (a scratch PostgreSQL
 * database from DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres, dropped afterwards; or an
 * in-memory PGlite) and listens on loopback. Each round opens one slot and sends `attempts` request forms
 * for it at once over HTTP, a share of them sent twice (a double submit). It prints, per engine: attempts,
 * booked, overbooked (must be 0), duplicates (must be 0), 5xx, latency p50/p99 and bookings per second.
 * Bounded: the defaults finish in well under a minute on two cores.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { type Database, openDatabase, queryRows } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { availabilitySlotsTable, organisationsTable, workplacesTable } from '../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../src/lib/dates.js';
import { createJobPosting } from '../src/modules/postings/postings.row.js';
import { tokyoInstant } from '../src/modules/requests/requests.rules.js';

const { values } = parseArgs({
  options: {
    engines: { type: 'string', default: 'postgres,pglite' },
    rounds: { type: 'string', default: '3' },
    attempts: { type: 'string', default: '200' },
    capacity: { type: 'string', default: '10' },
    resend: { type: 'string', default: '0.1' },
  },
});
const rounds = Number(values.rounds);
const attempts = Number(values.attempts);
const capacity = Number(values.capacity);
const resendShare = Number(values.resend);
const postgresUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function scratchPostgres(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const name = `yss_bench_booking_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolMax: 10 });
  return { database, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

async function seedPosting(database: Database) {
  const db = database.db;
  const [organisation] = await db
    .insert(organisationsTable)
    .values({
      kind: 'coop',
      legalForm: 'workers_coop',
      name: 'ベンチ協同組合',
      nameKana: 'べんちきょうどうくみあい',
      prefectureCode: '13',
      approvalState: 'approved',
      trusted: true,
    })
    .returning();
  const [workplace] = await db
    .insert(workplacesTable)
    .values({
      organisationId: organisation!.id,
      name: 'ベンチ事業所',
      postalCode: '100-0001',
      prefectureCode: '13',
      municipalityCode: '131016',
      addressLine: '千代田1-1',
    })
    .returning();
  const today = todayInTokyo();
  const posting = await createJobPosting(db, {
    workplaceId: workplace!.id,
    status: 'published',
    title: 'ベンチの求人',
    occupation: 'ベンチ',
    field: 'office',
    duties: '予約のベンチマーク',
    changeScope: 'なし',
    employmentForm: 'part_time',
    contractType: 'indefinite',
    wageMin: 1300,
    wageUnit: 'hour',
    workStart: '09:00',
    workEnd: '17:00',
    breakMinutes: 60,
    weeklyHours: 20,
    workDays: '月〜金',
    daysOff: '土日',
    requirements: '',
    welcomeTags: [],
    acceptsVisit: true,
    postedOn: today,
    validThrough: addDays(today, 30),
  });
  return { organisationId: organisation!.id, workplaceId: workplace!.id, postingId: posting.id };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Row {
  engine: string;
  attempts: number;
  booked: number;
  full: number;
  overbooked: number;
  duplicates: number;
  serverErrors: number;
  p50: number;
  p99: number;
  bookingsPerSecond: number;
  answeredPerSecond: number;
  /** 303 answers: bookings plus double submits shown the same "check your mail" page. */
  okAnswers: number;
}

async function runEngine(engine: 'postgres' | 'pglite'): Promise<Row> {
  const scratch =
    engine === 'postgres'
      ? await scratchPostgres()
      : { database: await openDatabase({}), drop: async () => {} };
  const { database } = scratch;
  try {
    await migrateDatabase(database);
    const target = await seedPosting(database);
    const app = await buildApp({
      config: testConfig({ PUBLIC_URL: 'http://127.0.0.1', NOT_FOUND_RATE_LIMIT: 1_000_000 }),
      database,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const latencies: number[] = [];
    let booked = 0;
    let full = 0;
    let serverErrors = 0;
    let sent = 0;
    let elapsed = 0;
    try {
      for (let round = 0; round < rounds; round++) {
        const startsAt = tokyoInstant(addDays(todayInTokyo(), 3 + round), '10:00');
        const [slot] = await database.db
          .insert(availabilitySlotsTable)
          .values({
            organisationId: target.organisationId,
            workplaceId: target.workplaceId,
            startsAt,
            endsAt: new Date(startsAt.getTime() + 3_600_000),
            capacity,
            kinds: ['visit'],
            createdAt: new Date(),
            updatedAt: new Date(),
          })
          .returning();
        const forms = Array.from({ length: attempts }, (_unused, n) =>
          new URLSearchParams({
            formId: randomUUID(),
            kind: 'visit',
            intent: 'listen_first',
            slotId: String(slot!.id),
            contactName: `ベンチ${round}-${n}`,
            contactEmail: `bench-${round}-${n}@example.jp`,
          }).toString(),
        );
        // A share of the forms is sent a second time at once: a double submit must not book twice.
        const bodies = [...forms, ...forms.slice(0, Math.round(attempts * resendShare))];
        const started = performance.now();
        const results = await Promise.all(
          bodies.map(async (body) => {
            const t0 = performance.now();
            const response = await fetch(`${base}/jobs/${target.postingId}/request`, {
              method: 'POST',
              redirect: 'manual',
              headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1' },
              body,
            });
            await response.arrayBuffer();
            latencies.push(performance.now() - t0);
            return response.status;
          }),
        );
        elapsed += performance.now() - started;
        sent += bodies.length;
        booked += results.filter((status) => status === 303).length;
        full += results.filter((status) => status === 409).length;
        serverErrors += results.filter((status) => status >= 500).length;
      }
    } finally {
      await app.close();
    }
    const [overbooked] = await queryRows<{ count: number }>(
      database.db,
      sql`select coalesce(sum(greatest(booked - capacity, 0)), 0)::int as count from availability_slots`,
    );
    const [duplicates] = await queryRows<{ count: number }>(
      database.db,
      sql`select (count(*) - count(distinct form_id))::int as count from placement_requests`,
    );
    const [rowsBooked] = await queryRows<{ count: number }>(
      database.db,
      sql`select count(*)::int as count from placement_requests where holds_place`,
    );
    const counters = await database.db
      .select({ booked: availabilitySlotsTable.booked })
      .from(availabilitySlotsTable);
    const counted = counters.reduce((sum, row) => sum + row.booked, 0);
    if (counted !== rowsBooked?.count)
      throw new Error(`slot counters (${counted}) and requests (${rowsBooked?.count}) disagree`);
    latencies.sort((a, b) => a - b);
    return {
      engine,
      attempts: sent,
      booked: rowsBooked?.count ?? 0,
      full,
      overbooked: overbooked?.count ?? 0,
      duplicates: duplicates?.count ?? 0,
      serverErrors,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      // Places actually taken per second of contention (a resent form answers 303 without booking).
      bookingsPerSecond: (rowsBooked?.count ?? 0) / (elapsed / 1000),
      answeredPerSecond: sent / (elapsed / 1000),
      okAnswers: booked,
    };
  } finally {
    await database.close();
    await scratch.drop();
  }
}

const rows: Row[] = [];
for (const engine of values.engines.split(',').map((name) => name.trim())) {
  if (engine !== 'postgres' && engine !== 'pglite') throw new Error(`unknown engine "${engine}"`);
  console.log(
    `[bench:booking] ${engine}: ${rounds} rounds of ${attempts} parallel requests at a slot of ${capacity}…`,
  );
  rows.push(await runEngine(engine));
}

console.log(
  `\n${rounds} rounds × ${attempts} parallel requests (+${Math.round(resendShare * 100)}% sent twice) at a slot of ${capacity}\n`,
);
console.log(
  '| engine | attempts | booked | 303 answers | full (409) | overbooked | duplicates | 5xx | p50 ms | p99 ms | bookings/s | answered/s |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(
    `| ${row.engine} | ${row.attempts} | ${row.booked} | ${row.okAnswers} | ${row.full} | ${row.overbooked} | ${row.duplicates} | ${row.serverErrors} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.bookingsPerSecond.toFixed(1)} | ${row.answeredPerSecond.toFixed(0)} |`,
  );
}
if (rows.some((row) => row.overbooked > 0 || row.duplicates > 0)) process.exitCode = 1;
