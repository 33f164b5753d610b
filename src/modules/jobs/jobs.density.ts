import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.js';

/**
 * How common each search term is, from the statistics ANALYZE keeps (pg_stats: the most common elements
 * of `search_terms` and their frequencies), so that a search can tell a common word from a rare one
 * before it runs. Kept per process for a few minutes: the figures change slowly, and reading them costs
 * a query. With no statistics yet (a new PGlite database before its first ANALYZE) every term counts as
 * rare, which is how every search ran before: through the GIN index.
 */
export interface TermDensity {
  /** Share of all postings (open or not) that carry the term, at most (a term not listed: the least listed). */
  frequency(term: string): number;
  /** The table's rows, as the statistics last counted them. */
  rows: number;
}

const REFRESH_MS = 10 * 60 * 1000;
const cached = new WeakMap<Db, { at: number; density: Promise<TermDensity> }>();

async function readDensity(db: Db): Promise<TermDensity> {
  const stats = await queryRows<{ term: string; frequency: number }>(
    db,
    sql`select s.term, s.frequency::float8 as frequency
        from pg_stats,
          unnest(most_common_elems::text::text[], most_common_elem_freqs) with ordinality as s(term, frequency, n)
        where schemaname = current_schema() and tablename = 'job_postings' and attname = 'search_terms'
          and s.term is not null`,
  );
  const [table] = await queryRows<{ rows: number }>(
    db,
    sql`select greatest(c.reltuples, 0)::float8 as rows
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relname = 'job_postings' and n.nspname = current_schema()`,
  );
  const frequencies = new Map(stats.map((row) => [row.term, Number(row.frequency)]));
  // A term not among the most common is at most as common as the least of them.
  const belowListed = stats.length ? Math.min(...stats.map((row) => Number(row.frequency))) : 0;
  return { frequency: (term) => frequencies.get(term) ?? belowListed, rows: Number(table?.rows ?? 0) };
}

/** The term statistics of this database, read at most every ten minutes; empty if they cannot be read. */
export function termDensity(db: Db, now = Date.now()): Promise<TermDensity> {
  const entry = cached.get(db);
  if (entry && now - entry.at < REFRESH_MS) return entry.density;
  const density = readDensity(db).catch(() => ({ frequency: () => 0, rows: 0 }));
  cached.set(db, { at: now, density });
  return density;
}

/**
 * The share of postings a search is expected to match, from the term statistics:
 * - its keywords are carried at most as often as their rarest term (a word typed in kana by its text or
 *   its reading, so at most the sum of the two). The terms of one word are not independent (the bigrams of
 *   放課後児童 come together), so the rarest term is a far better guide than the planner's product of all;
 * - its filters narrow that share each by its own (a prefecture, a field and 見学OK are close to
 *   independent of each other and of the words), so their shares multiply. A municipality lies inside its
 *   prefecture, so the prefecture adds nothing to it.
 * Three filters that are each common can still leave a few hundred postings at a million: taking only the
 * rarest of them sent such searches on a walk that could not fill a page.
 * `prefecture` is the share of the prefecture searched (1 without one): a walk within it reads only that.
 */
export function expectedShare(
  density: TermDensity,
  search: { allOf: string[]; anyOf: string[][][]; filterTokens: string[] },
): { keywords: number; filters: number; all: number; prefecture: number } {
  const filterSet = new Set(search.filterTokens);
  const shareOf = (terms: string[]) => Math.min(1, ...terms.map((term) => density.frequency(term)));
  const keywordShares = [
    ...search.allOf.filter((term) => !filterSet.has(term)).map((term) => density.frequency(term)),
    ...search.anyOf.map((alternatives) =>
      Math.min(
        1,
        alternatives.reduce((sum, terms) => sum + shareOf(terms), 0),
      ),
    ),
  ];
  const keywords = keywordShares.length ? Math.min(...keywordShares) : 1;
  const inMunicipality = search.filterTokens.some((token) => token.startsWith('muni:'));
  const filters = search.filterTokens
    .filter((token) => !(inMunicipality && token.startsWith('pref:')))
    .reduce((share, token) => share * Math.min(1, density.frequency(token)), 1);
  // A walk within the prefecture reads only its postings (jobs.service walkNewest): their share of all.
  const prefecture = prefectureToken(search.filterTokens);
  const prefectureShare = prefecture ? density.frequency(prefecture) : 0;
  // With no statistics for it, the walk's cost is reckoned as over all postings.
  return {
    keywords,
    filters,
    all: keywords * filters,
    prefecture: prefectureShare > 0 ? Math.min(1, prefectureShare) : 1,
  };
}

/** The prefecture token among a search's filter tokens ("pref:13"), or null: a walk reads its own index. */
export function prefectureToken(filterTokens: readonly string[]): string | null {
  return filterTokens.find((token) => token.startsWith('pref:')) ?? null;
}

/** Reads the statistics again on the next search (after an ANALYZE that should count at once). */
export function forgetTermDensity(db: Db): void {
  cached.delete(db);
}
