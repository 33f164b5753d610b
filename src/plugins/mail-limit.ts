import type { FastifyInstance } from 'fastify';

/**
 * Staff actions that send mail to an address they type (applying to join, inviting a colleague): each
 * person may send 20 per quarter hour, together. Counted per person, not per address, since a co-op's
 * office shares one. Every route file that sends such mail calls this; the limiter's store is shared by
 * key, so the routes count against one budget. Put it after the access check, so that a refused request
 * is refused, not throttled.
 */
export function staffMailLimit(app: FastifyInstance) {
  return app.rateLimit({
    max: 20,
    timeWindow: '15 minutes',
    keyGenerator: (request) => `membership-mail:${request.user?.id ?? request.ip}`,
  });
}
