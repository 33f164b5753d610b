import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { systemContext } from '../../src/auth/context.js';
import { cofounderCardsTable, cofounderMessagesTable, mailOutboxTable } from '../../src/db/schema/index.js';
import { runFoundingMaintenance } from '../../src/modules/founding/founding.maintenance.js';
import { mailsTo } from '../courses/support.js';
import { useTestApp } from '../helpers/app.js';
import { createUser, postForm, signedInAgent } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { formId } from './support.js';

const clock = new TestClock();
const context = useTestApp({}, clock.now);
const db = () => context.database.db;
const DAY = 86_400;

async function person(displayName: string, email?: string) {
  const user = await createUser(db(), { displayName, ...(email ? { email } : {}) });
  return { user, agent: await signedInAgent(context, user) };
}

function cardForm(overrides: Record<string, string> = {}) {
  return {
    formId: formId(),
    nickname: 'ゆう',
    prefectureCode: '13',
    municipality: '豊島区',
    field: 'community_space',
    wish: '子ども食堂と配食を仲間と仕事にしたい。',
    availability: '平日の午後',
    ...overrides,
  };
}

async function postedCard(overrides: Record<string, string> = {}) {
  const owner = await person('持ち主のほんみょう', `owner-${Date.now()}@example.jp`);
  await postForm(owner.agent, '/account/cofounders', cardForm(overrides)).expect(303);
  const [card] = await db()
    .select()
    .from(cofounderCardsTable)
    .where(eq(cofounderCardsTable.userId, owner.user.id));
  return { owner, card: card! };
}

const maintain = () =>
  runFoundingMaintenance(
    systemContext({ db: db(), now: clock.now(), publicUrl: 'https://yoishigoto.example.jp' }),
  );

describe('the co-founder board', () => {
  it('shows a posted card to everyone with no contact details, and a double submit posts one card', async () => {
    const owner = await person('持ち主のほんみょう', 'owner-board@example.jp');
    const sent = cardForm();
    await postForm(owner.agent, '/account/cofounders', sent).expect(303);
    await postForm(owner.agent, '/account/cofounders', sent).expect(303);
    const cards = await db().select().from(cofounderCardsTable);
    expect(cards).toHaveLength(1);
    const board = await request(context.app.server).get('/cofounders').expect(200);
    expect(board.text).toContain('子ども食堂と配食を仲間と仕事にしたい。');
    const page = await request(context.app.server).get(`/cofounders/${cards[0]!.id}`).expect(200);
    for (const text of [board.text, page.text]) {
      expect(text).not.toContain('owner-board@example.jp');
      expect(text).not.toContain('持ち主のほんみょう');
    }
    // Signed out, the page asks to sign in before answering.
    expect(page.text).toContain(`/signin?next=${encodeURIComponent(`/cofounders/${cards[0]!.id}`)}`);
    // Filters.
    const other = await request(context.app.server).get('/cofounders?prefecture=27').expect(200);
    expect(other.text).not.toContain('子ども食堂と配食');
    const field = await request(context.app.server)
      .get('/cofounders?field=community_space&prefecture=13')
      .expect(200);
    expect(field.text).toContain('子ども食堂と配食');
  });

  it('refuses a card with missing fields, showing each error beside its field and the purpose notice', async () => {
    const { agent } = await person('だれか');
    const response = await postForm(agent, '/account/cofounders', cardForm({ wish: '', field: '' })).expect(
      422,
    );
    expect(response.text).toContain('id="f-wish-error"');
    expect(response.text).toContain('id="f-field-error"');
    expect(response.text).toContain('60日');
    expect(response.text).toContain('平日の午後');
    expect(await db().select().from(cofounderCardsTable)).toHaveLength(0);
  });
});

