import { and, asc, desc, eq, gt, isNull, lte } from 'drizzle-orm';
import { absoluteUrl, actorOf, inTransaction, type ServiceContext } from '../../auth/context.js';
import {
  type CofounderCard,
  cofounderCardsTable,
  cofounderMessagesTable,
  usersTable,
} from '../../db/schema/index.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { audit } from '../audit/audit.service.js';
import { sendMail } from '../mail/outbox.service.js';
import type { AnswerInput, BoardFilters, CardInput } from './founding.forms.js';
import { CARD_DAYS, CARD_NOTICE_DAYS } from './founding.rules.js';

const DAY = 86_400_000;
const expiryFrom = (now: Date) => new Date(now.getTime() + CARD_DAYS * DAY);

/** What the public board shows of a card: no account, no address, nothing to reach the owner by. */
const publicColumns = {
  id: cofounderCardsTable.id,
  nickname: cofounderCardsTable.nickname,
  prefectureCode: cofounderCardsTable.prefectureCode,
  municipality: cofounderCardsTable.municipality,
  field: cofounderCardsTable.field,
  wish: cofounderCardsTable.wish,
  availability: cofounderCardsTable.availability,
  renewedAt: cofounderCardsTable.renewedAt,
  expiresAt: cofounderCardsTable.expiresAt,
};

const onBoard = (now: Date) =>
  and(eq(cofounderCardsTable.state, 'active'), gt(cofounderCardsTable.expiresAt, now));

export async function listBoard(ctx: ServiceContext, filters: BoardFilters) {
  return ctx.db
    .select(publicColumns)
    .from(cofounderCardsTable)
    .where(
      and(
        onBoard(ctx.now),
        filters.prefecture ? eq(cofounderCardsTable.prefectureCode, filters.prefecture) : undefined,
        filters.field ? eq(cofounderCardsTable.field, filters.field) : undefined,
      ),
    )
    .orderBy(desc(cofounderCardsTable.renewedAt), desc(cofounderCardsTable.id))
    .limit(200);
}

/** A card on the board; one withdrawn or expired is gone (404). */
export async function publicCard(ctx: ServiceContext, cardId: number) {
  const [card] = await ctx.db
    .select({ ...publicColumns, userId: cofounderCardsTable.userId })
    .from(cofounderCardsTable)
    .where(and(eq(cofounderCardsTable.id, cardId), onBoard(ctx.now)));
  if (!card) throw new NotFoundError();
  const { userId, ...shown } = card;
  return { card: shown, own: ctx.actor?.userId === userId };
}

export async function publishCard(ctx: ServiceContext, input: CardInput): Promise<number> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const { formId, ...fields } = input;
    const [created] = await tx.db
      .insert(cofounderCardsTable)
      .values({
        ...fields,
        userId: actor.userId,
        formId,
        createdAt: tx.now,
        renewedAt: tx.now,
        expiresAt: expiryFrom(tx.now),
      })
      .onConflictDoNothing({ target: [cofounderCardsTable.userId, cofounderCardsTable.formId] })
      .returning({ id: cofounderCardsTable.id });
    if (!created) {
      const [first] = await tx.db
        .select({ id: cofounderCardsTable.id })
        .from(cofounderCardsTable)
        .where(and(eq(cofounderCardsTable.userId, actor.userId), eq(cofounderCardsTable.formId, formId)));
      if (!first) throw new ConflictError('form.expired');
      return first.id;
    }
    await audit(tx, { action: 'cofounder.card_create', subject: { type: 'cofounder_card', id: created.id } });
    return created.id;
  });
}

async function lockOwnCard(tx: ServiceContext, cardId: number): Promise<CofounderCard> {
  const [card] = await tx.db
    .select()
    .from(cofounderCardsTable)
    .where(and(eq(cofounderCardsTable.id, cardId), eq(cofounderCardsTable.userId, actorOf(tx).userId)))
    .for('update');
  if (!card) throw new NotFoundError();
  return card;
}

