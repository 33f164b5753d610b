import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { organisationOf } from '../../auth/context.js';
import type { Organisation, Workplace } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { type FormErrors, idParam, parseForm, single } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { municipalitiesOf, prefectures } from '../../lib/regions.js';
import { renderPrivatePage, renderRefusedForm } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import {
  governanceForm,
  governanceProblems,
  organisationForm,
  postalCodeProblems,
  workplaceForm,
  workplaceProblems,
} from './organisations.forms.js';
import { findGovernance, updateGovernance, updateOrganisationProfile } from './profile.service.js';
import { createWorkplace, findWorkplace, listWorkplaces, updateWorkplace } from './workplaces.service.js';

/** Notices shown after a redirect, named in the query string; only these can be shown. */
const notices: Record<string, MessageKey> = {
  saved: 'workspace.notice.saved',
  nothing_changed: 'workspace.notice.nothingChanged',
  workplace_created: 'workspace.notice.workplaceCreated',
};

/** The profile's and the governance card's fields in form order, for the summary of a refused form. */
const profileLabels: Record<string, MessageKey> = {
  name: 'workspace.profile.name',
  nameKana: 'workspace.profile.nameKana',
  description: 'workspace.profile.description',
  website: 'org.website',
  contactEmail: 'workspace.profile.contactEmail',
  contactPhone: 'workspace.profile.contactPhone',
  memberCount: 'workspace.governance.memberCount',
  workerCount: 'workspace.governance.workerCount',
  decisionMaking: 'org.governance.decisions',
  shareAmountYen: 'workspace.governance.shareAmount',
  sharesRequired: 'workspace.governance.sharesRequired',
  surplusNotes: 'workspace.governance.surplusNotes',
  foundedYear: 'workspace.governance.foundedYear',
};

const workplaceLabels: Record<string, MessageKey> = {
  name: 'job.workplaceName',
  postalCode: 'workspace.workplace.postalCode',
  prefectureCode: 'search.prefecture',
  municipalityCode: 'search.municipality',
  addressLine: 'workspace.workplace.addressLine',
  nearestStation: 'job.nearestStation',
  walkMinutes: 'workspace.workplace.walkMinutes',
  accessNotes: 'job.accessNotes',
};

/** Workplaces are a co-op's: other kinds of organisation have none to manage. */
function coopOf(request: FastifyRequest): Organisation {
  const organisation = organisationOf(serviceContext(request));
  if (organisation.kind !== 'coop') throw new NotFoundError();
  return organisation;
}

const savedNotice = (fields: string[]) => (fields.length ? 'saved' : 'nothing_changed');

/**
 * An organisation's own pages in its workspace: its profile and governance card, and a co-op's
 * workplaces (事業所). Registered under /workspace/:organisationId (plugins/areas.ts).
 */
