import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { addDays, todayInTokyo } from '../../lib/dates.js';
import { NotFoundError } from '../../lib/errors.js';
import { type FormErrors, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { municipalitiesOf, prefectures } from '../../lib/regions.js';
import { access, currentUser } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { EXPIRY_NOTICE_DAYS, listPostings } from '../postings/postings.service.js';
import {
  governanceForm,
  governanceProblems,
  organisationForm,
  workplaceForm,
  workplaceProblems,
} from './workspace.forms.js';
import {
  createWorkplace,
  findGovernance,
  findWorkplace,
  listWorkplaces,
  updateGovernance,
  updateOrganisationProfile,
  updateWorkplace,
} from './workspace.service.js';

const workplaceParams = z.object({ workplaceId: z.coerce.number().int().positive().max(2_147_483_647) });

/** Notices shown after a redirect, named in the query string; only these can be shown. */
const notices: Record<string, MessageKey> = {
  saved: 'workspace.notice.saved',
  nothing_changed: 'workspace.notice.nothingChanged',
  workplace_created: 'workspace.notice.workplaceCreated',
};

function organisationOf(request: FastifyRequest): Organisation {
  if (!request.organisation) throw new NotFoundError();
  return request.organisation;
}

/** Workplaces and postings are a co-op's: other kinds of organisation have none to manage. */
function coopOf(request: FastifyRequest): Organisation {
  const organisation = organisationOf(request);
  if (organisation.kind !== 'coop') throw new NotFoundError();
  return organisation;
}

function workplaceIdOf(request: FastifyRequest): number {
  const parsed = workplaceParams.safeParse(request.params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.workplaceId;
}

export default async function workspaceRoutes(app: FastifyInstance) {
  const member = access('organisation_member');

  // Anonymous search counts and posting pages are cached for a few seconds: any change made here (a
  // posting published, edited or closed; an organisation or workplace renamed) clears them at once.
  // The hook is scoped to this plugin's routes.
  app.addHook('onSend', async (request, reply) => {
    if (request.method === 'POST' && reply.statusCode === 303) app.publicCache.invalidate();
  });

  const editorOf = (request: FastifyRequest) => ({ userId: currentUser(request).id, now: app.clock() });
  const base = (organisation: Organisation) => `/workspace/${organisation.id}`;

  /** Every workspace page: never cached, never indexed, with the organisation and its address. */
  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    data: Record<string, unknown>,
    status = 200,
  ) {
    const organisation = organisationOf(request);
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .view(page, {
        noindex: true,
        values: {},
        errors: {},
        organisation,
        base: base(organisation),
        canPublish: organisation.approvalState === 'approved',
        notice: noticeFrom(request, notices),
        ...data,
      });
  }

  // -------------------------------------------------------------------------------------------------
  // Dashboard

  app.get('/workspace/:organisationId', member, async (request, reply) => {
    const organisation = organisationOf(request);
    const today = todayInTokyo(app.clock());
    const isCoop = organisation.kind === 'coop';
    const [postings, workplaces] = isCoop
      ? await Promise.all([listPostings(serviceContext(request)), listWorkplaces(app.db, organisation.id)])
      : [[], []];
    const groups = {
      draft: postings.filter((posting) => posting.status === 'draft'),
      in_review: postings.filter((posting) => posting.status === 'in_review'),
      published: postings.filter((posting) => posting.status === 'published'),
      ended: postings.filter((posting) => posting.status === 'closed' || posting.status === 'filled'),
    };
    return render(request, reply, 'workspace/dashboard.eta', {
      title: organisation.name,
      isCoop,
      groups,
      workplaceCount: workplaces.length,
      today,
      soon: addDays(today, EXPIRY_NOTICE_DAYS),
      // One-time ids for the "duplicate" buttons, so a double click makes one copy.
      formIds: Object.fromEntries(postings.map((posting) => [posting.id, randomUUID()])),
    });
  });

  // -------------------------------------------------------------------------------------------------
  // Organisation profile and governance card

  async function profilePage(
    request: FastifyRequest,
    reply: FastifyReply,
    forms: {
      profile?: { values: Record<string, unknown>; errors: FormErrors };
      governance?: { values: Record<string, unknown>; errors: FormErrors };
    } = {},
    status = 200,
  ) {
    const organisation = organisationOf(request);
    const governance = organisation.kind === 'coop' ? await findGovernance(app.db, organisation.id) : null;
    const governanceDefaults = {
      oneMemberOneVote: true,
      refundedOnLeaving: true,
    };
    return render(
      request,
      reply,
      'workspace/profile.eta',
      {
        title: request.t('workspace.profile.title'),
        isCoop: organisation.kind === 'coop',
        profile: forms.profile ?? { values: { ...organisation }, errors: {} },
        governance: forms.governance ?? { values: governance ?? governanceDefaults, errors: {} },
      },
      status,
    );
  }

  app.get('/workspace/:organisationId/profile', member, async (request, reply) =>
    profilePage(request, reply),
  );

  app.post('/workspace/:organisationId/profile', member, async (request, reply) => {
    const organisation = organisationOf(request);
    const form = parseForm(organisationForm, request.body);
    if (!form.ok) return profilePage(request, reply, { profile: form }, 422);
    const fields = await updateOrganisationProfile(app.db, organisation, form.data, editorOf(request));
    return reply.redirect(
      `${base(organisation)}/profile?notice=${fields.length ? 'saved' : 'nothing_changed'}`,
      303,
    );
  });

  app.post('/workspace/:organisationId/governance', member, async (request, reply) => {
    const organisation = organisationOf(request);
    if (organisation.kind !== 'coop') throw new NotFoundError();
    const form = parseForm(governanceForm, request.body);
    const problems = form.ok ? governanceProblems(form.data, new Date(app.clock()).getUTCFullYear()) : {};
    if (!form.ok || Object.keys(problems).length > 0) {
      const values = (request.body ?? {}) as Record<string, unknown>;
      const errors = form.ok ? problems : form.errors;
      return profilePage(request, reply, { governance: { values, errors } }, 422);
    }
    const fields = await updateGovernance(app.db, organisation.id, form.data, editorOf(request));
    return reply.redirect(
      `${base(organisation)}/profile?notice=${fields.length ? 'saved' : 'nothing_changed'}#governance`,
      303,
    );
  });

  // -------------------------------------------------------------------------------------------------
  // 事業所

  app.get('/workspace/:organisationId/workplaces', member, async (request, reply) => {
    const organisation = coopOf(request);
    return render(request, reply, 'workspace/workplaces.eta', {
      title: request.t('workspace.workplaces.title'),
      workplaces: await listWorkplaces(app.db, organisation.id),
    });
  });

  function workplacePage(
    request: FastifyRequest,
    reply: FastifyReply,
    data: { workplaceId: number | null; values: Record<string, unknown>; errors: FormErrors },
    status = 200,
  ) {
    const prefectureCode = String(data.values.prefectureCode ?? '');
    return render(
      request,
      reply,
      'workspace/workplace.eta',
      {
        title: request.t(data.workplaceId ? 'workspace.workplace.editTitle' : 'workspace.workplace.newTitle'),
        ...data,
        prefectures,
        municipalities: municipalitiesOf(prefectureCode),
      },
      status,
    );
  }

  /**
   * Without JavaScript, choosing a municipality takes two steps: the "show municipalities" button sends
   * the form back with the prefecture chosen, and the page returns with that prefecture's list.
   */
  async function submitWorkplace(request: FastifyRequest, reply: FastifyReply, workplaceId: number | null) {
    const organisation = coopOf(request);
    const values = (request.body ?? {}) as Record<string, unknown>;
    if (values.intent === 'prefecture') {
      const municipalities = municipalitiesOf(String(values.prefectureCode ?? ''));
      const keep = municipalities.some((municipality) => municipality.code === values.municipalityCode);
      return workplacePage(request, reply, {
        workplaceId,
        values: { ...values, municipalityCode: keep ? values.municipalityCode : '' },
        errors: {},
      });
    }
    const form = parseForm(workplaceForm, values);
    const errors = { ...workplaceProblems(values), ...(form.ok ? {} : form.errors) };
    if (!form.ok || Object.keys(errors).length > 0)
      return workplacePage(request, reply, { workplaceId, values, errors }, 422);
    if (workplaceId === null) {
      await createWorkplace(app.db, organisation.id, form.data, editorOf(request));
      return reply.redirect(`${base(organisation)}/workplaces?notice=workplace_created`, 303);
    }
    const fields = await updateWorkplace(app.db, organisation.id, workplaceId, form.data, editorOf(request));
    return reply.redirect(
      `${base(organisation)}/workplaces?notice=${fields.length ? 'saved' : 'nothing_changed'}`,
      303,
    );
  }

  app.get('/workspace/:organisationId/workplaces/new', member, async (request, reply) => {
    const organisation = coopOf(request);
    return workplacePage(request, reply, {
      workplaceId: null,
      values: { prefectureCode: organisation.prefectureCode },
      errors: {},
    });
  });

  app.post('/workspace/:organisationId/workplaces', member, async (request, reply) =>
    submitWorkplace(request, reply, null),
  );

  app.get('/workspace/:organisationId/workplaces/:workplaceId', member, async (request, reply) => {
    const organisation = coopOf(request);
    const workplace = await findWorkplace(app.db, organisation.id, workplaceIdOf(request));
    return workplacePage(request, reply, {
      workplaceId: workplace.id,
      values: { ...workplace, nearestStation: workplace.nearestStation ?? '' },
      errors: {},
    });
  });

  app.post('/workspace/:organisationId/workplaces/:workplaceId', member, async (request, reply) => {
    const organisation = coopOf(request);
    const workplace = await findWorkplace(app.db, organisation.id, workplaceIdOf(request));
    return submitWorkplace(request, reply, workplace.id);
  });
}