/** Another CARD_DAYS on the board from now; an expired card comes back too. */
export async function renewCard(ctx: ServiceContext, cardId: number) {
  return inTransaction(ctx, async (tx) => {
    const card = await lockOwnCard(tx, cardId);
    if (card.state === 'withdrawn') throw new ConflictError('cofounder.card.withdrawnAlready');
    await tx.db
      .update(cofounderCardsTable)
      .set({
        state: 'active',
        renewedAt: tx.now,
        expiresAt: expiryFrom(tx.now),
        expiryNoticeSentAt: null,
        endedAt: null,
      })
      .where(eq(cofounderCardsTable.id, cardId));
    await audit(tx, { action: 'cofounder.card_renew', subject: { type: 'cofounder_card', id: cardId } });
  });
}

export async function withdrawCard(ctx: ServiceContext, cardId: number) {
  return inTransaction(ctx, async (tx) => {
    const card = await lockOwnCard(tx, cardId);
    if (card.state === 'withdrawn') return;
    await tx.db
      .update(cofounderCardsTable)
      .set({ state: 'withdrawn', endedAt: tx.now })
      .where(eq(cofounderCardsTable.id, cardId));
    await audit(tx, { action: 'cofounder.card_withdraw', subject: { type: 'cofounder_card', id: cardId } });
  });
}

/** The person's cards and the answers each received. */
export async function cardsOfUser(ctx: ServiceContext) {
  const actor = actorOf(ctx);
  const cards = await ctx.db
    .select()
    .from(cofounderCardsTable)
    .where(eq(cofounderCardsTable.userId, actor.userId))
    .orderBy(desc(cofounderCardsTable.createdAt));
  const messages = cards.length
    ? await ctx.db
        .select({
          id: cofounderMessagesTable.id,
          cardId: cofounderMessagesTable.cardId,
          senderNickname: cofounderMessagesTable.senderNickname,
          body: cofounderMessagesTable.body,
          createdAt: cofounderMessagesTable.createdAt,
          reply: cofounderMessagesTable.reply,
          repliedAt: cofounderMessagesTable.repliedAt,
        })
        .from(cofounderMessagesTable)
        .innerJoin(cofounderCardsTable, eq(cofounderCardsTable.id, cofounderMessagesTable.cardId))
        .where(eq(cofounderCardsTable.userId, actor.userId))
        .orderBy(asc(cofounderMessagesTable.createdAt))
    : [];
  return cards.map((card) => ({
    card,
    onBoard: card.state === 'active' && card.expiresAt > ctx.now,
    messages: messages.filter((message) => message.cardId === card.id),
  }));
}

/**
 * An answer to a card, relayed to its owner by mail. The owner's mail carries the sender's nickname and
 * words, never the sender's address: the owner decides whether to reply, through the site.
 */
export async function answerCard(ctx: ServiceContext, cardId: number, input: AnswerInput) {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ card: cofounderCardsTable, owner: usersTable })
      .from(cofounderCardsTable)
      .innerJoin(usersTable, eq(usersTable.id, cofounderCardsTable.userId))
      .where(and(eq(cofounderCardsTable.id, cardId), onBoard(tx.now)));
    if (!row) throw new NotFoundError();
    if (row.card.userId === actor.userId) throw new ConflictError('cofounder.answer.ownCard');
    const [created] = await tx.db
      .insert(cofounderMessagesTable)
      .values({
        cardId,
        senderUserId: actor.userId,
        senderNickname: input.nickname,
        body: input.body,
        formId: input.formId,
        createdAt: tx.now,
      })
      .onConflictDoNothing({ target: [cofounderMessagesTable.senderUserId, cofounderMessagesTable.formId] })
      .returning({ id: cofounderMessagesTable.id });
    // The same form sent again: the first answer went out, nothing more is sent.
    if (!created) return;
    await audit(tx, {
      action: 'cofounder.answer',
      subject: { type: 'cofounder_message', id: created.id },
      details: { cardId },
    });
    await sendMail(tx, {
      to: row.owner.email,
      locale: row.owner.locale,
      subjectKey: 'cofounder.mail.answer.subject',
      bodyKey: 'cofounder.mail.answer.body',
      params: {
        owner: row.card.nickname,
        sender: input.nickname,
        message: input.body,
        link: absoluteUrl(tx, '/account/cofounders'),
      },
    });
  });
}

