import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  coopGovernanceTable,
  jobPostingsTable,
  organisationsTable,
  workplacesTable,
} from '../../db/schema/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { isPublicCoop, newestJobs } from '../jobs/jobs.service.js';

export const ORGANISATIONS_PAGE_SIZE = 30;
const POSTINGS_ON_ORGANISATION_PAGE = 10;

/** A column named with its table, for correlated subqueries. */
function qualified(table: typeof organisationsTable | typeof jobPostingsTable, column: { name: string }) {
  return sql`${table}.${sql.identifier(column.name)}`;
}

function openPostingCount(today: string) {
  // Drizzle leaves the table name off column references when the outer select reads one table, so a bare
  // "id" here would bind to job_postings itself and every organisation would count the same. Name both
  // sides with their tables.
  return sql<number>`(
    select count(*)::int from ${jobPostingsTable}
    where ${qualified(jobPostingsTable, jobPostingsTable.organisationId)} = ${qualified(organisationsTable, organisationsTable.id)}
      and ${qualified(jobPostingsTable, jobPostingsTable.status)} = 'published'
      and ${qualified(jobPostingsTable, jobPostingsTable.validThrough)} >= ${today}
  )`;
}

/** Participating co-ops in kana order, each with its number of open postings. */
export async function listParticipatingOrganisations(db: Db, page: number, today: string) {
  const [totalRow] = await db.select({ total: count() }).from(organisationsTable).where(isPublicCoop);
  const organisations = await db
    .select({
      id: organisationsTable.id,
      name: organisationsTable.name,
      nameKana: organisationsTable.nameKana,
      legalForm: organisationsTable.legalForm,
      prefectureCode: organisationsTable.prefectureCode,
      description: organisationsTable.description,
      openPostings: openPostingCount(today),
    })
    .from(organisationsTable)
    .where(isPublicCoop)
    .orderBy(asc(organisationsTable.nameKana), asc(organisationsTable.id))
    .limit(ORGANISATIONS_PAGE_SIZE)
    .offset((page - 1) * ORGANISATIONS_PAGE_SIZE);
  return { organisations, total: totalRow?.total ?? 0 };
}

export async function getOrganisationProfile(db: Db, id: number, today: string) {
  const [row] = await db
    .select({
      organisation: organisationsTable,
      governance: coopGovernanceTable,
      openPostings: openPostingCount(today),
    })
    .from(organisationsTable)
    .leftJoin(coopGovernanceTable, eq(coopGovernanceTable.organisationId, organisationsTable.id))
    .where(and(eq(organisationsTable.id, id), isPublicCoop));
  if (!row) throw new NotFoundError();
  const [workplaces, postings] = await Promise.all([
    db
      .select()
      .from(workplacesTable)
      .where(eq(workplacesTable.organisationId, id))
      .orderBy(
        asc(workplacesTable.prefectureCode),
        asc(workplacesTable.municipalityCode),
        asc(workplacesTable.id),
      ),
    newestJobs(db, POSTINGS_ON_ORGANISATION_PAGE, { organisationId: id, today }),
  ]);
  return { ...row, workplaces, postings };
}
