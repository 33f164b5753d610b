import { and, asc, eq } from 'drizzle-orm';
import { inTransaction, organisationOf, type ServiceContext } from '../../auth/context.js';
import { jobPostingsTable, type Workplace, workplacesTable } from '../../db/schema/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { audit } from '../audit/audit.service.js';
import type { WorkplaceFormData } from './organisations.forms.js';
import { changedKeys, rebuildSearchDocuments } from './profile.service.js';

/** The context organisation's workplaces (事業所), by place. */
export async function listWorkplaces(ctx: ServiceContext): Promise<Workplace[]> {
  return ctx.db
    .select()
    .from(workplacesTable)
    .where(eq(workplacesTable.organisationId, organisationOf(ctx).id))
    .orderBy(
      asc(workplacesTable.prefectureCode),
      asc(workplacesTable.municipalityCode),
      asc(workplacesTable.id),
    );
}

/** One of the context organisation's workplaces; another organisation's answers NotFoundError. */
export async function findWorkplace(ctx: ServiceContext, workplaceId: number): Promise<Workplace> {
  const [workplace] = await ctx.db
    .select()
    .from(workplacesTable)
    .where(
      and(eq(workplacesTable.id, workplaceId), eq(workplacesTable.organisationId, organisationOf(ctx).id)),
    );
  if (!workplace) throw new NotFoundError();
  return workplace;
}

/** What postings are found by (see buildPostingRow). */
const searchedWorkplaceFields = ['name', 'prefectureCode', 'municipalityCode', 'nearestStation'];

function workplaceValues(data: WorkplaceFormData) {
  return { ...data, nearestStation: data.nearestStation === '' ? null : data.nearestStation };
}

export async function createWorkplace(ctx: ServiceContext, data: WorkplaceFormData): Promise<Workplace> {
  const organisationId = organisationOf(ctx).id;
  return inTransaction(ctx, async (tx) => {
    const [workplace] = await tx.db
      .insert(workplacesTable)
      .values({ organisationId, ...workplaceValues(data), createdAt: tx.now })
      .returning();
    if (!workplace) throw new Error('workplace insert returned nothing');
    await audit(tx, { action: 'workplace.create', subject: { type: 'workplace', id: workplace.id } });
    return workplace;
  });
}

/** Saves a workplace; returns the names of the fields that changed. */
export async function updateWorkplace(
  ctx: ServiceContext,
  workplaceId: number,
  data: WorkplaceFormData,
): Promise<string[]> {
  const organisationId = organisationOf(ctx).id;
  return inTransaction(ctx, async (tx) => {
    const [current] = await tx.db
      .select()
      .from(workplacesTable)
      .where(and(eq(workplacesTable.id, workplaceId), eq(workplacesTable.organisationId, organisationId)))
      .for('update');
    if (!current) throw new NotFoundError();
    const values = workplaceValues(data);
    const fields = changedKeys(current, values);
    if (fields.length === 0) return fields;
    await tx.db.update(workplacesTable).set(values).where(eq(workplacesTable.id, workplaceId));
    await audit(tx, {
      action: 'workplace.update',
      subject: { type: 'workplace', id: workplaceId },
      details: { fields },
    });
    // Postings are found by their workplace's place, name and station.
    if (fields.some((field) => searchedWorkplaceFields.includes(field)))
      await rebuildSearchDocuments(tx.db, eq(jobPostingsTable.workplaceId, workplaceId));
    return fields;
  });
}
