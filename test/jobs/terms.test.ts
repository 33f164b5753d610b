import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { jobPostingsTable } from '../../src/db/schema/index.js';
import { todayInTokyo } from '../../src/lib/dates.js';
import { parseSearchQuery } from '../../src/modules/jobs/jobs.search.js';
import { compileSearch } from '../../src/modules/jobs/jobs.service.js';
import { rebuildAllSearchDocuments } from '../../src/modules/organisations/profile.service.js';
import { useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { createCoopWithWorkplace, createGovernance, createPosting } from '../helpers/factories.js';
import { coopStaff } from '../workspace/support.js';

// Membership terms as search filters: each posting is found by what its co-op's governance card says.

const today = todayInTokyo();
const context = useTestApp();

/** The titles on a search result page, sorted (the order is not what these tests are about). */
async function titlesFor(query: string, status = 200): Promise<string[]> {
  const response = await request(context.app.server).get(`/jobs${query}`).expect(status);
  return [...response.text.matchAll(/<h3 class="job-card-title"><a href="\/jobs\/\d+">([^<]+)<\/a>/g)]
    .map((match) => match[1] as string)
    .sort();
}

/** A co-op with a card (or none) and one posting titled after it. */
async function coopWithPosting(title: string, card: Parameters<typeof createGovernance>[2] | null) {
  const db = context.database.db;
  const { organisation, workplace } = await createCoopWithWorkplace(db);
  if (card) await createGovernance(db, organisation.id, card);
  return createPosting(db, workplace.id, { title });
}

describe('membership terms as filters', () => {
  beforeEach(async () => {
    await coopWithPosting('あおばの仕事', {
      oneMemberOneVote: true,
      shareAmountYen: 1000,
      sharesRequired: 5, // 5,000 yen in all
      instalmentsAllowed: true,
      payrollDeduction: false,
      foundedUnder2022Law: true,
      surplusByWorkShare: true,
    });
    await coopWithPosting('かもめの仕事', {
      oneMemberOneVote: false,
      shareAmountYen: 50000,
      sharesRequired: 2, // 100,000 yen
      instalmentsAllowed: false,
      payrollDeduction: true,
      foundedUnder2022Law: false,
      foundedYear: 1998,
      surplusByWorkShare: false,
    });
    await coopWithPosting('すずめの仕事', {
      oneMemberOneVote: true,
      shareAmountYen: 3000,
      sharesRequired: 4, // 12,000 yen: between two buckets
      instalmentsAllowed: false,
      payrollDeduction: false,
      foundedUnder2022Law: false,
      foundedYear: 2001,
      surplusByWorkShare: true,
    });
    // The card gives the amount per share but not the shares: the total is not known.
    await coopWithPosting('ひばりの仕事', {
      oneMemberOneVote: true,
      shareAmountYen: 10000,
      sharesRequired: null,
      instalmentsAllowed: false,
      payrollDeduction: false,
      foundedUnder2022Law: false,
      foundedYear: 2010,
      surplusByWorkShare: false,
    });
    await coopWithPosting('つばめの仕事', null);
  });

  it('1人1票 finds the co-ops whose card says one member, one vote', async () => {
    expect(await titlesFor('?oneVote=1')).toEqual(['すずめの仕事', 'ひばりの仕事', 'あおばの仕事'].sort());
  });

  it('paying over time finds the co-ops taking the contribution in instalments or from pay', async () => {
    expect(await titlesFor('?payOverTime=1')).toEqual(['あおばの仕事', 'かもめの仕事'].sort());
  });

  it('the 2022 law finds only the co-op founded under it', async () => {
    expect(await titlesFor('?law2022=1')).toEqual(['あおばの仕事']);
  });

  it('従事分量配当 finds the co-ops sharing surplus by work', async () => {
    expect(await titlesFor('?workShare=1')).toEqual(['あおばの仕事', 'すずめの仕事'].sort());
  });

  it('a capital limit compares the total (per share × shares), at and between the buckets', async () => {
    expect(await titlesFor('?capital=5000')).toEqual(['あおばの仕事']);
    expect(await titlesFor('?capital=4999')).toEqual([]);
    expect(await titlesFor('?capital=12000')).toEqual(['あおばの仕事', 'すずめの仕事'].sort());
    expect(await titlesFor('?capital=11999')).toEqual(['あおばの仕事']);
    expect(await titlesFor('?capital=100000')).toEqual(
      ['あおばの仕事', 'かもめの仕事', 'すずめの仕事'].sort(),
    );
    // Above the largest bucket: every card that gives a total, never one that does not.
    expect(await titlesFor('?capital=5000000')).toEqual(
      ['あおばの仕事', 'かもめの仕事', 'すずめの仕事'].sort(),
    );
  });

  it('accepts an amount typed with full-width digits, commas and 円', async () => {
    expect(await titlesFor(`?capital=${encodeURIComponent('１２，０００円')}`)).toEqual(
      ['あおばの仕事', 'すずめの仕事'].sort(),
    );
  });

  it('combines terms with each other and with the other filters', async () => {
    expect(await titlesFor('?oneVote=1&workShare=1&capital=20000')).toEqual(
      ['あおばの仕事', 'すずめの仕事'].sort(),
    );
    expect(await titlesFor('?oneVote=1&payOverTime=1&pref=13')).toEqual(['あおばの仕事']);
    expect(await titlesFor('?law2022=1&pref=01')).toEqual([]);
  });

  it('reports a bad amount beside the field, keeps what was typed and still lists jobs', async () => {
    const response = await request(context.app.server).get('/jobs?capital=abc&oneVote=1').expect(422);
    expect(response.text).toContain('id="search-capital-error"');
    expect(response.text).toContain('出資金は0以上の数字（半角・全角どちらでも）で入力してください。');
    expect(response.text).toMatch(/id="search-capital"[^>]*value="abc"[^>]*aria-invalid="true"/);
    // The other filters still apply.
    expect(response.text).toContain('3件の求人');
    expect((await request(context.app.server).get('/jobs?capital=-5').expect(422)).text).toContain(
      'id="search-capital-error"',
    );
  });

  it('keeps the chosen terms filled in, with the fieldset open', async () => {
    const response = await request(context.app.server).get('/jobs?oneVote=1&law2022=1&capital=12000');
    expect(response.text).toMatch(/name="oneVote" value="1" checked/);
    expect(response.text).toMatch(/name="law2022" value="1" checked/);
    expect(response.text).not.toMatch(/name="workShare" value="1" checked/);
    expect(response.text).toMatch(/id="search-capital"[^>]*value="12000"/);
    expect(response.text).toContain('<details class="filters" open>');
  });

  it('suggests removing a term or the amount when nothing matches, with the count it would find', async () => {
    const response = await request(context.app.server).get('/jobs?law2022=1&payOverTime=1&capital=3000');
    expect(response.text).toContain('条件にあう求人は見つかりませんでした');
    expect(response.text).toContain(
      'href="/jobs?payOverTime=1&amp;law2022=1">出資金の条件を外す</a>（1件の求人）',
    );
    // Removing the 2022 law still finds nothing (かもめ asks more than 3,000 yen), so it is not offered.
    expect(response.text).not.toContain('労働者協同組合法（2022年施行）による設立）を外す');
  });

  it('the posting page shows the total capital contribution', async () => {
    const db = context.database.db;
    const { organisation, workplace } = await createCoopWithWorkplace(db);
    await createGovernance(db, organisation.id, { shareAmountYen: 3000, sharesRequired: 4 });
    const posting = await createPosting(db, workplace.id);
    const page = await request(context.app.server).get(`/jobs/${posting.id}`).expect(200);
    expect(page.text).toMatch(/= (12,000|12000)円/);
  });
});

describe('editing the governance card', () => {
  it('updates the results at once', async () => {
    const staff = await coopStaff(context);
    await createPosting(context.database.db, staff.workplace.id, { title: 'うみねこの仕事' });
    const card = {
      memberCount: '12',
      workerCount: '15',
      decisionMaking: '総会で決めます',
      oneMemberOneVote: '1',
      shareAmountYen: '10000',
      sharesRequired: '1',
      refundedOnLeaving: '1',
      foundedYear: '2015',
    };
    await postForm(staff.agent, `${staff.base}/governance`, card).expect(303);
    // Counted (and cached) before the next edit, so a stale count would show.
    expect(await titlesFor('?capital=10000')).toEqual(['うみねこの仕事']);
    expect(await titlesFor('?law2022=1')).toEqual([]);
    expect(await titlesFor('?payOverTime=1')).toEqual([]);

    await postForm(staff.agent, `${staff.base}/governance`, {
      ...card,
      sharesRequired: '3',
      instalmentsAllowed: '1',
      foundedUnder2022Law: '1',
      foundedYear: '2023',
    }).expect(303);
    expect(await titlesFor('?capital=10000')).toEqual([]);
    expect(await titlesFor('?capital=30000')).toEqual(['うみねこの仕事']);
    expect(await titlesFor('?law2022=1')).toEqual(['うみねこの仕事']);
    expect(await titlesFor('?payOverTime=1')).toEqual(['うみねこの仕事']);

    // Unticking one member, one vote takes the posting out of that filter.
    const { oneMemberOneVote: _vote, ...withoutVote } = card;
    expect(await titlesFor('?oneVote=1')).toEqual(['うみねこの仕事']);
    await postForm(staff.agent, `${staff.base}/governance`, withoutVote).expect(303);
    expect(await titlesFor('?oneVote=1')).toEqual([]);
  });

  it('a posting created after the card is saved carries its terms', async () => {
    const staff = await coopStaff(context);
    await createGovernance(context.database.db, staff.organisation.id, { surplusByWorkShare: true });
    await createPosting(context.database.db, staff.workplace.id, { title: 'かささぎの仕事' });
    expect(await titlesFor('?workShare=1')).toEqual(['かささぎの仕事']);
  });
});

describe('postings written before the terms were tokens', () => {
  it('are found by the terms once every search document is rebuilt', async () => {
    const db = context.database.db;
    const { organisation, workplace } = await createCoopWithWorkplace(db);
    // The posting is written first and the card inserted behind its back, as in a database from before.
    await createPosting(db, workplace.id, { title: 'むくどりの仕事' });
    await createGovernance(db, organisation.id, { foundedUnder2022Law: true });
    expect(await titlesFor('?law2022=1')).toEqual([]);
    expect(await rebuildAllSearchDocuments(db)).toBe(1);
    await context.app.publicCache.invalidate();
    expect(await titlesFor('?law2022=1')).toEqual(['むくどりの仕事']);
  });
});

describe('index use for terms', () => {
  it('answers a terms-only search from the GIN index, never a sequential scan of postings', async () => {
    await coopWithPosting('あおばの仕事', { shareAmountYen: 3000, sharesRequired: 4 });
    // The count query the app runs (countWhere), with sequential scans off as countJobs sets them: with
    // so few rows the planner would rightly scan, so this shows the index can carry it.
    for (const query of [
      { oneVote: '1' },
      { law2022: '1', workShare: '1' },
      { capital: '5000' },
      { capital: '12000' },
    ]) {
      const { filters } = parseSearchQuery(query);
      const select = context.database.db
        .select({ id: jobPostingsTable.id })
        .from(jobPostingsTable)
        .where(compileSearch(filters, today).countWhere);
      const plan = await context.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        return queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain ${select.getSQL()}`);
      });
      const text = plan.map((row) => row['QUERY PLAN']).join('\n');
      expect(text, JSON.stringify(query)).toContain('job_postings_search_terms_idx');
      expect(text, JSON.stringify(query)).not.toMatch(/Seq Scan on job_postings/);
    }
  });
});
