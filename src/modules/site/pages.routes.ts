import type { FastifyInstance } from 'fastify';

/** The trust pages (privacy policy, operator, contact): static text from the catalogues plus the operator's settings. */
export default async function pagesRoutes(app: FastifyInstance) {
  const operator = { operatorName: app.config.OPERATOR_NAME, contactEmail: app.config.CONTACT_EMAIL };
  for (const page of ['privacy', 'operator', 'contact'] as const) {
    app.get(`/${page}`, { config: { pageCache: true } }, async (_request, reply) =>
      reply.view(`site/${page}.eta`, operator),
    );
  }
}
