import { and, eq, gte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  coopGovernanceTable,
  type JobPosting,
  jobPostingsTable,
  type NewJobPosting,
  type Organisation,
  organisationsTable,
  type PostingStatus,
  type Workplace,
  workplacesTable,
} from '../../db/schema/index.js';
import { translator } from '../../i18n/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { readingAnalyser } from '../../lib/readings.js';
import { findMunicipality, municipalityCodesFor, prefectureName } from '../../lib/regions.js';
import { readingTerms } from '../../lib/search-readings.js';
import { buildSearchDocument } from '../../lib/search-text.js';
import { dailyWorkingHours, hourlyEquivalent, monthlyEquivalent } from '../../lib/wages.js';
import type { PostingDraft } from './postings.forms.js';
import { type GovernanceTerms, governanceFilterTokens } from './postings.governance.js';

// A posting's row as stored: its content, the wage equivalents the search sorts and filters by, and the
// search document (text and terms) the public board's search reads. Every write of a posting builds its
// row here, so the search document follows every change of content.

const japanese = translator('ja');

/**
 * What "open" means for a posting, in one place: published, and its valid-through day (Asia/Tokyo) not
 * yet past. The board, the sitemap, the console's counts and the expiry maintenance all read it.
 */
export function openPostingWhere(today: string): SQL {
  return and(eq(jobPostingsTable.status, 'published'), gte(jobPostingsTable.validThrough, today)) as SQL;
}

/** Why a posting is not open today, for the notice on its page (public or preview); null while open. */
export function closedReason(
  posting: Pick<JobPosting, 'status' | 'validThrough'>,
  today: string,
): 'closed' | 'filled' | 'expired' | null {
  if (posting.status === 'closed' || posting.status === 'filled') return posting.status;
  return posting.status === 'published' && posting.validThrough < today ? 'expired' : null;
}

/** What a caller supplies for a posting; equivalents and the search document are derived here. */
export type JobPostingInput = Omit<
  NewJobPosting,
  | 'id'
  | 'organisationId'
  | 'hourlyWageEquivalent'
  | 'monthlyWageEquivalent'
  | 'searchText'
  | 'searchTerms'
  | 'searchFilters'
  | 'searchReadings'
>;

export interface PostingContext {
  workplace: Pick<
    Workplace,
    'id' | 'organisationId' | 'name' | 'prefectureCode' | 'municipalityCode' | 'nearestStation'
  >;
  organisation: Pick<Organisation, 'id' | 'name' | 'nameKana'>;
  /** The co-op's governance card (null if not filled in): its postings are found by its terms. */
  governance: GovernanceTerms | null;
}

/** Filter tokens live in the same tsvector as the text terms, so any mix of filters is one GIN lookup. */
function filterTokens(input: JobPostingInput, context: PostingContext): string[] {
  const tokens = [
    `pref:${context.workplace.prefectureCode}`,
    `field:${input.field}`,
    `form:${input.employmentForm}`,
    `org:${context.organisation.id}`,
    ...municipalityCodesFor(context.workplace.municipalityCode).map((code) => `muni:${code}`),
    ...(input.welcomeTags ?? []).map((tag) => `tag:${tag}`),
    ...governanceFilterTokens(context.governance),
  ];
  if (input.acceptsVisit) tokens.push('accepts:visit');
  if (input.acceptsExperience || input.acceptsShortTrial) tokens.push('accepts:trial');
  return tokens;
}

/** The texts a posting is found by, in the order they are indexed (the bulk seed reads them too). */
export function searchParts(
  input: JobPostingInput,
  context: PostingContext,
): Array<string | null | undefined> {
  return [
    input.title,
    input.occupation,
    japanese(`field.${input.field}`),
    japanese(`employmentForm.${input.employmentForm}`),
    ...(input.welcomeTags ?? []).map((tag) => japanese(`welcome.${tag}` as never)),
    input.duties,
    input.requirements,
    context.organisation.name,
    context.organisation.nameKana,
    context.workplace.name,
    prefectureName(context.workplace.prefectureCode, 'ja'),
    findMunicipality(context.workplace.municipalityCode)?.name,
    context.workplace.nearestStation,
  ];
}

