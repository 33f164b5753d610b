/**
 * tsvector and tsquery input syntax for the search columns. Encoding a SQL literal is the database's
 * concern, so it sits in db/ (the schema's customType needs it) rather than in lib/, which db/ must not
 * depend on. The terms themselves come from lib/search-text.ts.
 */

/** Quotes one lexeme for tsvector/tsquery input syntax: backslash and quote are escaped. */
function quoteLexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export function toTsvectorLiteral(terms: string[]): string {
  return terms.map(quoteLexeme).join(' ');
}

/** All terms ANDed; the caller passes it as a parameter cast to tsquery, never spliced into SQL. */
export function toTsqueryLiteral(terms: string[]): string {
  return terms.map(quoteLexeme).join(' & ');
}

/**
 * Terms that must all be present, AND groups of which one must be present: `a & b & (c & d | r:c & r:d)`.
 * Each group's alternatives are ANDed terms (a word's text terms, or its reading terms).
 */
export function toTsqueryExpression(allOf: string[], anyOf: string[][][] = []): string {
  const parts = allOf.map(quoteLexeme);
  for (const alternatives of anyOf)
    parts.push(`(${alternatives.map((terms) => terms.map(quoteLexeme).join(' & ')).join(' | ')})`);
  return parts.join(' & ');
}
