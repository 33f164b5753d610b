import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

/**
 * The site's staff areas. A domain module serves its pages in an area from a route file of its own
 * (`postings.workspace.routes.ts`, `postings.console.routes.ts`) registered here, so what every page of the
 * area needs is declared once: the prefix, never caching a private page, and clearing the public caches
 * after a change. Each route still declares its guard with `access(...)`, which the access-matrix test reads.
 */
export const areaPrefixes = {
  /** Co-op, school and support staff: `:organisationId` is checked by the organisation guards. */
  workspace: '/workspace/:organisationId',
  /** The secretariat. */
  console: '/console',
} as const;

export type Area = keyof typeof areaPrefixes;

/** Registers a module's route file for one area; call it from app.ts. */
export async function registerArea(app: FastifyInstance, area: Area, routes: FastifyPluginAsync) {
  await app.register(
    async (scope) => {
      scope.addHook('onSend', async (request, reply) => {
        // Staff pages show people's data and work in progress: no shared cache may keep them.
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
        // A change made here (a posting published, a workplace renamed, a slot added) shows on public
        // pages at once: anonymous search counts and posting pages are cached for a few seconds.
        if (request.method === 'POST' && reply.statusCode === 303) await scope.publicCache.invalidate();
      });
      await scope.register(routes);
    },
    { prefix: areaPrefixes[area] },
  );
}
