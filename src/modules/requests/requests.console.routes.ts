import type { FastifyInstance } from 'fastify';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { requestPolicyOf } from './requests.maintenance.js';
import { businessDaysBetween } from './requests.rules.js';
import { escalationQueue } from './requests.service.js';

/**
 * /console/requests: requests the co-ops have left unanswered past the escalation point. The secretariat
 * sees which co-op, what kind and how long, never the requester's data: it follows up with the co-op.
 */
export default async function requestsConsoleRoutes(app: FastifyInstance) {
  app.get('/requests', access('secretariat'), async (request, reply) => {
    const ctx = serviceContext(request);
    const rows = await escalationQueue(ctx);
    return reply.header('cache-control', 'no-store').view('requests/escalations.eta', {
      noindex: true,
      section: 'requests',
      escalationDays: requestPolicyOf(app.config).escalationBusinessDays,
      rows: rows.map((row) => ({
        ...row,
        businessDays: row.waitingSince ? businessDaysBetween(row.waitingSince, ctx.now) : 0,
      })),
    });
  });
}
