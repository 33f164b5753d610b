import { and, count, eq, getTableColumns, gte, inArray, type SQL, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../auth/context.js';
import { type Db, queryRows } from '../../db/client.js';
import { preparedPerDatabase } from '../../db/prepared.js';
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
import { nextOpenSlotsJson, type SlotView, slotsFromJson } from '../requests/requests.service.js';
import { expectedShare, prefectureToken, termDensity } from './jobs.density.js';
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
  return [...words.filter((word) => !word.reading).flatMap((word) => word.terms), ...filterTokens(filters)];
}

/** A token per filter, as the posting's document and its `search_filters` carry them (postings.row). */
function filterTokens(filters: SearchFilters): string[] {
  const terms: string[] = [];
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
  /** The tsquery's parts: terms every match carries, and per kana word its text or its reading terms. */
  allOf: string[];
  anyOf: string[][][];
  /** The filters' tokens, checked in the newest-first index during a walk (see walkNewest). */
  filterTokens: string[];
  /** What a walk checks on the posting itself: each keyword exactly, the wage, the contribution. */
  rowChecks: SQL | undefined;
  /** Whether the search can be listed by walking the newest-first index (open postings, newest first). */
  walkable: boolean;
}

export function compileSearch(filters: SearchFilters, today: string): CompiledSearch {
  const words = searchedWords(filters.q);
  const terms = searchTerms(filters, words);
  const hasTerms = terms.length > 0 || words.length > 0;
  const { page: _page, sort: _sort, ...matching } = filters;
  const byReading = words.filter((word) => word.reading);
  const anyOf = byReading.map((word) => [word.terms, word.reading?.terms ?? []]);
  return {
    allOf: terms,
    anyOf,
    filterTokens: [...new Set(filterTokens(filters))].sort(),
    rowChecks: rowChecks(filters, words),
    walkable: hasTerms && !filters.closed && filters.sort === 'newest',
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

/** A keyword word as found in a posting: as written (exact for every length), or by its reading. */
function wordFound(word: SearchedWord): SQL {
  return word.reading
    ? sql`(${textContains(word.word)} or ${jobPostingsTable.searchReadings} ~ ${word.reading.pattern})`
    : textContains(word.word);
}

/** The conditions a walk checks on each posting it reaches (the filter tokens it checks in the index). */
function rowChecks(filters: SearchFilters, words: SearchedWord[]): SQL | undefined {
  return and(...words.map(wordFound), ...amountConditions(filters));
}

/** The wage and contribution conditions: on the posting's columns, not its terms. */
function amountConditions(filters: SearchFilters): SQL[] {
  const conditions: SQL[] = [];
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
  return conditions;
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
  const exactWords = words.filter((word) => word.reading || Array.from(word.word).length >= 3);
  if (terms.length > 0 || alternatives.length > 0) {
    conditions.push(
      sql`${jobPostingsTable.searchTerms} @@ ${toTsqueryExpression(terms, alternatives)}::tsquery`,
    );
  }
  // Bigrams narrow the rows through the index; the exact check keeps "介護職" from matching "介護…護職",
  // and a reading must run from the start of a word to the end of one (readingQuery).
  if (!indexOnly) conditions.push(...exactWords.map(wordFound));
  conditions.push(...amountConditions(filters));
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
  /** Matching postings, counted up to COUNT_CAP + 1, or estimated (approximate). */
  total: number;
  capped: boolean;
  /** The total is estimated from the newest postings (a common search), shown as "約…件". */
  approximate: boolean;
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
  return (await countWithPage(db, search, null)).total;
}

/**
 * The count, and with it (when `page` is given and the search has terms) the ids of that page among the
 * matches, in the page's order: both come from one pass over the matches. Counting a search reads each
 * match's row for its status and date (8,500 rows for 7,950 matches of 調理 in Osaka with short hours, about
 * 35 ms at a million postings), and sorting them for the page read the same rows again. The ids are only
 * right when every match was counted (total ≤ COUNT_CAP); beyond it they are null.
 */
async function countWithPage(
  db: Db,
  search: CompiledSearch,
  page: { offset: number } | null,
): Promise<{ total: number; pageIds: number[] | null }> {
  // A common word is not counted at all: walking its whole GIN entry (200k postings for 介 at a million)
  // for every request costs hundreds of milliseconds, and all the page says is "more than 10,000".
  if (search.hasTerms && (await estimatedMatches(db, search.estimateWhere)) >= COUNT_SKIPPED_FROM)
    return { total: COUNT_CAP + 1, pageIds: null };
  const countOnly = async (executor: Db) => {
    const capped = executor
      .select({ one: sql`1`.as('one') })
      .from(jobPostingsTable)
      .where(search.countWhere)
      .limit(COUNT_CAP + 1)
      .as('capped');
    const [row] = await executor.select({ total: count() }).from(capped);
    return { total: row?.total ?? 0, pageIds: null };
  };
  if (!search.hasTerms) return countOnly(db);
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    return page ? countAndSortPage(tx, search, page.offset) : countOnly(tx);
  });
}

