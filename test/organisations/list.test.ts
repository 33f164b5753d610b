import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { useTestApp } from '../helpers/app.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';

const context = useTestApp();
const db = () => context.database.db;

/** Each card's organisation name and its postings line. */
async function cards(): Promise<Record<string, string>> {
  const response = await request(context.app.server).get('/organisations').expect(200);
  const found: Record<string, string> = {};
  for (const card of response.text.split('<li class="org-card">').slice(1)) {
    const name = card.match(/class="org-card-title"><a [^>]*>([^<]+)</)?.[1] ?? '';
    const postings = card.match(/<p>(?:<a [^>]*>)?([^<]+)(?:<\/a>)?<\/p>\s*<\/li>/)?.[1] ?? '';
    found[name] = postings.trim();
  }
  return found;
}

describe('the participating organisations', () => {
  it('counts each organisation’s own open postings', async () => {
    const today = todayInTokyo();
    const two = await createCoopWithWorkplace(db(), { name: 'あおば協同組合' });
    await createPosting(db(), two.workplace.id);
    await createPosting(db(), two.workplace.id);
    const none = await createCoopWithWorkplace(db(), { name: 'いずみ協同組合' });
    await createPosting(db(), none.workplace.id, { status: 'closed' });
    await createPosting(db(), none.workplace.id, {
      postedOn: addDays(today, -40),
      validThrough: addDays(today, -1),
    });
    const one = await createCoopWithWorkplace(db(), { name: 'うみ協同組合' });
    await createPosting(db(), one.workplace.id);
    expect(await cards()).toEqual({
      あおば協同組合: '募集中の求人 2件',
      いずみ協同組合: 'いま募集中の求人はありません。',
      うみ協同組合: '募集中の求人 1件',
    });
  });
});
