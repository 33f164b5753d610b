import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  type Membership,
  membershipsTable,
  type Organisation,
  organisationsTable,
} from '../db/schema/index.js';

/**
 * The queries behind the route guards (plugins/guards.ts). They live below the plugins so that the guards
 * hold no SQL and services can ask the same questions.
 */

/** The person's membership of one organisation, with the organisation; null when they are not staff. */
export async function membershipOf(
  db: Db,
  userId: number,
  organisationId: number,
): Promise<{ organisation: Organisation; membership: Membership } | null> {
  const [row] = await db
    .select({ organisation: organisationsTable, membership: membershipsTable })
    .from(membershipsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
    .where(and(eq(membershipsTable.userId, userId), eq(membershipsTable.organisationId, organisationId)));
  return row ?? null;
}

/** Secretariat staff: members of an approved organisation of kind "secretariat". */
export async function isSecretariatStaff(db: Db, userId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: organisationsTable.id })
    .from(membershipsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
    .where(
      and(
        eq(membershipsTable.userId, userId),
        eq(organisationsTable.kind, 'secretariat'),
        eq(organisationsTable.approvalState, 'approved'),
      ),
    )
    .limit(1);
  return row !== undefined;
}
