/**
 * npm run bench:enrolment [-- --engines postgres,pglite] [--people 200] [--places 10]
 *
 * A burst of enrolments on one course, through the real app (buildApp + HTTP on a local port): N people
 * send the form at once, then all follow their confirmation link at once (where places are given), then
 * every person with a place cancels at once (where the waitlist is promoted). Prints one table row per
 * engine and phase; the suite asserts the outcomes (test/courses/concurrency.test.ts), this only measures.
 * Bounded: a few hundred requests per engine, well under a minute.
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { type Database, openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import {
  courseEnrolmentsTable,
  courseSessionsTable,
  coursesTable,
  mailOutboxTable,
  organisationsTable,
} from '../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../src/lib/dates.js';
import { randomToken } from '../src/lib/secrets.js';

const { values } = parseArgs({
  options: {
    engines: { type: 'string', default: 'postgres,pglite' },
    people: { type: 'string', default: '200' },
    places: { type: 'string', default: '10' },
  },
});
const people = Math.min(Number(values.people), 1000);
const places = Number(values.places);
const adminUrl = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ORIGIN = 'http://127.0.0.1';

interface Phase {
  engine: string;
  phase: string;
  requests: number;
  wallMs: number;
  p50: number;
  p95: number;
  max: number;
  statuses: string;
  outcome: string;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

/** Sends the bodies at once and measures each answer. */
async function burst(baseUrl: string, path: string, bodies: Record<string, string>[]) {
  const started = performance.now();
  const answers = await Promise.all(
    bodies.map(async (body) => {
      const sent = performance.now();
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        body: new URLSearchParams(body).toString(),
      });
      await response.arrayBuffer();
      return {
        status: response.status,
        ms: performance.now() - sent,
        location: response.headers.get('location') ?? '',
      };
    }),
  );
  const wallMs = performance.now() - started;
  const latencies = answers.map((answer) => answer.ms).sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (const answer of answers) counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
  return {
    answers,
    wallMs,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    max: latencies.at(-1) ?? Number.NaN,
    statuses: [...counts].map(([status, count]) => `${status}×${count}`).join(' '),
  };
}

async function openEngine(engine: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const database = await openDatabase({});
    return { database, drop: async () => {} };
  }
  const name = `yss_bench_enrolment_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // The production defaults: a pool of 10, 2 s to get a connection, 5 s per statement.
  const database = await openDatabase({ databaseUrl: url.toString(), poolMax: 10, statementTimeoutMs: 5000 });
  return {
    database,
    drop: async () => {
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

async function run(engine: string): Promise<Phase[]> {
  const { database, drop } = await openEngine(engine);
  await migrateDatabase(database);
  const app = await buildApp({ config: testConfig({ PUBLIC_URL: ORIGIN, LOG_LEVEL: 'warn' }), database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const db = database.db;
  try {
    const now = new Date();
    const [organiser] = await db
      .insert(organisationsTable)
      .values({
        kind: 'coop',
        legalForm: 'workers_coop',
        name: '計測の協同組合',
        nameKana: 'けいそく',
        prefectureCode: '13',
        approvalState: 'approved',
      })
      .returning();
    const [course] = await db
      .insert(coursesTable)
      .values({
        organisationId: organiser!.id,
        type: 'public_lecture',
        status: 'published',
        title: '計測の講座',
        prefectureCode: '13',
        capacity: places,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await db.insert(courseSessionsTable).values({
      courseId: course!.id,
      date: addDays(todayInTokyo(now), 7),
      startTime: '10:00',
      endTime: '12:00',
      venueName: '会館',
      address: '東京都',
    });

    const emails = Array.from({ length: people }, (_, index) => `bench${index}@example.jp`);
    const enrol = await burst(
      baseUrl,
      `/courses/${course!.id}/enrol`,
      emails.map((email, index) => ({ nickname: `人${index}`, email, formId: randomToken(18) })),
    );
    const mails = await db.select().from(mailOutboxTable).orderBy(asc(mailOutboxTable.id));
    const tokens = mails.flatMap(
      (mail) => mail.body.match(/\/courses\/confirm\?token=([A-Za-z0-9_-]+)/)?.[1] ?? [],
    );
    const confirm = await burst(
      baseUrl,
      '/courses/confirm',
      tokens.map((token) => ({ token })),
    );
    const rows = await db
      .select()
      .from(courseEnrolmentsTable)
      .where(eq(courseEnrolmentsTable.courseId, course!.id));
    const confirmed = rows.filter((row) => row.state === 'confirmed').length;
    const waitlisted = rows.filter((row) => row.state === 'waitlisted').length;
    const manageTokens = confirm.answers
      .filter((answer) => answer.location.endsWith('notice=confirmed'))
      .map((answer) => new URL(answer.location, baseUrl).searchParams.get('token') ?? '');
    const cancel = await burst(
      baseUrl,
      '/courses/enrolment/cancel',
      manageTokens.map((token) => ({ token })),
    );
    const after = await db
      .select()
      .from(courseEnrolmentsTable)
      .where(eq(courseEnrolmentsTable.courseId, course!.id));
    const nowConfirmed = after.filter((row) => row.state === 'confirmed').length;
    return [
      {
        engine,
        phase: 'enrol (form sent)',
        requests: emails.length,
        ...enrol,
        outcome: `${rows.length} enrolments`,
      },
      {
        engine,
        phase: 'confirm (places given)',
        requests: tokens.length,
        ...confirm,
        outcome: `${confirmed} confirmed, ${waitlisted} waitlisted`,
      },
      {
        engine,
        phase: 'cancel (waitlist promoted)',
        requests: manageTokens.length,
        ...cancel,
        outcome: `${nowConfirmed} confirmed after`,
      },
    ];
  } finally {
    await app.close();
    await database.close();
    await drop();
  }
}

const results: Phase[] = [];
for (const engine of String(values.engines).split(',')) {
  if (engine !== 'postgres' && engine !== 'pglite') throw new Error(`unknown engine "${engine}"`);
  results.push(...(await run(engine)));
}
const f = (value: number) => value.toFixed(0);
console.log(`\n${people} people, ${places} places, all at once\n`);
console.log('| engine | phase | requests | wall ms | p50 ms | p95 ms | max ms | statuses | outcome |');
console.log('|---|---|---:|---:|---:|---:|---:|---|---|');
for (const row of results)
  console.log(
    `| ${row.engine} | ${row.phase} | ${row.requests} | ${f(row.wallMs)} | ${f(row.p50)} | ${f(row.p95)} | ${f(row.max)} | ${row.statuses} | ${row.outcome} |`,
  );