/** Whether an answer is to one of the person's cards: the reply form is theirs only (404 otherwise). */
export async function assertOwnMessage(ctx: ServiceContext, messageId: number): Promise<void> {
  const [row] = await ctx.db
    .select({ id: cofounderMessagesTable.id })
    .from(cofounderMessagesTable)
    .innerJoin(cofounderCardsTable, eq(cofounderCardsTable.id, cofounderMessagesTable.cardId))
    .where(
      and(eq(cofounderMessagesTable.id, messageId), eq(cofounderCardsTable.userId, actorOf(ctx).userId)),
    );
  if (!row) throw new NotFoundError();
}

/** The owner's reply, relayed to the sender: again no address either way, unless the owner writes one. */
export async function replyToAnswer(ctx: ServiceContext, messageId: number, reply: string) {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ message: cofounderMessagesTable, card: cofounderCardsTable, sender: usersTable })
      .from(cofounderMessagesTable)
      .innerJoin(cofounderCardsTable, eq(cofounderCardsTable.id, cofounderMessagesTable.cardId))
      .innerJoin(usersTable, eq(usersTable.id, cofounderMessagesTable.senderUserId))
      .where(and(eq(cofounderMessagesTable.id, messageId), eq(cofounderCardsTable.userId, actor.userId)))
      .for('update', { of: cofounderMessagesTable });
    if (!row) throw new NotFoundError();
    // One reply per answer: a second submit of the same form sends nothing twice.
    if (row.message.repliedAt) return;
    await tx.db
      .update(cofounderMessagesTable)
      .set({ reply, repliedAt: tx.now })
      .where(eq(cofounderMessagesTable.id, messageId));
    await audit(tx, { action: 'cofounder.reply', subject: { type: 'cofounder_message', id: messageId } });
    await sendMail(tx, {
      to: row.sender.email,
      locale: row.sender.locale,
      subjectKey: 'cofounder.mail.reply.subject',
      bodyKey: 'cofounder.mail.reply.body',
      params: {
        sender: row.message.senderNickname,
        owner: row.card.nickname,
        reply,
        link: absoluteUrl(tx, `/cofounders/${row.card.id}`),
      },
    });
  });
}

/**
 * Hourly: cards past their date leave the board, and their owners are told a week ahead so they can
 * renew. Idempotent (each notice is marked, each expiry changes the state once).
 */
export async function maintainCards(ctx: ServiceContext): Promise<{ expired: number; noticesSent: number }> {
  return inTransaction(ctx, async (tx) => {
    const expired = await tx.db
      .update(cofounderCardsTable)
      .set({ state: 'expired', endedAt: tx.now })
      .where(and(eq(cofounderCardsTable.state, 'active'), lte(cofounderCardsTable.expiresAt, tx.now)))
      .returning({ id: cofounderCardsTable.id });
    for (const card of expired)
      await audit(tx, { action: 'cofounder.card_expire', subject: { type: 'cofounder_card', id: card.id } });
    const soon = await tx.db
      .update(cofounderCardsTable)
      .set({ expiryNoticeSentAt: tx.now })
      .where(
        and(
          eq(cofounderCardsTable.state, 'active'),
          isNull(cofounderCardsTable.expiryNoticeSentAt),
          lte(cofounderCardsTable.expiresAt, new Date(tx.now.getTime() + CARD_NOTICE_DAYS * DAY)),
        ),
      )
      .returning({
        id: cofounderCardsTable.id,
        userId: cofounderCardsTable.userId,
        nickname: cofounderCardsTable.nickname,
      });
    for (const card of soon) {
      const [owner] = await tx.db.select().from(usersTable).where(eq(usersTable.id, card.userId));
      if (!owner) continue;
      await sendMail(tx, {
        to: owner.email,
        locale: owner.locale,
        subjectKey: 'cofounder.mail.expiring.subject',
        bodyKey: 'cofounder.mail.expiring.body',
        params: {
          owner: card.nickname,
          days: CARD_NOTICE_DAYS,
          link: absoluteUrl(tx, '/account/cofounders'),
        },
      });
    }
    return { expired: expired.length, noticesSent: soon.length };
  });
}
