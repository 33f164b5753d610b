import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { instantFormatter } from '../../lib/dates.js';
import { NotFoundError } from '../../lib/errors.js';
import { paginate } from '../../lib/pagination.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { auditRows } from './audit.format.js';
import { countAuditEntries } from './audit.service.js';

export const AUDIT_PAGE_SIZE = 50;

/** A page number, or null for one that is not a page (text, zero, negative): that page does not exist. */
const auditQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1).catch(0),
});

/** /console/audit: who did what, when, to which record — in words, with links to records that still exist. */
export default async function auditConsoleRoutes(app: FastifyInstance) {
  app.get('/audit', access('secretariat'), async (request, reply) => {
    const { page } = auditQuery.parse(request.query ?? {});
    const ctx = serviceContext(request);
    const total = await countAuditEntries(ctx);
    const pagination = paginate(page, total, AUDIT_PAGE_SIZE);
    // Page 999 or page -1 is not quietly page 1: it says the page does not exist.
    if (page !== pagination.page) throw new NotFoundError();
    const entries = await auditRows(ctx, { limit: AUDIT_PAGE_SIZE, offset: (page - 1) * AUDIT_PAGE_SIZE });
    return reply.view('console/audit.eta', {
      section: 'audit',
      noindex: true,
      at: instantFormatter(request.locale),
      entries,
      total,
      pagination,
      pageHref: (n: number) => (n > 1 ? `/console/audit?page=${n}` : '/console/audit'),
    });
  });
}
