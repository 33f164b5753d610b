import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { todayInTokyo } from '../../lib/dates.js';
import { NotFoundError } from '../../lib/errors.js';
import { paginate } from '../../lib/pagination.js';
import {
  getOrganisationProfile,
  listParticipatingOrganisations,
  ORGANISATIONS_PAGE_SIZE,
} from './organisations.service.js';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const listQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1) });

export default async function organisationsRoutes(app: FastifyInstance) {
  app.get('/organisations', async (request, reply) => {
    const { page } = listQuery.parse(request.query ?? {});
    const { organisations, total } = await listParticipatingOrganisations(
      app.db,
      page,
      todayInTokyo(app.clock()),
    );
    return reply.view('organisations/index.eta', {
      organisations,
      total,
      pagination: paginate(page, total, ORGANISATIONS_PAGE_SIZE),
      pageHref: (n: number) => (n > 1 ? `/organisations?page=${n}` : '/organisations'),
    });
  });

  app.get('/organisations/:id', async (request, reply) => {
    const parsed = idParams.safeParse(request.params);
    if (!parsed.success) throw new NotFoundError();
    const profile = await getOrganisationProfile(app.db, parsed.data.id, todayInTokyo(app.clock()));
    return reply.view('organisations/show.eta', {
      ...profile,
      canonical: `${app.config.PUBLIC_URL}/organisations/${profile.organisation.id}`,
    });
  });
}