describe('answering through the relay', () => {
  it('mails the owner the answer without the sender’s address; the owner’s reply reaches the sender without theirs', async () => {
    const { owner, card } = await postedCard();
    const sender = await person('送る人のほんみょう', 'sender-secret@example.jp');
    const answer = { formId: formId(), nickname: 'けん', body: '調理師です。一緒にやりたいです。' };
    await postForm(sender.agent, `/cofounders/${card.id}/answer`, answer).expect(303);
    // A double submit sends nothing more.
    await postForm(sender.agent, `/cofounders/${card.id}/answer`, answer).expect(303);
    expect(await db().select().from(cofounderMessagesTable)).toHaveLength(1);

    const toOwner = await mailsTo(db(), owner.user.email);
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]!.body).toContain('調理師です。一緒にやりたいです。');
    expect(toOwner[0]!.body).toContain('けん');
    expect(`${toOwner[0]!.subject}${toOwner[0]!.body}`).not.toContain('sender-secret@example.jp');
    expect(toOwner[0]!.body).not.toContain('送る人のほんみょう');
    // No mail anywhere carries the sender's address except mail to the sender.
    const all = await db().select().from(mailOutboxTable);
    expect(
      all.filter((m) => m.recipient !== sender.user.email && m.body.includes(sender.user.email)),
    ).toEqual([]);

    // The owner sees the answer on the site and replies.
    const mine = await owner.agent.get('/account/cofounders').expect(200);
    expect(mine.text).toContain('調理師です。一緒にやりたいです。');
    expect(mine.text).not.toContain('sender-secret@example.jp');
    const [message] = await db().select().from(cofounderMessagesTable);
    const empty = await postForm(owner.agent, `/account/cofounders/messages/${message!.id}/reply`, {
      reply: '',
    }).expect(422);
    expect(empty.text).toContain('id="f-reply-error"');
    await postForm(owner.agent, `/account/cofounders/messages/${message!.id}/reply`, {
      reply: 'ぜひ。来週の相談会で会いましょう。',
    }).expect(303);
    await postForm(owner.agent, `/account/cofounders/messages/${message!.id}/reply`, {
      reply: '二度目',
    }).expect(303);
    const toSender = await mailsTo(db(), sender.user.email);
    expect(toSender).toHaveLength(1);
    expect(toSender[0]!.body).toContain('ぜひ。来週の相談会で会いましょう。');
    expect(toSender[0]!.body).not.toContain(owner.user.email);
    expect(toSender[0]!.body).not.toContain('持ち主のほんみょう');
    // Only the card's owner can reply to its answers.
    await postForm(sender.agent, `/account/cofounders/messages/${message!.id}/reply`, {
      reply: 'なりすまし',
    }).expect(404);
  });

  it('needs an account to answer, refuses answering one’s own card, and refuses an empty message at 422', async () => {
    const { owner, card } = await postedCard();
    await postForm(request(context.app.server), `/cofounders/${card.id}/answer`, {
      formId: formId(),
      nickname: 'a',
      body: 'b',
    }).expect(303);
    const own = await postForm(owner.agent, `/cofounders/${card.id}/answer`, {
      formId: formId(),
      nickname: 'a',
      body: 'b',
    }).expect(409);
    expect(own.text).toContain('自分のカードには返事を送れません。');
    const sender = await person('送る人');
    const empty = await postForm(sender.agent, `/cofounders/${card.id}/answer`, {
      formId: formId(),
      nickname: 'けん',
      body: '',
    }).expect(422);
    expect(empty.text).toContain('id="f-body-error"');
    expect(empty.text).toContain('value="けん"');
    expect(await db().select().from(cofounderMessagesTable)).toHaveLength(0);
  });
});

describe('cards expire unless renewed', () => {
  it('tells the owner a week ahead, takes the card down after 60 days, and a renewal brings it back', async () => {
    const { owner, card } = await postedCard();
    clock.advance(50 * DAY);
    expect(await maintain()).toMatchObject({ cardsExpired: 0, expiryNoticesSent: 0 });
    clock.advance(4 * DAY);
    expect(await maintain()).toMatchObject({ cardsExpired: 0, expiryNoticesSent: 1 });
    expect(await maintain()).toMatchObject({ expiryNoticesSent: 0 });
    const [notice] = await mailsTo(db(), owner.user.email);
    expect(notice?.body).toContain('/account/cofounders');

    clock.advance(7 * DAY);
    // Past its date the card is off the board even before maintenance runs.
    await request(context.app.server).get(`/cofounders/${card.id}`).expect(404);
    expect(await maintain()).toMatchObject({ cardsExpired: 1 });
    const [expired] = await db()
      .select()
      .from(cofounderCardsTable)
      .where(eq(cofounderCardsTable.id, card.id));
    expect(expired?.state).toBe('expired');
    const board = await request(context.app.server).get('/cofounders').expect(200);
    expect(board.text).not.toContain('子ども食堂と配食');
    const other = await person('返事をしたい人');
    await postForm(other.agent, `/cofounders/${card.id}/answer`, {
      formId: formId(),
      nickname: 'x',
      body: 'y',
    }).expect(404);

    // Two months on, the owner signs in again (sessions end) and renews the card.
    const ownerAgain = await signedInAgent(context, owner.user);
    await postForm(ownerAgain, `/account/cofounders/${card.id}/renew`, {}).expect(303);
    await request(context.app.server).get(`/cofounders/${card.id}`).expect(200);
    // Only the owner renews or withdraws.
    await postForm(other.agent, `/account/cofounders/${card.id}/withdraw`, {}).expect(404);
    await postForm(ownerAgain, `/account/cofounders/${card.id}/withdraw`, {}).expect(303);
    await request(context.app.server).get(`/cofounders/${card.id}`).expect(404);
    await postForm(ownerAgain, `/account/cofounders/${card.id}/renew`, {}).expect(409);
  });
});
