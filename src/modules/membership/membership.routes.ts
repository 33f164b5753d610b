import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { legalForms, membershipRoles } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { type FormErrors, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { prefectures } from '../../lib/regions.js';
import { access, currentOrganisation, currentUser } from '../../plugins/guards.js';
import { instantFormatter } from '../console/console.format.js';
import {
  applicationKinds,
  idFrom,
  invitationForm,
  parseApplicationForm,
  roleForm,
  tokenFrom,
} from './membership.forms.js';
import {
  acceptInvitation,
  applicationsOf,
  applyForOrganisation,
  changeRole,
  findInvitation,
  INVITATION_DAYS,
  inviteStaff,
  listMembers,
  listOpenInvitations,
  maskEmail,
  removeMember,
  revokeInvitation,
} from './membership.service.js';

/** Notices shown after a redirect, named in the query string; only these can be shown. */
const notices: Record<string, MessageKey> = {
  applied: 'membership.notice.applied',
  already_applied: 'membership.notice.alreadyApplied',
  invited: 'membership.notice.invited',
  revoked: 'membership.notice.revoked',
  removed: 'membership.notice.removed',
  role_changed: 'membership.notice.roleChanged',
};

function render(reply: FastifyReply, page: string, data: Record<string, unknown>, status = 200) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .view(page, {
      values: {},
      errors: {},
      noindex: true,
      at: instantFormatter(reply.request.locale),
      ...data,
    });
}

const applicationChoices = { kinds: applicationKinds, legalForms, prefectures };

