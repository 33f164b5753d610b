import { and, count, eq, getTableColumns, gte, inArray, type SQL, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../auth/context.js';
import { type Db, queryRows } from '../../db/client.js';
import type { EngagementKind, PostingStatus } from '../../db/schema/enums.js';
import {
  type CoopGovernance,
  coopGovernanceTable,
  type JobPosting,
  jobPostingsTable,
  type Organisation,
  organisationsTable,
  type Workplace,
  workplacesTable,
} from '../../db/schema/index.js';
import { toTsqueryExpression } from '../../db/tsvector.js';
import { todayInTokyo } from '../../lib/dates.js';
import { NotFoundError } from '../../lib/errors.js';
import type { PublicCache } from '../../lib/public-cache.js';
import { type ReadingQuery, readingOfKeyword, readingQuery } from '../../lib/search-readings.js';
import { checkKeywords, type KeywordCheck, type KeywordWord, keywordWords } from '../../lib/search-text.js';
import { capitalSearch, governanceTokens } from '../postings/postings.governance.js';
import { closedReason, openPostingWhere } from '../postings/postings.row.js';
import { COUNT_CAP, MAX_PAGE, PAGE_SIZE, type SearchFilters } from './jobs.search.js';

/** Statuses the public may see: open postings, and closed or filled ones with a notice. */
const publicStatuses: PostingStatus[] = ['published', 'closed', 'filled'];

export interface SearchOptions {
  /** The Tokyo date from the app clock: public pages follow a test clock like every other page. */
  today: string;
}

/**
 * A word of the keyword box as searched: its text terms and, for a word in kana or romaji, the reading it is
 * also found by (かいご, kaigo → 介護).
 */
interface SearchedWord extends KeywordWord {
  reading: ReadingQuery | null;
}

function searchedWords(q: string): SearchedWord[] {
  return keywordWords(q).map((word) => {
    const reading = readingOfKeyword(word.word);
    if (!reading) return { ...word, reading: null };
    // A kana word's text side also takes every overlapping bigram (see readingQuery): a tiling of kana
    // lets through far more postings than then pass the exact check.
    const chars = Array.from(word.word);
    const terms =
      chars.length > 2 ? chars.slice(1).map((char, index) => `${chars[index]}${char}`) : word.terms;
    return { ...word, terms, reading: readingQuery(reading) };
  });
}

/** The tsquery terms every match has: the text terms of words without a reading, and a token per filter. */
function searchTerms(filters: SearchFilters, words: SearchedWord[]): string[] {
  const terms = words.filter((word) => !word.reading).flatMap((word) => word.terms);
  if (filters.pref) terms.push(`pref:${filters.pref}`);
  if (filters.muni) terms.push(`muni:${filters.muni}`);
  if (filters.field) terms.push(`field:${filters.field}`);
  if (filters.form) terms.push(`form:${filters.form}`);
  if (filters.org) terms.push(`org:${filters.org}`);
  if (filters.short) terms.push('tag:short_hours');
  if (filters.beginner) terms.push('tag:beginner');
  if (filters.visit) terms.push('accepts:visit');
  if (filters.trial) terms.push('accepts:trial');
  if (filters.oneVote) terms.push(governanceTokens.oneVote);
  if (filters.payOverTime) terms.push(governanceTokens.payOverTime);
  if (filters.law2022) terms.push(governanceTokens.law2022);
  if (filters.workShare) terms.push(governanceTokens.workShare);
  if (filters.capital !== undefined) terms.push(capitalSearch(filters.capital).token);
  return terms;
}

/**
 * A search as the database runs it, worked out once per request from the filters and the day: the
 * keywords are parsed once, and the count, the cache key, the page's order and its WHERE clause all read
 * from here.
 */
export interface CompiledSearch {
  filters: SearchFilters;
  today: string;
  /** What the keyword box can search for (a query of only symbols or emoji matches nothing). */
  keywordCheck: KeywordCheck;
  /** Whether the GIN index carries the search: any keyword term or filter token. */
  hasTerms: boolean;
  /** The WHERE clause of the page of results. */
  where: SQL;
  /** The WHERE clause of the count, written so that no b-tree index can serve it (see countJobs). */
  countWhere: SQL;
  /**
   * The index part of the search only (open postings and the tsquery, no exact or reading check): what
   * the planner estimates from the term statistics. The exact checks would only add default guesses.
   */
  estimateWhere: SQL;
  /** The cache key of the count: everything that decides the matches, not the page or order. */
  countKey: string;
  /** For a search with kana or romaji words: 0 for a posting with every such word as written, else 1. */
  textMatchesFirst: SQL | null;
  /** Words typed in romaji and the kana they were also searched as (kaigo → かいご), to say so. */
  romaji: { words: string[]; readings: string[] };
}

export function compileSearch(filters: SearchFilters, today: string): CompiledSearch {
  const words = searchedWords(filters.q);
  const terms = searchTerms(filters, words);
  const hasTerms = terms.length > 0 || words.length > 0;
  const { page: _page, sort: _sort, ...matching } = filters;
  const byReading = words.filter((word) => word.reading);
  return {
    filters,
    today,
    keywordCheck: checkKeywords(filters.q),
    hasTerms,
    where: searchConditions(filters, today, words, terms, false),
    countWhere: searchConditions(filters, today, words, terms, hasTerms),
    estimateWhere: searchConditions(filters, today, words, terms, false, true),
    countKey: JSON.stringify({ ...matching, q: words.map((word) => word.word), today }),
    romaji: {
      words: byReading.filter((word) => word.reading?.reading !== word.word).map((word) => word.word),
      readings: byReading
        .filter((word) => word.reading?.reading !== word.word)
        .map((word) => word.reading?.reading ?? ''),
    },
    // Postings that contain every word as written come before those found only by a reading.
    textMatchesFirst: byReading.length
      ? sql`case when ${and(...byReading.map((word) => textContains(word.word)))} then 0 else 1 end`
      : null,
  };
}

function textContains(word: string): SQL {
  return sql`strpos(${jobPostingsTable.searchText}, ${word}) > 0`;
}

/**
 * The WHERE clause of a search. `countOnly` writes the status and date tests so that no b-tree index
 * can serve them (see countJobs).
 */
function searchConditions(
  filters: SearchFilters,
  today: string,
  words: SearchedWord[],
  terms: string[],
  countOnly: boolean,
  indexOnly = false,
): SQL {
  const conditions: SQL[] = [];
  if (filters.closed) {
    conditions.push(inArray(jobPostingsTable.status, publicStatuses));
  } else if (countOnly) {
    conditions.push(
      sql`${jobPostingsTable.status}::text = 'published'`,
      sql`${jobPostingsTable.validThrough} + 0 >= ${today}::date`,
    );
  } else {
    conditions.push(openPostingWhere(today));
  }
  // A word with a reading is found by its text terms or by its reading terms: one GIN lookup either way.
  const alternatives = words
    .filter((word) => word.reading)
    .map((word) => [word.terms, word.reading?.terms ?? []]);
  if (terms.length > 0 || alternatives.length > 0) {
    conditions.push(
      sql`${jobPostingsTable.searchTerms} @@ ${toTsqueryExpression(terms, alternatives)}::tsquery`,
    );
  }
  for (const word of indexOnly ? [] : words) {
    // Bigrams narrow the rows through the index; the exact check keeps "介護職" from matching "介護…護職",
    // and a reading must run from the start of a word to the end of one (readingQuery).
    if (word.reading) {
      conditions.push(
        sql`(${textContains(word.word)} or ${jobPostingsTable.searchReadings} ~ ${word.reading.pattern})`,
      );
    } else if (Array.from(word.word).length >= 3) {
      conditions.push(textContains(word.word));
    }
  }
  if (filters.wage !== undefined) {
    const column =
      filters.wageUnit === 'month'
        ? jobPostingsTable.monthlyWageEquivalent
        : jobPostingsTable.hourlyWageEquivalent;
    conditions.push(gte(column, filters.wage));
  }
  // An amount between two buckets: the bucket above narrowed the rows, the card's total decides.
  if (filters.capital !== undefined && capitalSearch(filters.capital).exact) {
    const cardsWithin = sql`select ${coopGovernanceTable.organisationId} from ${coopGovernanceTable}
      where ${coopGovernanceTable.shareAmountYen}::bigint * ${coopGovernanceTable.sharesRequired} <= ${filters.capital}`;
    conditions.push(sql`${jobPostingsTable.organisationId} in (${cardsWithin})`);
  }
  return and(...conditions) as SQL;
}

const resultColumns = {
  id: jobPostingsTable.id,
  title: jobPostingsTable.title,
  occupation: jobPostingsTable.occupation,
  field: jobPostingsTable.field,
  employmentForm: jobPostingsTable.employmentForm,
  wageMin: jobPostingsTable.wageMin,
  wageMax: jobPostingsTable.wageMax,
  wageUnit: jobPostingsTable.wageUnit,
  hourlyWageEquivalent: jobPostingsTable.hourlyWageEquivalent,
  welcomeTags: jobPostingsTable.welcomeTags,
  acceptsVisit: jobPostingsTable.acceptsVisit,
  acceptsExperience: jobPostingsTable.acceptsExperience,
  acceptsShortTrial: jobPostingsTable.acceptsShortTrial,
  postedOn: jobPostingsTable.postedOn,
  validThrough: jobPostingsTable.validThrough,
  status: jobPostingsTable.status,
  organisationName: organisationsTable.name,
  prefectureCode: workplacesTable.prefectureCode,
  municipalityCode: workplacesTable.municipalityCode,
  nearestStation: workplacesTable.nearestStation,
  walkMinutes: workplacesTable.walkMinutes,
};

export type JobSummary = {
  [K in keyof typeof resultColumns]: (typeof resultColumns)[K]['_']['notNull'] extends true
    ? (typeof resultColumns)[K]['_']['data']
    : (typeof resultColumns)[K]['_']['data'] | null;
};

// "nulls last" matches the partial indexes drizzle-kit generated, so the planner can walk them in order.
const newestFirst = [
  sql`${jobPostingsTable.postedOn} desc nulls last`,
  sql`${jobPostingsTable.id} desc nulls last`,
];
const highestWageFirst = [
  sql`${jobPostingsTable.hourlyWageEquivalent} desc nulls last`,
  sql`${jobPostingsTable.id} desc nulls last`,
];

export interface SearchResult {
  jobs: JobSummary[];
  /** Matching postings, counted up to COUNT_CAP + 1. */
  total: number;
  capped: boolean;
  /** The last page that can be shown (see DEEP_PAGE_LIMIT): beyond it the person narrows the search. */
  pageLimit: number;
}

/**
 * One page of postings: the page's ids are found first and only those 20 rows are joined, so a deep
 * page does not join every row it skips.
 */
async function listJobs(db: Db, where: SQL, order: SQL[], limit: number, offset = 0): Promise<JobSummary[]> {
  const page = db
    .select({ pageId: jobPostingsTable.id })
    .from(jobPostingsTable)
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .offset(offset)
    .as('page');
  return db
    .select(resultColumns)
    .from(page)
    .innerJoin(jobPostingsTable, eq(jobPostingsTable.id, page.pageId))
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, jobPostingsTable.organisationId))
    .orderBy(...order);
}

