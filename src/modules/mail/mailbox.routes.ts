import type { FastifyInstance } from 'fastify';
import { recentMail } from './outbox.service.js';

/** Development only (see app.ts): the outbox as a page, so sign-up and reset links can be followed. */
export default async function mailboxRoutes(app: FastifyInstance) {
  app.get('/dev/mailbox', async (_request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .view('mail/mailbox.eta', { messages: await recentMail(app.db), noindex: true }),
  );
}