/** Counts the matches (up to COUNT_CAP + 1) and sorts them for the page at `offset`, in one statement. */
async function countAndSortPage(
  executor: Db,
  search: CompiledSearch,
  offset: number,
): Promise<{ total: number; pageIds: number[] | null }> {
  const p = jobPostingsTable;
  const order = sortedMatchKeys(search);
  const keys = order.map(({ key }, index) => sql`${key} as ${sql.raw(`k${index}`)}`);
  const byKeys = order.map(({ descending }, index) => sql.raw(`m.k${index}${descending ? ' desc' : ''}`));
  const [row] = await queryRows<{ total: number; ids: number[] | null }>(
    executor,
    sql`with m as materialized (
          select ${p.id} as id, ${sql.join(keys, sql`, `)} from ${p}
          where ${search.countWhere} limit ${COUNT_CAP + 1})
        select (select count(*) from m)::int as total,
          array(select m.id from m order by ${sql.join(byKeys, sql`, `)}
            limit ${PAGE_SIZE} offset ${offset}) as ids`,
  );
  const total = Number(row?.total ?? 0);
  return { total, pageIds: total <= COUNT_CAP ? (row?.ids ?? []).map(Number) : null };
}

/**
 * From this planner estimate on, a search is taken to have more than COUNT_CAP matches without counting
 * them. The estimate comes from the column statistics (the most common terms and their frequencies),
 * which ANALYZE keeps; it costs one planning round trip. A single term's estimate is within a few percent;
 * several terms are assumed independent, which for the bigrams of one word (介護職員) under-estimates, so
 * the search is then counted. Twice the cap leaves room for the rest of the error, so "more than 10,000"
 * stays true; below it the count is exact up to the cap.
 */
export const COUNT_SKIPPED_FROM = 2 * COUNT_CAP;

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
  // More matches than are counted: the index walk, even for a kana word, whose postings with the word as
  // written then no longer come first (sorting every match of かいご at a million took seconds).
  if (!search.hasTerms || total > FEW_MATCHES) return wage ? highestWageFirst : newestFirst;
  return sortedMatchKeys(search).map(({ key, descending }) => (descending ? sql`${key} desc` : key));
}

/** The order of a page when all its matches are sorted (see listOrder): its keys, each with its direction. */
function sortedMatchKeys(search: CompiledSearch): Array<{ key: SQL; descending: boolean }> {
  const wage = search.filters.sort === 'wage';
  const first = search.textMatchesFirst ? [{ key: search.textMatchesFirst, descending: false }] : [];
  const key = wage ? jobPostingsTable.hourlyWageEquivalent : jobPostingsTable.postedOn;
  return [
    ...first,
    { key: sql`${key} + 0`, descending: true },
    { key: sql`${jobPostingsTable.id} + 0`, descending: true },
  ];
}

/**
 * Whether a search is listed by walking the newest open postings (see walkNewest) or through the GIN
 * index, by what each is expected to cost (jobs.density: expectedShare gives the shares). The GIN index
 * hands over every match, and each match's row is then read, to check it is open and to sort: cheap for a
 * rare term, costly for many matches (412k for 介護 at a million). A walk reads the index of open postings
 * newest first, checks the filters there, and reads rows only for the keyword, stopping as soon as it has
 * enough: cheap when matches are dense among the newest, costly when they are sparse. The costs below
 * (microseconds) were measured at a million postings on PostgreSQL 15, one search at a time, with
 * `npm run bench:search-paths`, which times each search both ways.
 */