/**
 * Counts matches without scanning past COUNT_CAP: "more than 10,000" is all anyone needs to know.
 *
 * For a common term the planner prefers reading the table in order until it has 10,001 matches, or a
 * b-tree on status, because it does not price unpacking each row's large tsvector; measured at 100k
 * postings that takes 5–10 times longer than the GIN index. So when there are terms, the count runs in a
 * transaction with sequential scans off and with status and date written so no b-tree serves them,
 * leaving the GIN index as the way in.
 */
export async function countJobs(db: Db, search: CompiledSearch): Promise<number> {
  // A common word is not counted at all: walking its whole GIN entry (200k postings for 介 at a million)
  // for every request costs hundreds of milliseconds, and all the page says is "more than 10,000".
  if (search.hasTerms && (await estimatedMatches(db, search.estimateWhere)) >= ESTIMATE_FROM)
    return COUNT_CAP + 1;
  const run = async (executor: Db) => {
    const capped = executor
      .select({ one: sql`1`.as('one') })
      .from(jobPostingsTable)
      .where(search.countWhere)
      .limit(COUNT_CAP + 1)
      .as('capped');
    const [row] = await executor.select({ total: count() }).from(capped);
    return row?.total ?? 0;
  };
  if (!search.hasTerms) return run(db);
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    return run(tx);
  });
}

