import type { FastifyInstance } from 'fastify';
import { jobFields } from '../../db/schema/enums.js';
import { todayInTokyo } from '../../lib/dates.js';
import { prefecturesOfRegion, regions } from '../../lib/regions.js';
import { newestJobs } from '../jobs/jobs.service.js';

const NEWEST_ON_HOME = 6;

export default async function homeRoutes(app: FastifyInstance) {
  app.get('/', async (_request, reply) => {
    const jobs = await newestJobs(app.db, NEWEST_ON_HOME, { today: todayInTokyo(app.clock()) });
    return reply.view('home/index.eta', {
      jobs,
      fields: jobFields,
      regions: regions.map((region) => ({ key: region.key, prefectures: prefecturesOfRegion(region) })),
    });
  });
}
