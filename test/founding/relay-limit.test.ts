import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cofounderCardsTable, cofounderMessagesTable } from '../../src/db/schema/index.js';
import { useTestApp } from '../helpers/app.js';
import { createUser, postForm, signedInAgent } from '../helpers/auth.js';
import { formId } from './support.js';

// An app of its own: the limiter counts per account for the life of the app.
const context = useTestApp();
const db = () => context.database.db;

describe('the relay’s rate limit', () => {
  it('limits how many answers one person sends in an hour, keeping what was typed', async () => {
    const owner = await createUser(db());
    const ownerAgent = await signedInAgent(context, owner);
    await postForm(ownerAgent, '/account/cofounders', {
      formId: formId(),
      nickname: 'ゆう',
      prefectureCode: '13',
      field: 'community_space',
      wish: '子ども食堂を仕事にしたい。',
      availability: '平日の午後',
    }).expect(303);
    const [card] = await db()
      .select()
      .from(cofounderCardsTable)
      .where(eq(cofounderCardsTable.userId, owner.id));
    const sender = await signedInAgent(context, await createUser(db()));
    for (let i = 0; i < 10; i++)
      await postForm(sender, `/cofounders/${card!.id}/answer`, {
        formId: formId(),
        nickname: 'けん',
        body: `その${i}`,
      }).expect(303);
    const refused = await postForm(sender, `/cofounders/${card!.id}/answer`, {
      formId: formId(),
      nickname: 'けん',
      body: '11通目',
    }).expect(429);
    expect(refused.headers['retry-after']).toBeTruthy();
    expect(refused.text).toContain('11通目');
    expect(await db().select().from(cofounderMessagesTable)).toHaveLength(10);
  });
});