/**
 * From this planner estimate on, a search is taken to have more than COUNT_CAP matches without counting
 * them. The estimate comes from the column statistics (the most common terms and their frequencies),
 * which ANALYZE keeps; it costs one planning round trip. A single term's estimate is within a few percent;
 * several terms are assumed independent, which for the bigrams of one word (介護職員) under-estimates, so
 * the search is then counted. Twice the cap leaves room for the rest of the error, so "more than 10,000"
 * stays true; below it the count is exact up to the cap.
 */
export const ESTIMATE_FROM = 2 * COUNT_CAP;

/** The planner's estimate of the rows a search matches (EXPLAIN without running it). */
export async function estimatedMatches(db: Db, where: SQL): Promise<number> {
  const rows = await queryRows<{ 'QUERY PLAN': unknown }>(
    db,
    sql`explain (format json) select 1 from ${jobPostingsTable} where ${where}`,
  );
  const plan = rows[0]?.['QUERY PLAN'];
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as Array<{
    Plan?: { 'Plan Rows'?: number };
  }>;
  return Number(parsed?.[0]?.Plan?.['Plan Rows'] ?? 0);
}

/**
 * A search with more matches than are counted is listed by walking the newest-first (or highest-wage)
 * index and checking each posting's terms on the way; page p costs about 20·p ÷ (share of postings
 * matching) checks, so deep pages of such a search would cost seconds. Its pages stop here, with a note
 * asking the person to narrow the search: no one reads 200 postings of 介護 one after the other.
 */
