import type { FastifyInstance } from 'fastify';
import { jobFields } from '../../db/schema/enums.js';
import { todayInTokyo } from '../../lib/dates.js';
import { noticeFrom } from '../../lib/notices.js';
import { prefecturesOfRegion, regions } from '../../lib/regions.js';
import { serviceContext } from '../../plugins/service-context.js';
import { newestJobs } from '../jobs/jobs.service.js';

const NEWEST_ON_HOME = 6;

/** Signing out and deleting an account both land on the home page, which confirms what happened. */
const notices = { signed_out: 'notice.signedOut', account_deleted: 'notice.accountDeleted' } as const;

export default async function homeRoutes(app: FastifyInstance) {
  app.get('/', async (request, reply) => {
    const jobs = await newestJobs(app.db, NEWEST_ON_HOME, {
      today: todayInTokyo(serviceContext(request).now),
    });
    return reply.view('home/index.eta', {
      jobs,
      notice: noticeFrom(request, notices),
      fields: jobFields,
      regions: regions.map((region) => ({ key: region.key, prefectures: prefecturesOfRegion(region) })),
    });
  });
}