const COST = {
  /** One entry of the newest-first index read by a walk, with its filter tokens checked. */
  walkEntry: 2,
  /** One posting's row read by a walk to check the keyword on its text. */
  walkRow: 10,
  /** One match through the GIN index: its row read for the status and the date, and sorted. */
  indexMatch: 5,
};
/** A walk is taken only when it is expected to find its page with half as much again to spare. */
const WALK_MARGIN = 1.5;

/** The thresholds of the walk (tests of a small board lower the estimate's, or turn the walk off). */
export interface SearchTuning {
  walks: boolean;
  /** Whether the GIN index is taken when it is expected to cost less than the walk. */
  preferIndex: boolean;
  estimateFrom: number;
}
/** The most postings a walk checks on the row itself (the keyword), and reads in the index (the filters). */
const WALK_CANDIDATES = 2_500;
const WALK_OPEN_POSTINGS = 50_000;
/**
 * The most index entries a trial walk reads (see walkedPage): about 10 ms at a million. It settles whether a
 * search the statistics expect to be small is in fact common, as when its words and its field come
 * together (清掃 and building maintenance), which the statistics cannot see.
 */
const TRIAL_WALK_ENTRIES = 5_000;
/** A walk finds at least this many matches when it can, so that the estimate has something to go on. */
const ESTIMATE_SAMPLE = 60;
/** An estimate below this is not shown: the search is counted exactly instead, which is then cheap. */
export const ESTIMATE_FROM = 2_000;
/** How the app searches: the walk where it is expected to cost less than the GIN index. */
export const SEARCH_TUNING: SearchTuning = { walks: true, preferIndex: true, estimateFrom: ESTIMATE_FROM };

/**
 * The newest open postings that match, in order, each with its place among all open postings (newest
 * first) — of its prefecture, for a search with one — so the share of matches among the newest gives an
 * estimate of the total. The filters are checked in the newest-first index itself (it carries the filter
 * tokens and the valid-through day; a search by prefecture reads that prefecture's index entries only,
 * job_postings_published_prefecture_newest_idx), and only the postings past the filters are read for the
 * keyword: nothing unpacks the large tsvector. Bounded both ways: at most WALK_OPEN_POSTINGS index entries
 * and WALK_CANDIDATES postings read.
 */
async function walkNewest(
  db: Db,
  search: CompiledSearch,
  wanted: number,
  entries = WALK_OPEN_POSTINGS,
): Promise<Array<{ id: number; position: number }>> {
  const p = jobPostingsTable;
  const prefecture = prefectureToken(search.filterTokens);
  const newest = sql`${p.postedOn} desc nulls last, ${p.id} desc nulls last`;
  const open = sql`select ${p.id} as id, ${p.postedOn} as posted_on, ${p.searchFilters} as filters,
      row_number() over (order by ${newest}) as position
    from ${p} where ${p.status} = 'published' and ${p.validThrough} >= ${search.today}::date
      ${prefecture ? sql`and search_filters_prefecture(${p.searchFilters}) = ${prefecture}` : sql``}
    order by ${newest} limit ${entries}`;
  const tokens = search.filterTokens;
  // Ordered by the index's own keys, never by position: an order the index does not give would make the
  // database number and sort every open posting before returning the first.
  const candidates = sql`select open_newest.id, open_newest.posted_on, open_newest.position
    from (${open}) as open_newest
    ${
      tokens.length
        ? sql`where open_newest.filters @> array[${sql.join(
            tokens.map((token) => sql`${token}`),
            sql`, `,
          )}]::text[]`
        : sql``
    }
    order by open_newest.posted_on desc nulls last, open_newest.id desc nulls last
    limit ${search.rowChecks ? WALK_CANDIDATES : wanted}`;
  const rows = search.rowChecks
    ? await queryRows<{ id: number; position: number }>(
        db,
        sql`select walked.id, walked.position from (${candidates}) as walked
          join ${p} on ${p.id} = walked.id
          where ${search.rowChecks}
          order by walked.posted_on desc nulls last, walked.id desc nulls last limit ${wanted}`,
      )
    : await queryRows<{ id: number; position: number }>(db, candidates);
  return rows.map((row) => ({ id: Number(row.id), position: Number(row.position) }));
}