export const DEEP_PAGE_LIMIT = 10;

/**
 * Up to this many matches (the count is then exact), a page is gathered through the GIN index and
 * sorted (see listOrder); beyond it the index walk finds 20 matches sooner than the sort would read
 * them all.
 */
const FEW_MATCHES = COUNT_CAP;

/**
 * The order for a page of results. With few matches, walking the newest-first index and checking each
 * posting on the way finds them late; ordering by an expression (`+ 0`) that no index provides makes
 * the planner collect the matches through the GIN index and sort them instead (measured at 100k
 * postings: 15–20 ms down to 3–8 ms for a prefecture and field).
 */
function listOrder(search: CompiledSearch, total: number): SQL[] {
  const wage = search.filters.sort === 'wage';
  const first = search.textMatchesFirst ? [search.textMatchesFirst] : [];
  // More matches than are counted: the index walk, even for a kana word, whose postings with the word as
  // written then no longer come first (sorting every match of かいご at a million took seconds).
  if (!search.hasTerms || total > FEW_MATCHES) return wage ? highestWageFirst : newestFirst;
  const key = wage ? jobPostingsTable.hourlyWageEquivalent : jobPostingsTable.postedOn;
  return [...first, sql`${key} + 0 desc`, sql`${jobPostingsTable.id} + 0 desc`];
}

