import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../../i18n/index.js';
import { ConflictError } from '../../lib/errors.js';
import { type FormErrors, formIdFrom, idParam, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { randomToken } from '../../lib/secrets.js';
import { renderPrivatePage, renderRefusedForm } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import {
  answerCard,
  assertOwnMessage,
  cardsOfUser,
  listBoard,
  publicCard,
  publishCard,
  renewCard,
  replyToAnswer,
  withdrawCard,
} from './cofounders.service.js';
import {
  answerForm,
  answerLabels,
  boardQuery,
  cardForm,
  cardLabels,
  replyForm,
  replyLabels,
} from './founding.forms.js';
import { fieldOptions, prefectureOptions } from './founding.routes.js';
import { ANSWERS_PER_HOUR, CARD_DAYS } from './founding.rules.js';

const accountNotices: Record<string, MessageKey> = {
  published: 'cofounder.notice.published',
  renewed: 'cofounder.notice.renewed',
  withdrawn: 'cofounder.notice.withdrawn',
  replied: 'cofounder.notice.replied',
};

/**
 * The co-founder board (仲間さがし): public cards with no contact details; signed-in people answer through
 * the site, which relays the answer by mail without the sender's address; the owner replies the same way.
 */
export default async function cofoundersRoutes(app: FastifyInstance) {
  const user = access('user');
  // Each relayed answer is a mail to someone who did not ask for it: a person may send a few an hour.
  const answerLimit = app.createRateLimit({
    max: ANSWERS_PER_HOUR,
    timeWindow: '1 hour',
    keyGenerator: (request) => `cofounder-answer:${request.user?.id ?? request.ip}`,
  });

  app.get('/cofounders', async (request, reply) => {
    const parsed = boardQuery.safeParse(request.query ?? {});
    const filters = parsed.success ? parsed.data : {};
    return reply.header('cache-control', 'no-store').view('founding/board.eta', {
      title: request.t('cofounder.board.title'),
      canonical: `${app.config.PUBLIC_URL}/cofounders`,
      cards: await listBoard(serviceContext(request), filters),
      filters,
      prefectureOptions: prefectureOptions(request),
      fieldOptions: fieldOptions(request),
      signedIn: request.user !== null,
    });
  });

  async function cardPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: {
      values: Record<string, unknown>;
      errors: FormErrors;
      formError?: MessageKey;
      formErrorParams?: Record<string, string | number>;
    },
    status?: 409 | 422 | 429,
  ) {
    const cardId = idParam(request.params, 'cardId');
    const { card, own } = await publicCard(serviceContext(request), cardId);
    const data = {
      card,
      own,
      signedIn: request.user !== null,
      formId: formIdFrom(form?.values.formId) ?? randomToken(18),
      notice: noticeFrom(request, { sent: 'cofounder.notice.sent' }),
      canonical: `${app.config.PUBLIC_URL}/cofounders/${cardId}`,
    };
    reply.header('cache-control', 'no-store');
    if (form)
      return renderRefusedForm(request, reply, 'founding/card.eta', form, {
        labels: answerLabels,
        data,
        status: status ?? 422,
      });
    return reply.view('founding/card.eta', {
      ...data,
      values: { nickname: request.user?.displayName ?? '' },
      errors: {},
      errorList: [],
    });
  }

  app.get('/cofounders/:cardId', async (request, reply) => cardPage(request, reply));

  app.post('/cofounders/:cardId/answer', user, async (request, reply) => {
    const form = parseForm(answerForm, request.body);
    if (!form.ok) return cardPage(request, reply, form);
    const limit = await answerLimit(request);
    if (!limit.isAllowed && limit.isExceeded) {
      reply.header('retry-after', String(Math.max(1, limit.ttlInSeconds)));
      return cardPage(
        request,
        reply,
        {
          values: request.body as Record<string, unknown>,
          errors: {},
          formError: 'mail.throttled',
          formErrorParams: { minutes: Math.ceil(limit.ttlInSeconds / 60) },
        },
        429,
      );
    }
    try {
      await answerCard(serviceContext(request), idParam(request.params, 'cardId'), form.data);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return cardPage(
        request,
        reply,
        {
          values: request.body as Record<string, unknown>,
          errors: {},
          formError: error.messageKey,
        },
        409,
      );
    }
    return reply.redirect(`/cofounders/${idParam(request.params, 'cardId')}?notice=sent`, 303);
  });

  // --- The owner's side (account area) -------------------------------------------------------------

  async function accountPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: { messageId: number; values: Record<string, unknown>; errors: FormErrors },
  ) {
    const data = {
      cards: await cardsOfUser(serviceContext(request)),
      notice: form ? null : noticeFrom(request, accountNotices),
      replyFor: form?.messageId ?? null,
      cardDays: CARD_DAYS,
    };
    if (form)
      return renderRefusedForm(request, reply, 'founding/my-cards.eta', form, {
        labels: replyLabels,
        data: { ...data, noindex: true },
      });
    return renderPrivatePage(reply, 'founding/my-cards.eta', data);
  }

  app.get('/account/cofounders', user, async (request, reply) => accountPage(request, reply));

  const newCardData = (request: FastifyRequest, formId?: string | null) => ({
    noindex: true,
    formId: formId ?? randomToken(18),
    cardDays: CARD_DAYS,
    prefectureOptions: prefectureOptions(request),
    fieldOptions: fieldOptions(request),
  });

  app.get('/account/cofounders/new', user, async (request, reply) =>
    renderPrivatePage(reply, 'founding/card-new.eta', {
      ...newCardData(request),
      values: { nickname: request.user?.displayName ?? '' },
    }),
  );

  app.post('/account/cofounders', user, async (request, reply) => {
    const form = parseForm(cardForm, request.body);
    if (!form.ok)
      return renderRefusedForm(request, reply, 'founding/card-new.eta', form, {
        labels: cardLabels,
        data: newCardData(request, formIdFrom(form.values.formId)),
      });
    await publishCard(serviceContext(request), form.data);
    return reply.redirect('/account/cofounders?notice=published', 303);
  });

  app.post('/account/cofounders/:cardId/renew', user, async (request, reply) => {
    await renewCard(serviceContext(request), idParam(request.params, 'cardId'));
    return reply.redirect('/account/cofounders?notice=renewed', 303);
  });

  app.post('/account/cofounders/:cardId/withdraw', user, async (request, reply) => {
    await withdrawCard(serviceContext(request), idParam(request.params, 'cardId'));
    return reply.redirect('/account/cofounders?notice=withdrawn', 303);
  });

  app.post('/account/cofounders/messages/:messageId/reply', user, async (request, reply) => {
    const messageId = idParam(request.params, 'messageId');
    await assertOwnMessage(serviceContext(request), messageId);
    const form = parseForm(replyForm, request.body);
    if (!form.ok) return accountPage(request, reply, { messageId, ...form });
    await replyToAnswer(serviceContext(request), messageId, form.data.reply);
    return reply.redirect('/account/cofounders?notice=replied', 303);
  });
}
