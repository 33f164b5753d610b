import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ConflictError } from '../../lib/errors.js';
import { parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { prefectureName, prefectures } from '../../lib/regions.js';
import { renderPrivatePage, renderRefusedForm } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { minimumWageForm } from './minimum-wages.forms.js';
import { addMinimumWage, listMinimumWages } from './minimum-wages.service.js';

const page = 'console/minimum-wages.eta';

/**
 * /console/minimum-wages (registered in the console area): the secretariat keeps the rates the publishing
 * rules check wages against.
 */
export default async function minimumWagesConsoleRoutes(app: FastifyInstance) {
  const secretariat = access('secretariat');

  /** What the page shows around its form, whether the form is empty or refused. */
  async function pageData(request: FastifyRequest) {
    const rates = await listMinimumWages(serviceContext(request));
    return {
      section: 'minimumWages',
      noindex: true,
      rates: rates.map((rate) => ({
        ...rate,
        prefecture: prefectureName(rate.prefectureCode, request.locale),
      })),
      prefectureOptions: prefectures.map((prefecture) => ({
        value: prefecture.code,
        label: prefectureName(prefecture.code, request.locale),
      })),
      notice: noticeFrom(request, { added: 'console.notice.minimumWageAdded' }),
    };
  }

  const labels = {
    prefectureCode: 'console.minimumWages.prefecture',
    hourlyYen: 'console.minimumWages.hourlyYen',
    effectiveFrom: 'console.minimumWages.effectiveFrom',
  } as const;

  app.get('/minimum-wages', secretariat, async (request, reply) =>
    renderPrivatePage(reply, page, await pageData(request)),
  );

  app.post('/minimum-wages', secretariat, async (request, reply) => {
    const form = parseForm(minimumWageForm, request.body);
    if (!form.ok) {
      return renderRefusedForm(request, reply, page, form, { labels, data: await pageData(request) });
    }
    try {
      await addMinimumWage(serviceContext(request), form.data);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return renderRefusedForm(
        request,
        reply,
        page,
        { values: request.body as Record<string, unknown>, errors: {}, formError: error.messageKey },
        { labels, status: 409, data: await pageData(request) },
      );
    }
    return reply.redirect('/console/minimum-wages?notice=added', 303);
  });
}
