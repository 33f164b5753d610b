import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { type Db, POSTGRES_SESSION_OPTIONS } from '../../src/db/client.js';
import * as schema from '../../src/db/schema/index.js';
import { todayInTokyo } from '../../src/lib/dates.js';
import { parseSearchQuery } from '../../src/modules/jobs/jobs.search.js';
import { compileSearch, searchJobs } from '../../src/modules/jobs/jobs.service.js';
import type { Dataset } from './datasets.js';
import {
  deepKeywordPage,
  deepPage,
  filterQueries,
  keywordFilterQueries,
  keywords,
  readingKeywords,
} from './workload.js';

/** The searches whose plans are checked: the app's own queries, captured from drizzle and explained. */
export const explainCases: Array<{ name: string; query: Record<string, string> }> = [
  ...keywords.oneChar.map((q) => ({ name: `q 1-char ${q}`, query: { q } })),
  ...keywords.twoChar.map((q) => ({ name: `q 2-char ${q}`, query: { q } })),
  ...keywords.threePlus.map((q) => ({ name: `q 3+-char ${q}`, query: { q } })),
  ...filterQueries.map((query) => ({
    name: `filters ${query}`,
    query: Object.fromEntries(new URLSearchParams(query)),
  })),
  ...readingKeywords.map((q) => ({ name: `reading ${q}`, query: { q } })),
  ...keywordFilterQueries.map((query) => ({
    name: `keyword + filters ${query}`,
    query: Object.fromEntries(new URLSearchParams(query)),
  })),
  { name: deepPage, query: Object.fromEntries(new URLSearchParams(deepPage)) },
  { name: deepKeywordPage, query: Object.fromEntries(new URLSearchParams(deepKeywordPage)) },
];

export interface PlanSummary {
  name: string;
  /** "count" (the capped count) or "list" (the page of results). */
  part: string;
  usesGin: boolean;
  seqScanOnPostings: boolean;
  /** The scan nodes on job_postings, e.g. "Bitmap Index Scan on job_postings_search_terms_idx". */
  access: string;
  executionMs: number;
  plan: string;
}

interface Captured {
  sql: string;
  params: unknown[];
}

/** Runs EXPLAIN ANALYZE for one statement, inside a transaction with the same SET LOCALs the app used. */
type Explainer = (sql: string, params: unknown[], settings: string[]) => Promise<string>;

function summarise(name: string, part: string, plan: string): PlanSummary {
  const access = [
    ...new Set(
      [
        ...plan.matchAll(
          /((?:Parallel )?(?:Bitmap Index|Index Only|Index|Seq|Bitmap Heap) Scan(?: Backward)? (?:using|on) \S+)(?: on job_postings)?/g,
        ),
      ]
        .map((match) => match[1] as string)
        .filter((node) => /job_postings/.test(node)),
    ),
  ].join('; ');
  return {
    name,
    part,
    usesGin: plan.includes('job_postings_search_terms_idx'),
    seqScanOnPostings: /Seq Scan on job_postings/.test(plan),
    access,
    executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN),
    plan,
  };
}

async function explainAll(db: Db, captured: Captured[], explain: Explainer): Promise<PlanSummary[]> {
  const summaries: PlanSummary[] = [];
  for (const testCase of explainCases) {
    captured.length = 0;
    await searchJobs(db, compileSearch(parseSearchQuery(testCase.query).filters, todayInTokyo()));
    const queries = [...captured];
    // The app counts inside a transaction with planner settings (countJobs): replay them around EXPLAIN.
    let settings: string[] = [];
    for (const query of queries) {
      if (/^\s*set local /i.test(query.sql)) {
        settings.push(query.sql);
        continue;
      }
      if (/^\s*(begin|commit|rollback)\b/i.test(query.sql)) {
        if (!/^\s*begin/i.test(query.sql)) settings = [];
        continue;
      }
      // The planner estimate the count starts with is itself an EXPLAIN: shown as the "estimate" part.
      if (/^\s*explain /i.test(query.sql)) {
        summaries.push(
          summarise(testCase.name, 'estimate', 'planner estimate only (EXPLAIN without ANALYZE)'),
        );
        continue;
      }
      const part = /count\(/i.test(query.sql) ? 'count' : 'list';
      // Twice: the first warms the cache; the second's timing is reported.
      await explain(query.sql, query.params, settings);
      const plan = await explain(query.sql, query.params, settings);
      summaries.push(summarise(testCase.name, part, plan));
    }
  }
  return summaries;
}

function capturingLogger(captured: Captured[]): Logger {
  return { logQuery: (sql, params) => captured.push({ sql, params }) };
}

const EXPLAIN = 'explain (analyze, buffers) ';

export async function explainPostgres(dataset: Dataset): Promise<PlanSummary[]> {
  // The app's session settings, so the plans are the app's plans.
  const pool = new pg.Pool({
    connectionString: dataset.databaseUrl,
    max: 2,
    options: POSTGRES_SESSION_OPTIONS,
  });
  const captured: Captured[] = [];
  const db = drizzleNodePostgres(pool, {
    schema,
    casing: 'snake_case',
    logger: capturingLogger(captured),
  }) as unknown as Db;
  try {
    return await explainAll(db, captured, async (sql, params, settings) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        for (const setting of settings) await client.query(setting);
        const result = await client.query<{ 'QUERY PLAN': string }>(EXPLAIN + sql, params);
        return result.rows.map((row) => row['QUERY PLAN']).join('\n');
      } finally {
        await client.query('rollback');
        client.release();
      }
    });
  } finally {
    await pool.end();
  }
}

/** PGlite is single-process: call this while no app child has the directory open. */
export async function explainPglite(dataset: Dataset): Promise<PlanSummary[]> {
  const client = new PGlite(dataset.pgliteDir as string);
  const captured: Captured[] = [];
  const db = drizzlePglite(client, {
    schema,
    casing: 'snake_case',
    logger: capturingLogger(captured),
  }) as unknown as Db;
  try {
    return await explainAll(db, captured, (sql, params, settings) =>
      client.transaction(async (tx) => {
        for (const setting of settings) await tx.query(setting);
        const result = await tx.query<{ 'QUERY PLAN': string }>(EXPLAIN + sql, params);
        return result.rows.map((row) => row['QUERY PLAN']).join('\n');
      }),
    );
  } finally {
    await client.close();
  }
}
