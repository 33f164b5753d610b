import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { legalForms } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { instantFormatter, todayInTokyo } from '../../lib/dates.js';
import { ConflictError } from '../../lib/errors.js';
import { idParam } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { paginate } from '../../lib/pagination.js';
import { prefectures } from '../../lib/regions.js';
import { workspacePath } from '../../lib/urls.js';
import { renderPrivatePage, renderRefusedForm } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { staffMailLimit } from '../../plugins/mail-limit.js';
import { serviceContext } from '../../plugins/service-context.js';
import { requestKindsOfWorkplaces } from '../requests/requests.service.js';
import { applicationsOf, applyForOrganisation } from './applications.service.js';
import { applicationKinds, parseApplicationForm } from './organisations.forms.js';
import {
  getOrganisationProfile,
  listParticipatingOrganisations,
  ORGANISATIONS_PAGE_SIZE,
} from './organisations.service.js';

const listQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1) });

/** Notices shown after a redirect, named in the query string; only these can be shown. */
const notices: Record<string, MessageKey> = {
  applied: 'membership.notice.applied',
  already_applied: 'membership.notice.alreadyApplied',
};

const applicationChoices = { kinds: applicationKinds, legalForms, prefectures };

/** The application form's fields in form order, for the summary of a refused form. */
const applicationLabels: Record<string, MessageKey> = {
  kind: 'membership.apply.kind',
  legalForm: 'membership.apply.legalForm',
  name: 'membership.apply.name',
  nameKana: 'membership.apply.kana',
  prefectureCode: 'membership.apply.prefecture',
  description: 'membership.apply.description',
  website: 'membership.apply.website',
  contactEmail: 'membership.apply.contactEmail',
  contactPhone: 'membership.apply.contactPhone',
};

/** Public pages of participating co-ops, and applying to take part (参加申請). */
export default async function organisationsRoutes(app: FastifyInstance) {
  app.get('/organisations', async (request, reply) => {
    const { page } = listQuery.parse(request.query ?? {});
    const ctx = serviceContext(request);
    const { organisations, total } = await listParticipatingOrganisations(
      ctx.db,
      page,
      todayInTokyo(ctx.now),
    );
    return reply.view('organisations/index.eta', {
      organisations,
      total,
      pagination: paginate(page, total, ORGANISATIONS_PAGE_SIZE),
      pageHref: (n: number) => (n > 1 ? `/organisations?page=${n}` : '/organisations'),
    });
  });

  app.get('/organisations/:id', async (request, reply) => {
    const id = idParam(request.params, 'id');
    const ctx = serviceContext(request);
    const profile = await getOrganisationProfile(ctx.db, id, todayInTokyo(ctx.now));
    return reply.view('organisations/show.eta', {
      ...profile,
      // Workplaces that take visit and trial requests get a link to ask them directly.
      requestKinds: await requestKindsOfWorkplaces(ctx, profile.organisation.id),
      canonical: `${app.config.PUBLIC_URL}/organisations/${profile.organisation.id}`,
    });
  });

  // ------------------------------------------------------------------------------------------------
  // 参加申請

  app.get('/organisations/apply', access('user'), async (_request, reply) =>
    renderPrivatePage(reply, 'membership/apply.eta', applicationChoices),
  );

  app.post(
    '/organisations/apply',
    { ...access('user'), preHandler: [access('user').preHandler, staffMailLimit(app)] },
    async (request, reply) => {
      const form = parseApplicationForm(request.body);
      const refused = (formError: MessageKey | null, errors = form.ok ? {} : form.errors) =>
        renderRefusedForm(
          request,
          reply,
          'membership/apply.eta',
          { values: (request.body ?? {}) as Record<string, unknown>, errors, formError },
          { labels: applicationLabels, data: applicationChoices },
        );
      if (!form.ok) return refused(null);
      try {
        const application = await applyForOrganisation(serviceContext(request), form.data);
        const notice = application.created ? 'applied' : 'already_applied';
        return reply.redirect(`/organisations/applications?notice=${notice}`, 303);
      } catch (error) {
        if (error instanceof ConflictError) return refused('membership.apply.tooMany', {});
        throw error;
      }
    },
  );

  app.get('/organisations/applications', access('user'), async (request, reply) =>
    renderPrivatePage(reply, 'membership/applications.eta', {
      applications: (await applicationsOf(serviceContext(request))).map((application) => ({
        ...application,
        href: workspacePath(application),
      })),
      notice: noticeFrom(request, notices),
      at: instantFormatter(request.locale),
    }),
  );
}
