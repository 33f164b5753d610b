import type { FastifyReply, FastifyRequest } from 'fastify';
import { organisationOf } from '../auth/context.js';
import type { MessageKey } from '../i18n/index.js';
import type { FormErrors } from '../lib/forms.js';
import { noticeFrom } from '../lib/notices.js';
import { serviceContext } from './service-context.js';

/** What a form page needs to show again after a refused submit. */
export interface RefusedForm {
  /** What was typed, exactly as sent, so nothing is lost. */
  values: Record<string, unknown>;
  /** One error per field, shown beside it. */
  errors: FormErrors;
  /** A message about the whole form (a conflict, a throttle), shown at the top. */
  formError?: MessageKey | null;
  formErrorParams?: Record<string, string | number>;
}

/**
 * The summary at the top of a refused form: each error with its field's label, in the form's order, linked
 * to the field (`views/partials/error-summary.eta`). Fields without a label keep their place at the end.
 */
export function errorSummary(
  request: FastifyRequest,
  errors: FormErrors,
  labels: Record<string, MessageKey>,
): { field: string; label: string; message: string }[] {
  const order = Object.keys(labels);
  const position = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return Object.entries(errors)
    .sort(([a], [b]) => position(a) - position(b))
    .map(([field, error]) => ({
      field,
      label: request.t(labels[field] ?? 'form.errorSummary'),
      message: request.t(error.key, error.params),
    }));
}

/**
 * The one way a form is shown again after a refused submit: status 422 (or 409 for a conflict, 429 for a
 * throttle), never cached, with the typed values, each error beside its field and the summary on top.
 */
export function renderRefusedForm(
  request: FastifyRequest,
  reply: FastifyReply,
  page: string,
  form: RefusedForm,
  options: {
    labels?: Record<string, MessageKey>;
    status?: 409 | 422 | 429;
    data?: Record<string, unknown>;
  } = {},
) {
  return reply
    .code(options.status ?? 422)
    .header('cache-control', 'no-store')
    .view(page, {
      ...options.data,
      values: form.values,
      errors: form.errors,
      formError: form.formError ?? null,
      formErrorParams: form.formErrorParams,
      errorList: errorSummary(request, form.errors, options.labels ?? {}),
    });
}

/**
 * A page of a private area (an account's, a workspace's, the console's): never cached, with an empty form
 * unless `data` brings one. A refused form goes through `renderRefusedForm` instead.
 */
export function renderPrivatePage(
  reply: FastifyReply,
  page: string,
  data: Record<string, unknown> = {},
  status = 200,
) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .view(page, { values: {}, errors: {}, errorList: [], noindex: true, ...data });
}

/**
 * A page of an organisation's workspace: a private page with the organisation, its base path (for links
 * and forms) and the notice the query names (`?notice=sent` after a 303).
 */
export function renderWorkspacePage(
  request: FastifyRequest,
  reply: FastifyReply,
  page: string,
  notices: Record<string, MessageKey>,
  data: Record<string, unknown>,
  status = 200,
) {
  const organisation = organisationOf(serviceContext(request));
  return renderPrivatePage(
    reply,
    page,
    {
      formError: null,
      organisation,
      base: `/workspace/${organisation.id}`,
      notice: noticeFrom(request, notices),
      ...data,
    },
    status,
  );
}
