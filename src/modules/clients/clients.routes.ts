import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { type FormErrors, parseForm } from '../../lib/forms.js';
import { renderRefusedForm } from '../../plugins/form-page.js';
import { serviceContext } from '../../plugins/service-context.js';
import { tokenForm } from '../requests/requests.forms.js';
import { takeOverForm, takeOverLabels } from './clients.forms.js';
import { confirmConsentByLink, linkByToken, takeOverByLink } from './clients.service.js';

/** Private pages: never cached, never indexed, and the link never leaves in a Referer header. */
function privateHeaders(reply: FastifyReply) {
  return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
}

function tokenOf(request: FastifyRequest): string {
  const source = request.method === 'GET' ? request.query : request.body;
  const parsed = tokenForm.safeParse(source ?? {});
  if (!parsed.success) throw new NotFoundError('clients.link.gone');
  return parsed.data.token;
}

/** The one-time link a counselor hands to a client: take the request over, or confirm the consent. */
export default async function clientsRoutes(app: FastifyInstance) {
  const privateLink = { config: { privateLink: true } };

  async function linkPage(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    form: { values: Record<string, unknown>; errors: FormErrors } = { values: {}, errors: {} },
    status: 200 | 422 = 200,
  ) {
    const data = { ...(await linkByToken(serviceContext(request), token)), token, noindex: true };
    privateHeaders(reply);
    if (status === 200)
      return reply.view('clients/link.eta', { ...data, ...form, formError: null, errorList: [] });
    return renderRefusedForm(request, reply, 'clients/link.eta', form, {
      status,
      labels: takeOverLabels,
      data,
    });
  }

  app.get('/clients/link', privateLink, async (request, reply) => linkPage(request, reply, tokenOf(request)));

  app.post('/clients/link/consent', privateLink, async (request, reply) => {
    await confirmConsentByLink(serviceContext(request), tokenOf(request));
    return privateHeaders(reply).view('clients/link-done.eta', {
      noindex: true,
      done: 'consent',
      follow: null,
    });
  });

  app.post('/clients/link/take-over', privateLink, async (request, reply) => {
    const token = tokenOf(request);
    const ctx = serviceContext(request);
    await linkByToken(ctx, token);
    const form = parseForm(takeOverForm, request.body);
    if (!form.ok) return linkPage(request, reply, token, form, 422);
    const follow = await takeOverByLink(ctx, token, form.data);
    await app.publicCache.invalidate();
    return privateHeaders(reply).view('clients/link-done.eta', { noindex: true, done: 'take_over', follow });
  });
}