/** How many postings are open today, as the planner estimates it (kept a minute per database and day). */
const openEstimates = new WeakMap<Db, { key: string; at: number; value: Promise<number> }>();
function openPostingsEstimate(db: Db, today: string, now = Date.now()): Promise<number> {
  const entry = openEstimates.get(db);
  if (entry && entry.key === today && now - entry.at < 60_000) return entry.value;
  const value = estimatedMatches(db, openPostingWhere(today)).catch(() => 0);
  openEstimates.set(db, { key: today, at: now, value });
  return value;
}

/** Two significant figures: an estimate says no more than it knows (約34,000, 約1,200). */
function roughly(estimate: number): number {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, estimate))) - 1);
  return Math.round(estimate / unit) * unit;
}

/**
 * A page of a common search, from a walk of the newest postings, with its total estimated; null when the
 * search turns out to have few matches (or a page too deep for a walk), which the GIN index then counts
 * and gathers exactly.
 */
async function walkedPage(
  db: Db,
  search: CompiledSearch,
  tuning: SearchTuning,
): Promise<SearchResult | null> {
  if (!tuning.walks || !search.walkable || search.filters.page > DEEP_PAGE_LIMIT) return null;
  const density = await termDensity(db);
  const share = expectedShare(density, search);
  const offset = (search.filters.page - 1) * PAGE_SIZE;
  const wanted = Math.max(offset + PAGE_SIZE, ESTIMATE_SAMPLE);
  // Positions count within the prefecture walked: its share of the open postings stands for its size.
  const walkedOpen = (await openPostingsEstimate(db, search.today)) * share.prefecture;
  let entries = WALK_OPEN_POSTINGS;
  if (share.all * density.rows < tuning.estimateFrom) {
    // Expected to be too few to be shown as an estimate, so it would be counted exactly. The statistics take
    // words and filters as independent, though, and they are not always: a short trial walk settles it.
    // An estimate of estimateFrom or more needs `wanted` matches within this many entries.
    entries = Math.ceil(((wanted * walkedOpen) / tuning.estimateFrom) * WALK_MARGIN);
    if (entries === 0 || entries > TRIAL_WALK_ENTRIES) return null;
  } else {
    // What the walk is expected to find within its bounds: the filters pass their share of the index
    // entries it reads (within the prefecture, for a search with one), and the keyword its share of the
    // postings it then reads.
    const withinWalked = (whole: number) => Math.min(1, whole / share.prefecture);
    const candidates = Math.min(
      Math.min(WALK_OPEN_POSTINGS, density.rows * share.prefecture) * withinWalked(share.filters),
      search.rowChecks ? WALK_CANDIDATES : Number.POSITIVE_INFINITY,
    );
    if (candidates * share.keywords < (offset + PAGE_SIZE) * WALK_MARGIN) return null;
    const walkCost =
      Math.min(WALK_OPEN_POSTINGS, wanted / withinWalked(share.all)) * COST.walkEntry +
      (search.rowChecks ? Math.min(WALK_CANDIDATES, wanted / share.keywords) * COST.walkRow : 0);
    if (tuning.preferIndex && walkCost > share.all * density.rows * COST.indexMatch) return null;
  }
  const found = await walkNewest(db, search, wanted, entries);
  const last = found.at(-1);
  if (!last || found.length < offset + PAGE_SIZE) return null;
  const estimate = (found.length / last.position) * walkedOpen;
  if (estimate < tuning.estimateFrom) return null;
  const total = roughly(estimate);
  return {
    jobs: await jobsInOrder(
      db,
      found.slice(offset, offset + PAGE_SIZE).map((row) => row.id),
    ),
    total,
    capped: false,
    approximate: true,
    pageLimit: Math.min(DEEP_PAGE_LIMIT, Math.ceil(total / PAGE_SIZE)),
  };
}

/** The results with these ids, in the order given. */
async function jobsInOrder(db: Db, ids: number[]): Promise<JobSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(resultColumns)
    .from(jobPostingsTable)
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, jobPostingsTable.organisationId))
    .where(inArray(jobPostingsTable.id, ids));
  const byId = new Map(rows.map((job) => [job.id, job]));
  return ids.map((id) => byId.get(id)).filter((job): job is JobSummary => job !== undefined);
}