export default async function organisationsWorkspaceRoutes(app: FastifyInstance) {
  const member = access('organisation_member');

  // -------------------------------------------------------------------------------------------------
  // Profile and governance card: one page, two forms; a refused one keeps the other as saved.

  async function profilePage(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { form: 'profile' | 'governance'; values: Record<string, unknown>; errors: FormErrors },
  ) {
    const ctx = serviceContext(request);
    const organisation = organisationOf(ctx);
    const isCoop = organisation.kind === 'coop';
    const saved = isCoop ? await findGovernance(ctx) : null;
    const profile = { values: { ...organisation }, errors: {} };
    // A co-op without a card yet starts from the answers most co-ops give.
    const governance = { values: saved ?? { oneMemberOneVote: true, refundedOnLeaving: true }, errors: {} };
    const data = {
      title: request.t('workspace.profile.title'),
      isCoop,
      notice: noticeFrom(request, notices),
      profile: refused?.form === 'profile' ? refused : profile,
      governance: refused?.form === 'governance' ? refused : governance,
    };
    if (!refused) return renderPrivatePage(reply, 'workspace/profile.eta', data);
    return renderRefusedForm(
      request,
      reply,
      'workspace/profile.eta',
      { values: refused.values, errors: refused.errors },
      { labels: profileLabels, data },
    );
  }

  app.get('/profile', member, async (request, reply) => profilePage(request, reply));

  app.post('/profile', member, async (request, reply) => {
    const ctx = serviceContext(request);
    const form = parseForm(organisationForm, request.body);
    if (!form.ok) return profilePage(request, reply, { form: 'profile', ...form });
    const fields = await updateOrganisationProfile(ctx, form.data);
    return reply.redirect(`/workspace/${organisationOf(ctx).id}/profile?notice=${savedNotice(fields)}`, 303);
  });

  app.post('/governance', member, async (request, reply) => {
    const organisation = coopOf(request);
    const ctx = serviceContext(request);
    const form = parseForm(governanceForm, request.body);
    const errors = form.ok ? governanceProblems(form.data, ctx.now.getUTCFullYear()) : form.errors;
    if (!form.ok || Object.keys(errors).length > 0) {
      const values = (request.body ?? {}) as Record<string, unknown>;
      return profilePage(request, reply, { form: 'governance', values, errors });
    }
    const fields = await updateGovernance(ctx, form.data);
    return reply.redirect(
      `/workspace/${organisation.id}/profile?notice=${savedNotice(fields)}#governance`,
      303,
    );
  });

  // -------------------------------------------------------------------------------------------------
  // 事業所

  app.get('/workplaces', member, async (request, reply) => {
    coopOf(request);
    return renderPrivatePage(reply, 'workspace/workplaces.eta', {
      title: request.t('workspace.workplaces.title'),
      notice: noticeFrom(request, notices),
      workplaces: await listWorkplaces(serviceContext(request)),
    });
  });

  function workplacePage(
    request: FastifyRequest,
    reply: FastifyReply,
    workplaceId: number | null,
    form: { values: Record<string, unknown>; errors: FormErrors },
  ) {
    const data = {
      title: request.t(workplaceId ? 'workspace.workplace.editTitle' : 'workspace.workplace.newTitle'),
      workplaceId,
      prefectures,
      municipalities: municipalitiesOf(single(form.values.prefectureCode)),
      // Asked only once the postal code was found outside the prefecture (organisations.forms.ts).
      askPostalCodeConfirmation: form.errors.postalCode?.key === 'workspace.form.postalCodeOtherPrefecture',
    };
    if (Object.keys(form.errors).length === 0)
      return renderPrivatePage(reply, 'workspace/workplace.eta', { ...data, ...form });
    return renderRefusedForm(request, reply, 'workspace/workplace.eta', form, {
      labels: workplaceLabels,
      data,
    });
  }

  /**
   * Without JavaScript, choosing a municipality takes two steps: the "show municipalities" button sends
   * the form back with the prefecture chosen, and the page returns with that prefecture's list.
   */
  async function submitWorkplace(request: FastifyRequest, reply: FastifyReply, saved: Workplace | null) {
    const workplaceId = saved?.id ?? null;
    const organisation = coopOf(request);
    const ctx = serviceContext(request);
    const values = (request.body ?? {}) as Record<string, unknown>;
    if (values.intent === 'prefecture') {
      const municipalities = municipalitiesOf(single(values.prefectureCode));
      const keep = municipalities.some((municipality) => municipality.code === values.municipalityCode);
      return workplacePage(request, reply, workplaceId, {
        values: { ...values, municipalityCode: keep ? values.municipalityCode : '' },
        errors: {},
      });
    }
    const form = parseForm(workplaceForm, values);
    const errors = {
      ...workplaceProblems(values),
      // A postal code confirmed once is not asked about again while it and the prefecture stay as saved.
      ...(form.ok ? postalCodeProblems(form.data, values, saved) : form.errors),
    };
    if (!form.ok || Object.keys(errors).length > 0)
      return workplacePage(request, reply, workplaceId, { values, errors });
    const workplaces = `/workspace/${organisation.id}/workplaces`;
    if (workplaceId === null) {
      await createWorkplace(ctx, form.data);
      return reply.redirect(`${workplaces}?notice=workplace_created`, 303);
    }
    const fields = await updateWorkplace(ctx, workplaceId, form.data);
    return reply.redirect(`${workplaces}?notice=${savedNotice(fields)}`, 303);
  }

  app.get('/workplaces/new', member, async (request, reply) => {
    const organisation = coopOf(request);
    return workplacePage(request, reply, null, {
      values: { prefectureCode: organisation.prefectureCode },
      errors: {},
    });
  });

  app.post('/workplaces', member, async (request, reply) => submitWorkplace(request, reply, null));

  app.get('/workplaces/:workplaceId', member, async (request, reply) => {
    coopOf(request);
    const workplace = await findWorkplace(serviceContext(request), idParam(request.params, 'workplaceId'));
    return workplacePage(request, reply, workplace.id, {
      values: { ...workplace, nearestStation: workplace.nearestStation ?? '' },
      errors: {},
    });
  });

  app.post('/workplaces/:workplaceId', member, async (request, reply) => {
    coopOf(request);
    const workplace = await findWorkplace(serviceContext(request), idParam(request.params, 'workplaceId'));
    return submitWorkplace(request, reply, workplace);
  });
}
