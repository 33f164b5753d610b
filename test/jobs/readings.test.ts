import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/auth/context.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { runMaintenance } from '../../src/modules/postings/postings.maintenance.js';
import { useTestApp } from '../helpers/app.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';

const context = useTestApp();
const today = todayInTokyo();

/** The titles on a search result page, in order. */
async function titlesFor(q: string): Promise<string[]> {
  const response = await request(context.app.server)
    .get(`/jobs?q=${encodeURIComponent(q)}`)
    .expect(200);
  return [...response.text.matchAll(/<h3 class="job-card-title"><a href="\/jobs\/\d+">([^<]+)<\/a>/g)].map(
    (match) => match[1] as string,
  );
}

describe('searching by reading (kana and romaji)', () => {
  beforeEach(async () => {
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    const posting = (title: string, duties: string, postedDaysAgo = 0) =>
      createPosting(context.database.db, workplace.id, {
        title,
        duties,
        postedOn: addDays(today, -postedDaysAgo),
      });
    await posting('介護スタッフ', '入浴と食事の手伝い');
    await posting('放課後児童クラブ支援員', '子どもの遊びを見守ります');
    await posting('一般事務', '請求書の作成とPC入力');
    await posting('介護職員', '夜勤のない勤務');
    await posting('調理補助', '給食の盛り付け');
  });

  it('finds 介護 from かいご, カイゴ and half-width ｶｲｺﾞ', async () => {
    for (const q of ['かいご', 'カイゴ', 'ｶｲｺﾞ']) {
      expect((await titlesFor(q)).sort(), q).toEqual(['介護スタッフ', '介護職員']);
    }
  });

  it('finds a compound of two words (ほうかごじどう → 放課後児童)', async () => {
    expect(await titlesFor('ほうかごじどう')).toEqual(['放課後児童クラブ支援員']);
  });

  it('reads a word typed in romaji as kana (kaigo, jimu), and leaves PC to the text', async () => {
    expect((await titlesFor('kaigo')).sort()).toEqual(['介護スタッフ', '介護職員']);
    expect(await titlesFor('jimu')).toEqual(['一般事務']);
    expect(await titlesFor('PC')).toEqual(['一般事務']);
    // The page says how the romaji was read, so the seeker knows why kanji postings are listed.
    const page = await request(context.app.server).get('/jobs?q=kaigo').expect(200);
    expect(page.text).toContain('ローマ字の「kaigo」は、読み「かいご」でもさがしました。');
  });

  it('does not match the end of one word and the start of the next (ごしょ in 介護職員)', async () => {
    expect(await titlesFor('ごしょ')).toEqual([]);
  });

  it('combines a reading with a kanji word: both must match', async () => {
    expect(await titlesFor('かいご 夜勤')).toEqual(['介護職員']);
  });

  it('lists postings that contain the word as written before those found by its reading', async () => {
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    // Older than every other posting, so newest-first alone would list it last.
    await createPosting(context.database.db, workplace.id, {
      title: 'かいごのおしごと',
      duties: 'ひらがなで書いた求人',
      postedOn: addDays(today, -30),
    });
    const titles = await titlesFor('かいご');
    expect(titles[0]).toBe('かいごのおしごと');
    expect(titles.slice(1).sort()).toEqual(['介護スタッフ', '介護職員']);
  });

  it('finds a posting saved before readings existed once the hourly maintenance has read it', async () => {
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    const old = await createPosting(context.database.db, workplace.id, {
      title: '清掃スタッフ',
      duties: 'ビルの清掃',
    });
    // As a posting saved before readings existed: no readings, and no reading terms in its document.
    await context.database.db.execute(sql`
      update job_postings
      set search_readings = null,
          search_terms = ts_delete(search_terms,
            array(select lexeme from unnest(search_terms) where lexeme like 'r:%'))
      where id = ${old.id}`);
    expect(await titlesFor('せいそう')).toEqual([]);
    const report = await runMaintenance(
      systemContext({ db: context.database.db, now: new Date(), publicUrl: 'http://localhost' }),
    );
    expect(report.readingsAdded).toBe(1);
    expect(await titlesFor('せいそう')).toEqual(['清掃スタッフ']);
  });
});