export default async function membershipRoutes(app: FastifyInstance) {
  const links = { publicUrl: app.config.PUBLIC_URL };
  // Applying and inviting send mail: each person may send 20 per quarter hour. Counted per person, not
  // per address, since a co-op's office shares one; and after the access check, so a refused request is
  // refused, not throttled.
  const mailLimit = app.rateLimit({
    max: 20,
    timeWindow: '15 minutes',
    keyGenerator: (request) => `membership-mail:${request.user?.id ?? request.ip}`,
  });

  // ------------------------------------------------------------------------------------------------
  // 参加申請

  app.get('/organisations/apply', access('user'), async (_request, reply) =>
    render(reply, 'membership/apply.eta', applicationChoices),
  );

  app.post(
    '/organisations/apply',
    { ...access('user'), preHandler: [access('user').preHandler, mailLimit] },
    async (request, reply) => {
      const form = parseApplicationForm(request.body);
      if (!form.ok) return render(reply, 'membership/apply.eta', { ...applicationChoices, ...form }, 422);
      const result = await applyForOrganisation(app.db, currentUser(request), form.data, app.clock(), links);
      if (result.outcome === 'too_many') {
        return render(
          reply,
          'membership/apply.eta',
          { ...applicationChoices, values: form.data, formError: 'membership.apply.tooMany' },
          422,
        );
      }
      const notice = result.outcome === 'created' ? 'applied' : 'already_applied';
      return reply.redirect(`/organisations/applications?notice=${notice}`, 303);
    },
  );

  app.get('/organisations/applications', access('user'), async (request, reply) =>
    render(reply, 'membership/applications.eta', {
      applications: await applicationsOf(app.db, currentUser(request).id),
      notice: noticeFrom(request, notices),
    }),
  );

  // ------------------------------------------------------------------------------------------------
  // Staff and invitations (an organisation's admins)

  async function membersPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: FormErrors; formError?: MessageKey } = {},
    status = 200,
  ) {
    const organisation = currentOrganisation(request);
    const now = app.clock();
    const [members, invitations] = await Promise.all([
      listMembers(app.db, organisation.id),
      listOpenInvitations(app.db, organisation.id, now),
    ]);
    return render(
      reply,
      'membership/members.eta',
      {
        organisation,
        members,
        invitations,
        currentUserId: currentUser(request).id,
        roles: membershipRoles,
        invitationDays: INVITATION_DAYS,
        notice: noticeFrom(request, notices),
        values: { role: 'member', locale: request.locale },
        ...extra,
      },
      status,
    );
  }

  const membersUrl = (organisationId: number, notice: string) =>
    `/workspace/${organisationId}/members?notice=${notice}`;

  app.get('/workspace/:organisationId/members', access('organisation_admin'), async (request, reply) =>
    membersPage(request, reply),
  );

  app.post(
    '/workspace/:organisationId/members',
    { ...access('organisation_admin'), preHandler: [access('organisation_admin').preHandler, mailLimit] },
    async (request, reply) => {
      const organisation = currentOrganisation(request);
      const form = parseForm(invitationForm, request.body);
      if (!form.ok) return membersPage(request, reply, { values: form.values, errors: form.errors }, 422);
      const result = await inviteStaff(
        app.db,
        currentUser(request),
        organisation.id,
        form.data,
        app.clock(),
        links,
      );
      if (result === 'invited') return reply.redirect(membersUrl(organisation.id, 'invited'), 303);
      const errors: FormErrors =
        result === 'already_member' ? { email: { key: 'membership.invite.alreadyMember' } } : {};
      const formError: MessageKey | undefined =
        result === 'too_many'
          ? 'membership.invite.tooMany'
          : result === 'not_approved'
            ? 'membership.invite.notApproved'
            : undefined;
      return membersPage(
        request,
        reply,
        { values: form.data, errors, ...(formError ? { formError } : {}) },
        result === 'already_member' ? 422 : 409,
      );
    },
  );

  app.post(
    '/workspace/:organisationId/members/invitations/:invitationId/revoke',
    access('organisation_admin'),
    async (request, reply) => {
      const organisation = currentOrganisation(request);
      const invitationId = idFrom((request.params as { invitationId?: string }).invitationId);
      if (invitationId === null) throw new NotFoundError();
      const revoked = await revokeInvitation(
        app.db,
        currentUser(request),
        organisation.id,
        invitationId,
        app.clock(),
      );
      if (!revoked) throw new NotFoundError();
      return reply.redirect(membersUrl(organisation.id, 'revoked'), 303);
    },
  );

  app.post(
    '/workspace/:organisationId/members/:userId/remove',
    access('organisation_admin'),
    async (request, reply) => {
      const organisation = currentOrganisation(request);
      const userId = idFrom((request.params as { userId?: string }).userId);
      if (userId === null) throw new NotFoundError();
      const result = await removeMember(app.db, currentUser(request), organisation.id, userId, app.clock());
      if (result === 'not_found') throw new NotFoundError();
      if (result === 'last_admin') {
        return membersPage(request, reply, { formError: 'membership.members.lastAdmin' }, 409);
      }
      // Leaving one's own organisation ends one's access to this page.
      if (userId === currentUser(request).id) return reply.redirect('/account', 303);
      return reply.redirect(membersUrl(organisation.id, 'removed'), 303);
    },
  );

  app.post(
    '/workspace/:organisationId/members/:userId/role',
    access('organisation_admin'),
    async (request, reply) => {
      const organisation = currentOrganisation(request);
      const userId = idFrom((request.params as { userId?: string }).userId);
      if (userId === null) throw new NotFoundError();
      const form = parseForm(roleForm, request.body);
      if (!form.ok) return membersPage(request, reply, { formError: 'membership.apply.chooseOne' }, 422);
      const result = await changeRole(
        app.db,
        currentUser(request),
        organisation.id,
        userId,
        form.data.role,
        app.clock(),
      );
      if (result === 'not_found') throw new NotFoundError();
      if (result === 'last_admin') {
        return membersPage(request, reply, { formError: 'membership.members.lastAdminRole' }, 409);
      }
      return reply.redirect(membersUrl(organisation.id, 'role_changed'), 303);
    },
  );

  // ------------------------------------------------------------------------------------------------
  // Accepting an invitation

  const invalidMessages: Record<string, MessageKey> = {
    invalid: 'membership.accept.invalid.body',
    expired: 'membership.accept.expired.body',
    revoked: 'membership.accept.revoked.body',
    accepted: 'membership.accept.used.body',
    accepted_before: 'membership.accept.used.body',
  };

  async function acceptPage(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string | null,
    extra: { formError?: MessageKey } = {},
  ) {
    const invitation = token ? await findInvitation(app.db, token, app.clock()) : null;
    if (invitation?.state !== 'open') {
      return render(
        reply,
        'membership/accept.eta',
        { problem: invalidMessages[invitation?.state ?? 'invalid'] },
        invitation ? 410 : 400,
      );
    }
    const user = request.user;
    const emailMatches = user ? user.email.toLowerCase() === invitation.email.toLowerCase() : false;
    const back = `/invitations/accept?token=${token}`;
    return render(
      reply,
      'membership/accept.eta',
      {
        invitation,
        token,
        signedIn: Boolean(user),
        emailMatches,
        maskedEmail: maskEmail(invitation.email),
        signinHref: `/signin?next=${encodeURIComponent(back)}`,
        ...extra,
      },
      extra.formError ? 403 : 200,
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
      const result = await acceptInvitation(app.db, currentUser(request), token, app.clock());
      if (result.outcome === 'wrong_email') {
        return acceptPage(request, reply, token, { formError: 'membership.accept.wrongEmail' });
      }
      if (result.outcome !== 'accepted') {
        return render(
          reply,
          'membership/accept.eta',
          { problem: invalidMessages[result.outcome] },
          result.outcome === 'invalid' ? 400 : 410,
        );
      }
      const target = result.kind === 'secretariat' ? '/console' : `/workspace/${result.organisationId}`;
      return reply.redirect(target, 303);
    },
  );
}
