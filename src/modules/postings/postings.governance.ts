import type { CoopGovernance } from '../../db/schema/index.js';

// The co-op's governance card as filter tokens on each of its postings, so a seeker can search by how
// a co-op is run (1人1票, 出資金, 従事分量配当, …) in the same GIN lookup as every other filter. The tokens
// are written here and read by the search (jobs.service.ts), so both sides spell them the same.

/** What of the governance card the search reads; null when the co-op has not filled it in. */
export type GovernanceTerms = Pick<
  CoopGovernance,
  | 'oneMemberOneVote'
  | 'shareAmountYen'
  | 'sharesRequired'
  | 'instalmentsAllowed'
  | 'payrollDeduction'
  | 'surplusByWorkShare'
  | 'foundedUnder2022Law'
>;

export const governanceTokens = {
  oneVote: 'gov:one_vote',
  /** Paid in instalments or taken from pay: either way a member need not find the sum at once. */
  payOverTime: 'gov:pay_over_time',
  law2022: 'gov:law_2022',
  workShare: 'gov:work_share',
  /** The card gives a total contribution (both per share and shares): the base of any amount search. */
  capitalKnown: 'capital:known',
} as const;

/**
 * Amounts a total contribution is bucketed by: a posting carries `capital-le:N` for every N at or above
 * its co-op's total, so "up to N" is one token. Chosen around the totals co-ops ask (a few thousand yen
 * to a few hundred thousand). An amount between two buckets reads the next bucket up through the
 * index and checks the exact total on the card (see capitalSearch), so the answer is exact either way.
 */
export const CAPITAL_BUCKETS = [
  0, 1_000, 3_000, 5_000, 10_000, 20_000, 30_000, 50_000, 100_000, 200_000, 300_000, 500_000, 1_000_000,
] as const;

export const capitalToken = (bucket: number) => `capital-le:${bucket}`;

/** The total contribution a member makes (per share × shares), or null when the card does not say. */
export function totalCapital(
  governance: Pick<CoopGovernance, 'shareAmountYen' | 'sharesRequired'> | null,
): number | null {
  if (!governance || governance.shareAmountYen === null || governance.sharesRequired === null) return null;
  return governance.shareAmountYen * governance.sharesRequired;
}

/** The filter tokens a posting carries from its co-op's governance card. */
export function governanceFilterTokens(governance: GovernanceTerms | null): string[] {
  if (!governance) return [];
  const tokens: string[] = [];
  if (governance.oneMemberOneVote) tokens.push(governanceTokens.oneVote);
  if (governance.instalmentsAllowed || governance.payrollDeduction) tokens.push(governanceTokens.payOverTime);
  if (governance.foundedUnder2022Law) tokens.push(governanceTokens.law2022);
  if (governance.surplusByWorkShare) tokens.push(governanceTokens.workShare);
  const total = totalCapital(governance);
  if (total !== null) {
    tokens.push(governanceTokens.capitalKnown);
    for (const bucket of CAPITAL_BUCKETS) if (total <= bucket) tokens.push(capitalToken(bucket));
  }
  return tokens;
}

/**
 * How the search finds "total contribution up to `amount`": the token of the smallest bucket at or above
 * the amount, and whether the exact total must still be checked (the amount is not itself a bucket).
 */
export function capitalSearch(amount: number): { token: string; exact: boolean } {
  const bucket = CAPITAL_BUCKETS.find((candidate) => candidate >= amount);
  if (bucket === undefined) return { token: governanceTokens.capitalKnown, exact: true };
  return { token: capitalToken(bucket), exact: bucket !== amount };
}