/**
 * The readings of the texts a posting is found by (かいご for 介護), one line per text: made by the reading
 * analyser, so it is computed before the row is built, which stays pure for bulk seeding.
 */
export async function postingReadings(input: JobPostingInput, context: PostingContext): Promise<string> {
  const parts = searchParts(input, context).filter((part): part is string => Boolean(part));
  return (await readingAnalyser.readingsOf(parts)).filter(Boolean).join('\n');
}

/** The row to insert for a posting: pure, so bulk seeding builds thousands without a query each. */
export function buildPostingRow(
  input: JobPostingInput,
  context: PostingContext,
  readings: string,
): NewJobPosting {
  const dailyHours = dailyWorkingHours(input.workStart, input.workEnd, input.breakMinutes ?? 0);
  const hours = {
    wageMin: input.wageMin,
    wageUnit: input.wageUnit,
    weeklyHours: input.weeklyHours,
    dailyHours,
  };
  const filters = filterTokens(input, context);
  const document = buildSearchDocument(searchParts(input, context), filters, readingTerms(readings));
  return {
    ...input,
    workplaceId: context.workplace.id,
    organisationId: context.organisation.id,
    hourlyWageEquivalent: hourlyEquivalent(hours),
    monthlyWageEquivalent: monthlyEquivalent(hours),
    searchText: document.text,
    searchTerms: document.terms,
    searchFilters: [...new Set(filters)].sort(),
    searchReadings: readings,
  };
}

export async function createJobPosting(db: Db, input: JobPostingInput): Promise<JobPosting> {
  const [context] = await db
    .select({ workplace: workplacesTable, organisation: organisationsTable, governance: coopGovernanceTable })
    .from(workplacesTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, workplacesTable.organisationId))
    .leftJoin(coopGovernanceTable, eq(coopGovernanceTable.organisationId, organisationsTable.id))
    .where(eq(workplacesTable.id, input.workplaceId));
  if (!context) throw new NotFoundError();
  const row = buildPostingRow(input, context, await postingReadings(input, context));
  const [posting] = await db.insert(jobPostingsTable).values(row).returning();
  return posting as JobPosting;
}

/** An empty pair of working hours is stored as 00:00–00:00 ("not given yet"): no real shift is 24 hours. */
const NO_TIME = '00:00';

/** Content fields compared to say which changed (audit details name fields, never values). */
const contentFields = [
  'workplaceId',
  'title',
  'occupation',
  'field',
  'duties',
  'changeScope',
  'employmentForm',
  'contractType',
  'contractDetails',
  'wageMin',
  'wageMax',
  'wageUnit',
  'allowances',
  'commutingPay',
  'workStart',
  'workEnd',
  'breakMinutes',
  'shiftNotes',
  'weeklyHours',
  'workDays',
  'overtime',
  'daysOff',
  'insuranceEmployment',
  'insuranceWorkersComp',
  'insuranceHealth',
  'insurancePension',
  'requirements',
  'welcomeTags',
  'openings',
  'membershipTerms',
  'acceptsVisit',
  'acceptsExperience',
  'acceptsShortTrial',
  'validThrough',
] as const;

// ---------------------------------------------------------------------------------------------------
// Conversions between the form, the rules and the row

