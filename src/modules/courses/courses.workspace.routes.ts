import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { access, currentOrganisation } from '../../plugins/guards.js';
import { registerOrganiserRoutes } from './courses.organiser.js';

/**
 * /workspace/:organisationId/courses: a co-op organises its own courses. Schools and support
 * organisations have workspaces too, but they ask for courses (outreach requests) rather than run them.
 */
export default async function coursesWorkspaceRoutes(app: FastifyInstance) {
  registerOrganiserRoutes(app, {
    area: 'workspace',
    guard: access('organisation_member'),
    async organiser(request) {
      const organisation = currentOrganisation(request);
      if (organisation.kind !== 'coop') throw new NotFoundError();
      return organisation;
    },
    base: (_request, organisation) => `/workspace/${organisation.id}/courses`,
  });
}
