import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jobFields } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { AppError, ConflictError } from '../../lib/errors.js';
import { type FormErrors, formIdFrom, idFrom, idParam, parseForm, tokenFrom } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { prefectureName, prefectures } from '../../lib/regions.js';
import { randomToken } from '../../lib/secrets.js';
import { renderPrivatePage, renderRefusedForm } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { staffMailLimit } from '../../plugins/mail-limit.js';
import { serviceContext } from '../../plugins/service-context.js';
import {
  checklistForm,
  groupRequestForm,
  groupRequestLabels,
  invitationForm,
  invitationLabels,
  memberForm,
  memberLabels,
  milestoneForm,
  milestoneLabels,
  stageMoveForm,
} from './founding.forms.js';
import {
  acceptInvitation,
  addMemberByName,
  assertGroupAccess,
  groupsOfUser,
  invitationByToken,
  inviteMember,
  jobCreationEnrolment,
  moveStage,
  removeMember,
  requestAccompaniment,
  StageMoveError,
  saveChecklist,
  saveMilestone,
  viewGroup,
} from './founding.service.js';

const groupNotices: Record<string, MessageKey> = {
  requested: 'founding.notice.requested',
  stage: 'founding.notice.stage',
  milestone: 'founding.notice.milestone',
  checklist: 'founding.notice.checklist',
  member: 'founding.notice.member',
  removed: 'founding.notice.removed',
  invited: 'founding.notice.invited',
  joined: 'founding.notice.joined',
};

export const prefectureOptions = (request: FastifyRequest) =>
  prefectures.map((prefecture) => ({
    value: prefecture.code,
    label: prefectureName(prefecture.code, request.locale),
  }));
export const fieldOptions = (request: FastifyRequest) =>
  jobFields.map((field) => ({ value: field, label: request.t(`field.${field}`) }));

/**
 * Founding groups (仕事おこしグループ) for the people in them: asking for accompaniment (from a 仕事おこし講座
 * enrolment or not), the group's page for its members and its supporter, and joining by invitation.
 */
