import { and, asc, eq, gt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  type CoopGovernance,
  coopGovernanceTable,
  jobPostingsTable,
  type Organisation,
  organisationsTable,
  type Workplace,
  workplacesTable,
} from '../../db/schema/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { buildPostingRow } from '../postings/postings.row.js';
import type { GovernanceFormData, OrganisationFormData, WorkplaceFormData } from './workspace.forms.js';

export interface Editor {
  userId: number;
  now: Date;
}

/** The names of the fields whose values differ (audit details name fields, never values). */
function changedKeys<T extends Record<string, unknown>>(before: Partial<T>, after: T): string[] {
  return Object.keys(after).filter(
    (key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key]),
  );
}

/**
 * Rebuilds the search document of postings after something they are found by changed (the
 * organisation's name, a workplace's place or station): buildPostingRow is the one place it is made.
 */
async function rebuildSearchDocuments(tx: Db, where: SQL): Promise<void> {
  const rows = await tx
    .select({ posting: jobPostingsTable, workplace: workplacesTable, organisation: organisationsTable })
    .from(jobPostingsTable)
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, jobPostingsTable.organisationId))
    .where(where);
  for (const { posting, workplace, organisation } of rows) {
    const row = buildPostingRow(posting, { workplace, organisation });
    await tx
      .update(jobPostingsTable)
      .set({
        searchText: row.searchText,
        searchTerms: row.searchTerms,
        hourlyWageEquivalent: row.hourlyWageEquivalent,
        monthlyWageEquivalent: row.monthlyWageEquivalent,
      })
      .where(eq(jobPostingsTable.id, posting.id));
  }
}

// ---------------------------------------------------------------------------------------------------
// Organisation profile and governance card

export async function updateOrganisationProfile(
  db: Db,
  organisation: Organisation,
  data: OrganisationFormData,
  editor: Editor,
): Promise<string[]> {
  const fields = await db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(organisationsTable)
      .where(eq(organisationsTable.id, organisation.id))
      .for('update');
    if (!current) throw new NotFoundError();
    const fields = changedKeys(current, data);
    if (fields.length === 0) return fields;
    await tx
      .update(organisationsTable)
      .set({ ...data, updatedAt: editor.now })
      .where(eq(organisationsTable.id, organisation.id));
    await recordAudit(
      tx,
      {
        actorUserId: editor.userId,
        organisationId: organisation.id,
        action: 'organisation.update',
        subjectType: 'organisation',
        subjectId: organisation.id,
        details: { fields },
      },
      editor.now,
    );
    return fields;
  });
  // Postings are found by their organisation's name and kana. Their search documents are rebuilt after
  // the rename commits, in short batches: rebuilding hundreds inside the transaction held the
  // organisation's row (0.7 s at 900 postings, 30 s under load), blocking every posting edit of the
  // co-op. Each batch reads the organisation as committed now, so two quick renames converge on the
  // last; until its batch runs, a posting is still found by the previous name.
  if (fields.includes('name') || fields.includes('nameKana'))
    await rebuildOrganisationPostingsInBatches(db, organisation.id);
  return fields;
}

const REBUILD_BATCH = 200;

async function rebuildOrganisationPostingsInBatches(db: Db, organisationId: number): Promise<void> {
  let after = 0;
  for (;;) {
    const batch = await db
      .select({ id: jobPostingsTable.id })
      .from(jobPostingsTable)
      .where(and(eq(jobPostingsTable.organisationId, organisationId), gt(jobPostingsTable.id, after)))
      .orderBy(asc(jobPostingsTable.id))
      .limit(REBUILD_BATCH);
    const last = batch.at(-1)?.id;
    if (last === undefined) return;
    await db.transaction((tx) =>
      rebuildSearchDocuments(
        tx,
        and(
          eq(jobPostingsTable.organisationId, organisationId),
          gt(jobPostingsTable.id, after),
          lte(jobPostingsTable.id, last),
        ) as SQL,
      ),
    );
    after = last;
  }
}

