import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { organisationOf } from '../../auth/context.js';
import { membershipRoles } from '../../db/schema/index.js';
import { isMessageKey, type MessageKey } from '../../i18n/index.js';
import { instantFormatter } from '../../lib/dates.js';
import { ConflictError } from '../../lib/errors.js';
import { type FormErrors, idParam, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { renderPrivatePage, renderRefusedForm } from '../../plugins/form-page.js';
import { access, currentUser } from '../../plugins/guards.js';
import { staffMailLimit } from '../../plugins/mail-limit.js';
import { serviceContext } from '../../plugins/service-context.js';
import { invitationForm, roleForm } from './membership.forms.js';
import {
  changeRole,
  INVITATION_DAYS,
  inviteStaff,
  listOpenInvitations,
  removeMember,
  revokeInvitation,
  staffOf,
} from './membership.service.js';

/** Notices shown after a redirect, named in the query string; only these can be shown. */
const notices: Record<string, MessageKey> = {
  invited: 'membership.notice.invited',
  revoked: 'membership.notice.revoked',
  removed: 'membership.notice.removed',
  role_changed: 'membership.notice.roleChanged',
};

const invitationLabels: Record<string, MessageKey> = {
  email: 'membership.invite.email',
  role: 'membership.invite.role',
  locale: 'membership.invite.locale',
};

function conflictKey(error: ConflictError): MessageKey {
  return isMessageKey(error.messageKey) ? error.messageKey : 'error.conflict.body';
}

/** An organisation's staff and invitations, for its admins. Registered under /workspace/:organisationId. */
export default async function membershipWorkspaceRoutes(app: FastifyInstance) {
  const admin = access('organisation_admin');

  async function membersPage(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: {
      values?: Record<string, unknown>;
      errors?: FormErrors;
      formError?: MessageKey;
      status?: 409 | 422;
    },
  ) {
    const ctx = serviceContext(request);
    const organisation = organisationOf(ctx);
    const [members, invitations] = await Promise.all([
      staffOf(ctx.db, organisation.id),
      listOpenInvitations(ctx),
    ]);
    const data = {
      members,
      invitations,
      currentUserId: currentUser(request).id,
      roles: membershipRoles,
      invitationDays: INVITATION_DAYS,
      at: instantFormatter(request.locale),
      notice: noticeFrom(request, notices),
    };
    const defaults = { role: 'member', locale: request.locale };
    if (!refused) return renderPrivatePage(reply, 'membership/members.eta', { ...data, values: defaults });
    return renderRefusedForm(
      request,
      reply,
      'membership/members.eta',
      {
        values: refused.values ?? defaults,
        errors: refused.errors ?? {},
        formError: refused.formError ?? null,
      },
      { status: refused.status ?? 422, labels: invitationLabels, data },
    );
  }

  const membersUrl = (request: FastifyRequest, notice: string) =>
    `/workspace/${organisationOf(serviceContext(request)).id}/members?notice=${notice}`;

  app.get('/members', admin, async (request, reply) => membersPage(request, reply));

  app.post(
    '/members',
    { ...admin, preHandler: [admin.preHandler, staffMailLimit(app)] },
    async (request, reply) => {
      const form = parseForm(invitationForm, request.body);
      if (!form.ok) return membersPage(request, reply, form);
      try {
        await inviteStaff(serviceContext(request), form.data);
        return reply.redirect(membersUrl(request, 'invited'), 303);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const key = conflictKey(error);
        // Someone already on the staff is a problem with the address typed; the others are the organisation's.
        if (key === 'membership.invite.alreadyMember')
          return membersPage(request, reply, { values: form.data, errors: { email: { key } } });
        return membersPage(request, reply, { values: form.data, formError: key, status: 409 });
      }
    },
  );

  app.post('/members/invitations/:invitationId/revoke', admin, async (request, reply) => {
    await revokeInvitation(serviceContext(request), idParam(request.params, 'invitationId'));
    return reply.redirect(membersUrl(request, 'revoked'), 303);
  });

  app.post('/members/:userId/remove', admin, async (request, reply) => {
    const userId = idParam(request.params, 'userId');
    try {
      await removeMember(serviceContext(request), userId);
    } catch (error) {
      if (error instanceof ConflictError)
        return membersPage(request, reply, { formError: conflictKey(error), status: 409 });
      throw error;
    }
    // Leaving one's own organisation ends one's access to this page.
    if (userId === currentUser(request).id) return reply.redirect('/account', 303);
    return reply.redirect(membersUrl(request, 'removed'), 303);
  });

  app.post('/members/:userId/role', admin, async (request, reply) => {
    const userId = idParam(request.params, 'userId');
    const form = parseForm(roleForm, request.body);
    if (!form.ok) return membersPage(request, reply, { formError: 'membership.apply.chooseOne' });
    try {
      await changeRole(serviceContext(request), userId, form.data.role);
    } catch (error) {
      if (error instanceof ConflictError)
        return membersPage(request, reply, { formError: conflictKey(error), status: 409 });
      throw error;
    }
    return reply.redirect(membersUrl(request, 'role_changed'), 303);
  });
}