export async function searchJobs(
  db: Db,
  search: CompiledSearch,
  options: { cache?: PublicCache; tuning?: SearchTuning } = {},
): Promise<SearchResult> {
  const tuning = options.tuning ?? SEARCH_TUNING;
  const walked = await walkedPage(db, search, tuning);
  if (walked) return walked;
  const offset = (search.filters.page - 1) * PAGE_SIZE;
  // Counting the matches also sorts them for this page, unless the count comes from the cache.
  let countedPage: number[] | null = null;
  const loadCount = async () => {
    const counted = await countWithPage(db, search, { offset });
    countedPage = counted.pageIds;
    return counted.total;
  };
  // The count comes first (usually from the cache): it decides how the page is best fetched.
  const total = await (options.cache ? options.cache.count(search.countKey, loadCount) : loadCount());
  const capped = total > COUNT_CAP;
  const pageLimit = capped && search.hasTerms ? DEEP_PAGE_LIMIT : MAX_PAGE;
  // A page past the limit is not fetched: the route answers it as a page that does not exist.
  const jobs =
    search.filters.page > pageLimit
      ? []
      : countedPage
        ? await jobsInOrder(db, countedPage)
        : await listJobs(db, search.where, listOrder(search, total), PAGE_SIZE, offset);
  return { jobs, total: Math.min(total, COUNT_CAP), capped, approximate: false, pageLimit };
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

/**
 * What a posting page shows of its co-op, and whether it is approved: not, for example, the secretariat's
 * reason for a decline, which the public page has no use for.
 */
const publicOrganisationColumns = {
  id: organisationsTable.id,
  name: organisationsTable.name,
  legalForm: organisationsTable.legalForm,
  description: organisationsTable.description,
  website: organisationsTable.website,
  contactEmail: organisationsTable.contactEmail,
  contactPhone: organisationsTable.contactPhone,
  approvalState: organisationsTable.approvalState,
};
export type PublicOrganisation = Pick<Organisation, keyof typeof publicOrganisationColumns>;

export interface JobDetail {
  posting: PostingFields;
  workplace: Workplace;
  organisation: PublicOrganisation;
  governance: CoopGovernance | null;
  /** Whether a person can still ask about this posting today. */
  open: boolean;
  /** Why it is not open, for the notice at the top of the page. */
  closedReason: 'closed' | 'filled' | 'expired' | null;
}

/** A posting as the public sees it: open today (ctx.now), or closed with the reason why. */
const jobDetailStatement = preparedPerDatabase((db) =>
  db
    .select({
      posting: postingFields,
      workplace: workplacesTable,
      organisation: publicOrganisationColumns,
      governance: coopGovernanceTable,
      // In the same round trip: a second query per page cost a fifth of the page's throughput.
      nextSlots: nextOpenSlotsJson(db, workplacesTable.id, sql.placeholder('now')),
    })
    .from(jobPostingsTable)
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, jobPostingsTable.organisationId))
    .leftJoin(coopGovernanceTable, eq(coopGovernanceTable.organisationId, organisationsTable.id))
    .where(eq(jobPostingsTable.id, sql.placeholder('id')))
    .prepare('job_detail'),
);

/**
 * A posting as the public sees it, with its workplace's next open slots (none when it is not open): the
 * posting page's one query.
 */
export async function getJobDetail(
  ctx: ServiceContext,
  id: number,
): Promise<JobDetail & { nextSlots: SlotView[] }> {
  const [found] = await jobDetailStatement(ctx.db).execute({ id, now: ctx.now });
  // Drafts and postings in review are not public, nor is anything from an organisation not approved.
  if (
    !found ||
    !publicStatuses.includes(found.posting.status) ||
    found.organisation.approvalState !== 'approved'
  ) {
    throw new NotFoundError();
  }
  const { nextSlots, ...row } = found;
  const reason = closedReason(row.posting, todayInTokyo(ctx.now));
  const open = reason === null;
  return { ...row, open, closedReason: reason, nextSlots: open ? slotsFromJson(ctx, nextSlots) : [] };
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