export async function searchJobs(
  db: Db,
  search: CompiledSearch,
  options: { cache?: PublicCache } = {},
): Promise<SearchResult> {
  const loadCount = () => countJobs(db, search);
  // The count comes first (usually from the cache): it decides how the page is best fetched.
  const total = await (options.cache ? options.cache.count(search.countKey, loadCount) : loadCount());
  const capped = total > COUNT_CAP;
  const pageLimit = capped && search.hasTerms ? DEEP_PAGE_LIMIT : MAX_PAGE;
  // A page past the limit is not fetched: the route answers it as a page that does not exist.
  const jobs =
    search.filters.page > pageLimit
      ? []
      : await listJobs(
          db,
          search.where,
          listOrder(search, total),
          PAGE_SIZE,
          (search.filters.page - 1) * PAGE_SIZE,
        );
  return { jobs, total: Math.min(total, COUNT_CAP), capped, pageLimit };
}

/** The newest open postings, site-wide or of one organisation. */
export async function newestJobs(
  db: Db,
  limit: number,
  options: SearchOptions & { organisationId?: number },
): Promise<JobSummary[]> {
  const conditions = [openPostingWhere(options.today)];
  if (options.organisationId !== undefined)
    conditions.push(eq(jobPostingsTable.organisationId, options.organisationId));
  return listJobs(db, and(...conditions) as SQL, newestFirst, limit);
}

/** A posting as shown: everything but the search columns, which are large and only for the index. */
export type PostingFields = Omit<JobPosting, 'searchText' | 'searchTerms' | 'searchReadings'>;
const {
  searchText: _searchText,
  searchTerms: _searchTerms,
  searchReadings: _searchReadings,
  ...postingFields
} = getTableColumns(jobPostingsTable);

export interface JobDetail {
  posting: PostingFields;
  workplace: Workplace;
  organisation: Organisation;
  governance: CoopGovernance | null;
  /** Whether a person can still ask about this posting today. */
  open: boolean;
  /** Why it is not open, for the notice at the top of the page. */
  closedReason: 'closed' | 'filled' | 'expired' | null;
}

/** A posting as the public sees it: open today (ctx.now), or closed with the reason why. */
export async function getJobDetail(ctx: ServiceContext, id: number): Promise<JobDetail> {
  const [row] = await ctx.db
    .select({
      posting: postingFields,
      workplace: workplacesTable,
      organisation: organisationsTable,
      governance: coopGovernanceTable,
    })
    .from(jobPostingsTable)
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, jobPostingsTable.organisationId))
    .leftJoin(coopGovernanceTable, eq(coopGovernanceTable.organisationId, organisationsTable.id))
    .where(eq(jobPostingsTable.id, id));
  // Drafts and postings in review are not public, nor is anything from an organisation not approved.
  if (!row || !publicStatuses.includes(row.posting.status) || row.organisation.approvalState !== 'approved') {
    throw new NotFoundError();
  }
  const reason = closedReason(row.posting, todayInTokyo(ctx.now));
  return { ...row, open: reason === null, closedReason: reason };
}

export function acceptedEngagements(
  posting: Pick<JobPosting, 'acceptsVisit' | 'acceptsExperience' | 'acceptsShortTrial'>,
): EngagementKind[] {
  const kinds: EngagementKind[] = [];
  if (posting.acceptsVisit) kinds.push('visit');
  if (posting.acceptsExperience) kinds.push('experience');
  if (posting.acceptsShortTrial) kinds.push('short_trial');
  return kinds;
}

/** The organisations the public sees: co-ops the secretariat approved (their pages, their postings' filter). */
export const isPublicCoop = and(
  eq(organisationsTable.kind, 'coop'),
  eq(organisationsTable.approvalState, 'approved'),
) as SQL;

/**
 * The public name of an approved co-op, for labelling a search's organisation filter; null if it is not
 * public. It belongs to the search, so jobs does not call back into the organisations module.
 */
export async function findOrganisationName(db: Db, id: number): Promise<string | null> {
  const [row] = await db
    .select({ name: organisationsTable.name })
    .from(organisationsTable)
    .where(and(eq(organisationsTable.id, id), isPublicCoop));
  return row?.name ?? null;
}
