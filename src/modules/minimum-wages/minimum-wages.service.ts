import { asc, desc, eq } from 'drizzle-orm';
import { inTransaction, type ServiceContext } from '../../auth/context.js';
import type { Db } from '../../db/client.js';
import { minimumWagesTable } from '../../db/schema/index.js';
import { ConflictError } from '../../lib/errors.js';
import { audit } from '../audit/audit.service.js';
import type { MinimumWageInput } from './minimum-wages.forms.js';

/** Every rate on record, by prefecture and then newest first, as the console lists them. */
export async function listMinimumWages(ctx: Pick<ServiceContext, 'db'>) {
  return ctx.db
    .select()
    .from(minimumWagesTable)
    .orderBy(asc(minimumWagesTable.prefectureCode), desc(minimumWagesTable.effectiveFrom));
}

/** The rates of one prefecture, for the publishing rules (called inside their transaction, hence `db`). */
export async function minimumWagesOf(db: Db, prefectureCode: string) {
  return db
    .select({ hourlyYen: minimumWagesTable.hourlyYen, effectiveFrom: minimumWagesTable.effectiveFrom })
    .from(minimumWagesTable)
    .where(eq(minimumWagesTable.prefectureCode, prefectureCode));
}

/**
 * Records next year's rate with the date it takes effect. Rates are never overwritten: a posting checked
 * last week was checked against the rate on record then, and the audit log should still explain it.
 */
export async function addMinimumWage(ctx: ServiceContext, input: MinimumWageInput): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const inserted = await tx.db
      .insert(minimumWagesTable)
      .values(input)
      .onConflictDoNothing()
      .returning({ prefectureCode: minimumWagesTable.prefectureCode });
    if (inserted.length === 0) throw new ConflictError('console.minimumWages.exists');
    await audit(tx, {
      action: 'minimum_wage.add',
      subject: { type: 'minimum_wage' },
      details: { ...input },
    });
  });
}
