import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Organisation } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { addDays, todayInTokyo } from '../../lib/dates.js';
import { NotFoundError } from '../../lib/errors.js';
import { noticeFrom } from '../../lib/notices.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { listWorkplaces } from '../organisations/workplaces.service.js';
import { EXPIRY_NOTICE_DAYS, listPostings } from '../postings/postings.service.js';

/** Notices shown after a redirect, named in the query string; only these can be shown. */
const notices: Record<string, MessageKey> = {
  saved: 'workspace.notice.saved',
  nothing_changed: 'workspace.notice.nothingChanged',
};

function organisationOf(request: FastifyRequest): Organisation {
  if (!request.organisation) throw new NotFoundError();
  return request.organisation;
}

/**
 * The workspace's front page: the organisation's postings by state and what needs doing. Each domain's own
 * pages in the workspace are served by its module (postings, organisations, membership, requests,
 * courses), registered under the same area prefix.
 */
export default async function workspaceRoutes(app: FastifyInstance) {
  const member = access('organisation_member');

  app.get('/', member, async (request, reply) => {
    const organisation = organisationOf(request);
    const ctx = serviceContext(request);
    const today = todayInTokyo(ctx.now);
    const isCoop = organisation.kind === 'coop';
    const [postings, workplaces] = isCoop
      ? await Promise.all([listPostings(ctx), listWorkplaces(ctx)])
      : [[], []];
    const groups = {
      draft: postings.filter((posting) => posting.status === 'draft'),
      in_review: postings.filter((posting) => posting.status === 'in_review'),
      published: postings.filter((posting) => posting.status === 'published'),
      ended: postings.filter((posting) => posting.status === 'closed' || posting.status === 'filled'),
    };
    return reply.view('workspace/dashboard.eta', {
      noindex: true,
      values: {},
      errors: {},
      organisation,
      base: `/workspace/${organisation.id}`,
      canPublish: organisation.approvalState === 'approved',
      notice: noticeFrom(request, notices),
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
}
