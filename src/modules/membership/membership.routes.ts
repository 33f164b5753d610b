import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../../i18n/index.js';
import { tokenFrom } from '../../lib/forms.js';
import { workspacePath } from '../../lib/urls.js';
import { renderPrivatePage } from '../../plugins/form-page.js';
import { serviceContext } from '../../plugins/service-context.js';
import { acceptInvitation, findInvitation, InvitationError, maskEmail } from './membership.service.js';

/** Accepting an invitation from its mailed link, signed in or not yet. */
export default async function membershipRoutes(app: FastifyInstance) {
  /** The page for a link that cannot be used, saying why. */
  function problemPage(reply: FastifyReply, error: InvitationError) {
    return renderPrivatePage(
      reply,
      'membership/accept.eta',
      { problem: error.explanation },
      error.statusCode,
    );
  }

  async function acceptPage(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string | null,
    formError: MessageKey | null = null,
  ) {
    const invitation = token ? await findInvitation(serviceContext(request), token) : null;
    if (!token || !invitation) return problemPage(reply, new InvitationError('invalid'));
    if (invitation.state !== 'open') return problemPage(reply, new InvitationError(invitation.state));
    const user = request.user;
    const back = `/invitations/accept?token=${token}`;
    return renderPrivatePage(
      reply,
      'membership/accept.eta',
      {
        invitation,
        token,
        signedIn: Boolean(user),
        emailMatches: user ? user.email.toLowerCase() === invitation.email.toLowerCase() : false,
        maskedEmail: maskEmail(invitation.email),
        signinHref: `/signin?next=${encodeURIComponent(back)}`,
        formError,
      },
      formError ? 403 : 200,
    );
  }

  app.get('/invitations/accept', async (request, reply) =>
    acceptPage(request, reply, tokenFrom((request.query as { token?: unknown }).token)),
  );

  app.post(
    '/invitations/accept',
    {
      config: { access: 'user' },
      // Signed out (say, the session ended while the page was open): sign in, then back to this invitation.
      preHandler: async (request, reply) => {
        if (request.user) return;
        const token = tokenFrom((request.body as { token?: unknown } | undefined)?.token);
        const back = token ? `/invitations/accept?token=${token}` : '/account';
        return reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);
      },
    },
    async (request, reply) => {
      const token = tokenFrom((request.body as { token?: unknown } | undefined)?.token);
      if (!token) return acceptPage(request, reply, null);
      try {
        const organisation = await acceptInvitation(serviceContext(request), token);
        return reply.redirect(workspacePath(organisation), 303);
      } catch (error) {
        if (!(error instanceof InvitationError)) throw error;
        // The right invitation for someone else: show it again, with who it is for.
        if (error.problem === 'wrong_email') return acceptPage(request, reply, token, error.explanation);
        return problemPage(reply, error);
      }
    },
  );
}