export default async function foundingRoutes(app: FastifyInstance) {
  const user = access('user');
  const groupGuard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (reply.sent || !request.user) return;
    await assertGroupAccess(serviceContext(request), idParam(request.params, 'groupId'));
  };

  async function newPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: { values: Record<string, unknown>; errors: FormErrors },
    status?: 422 | 409,
  ) {
    const query = (request.query ?? {}) as { token?: unknown; enrolmentId?: unknown };
    const values = form?.values ?? {};
    const token = tokenFrom(values.enrolmentToken ?? query.token);
    const enrolmentId = idFrom(values.enrolmentId ?? query.enrolmentId);
    const enrolment = await jobCreationEnrolment(serviceContext(request), { token, id: enrolmentId });
    const data = {
      noindex: true,
      formId: formIdFrom(values.formId) ?? randomToken(18),
      courseTitle: enrolment?.courseTitle ?? null,
      enrolmentToken: enrolment && token ? token : '',
      enrolmentId: enrolment && !token ? String(enrolment.id) : '',
      prefectureOptions: prefectureOptions(request),
      fieldOptions: fieldOptions(request),
    };
    reply.header('referrer-policy', 'no-referrer');
    if (form)
      return renderRefusedForm(request, reply, 'founding/new.eta', form, {
        labels: groupRequestLabels,
        data,
        status: status ?? 422,
      });
    return renderPrivatePage(reply, 'founding/new.eta', data);
  }

  app.get('/account/founding', user, async (request, reply) =>
    renderPrivatePage(reply, 'founding/account.eta', { groups: await groupsOfUser(serviceContext(request)) }),
  );

  app.get('/account/founding/new', user, async (request, reply) => newPage(request, reply));

  app.post('/account/founding', user, async (request, reply) => {
    const form = parseForm(groupRequestForm, request.body);
    if (!form.ok) return newPage(request, reply, form);
    try {
      const groupId = await requestAccompaniment(serviceContext(request), form.data);
      return reply.redirect(`/founding/${groupId}?notice=requested`, 303);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return newPage(
        request,
        reply,
        { values: request.body as Record<string, unknown>, errors: { formId: { key: 'form.expired' } } },
        409,
      );
    }
  });

  async function groupPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      values?: Record<string, unknown>;
      errors?: FormErrors;
      formError?: MessageKey;
      formErrorParams?: Record<string, string | number>;
      problems?: StageMoveError['problems'];
      labels?: Record<string, MessageKey>;
    } = {},
    status = 200,
  ) {
    const groupId = idParam(request.params, 'groupId');
    const detail = await viewGroup(serviceContext(request), groupId);
    const data = {
      ...detail,
      noindex: true,
      problems: extra.problems ?? [],
      notice: status === 200 ? noticeFrom(request, groupNotices) : null,
    };
    if (status === 200) return renderPrivatePage(reply, 'founding/show.eta', data);
    return renderRefusedForm(
      request,
      reply,
      'founding/show.eta',
      {
        values: extra.values ?? {},
        errors: extra.errors ?? {},
        formError: extra.formError ?? null,
        ...(extra.formErrorParams ? { formErrorParams: extra.formErrorParams } : {}),
      },
      { labels: extra.labels ?? {}, data, status: status as 409 | 422 | 429 },
    );
  }

  const back = (request: FastifyRequest, reply: FastifyReply, notice: string, anchor = '') =>
    reply.redirect(`/founding/${idParam(request.params, 'groupId')}?notice=${notice}${anchor}`, 303);

  /** A refused stage move or removal: the page at 409 with each problem in words. */
  async function refused(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (error instanceof StageMoveError)
      return groupPage(
        request,
        reply,
        { formError: 'founding.stage.refused', problems: error.problems },
        409,
      );
    throw error;
  }

  app.get('/founding/:groupId', user, async (request, reply) => groupPage(request, reply));

  app.post('/founding/:groupId/stage', user, async (request, reply) => {
    const form = parseForm(stageMoveForm, request.body);
    if (!form.ok) return groupPage(request, reply, { ...form, formError: 'founding.stage.notAdjacent' }, 422);
    try {
      await moveStage(serviceContext(request), idParam(request.params, 'groupId'), form.data.to);
    } catch (error) {
      return refused(request, reply, error);
    }
    return back(request, reply, 'stage');
  });

  app.post('/founding/:groupId/milestone', user, async (request, reply) => {
    const form = parseForm(milestoneForm, request.body);
    if (!form.ok)
      return groupPage(
        request,
        reply,
        { values: form.values, errors: form.errors, labels: milestoneLabels },
        422,
      );
    const { milestoneDate, ...rest } = form.data;
    await saveMilestone(serviceContext(request), idParam(request.params, 'groupId'), {
      ...rest,
      date: milestoneDate,
    });
    return back(request, reply, 'milestone');
  });

  app.post('/founding/:groupId/checklist', user, async (request, reply) => {
    const form = parseForm(checklistForm, request.body);
    if (!form.ok) return groupPage(request, reply, { formError: 'form.required' }, 422);
    await saveChecklist(
      serviceContext(request),
      idParam(request.params, 'groupId'),
      form.data.stage,
      form.data.done,
    );
    return back(request, reply, 'checklist');
  });

  app.post('/founding/:groupId/members', user, async (request, reply) => {
    const form = parseForm(memberForm, request.body);
    if (!form.ok)
      return groupPage(
        request,
        reply,
        { values: form.values, errors: form.errors, labels: memberLabels },
        422,
      );
    await addMemberByName(serviceContext(request), idParam(request.params, 'groupId'), {
      name: form.data.memberName,
      founder: form.data.founder,
    });
    return back(request, reply, 'member');
  });

  app.post('/founding/:groupId/members/:memberId/remove', user, async (request, reply) => {
    try {
      await removeMember(
        serviceContext(request),
        idParam(request.params, 'groupId'),
        idParam(request.params, 'memberId'),
      );
    } catch (error) {
      return refused(request, reply, error);
    }
    return back(request, reply, 'removed');
  });

  app.post(
    '/founding/:groupId/invitations',
    // Only the group's people reach the mail limit: anyone else gets the 404 before anything is counted.
    { ...user, preHandler: [user.preHandler, groupGuard, staffMailLimit(app)] },
    async (request, reply) => {
      const form = parseForm(invitationForm, request.body);
      if (!form.ok)
        return groupPage(
          request,
          reply,
          { values: form.values, errors: form.errors, labels: invitationLabels },
          422,
        );
      await inviteMember(serviceContext(request), idParam(request.params, 'groupId'), form.data.inviteEmail);
      return back(request, reply, 'invited');
    },
  );

  function invalidInvitation(reply: FastifyReply) {
    return renderPrivatePage(reply, 'founding/invitation.eta', { token: null }, 404);
  }

  app.get('/founding/invitations/accept', user, async (request, reply) => {
    const token = tokenFrom((request.query as { token?: unknown }).token);
    if (!token) return invalidInvitation(reply);
    try {
      const invitation = await invitationByToken(serviceContext(request), token);
      return renderPrivatePage(reply.header('referrer-policy', 'no-referrer'), 'founding/invitation.eta', {
        token,
        ...invitation,
      });
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 404) return invalidInvitation(reply);
      throw error;
    }
  });

  app.post('/founding/invitations/accept', user, async (request, reply) => {
    const token = tokenFrom((request.body as { token?: unknown } | undefined)?.token);
    if (!token) return invalidInvitation(reply);
    try {
      const groupId = await acceptInvitation(serviceContext(request), token);
      return reply.redirect(`/founding/${groupId}?notice=joined`, 303);
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 404) return invalidInvitation(reply);
      throw error;
    }
  });
}
