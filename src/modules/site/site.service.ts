import { and, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { jobPostingsTable, organisationsTable } from '../../db/schema/index.js';
import { openPostingWhere } from '../postings/postings.row.js';

/** The sitemap protocol allows 50,000 URLs a file; job ids are split into ranges of that size. */
export const SITEMAP_CHUNK = 50_000;

export async function jobSitemapChunkCount(db: Db): Promise<number> {
  const [row] = await db.select({ maxId: max(jobPostingsTable.id) }).from(jobPostingsTable);
  return Math.ceil((row?.maxId ?? 0) / SITEMAP_CHUNK);
}

export async function openJobsInChunk(db: Db, chunk: number, today: string) {
  const firstId = chunk * SITEMAP_CHUNK + 1;
  return db
    .select({ id: jobPostingsTable.id, updatedAt: jobPostingsTable.updatedAt })
    .from(jobPostingsTable)
    .where(
      and(
        openPostingWhere(today),
        sql`${jobPostingsTable.id} between ${firstId} and ${firstId + SITEMAP_CHUNK - 1}`,
      ),
    )
    .orderBy(jobPostingsTable.id);
}

export async function approvedCoopIds(db: Db) {
  return db
    .select({ id: organisationsTable.id, updatedAt: organisationsTable.updatedAt })
    .from(organisationsTable)
    .where(and(eq(organisationsTable.kind, 'coop'), eq(organisationsTable.approvalState, 'approved')))
    .orderBy(organisationsTable.id);
}