export async function findGovernance(db: Db, organisationId: number): Promise<CoopGovernance | null> {
  const [governance] = await db
    .select()
    .from(coopGovernanceTable)
    .where(eq(coopGovernanceTable.organisationId, organisationId));
  return governance ?? null;
}

export async function updateGovernance(
  db: Db,
  organisationId: number,
  data: GovernanceFormData,
  editor: Editor,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(coopGovernanceTable)
      .where(eq(coopGovernanceTable.organisationId, organisationId))
      .for('update');
    const fields = changedKeys(current ?? {}, data);
    if (current && fields.length === 0) return fields;
    await tx
      .insert(coopGovernanceTable)
      .values({ organisationId, ...data })
      .onConflictDoUpdate({ target: coopGovernanceTable.organisationId, set: data });
    await recordAudit(
      tx,
      {
        actorUserId: editor.userId,
        organisationId,
        action: 'governance.update',
        subjectType: 'organisation',
        subjectId: organisationId,
        details: { fields },
      },
      editor.now,
    );
    return fields;
  });
}

// ---------------------------------------------------------------------------------------------------
// 事業所

export async function listWorkplaces(db: Db, organisationId: number): Promise<Workplace[]> {
  return db
    .select()
    .from(workplacesTable)
    .where(eq(workplacesTable.organisationId, organisationId))
    .orderBy(
      asc(workplacesTable.prefectureCode),
      asc(workplacesTable.municipalityCode),
      asc(workplacesTable.id),
    );
}

export async function findWorkplace(db: Db, organisationId: number, workplaceId: number): Promise<Workplace> {
  const [workplace] = await db
    .select()
    .from(workplacesTable)
    .where(and(eq(workplacesTable.id, workplaceId), eq(workplacesTable.organisationId, organisationId)));
  if (!workplace) throw new NotFoundError();
  return workplace;
}

/** What postings are found by (see buildPostingRow). */
const searchedWorkplaceFields = ['name', 'prefectureCode', 'municipalityCode', 'nearestStation'];

function workplaceValues(data: WorkplaceFormData) {
  return { ...data, nearestStation: data.nearestStation === '' ? null : data.nearestStation };
}

export async function createWorkplace(
  db: Db,
  organisationId: number,
  data: WorkplaceFormData,
  editor: Editor,
): Promise<Workplace> {
  return db.transaction(async (tx) => {
    const [workplace] = await tx
      .insert(workplacesTable)
      .values({ organisationId, ...workplaceValues(data), createdAt: editor.now })
      .returning();
    const created = workplace as Workplace;
    await recordAudit(
      tx,
      {
        actorUserId: editor.userId,
        organisationId,
        action: 'workplace.create',
        subjectType: 'workplace',
        subjectId: created.id,
      },
      editor.now,
    );
    return created;
  });
}

export async function updateWorkplace(
  db: Db,
  organisationId: number,
  workplaceId: number,
  data: WorkplaceFormData,
  editor: Editor,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(workplacesTable)
      .where(and(eq(workplacesTable.id, workplaceId), eq(workplacesTable.organisationId, organisationId)))
      .for('update');
    if (!current) throw new NotFoundError();
    const values = workplaceValues(data);
    const fields = changedKeys(current, values);
    if (fields.length === 0) return fields;
    await tx.update(workplacesTable).set(values).where(eq(workplacesTable.id, workplaceId));
    await recordAudit(
      tx,
      {
        actorUserId: editor.userId,
        organisationId,
        action: 'workplace.update',
        subjectType: 'workplace',
        subjectId: workplaceId,
        details: { fields },
      },
      editor.now,
    );
    // Postings are found by their workplace's place, name and station.
    if (fields.some((field) => searchedWorkplaceFields.includes(field)))
      await rebuildSearchDocuments(tx, eq(jobPostingsTable.workplaceId, workplaceId));
    return fields;
  });
}