/** A stored posting as the form and the rules read it: the "not given yet" placeholders become null. */
export function draftFromPosting(posting: JobPosting): PostingDraft {
  const start = posting.workStart.slice(0, 5);
  const end = posting.workEnd.slice(0, 5);
  const timesGiven = start !== end;
  return {
    title: posting.title,
    occupation: posting.occupation,
    field: posting.field,
    duties: posting.duties,
    changeScope: posting.changeScope,
    employmentForm: posting.employmentForm,
    contractType: posting.contractType,
    contractDetails: posting.contractDetails,
    workplaceId: posting.workplaceId,
    wageMin: posting.wageMin > 0 ? posting.wageMin : null,
    wageMax: posting.wageMax,
    wageUnit: posting.wageUnit,
    allowances: posting.allowances,
    commutingPay: posting.commutingPay,
    workStart: timesGiven ? start : null,
    workEnd: timesGiven ? end : null,
    breakMinutes: posting.breakMinutes,
    shiftNotes: posting.shiftNotes,
    weeklyHours: posting.weeklyHours > 0 ? posting.weeklyHours : null,
    workDays: posting.workDays,
    overtime: posting.overtime,
    daysOff: posting.daysOff,
    insuranceEmployment: posting.insuranceEmployment,
    insuranceWorkersComp: posting.insuranceWorkersComp,
    insuranceHealth: posting.insuranceHealth,
    insurancePension: posting.insurancePension,
    requirements: posting.requirements,
    welcomeTags: posting.welcomeTags as PostingDraft['welcomeTags'],
    openings: posting.openings,
    membershipTerms: posting.membershipTerms,
    acceptsVisit: posting.acceptsVisit,
    acceptsExperience: posting.acceptsExperience,
    acceptsShortTrial: posting.acceptsShortTrial,
    validThrough: posting.validThrough,
  };
}

/** The row's content from a draft that has what the database requires (see draftGaps). */
export function rowInput(
  draft: PostingDraft,
  dates: { postedOn: string; validThrough: string },
  status: PostingStatus,
): JobPostingInput {
  const required = <T>(value: T | null): T => {
    if (value === null) throw new Error('draftGaps lets no required choice through empty');
    return value;
  };
  return {
    workplaceId: required(draft.workplaceId),
    status,
    title: draft.title,
    occupation: draft.occupation,
    field: required(draft.field),
    duties: draft.duties,
    changeScope: draft.changeScope,
    employmentForm: required(draft.employmentForm),
    contractType: required(draft.contractType),
    contractDetails: draft.contractDetails,
    wageMin: draft.wageMin ?? 0,
    wageMax: draft.wageMax,
    wageUnit: required(draft.wageUnit),
    allowances: draft.allowances,
    commutingPay: draft.commutingPay,
    workStart: draft.workStart ?? NO_TIME,
    workEnd: draft.workEnd ?? NO_TIME,
    breakMinutes: draft.breakMinutes ?? 0,
    shiftNotes: draft.shiftNotes,
    weeklyHours: draft.weeklyHours ?? 0,
    workDays: draft.workDays,
    overtime: draft.overtime,
    daysOff: draft.daysOff,
    insuranceEmployment: required(draft.insuranceEmployment),
    insuranceWorkersComp: required(draft.insuranceWorkersComp),
    insuranceHealth: required(draft.insuranceHealth),
    insurancePension: required(draft.insurancePension),
    requirements: draft.requirements,
    welcomeTags: draft.welcomeTags,
    openings: draft.openings ?? 1,
    membershipTerms: draft.membershipTerms,
    acceptsVisit: draft.acceptsVisit,
    acceptsExperience: draft.acceptsExperience,
    acceptsShortTrial: draft.acceptsShortTrial,
    postedOn: dates.postedOn,
    validThrough: dates.validThrough,
  };
}

/** Compared as rows, so an empty field and its stored placeholder ("" and 0, blank openings and 1) agree. */
export function changedFields(before: JobPostingInput, after: JobPostingInput): string[] {
  return contentFields.filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
}

/** The stored posting as a row input, for comparing with what a form would write. */
export function storedInput(posting: JobPosting): JobPostingInput {
  return rowInput(draftFromPosting(posting), posting, posting.status);
}
