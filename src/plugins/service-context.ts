import type { FastifyRequest } from 'fastify';
import type { ServiceContext } from '../auth/context.js';

const built = new WeakMap<FastifyRequest, ServiceContext>();

/**
 * The request's ServiceContext, built on first use and then reused, so every service a handler calls sees
 * the same `now`. Call it after the guard: the actor and the organisation come from what the guard loaded.
 */
export function serviceContext(request: FastifyRequest): ServiceContext {
  const existing = built.get(request);
  if (
    existing &&
    existing.actor?.userId === request.user?.id &&
    existing.organisation === request.organisation
  )
    return existing;
  const app = request.server;
  const ctx: ServiceContext = {
    db: app.db,
    actor: request.user ? { userId: request.user.id } : null,
    organisation: request.organisation ?? null,
    now: existing?.now ?? app.clock(),
    locale: request.locale,
    publicUrl: app.config.PUBLIC_URL,
  };
  built.set(request, ctx);
  return ctx;
}
