import type { FastifyReply, FastifyRequest } from 'fastify';

/** Sends a signed-out person to sign in, and back here afterwards. */
export async function requireUser(request: FastifyRequest, reply: FastifyReply) {
  if (request.user) return;
  const next = request.method === 'GET' ? request.url : '/account';
  return reply.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
}
