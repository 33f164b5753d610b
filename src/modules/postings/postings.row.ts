import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  type JobPosting,
  jobPostingsTable,
  type NewJobPosting,
  type Organisation,
  organisationsTable,
  type Workplace,
  workplacesTable,
} from '../../db/schema/index.js';
import { translator } from '../../i18n/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { findMunicipality, municipalityCodesFor, prefectureName } from '../../lib/regions.js';
import { buildSearchDocument } from '../../lib/search-text.js';
import { dailyWorkingHours, hourlyEquivalent, monthlyEquivalent } from '../../lib/wages.js';

// A posting's row as stored: its content, the wage equivalents the search sorts and filters by, and the
// search document (text and terms) the public board's search reads. Every write of a posting builds its
// row here, so the search document follows every change of content.

const japanese = translator('ja');

/** What a caller supplies for a posting; equivalents and the search document are derived here. */
export type JobPostingInput = Omit<
  NewJobPosting,
  'id' | 'organisationId' | 'hourlyWageEquivalent' | 'monthlyWageEquivalent' | 'searchText' | 'searchTerms'
>;

export interface PostingContext {
  workplace: Pick<
    Workplace,
    'id' | 'organisationId' | 'name' | 'prefectureCode' | 'municipalityCode' | 'nearestStation'
  >;
  organisation: Pick<Organisation, 'id' | 'name' | 'nameKana'>;
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
  ];
  if (input.acceptsVisit) tokens.push('accepts:visit');
  if (input.acceptsExperience || input.acceptsShortTrial) tokens.push('accepts:trial');
  return tokens;
}

/** The row to insert for a posting: pure, so bulk seeding builds thousands without a query each. */
export function buildPostingRow(input: JobPostingInput, context: PostingContext): NewJobPosting {
  const dailyHours = dailyWorkingHours(input.workStart, input.workEnd, input.breakMinutes ?? 0);
  const hours = {
    wageMin: input.wageMin,
    wageUnit: input.wageUnit,
    weeklyHours: input.weeklyHours,
    dailyHours,
  };
  const municipality = findMunicipality(context.workplace.municipalityCode);
  const document = buildSearchDocument(
    [
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
      municipality?.name,
      context.workplace.nearestStation,
    ],
    filterTokens(input, context),
  );
  return {
    ...input,
    workplaceId: context.workplace.id,
    organisationId: context.organisation.id,
    hourlyWageEquivalent: hourlyEquivalent(hours),
    monthlyWageEquivalent: monthlyEquivalent(hours),
    searchText: document.text,
    searchTerms: document.terms,
  };
}

export async function createJobPosting(db: Db, input: JobPostingInput): Promise<JobPosting> {
  const [context] = await db
    .select({ workplace: workplacesTable, organisation: organisationsTable })
    .from(workplacesTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, workplacesTable.organisationId))
    .where(eq(workplacesTable.id, input.workplaceId));
  if (!context) throw new NotFoundError();
  const [posting] = await db.insert(jobPostingsTable).values(buildPostingRow(input, context)).returning();
  return posting as JobPosting;
}
