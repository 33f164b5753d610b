import { and, asc, eq, gt, lte, type SQL } from 'drizzle-orm';
import { inTransaction, organisationOf, type ServiceContext } from '../../auth/context.js';
import type { Db } from '../../db/client.js';
import {
  type CoopGovernance,
  coopGovernanceTable,
  jobPostingsTable,
  organisationsTable,
  workplacesTable,
} from '../../db/schema/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { audit } from '../audit/audit.service.js';
import type { GovernanceTerms } from '../postings/postings.governance.js';
import { buildPostingRow, postingReadings } from '../postings/postings.row.js';
import type { GovernanceFormData, OrganisationFormData } from './organisations.forms.js';

/** The names of the fields whose values differ (audit details name fields, never values). */
export function changedKeys<T extends Record<string, unknown>>(before: Partial<T>, after: T): string[] {
  return Object.keys(after).filter(
    (key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key]),
  );
}

/**
 * Rebuilds the search document of postings after something they are found by changed (the
 * organisation's name, a workplace's place or station, the governance card's terms): buildPostingRow is
 * the one place it is made.
 */
export async function rebuildSearchDocuments(db: Db, where: SQL): Promise<void> {
  const rows = await db
    .select({
      posting: jobPostingsTable,
      workplace: workplacesTable,
      organisation: organisationsTable,
      governance: coopGovernanceTable,
    })
    .from(jobPostingsTable)
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, jobPostingsTable.organisationId))
    .leftJoin(coopGovernanceTable, eq(coopGovernanceTable.organisationId, organisationsTable.id))
    .where(where);
  for (const { posting, workplace, organisation, governance } of rows) {
    const context = { workplace, organisation, governance };
    const row = buildPostingRow(posting, context, await postingReadings(posting, context));
    await db
      .update(jobPostingsTable)
      .set({
        searchText: row.searchText,
        searchTerms: row.searchTerms,
        searchFilters: row.searchFilters,
        searchReadings: row.searchReadings,
        hourlyWageEquivalent: row.hourlyWageEquivalent,
        monthlyWageEquivalent: row.monthlyWageEquivalent,
      })
      .where(eq(jobPostingsTable.id, posting.id));
  }
}

// ---------------------------------------------------------------------------------------------------
// Organisation profile

/** Saves the context organisation's profile; returns the names of the fields that changed. */
export async function updateOrganisationProfile(
  ctx: ServiceContext,
  data: OrganisationFormData,
): Promise<string[]> {
  const organisationId = organisationOf(ctx).id;
  const fields = await inTransaction(ctx, async (tx) => {
    const [current] = await tx.db
      .select()
      .from(organisationsTable)
      .where(eq(organisationsTable.id, organisationId))
      .for('update');
    if (!current) throw new NotFoundError();
    const fields = changedKeys(current, data);
    if (fields.length === 0) return fields;
    await tx.db
      .update(organisationsTable)
      .set({ ...data, updatedAt: tx.now })
      .where(eq(organisationsTable.id, organisationId));
    await audit(tx, {
      action: 'organisation.update',
      subject: { type: 'organisation', id: organisationId },
      details: { fields },
    });
    return fields;
  });
  // Postings are found by their organisation's name and kana. Their search documents are rebuilt after
  // the rename commits, in short batches: rebuilding hundreds inside the transaction held the
  // organisation's row (0.7 s at 900 postings, 30 s under load), blocking every posting edit of the
  // co-op. Each batch reads the organisation as committed now, so two quick renames converge on the
  // last; until its batch runs, a posting is still found by the previous name.
  if (fields.includes('name') || fields.includes('nameKana'))
    await rebuildOrganisationPostingsInBatches(ctx.db, organisationId);
  return fields;
}

const REBUILD_BATCH = 200;

async function rebuildOrganisationPostingsInBatches(db: Db, organisationId: number): Promise<number> {
  return rebuildPostingsInBatches(db, eq(jobPostingsTable.organisationId, organisationId));
}

/**
 * Rebuilds every posting's search document, in short batches: for a database whose postings were
 * written before the search document gained something (the governance card's filter tokens), so they
 * are found like postings written since. Returns how many postings were rebuilt.
 */
export async function rebuildAllSearchDocuments(db: Db): Promise<number> {
  return rebuildPostingsInBatches(db);
}

async function rebuildPostingsInBatches(db: Db, scope?: SQL): Promise<number> {
  let after = 0;
  let rebuilt = 0;
  for (;;) {
    const batch = await db
      .select({ id: jobPostingsTable.id })
      .from(jobPostingsTable)
      .where(and(scope, gt(jobPostingsTable.id, after)))
      .orderBy(asc(jobPostingsTable.id))
      .limit(REBUILD_BATCH);
    const last = batch.at(-1)?.id;
    if (last === undefined) return rebuilt;
    await db.transaction((tx) =>
      rebuildSearchDocuments(
        tx,
        and(scope, gt(jobPostingsTable.id, after), lte(jobPostingsTable.id, last)) as SQL,
      ),
    );
    rebuilt += batch.length;
    after = last;
  }
}

// ---------------------------------------------------------------------------------------------------
// Governance card (a co-op's)

export async function findGovernance(ctx: ServiceContext): Promise<CoopGovernance | null> {
  const [governance] = await ctx.db
    .select()
    .from(coopGovernanceTable)
    .where(eq(coopGovernanceTable.organisationId, organisationOf(ctx).id));
  return governance ?? null;
}

/** Saves the context co-op's governance card; returns the names of the fields that changed. */
export async function updateGovernance(ctx: ServiceContext, data: GovernanceFormData): Promise<string[]> {
  const organisationId = organisationOf(ctx).id;
  const fields = await inTransaction(ctx, async (tx) => {
    const [current] = await tx.db
      .select()
      .from(coopGovernanceTable)
      .where(eq(coopGovernanceTable.organisationId, organisationId))
      .for('update');
    const fields = changedKeys(current ?? {}, data);
    if (current && fields.length === 0) return fields;
    await tx.db
      .insert(coopGovernanceTable)
      .values({ organisationId, ...data })
      .onConflictDoUpdate({ target: coopGovernanceTable.organisationId, set: data });
    await audit(tx, {
      action: 'governance.update',
      subject: { type: 'organisation', id: organisationId },
      details: { fields },
    });
    return fields;
  });
  // The co-op's postings are found by its terms (see governanceFilterTokens): rebuilt after the commit in
  // short batches, as after a rename, so a card saved beside hundreds of postings blocks none of them.
  if (fields.some((field) => searchedGovernanceFields.includes(field)))
    await rebuildOrganisationPostingsInBatches(ctx.db, organisationId);
  return fields;
}

/** The card's fields its postings are found by (see governanceFilterTokens). */
const searchedGovernanceFields: string[] = [
  'oneMemberOneVote',
  'shareAmountYen',
  'sharesRequired',
  'instalmentsAllowed',
  'payrollDeduction',
  'surplusByWorkShare',
  'foundedUnder2022Law',
] satisfies Array<keyof GovernanceTerms>;
