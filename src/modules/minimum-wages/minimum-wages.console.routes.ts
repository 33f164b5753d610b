import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError } from '../../lib/errors.js';
import { type FormErrors, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { prefectureName, prefectures } from '../../lib/regions.js';
import { access, currentUser } from '../../plugins/guards.js';
import { minimumWageForm } from './minimum-wages.forms.js';
import { addMinimumWage, listMinimumWages } from './minimum-wages.service.js';

/** /console/minimum-wages: the secretariat keeps the rates the publishing rules check wages against. */
export default async function minimumWagesConsoleRoutes(app: FastifyInstance) {
  const secretariat = access('secretariat');

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: FormErrors; formError?: string } = {},
    status = 200,
  ) {
    const rates = await listMinimumWages(app.db);
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .view('console/minimum-wages.eta', {
        section: 'minimumWages',
        noindex: true,
        values: {},
        errors: {},
        rates: rates.map((rate) => ({
          ...rate,
          prefecture: prefectureName(rate.prefectureCode, request.locale),
        })),
        prefectureOptions: prefectures.map((prefecture) => ({
          value: prefecture.code,
          label: prefectureName(prefecture.code, request.locale),
        })),
        notice: noticeFrom(request, { added: 'console.notice.minimumWageAdded' }),
        ...extra,
      });
  }

  app.get('/console/minimum-wages', secretariat, async (request, reply) => page(request, reply));

  app.post('/console/minimum-wages', secretariat, async (request, reply) => {
    const form = parseForm(minimumWageForm, request.body);
    if (!form.ok) return page(request, reply, { values: form.values, errors: form.errors }, 422);
    try {
      await addMinimumWage(app.db, currentUser(request).id, form.data, app.clock());
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return page(request, reply, { values: form.data, formError: error.messageKey }, 409);
    }
    return reply.redirect('/console/minimum-wages?notice=added', 303);
  });
}
