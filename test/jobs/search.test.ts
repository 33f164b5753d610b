import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { jobPostingsTable } from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { parseSearchQuery } from '../../src/modules/jobs/jobs.search.js';
import { compileSearch } from '../../src/modules/jobs/jobs.service.js';
import { useTestApp } from '../helpers/app.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';

const today = todayInTokyo();

const context = useTestApp();

/** The titles on a search result page, in order. */
async function titlesFor(query: string): Promise<string[]> {
  const response = await request(context.app.server).get(`/jobs${query}`).expect(200);
  return [...response.text.matchAll(/<h3 class="job-card-title"><a href="\/jobs\/\d+">([^<]+)<\/a>/g)].map(
    (match) => match[1] as string,
  );
}

async function countFor(query: string): Promise<string> {
  const response = await request(context.app.server).get(`/jobs${query}`);
  return response.text.match(/id="result-count"[^>]*>([^<]+)</)?.[1] ?? '';
}

describe('keyword search', () => {
  beforeEach(async () => {
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    await createPosting(context.database.db, workplace.id, {
      title: '訪問介護ヘルパー',
      duties: '身体介護と生活援助',
      field: 'elderly_care',
    });
    await createPosting(context.database.db, workplace.id, {
      title: '一般事務',
      duties: '請求書の作成と電話応対',
      field: 'office',
    });
    await createPosting(context.database.db, workplace.id, {
      title: '調理スタッフ',
      duties: '配食のおべんとうづくり',
      field: 'food_agriculture',
    });
    await createPosting(context.database.db, workplace.id, {
      title: 'ＩＴサポート',
      duties: 'パソコンの設定',
    });
  });

  it('finds 1-character keywords', async () => {
    expect(await titlesFor('?q=介')).toEqual(['訪問介護ヘルパー']);
  });

  it('finds 2-character keywords', async () => {
    expect(await titlesFor('?q=事務')).toEqual(['一般事務']);
    expect(await titlesFor('?q=調理')).toEqual(['調理スタッフ']);
  });

  it('finds 3+-character keywords only where they appear as written', async () => {
    expect(await titlesFor('?q=生活援助')).toEqual(['訪問介護ヘルパー']);
    // Both bigrams 請求 and 求書 exist elsewhere, but 請求電 is not in any text.
    expect(await titlesFor('?q=請求電')).toEqual([]);
  });

  it('folds katakana and hiragana', async () => {
    expect(await titlesFor('?q=へるぱー')).toEqual(['訪問介護ヘルパー']);
    expect(await titlesFor(`?q=${encodeURIComponent('ベントウ')}`)).toEqual(['調理スタッフ']);
    expect(await titlesFor(`?q=${encodeURIComponent('ベンドウ')}`)).toEqual([]);
  });

  it('folds full-width and half-width characters', async () => {
    expect(await titlesFor('?q=it')).toEqual(['ＩＴサポート']);
    expect(await titlesFor(`?q=${encodeURIComponent('ﾍﾙﾊﾟｰ')}`)).toEqual(['訪問介護ヘルパー']);
  });

  it('ANDs words separated by half- or full-width spaces', async () => {
    expect(await titlesFor(`?q=${encodeURIComponent('介護 援助')}`)).toEqual(['訪問介護ヘルパー']);
    expect(await titlesFor(`?q=${encodeURIComponent('介護　請求')}`)).toEqual([]);
  });

  it('matches the organisation and place names too', async () => {
    const { workplace } = await createCoopWithWorkplace(
      context.database.db,
      { name: 'はなみずき労働者協同組合' },
      { municipalityCode: '011002', prefectureCode: '01', addressLine: '中央区1-1', nearestStation: '' },
    );
    await createPosting(context.database.db, workplace.id, { title: '北の清掃' });
    // Only the new posting's organisation has this name, and only its workplace is in Sapporo.
    expect(await titlesFor(`?q=${encodeURIComponent('はなみずき')}`)).toEqual(['北の清掃']);
    expect(await titlesFor(`?q=${encodeURIComponent('札幌')}`)).toEqual(['北の清掃']);
    expect((await titlesFor(`?q=${encodeURIComponent('千代田')}`)).length).toBe(4);
  });

  it('shows the count and keeps the keyword in the box', async () => {
    const response = await request(context.app.server)
      .get(`/jobs?q=${encodeURIComponent('事務')}`)
      .expect(200);
    expect(response.text).toContain('1件の求人');
    expect(response.text).toMatch(/<input id="search-q" name="q" type="search" value="事務"/);
  });

  it('escapes the keyword wherever it is shown', async () => {
    const response = await request(context.app.server).get(
      `/jobs?q=${encodeURIComponent('<script>x</script>')}`,
    );
    expect(response.text).not.toContain('<script>x</script>');
    expect(response.text).toContain('&lt;script&gt;');
  });
  it('a query with nothing searchable finds nothing and says so, instead of listing every posting', async () => {
    for (const q of ['🍙', '・', '！', '★★']) {
      const response = await request(context.app.server)
        .get(`/jobs?q=${encodeURIComponent(q)}`)
        .expect(200);
      expect(response.text, q).toContain('さがせる文字');
      expect(response.text, q).toContain('0件の求人');
      expect(response.text, q).not.toContain('job-card');
      // The heading does not announce postings "for 🍙" above a list that searched for nothing.
      expect(response.text, q).not.toContain(`「${q}」の求人`);
    }
  });

  it('a mixed query searches the words and says which part was left out', async () => {
    expect(await titlesFor(`?q=${encodeURIComponent('介護🍙')}`)).toEqual(['訪問介護ヘルパー']);
    const response = await request(context.app.server)
      .get(`/jobs?q=${encodeURIComponent('介護🍙')}`)
      .expect(200);
    expect(response.text).toContain('「🍙」は検索に使えないため');
  });
});

describe('filters', () => {
  beforeEach(async () => {
    const db = context.database.db;
    const tokyo = await createCoopWithWorkplace(db, {}, { prefectureCode: '13', municipalityCode: '131016' });
    const sapporo = await createCoopWithWorkplace(
      db,
      {},
      { prefectureCode: '01', municipalityCode: '011011' },
    ); // 札幌市中央区
    await createPosting(db, tokyo.workplace.id, {
      title: '東京の介護',
      field: 'elderly_care',
      employmentForm: 'member_worker',
      welcomeTags: ['beginner', 'short_hours'],
      acceptsVisit: true,
      wageMin: 1300,
      wageUnit: 'hour',
      postedOn: addDays(today, -2),
    });
    await createPosting(db, tokyo.workplace.id, {
      title: '東京の事務',
      field: 'office',
      employmentForm: 'regular',
      acceptsShortTrial: true,
      wageMin: 250000,
      wageUnit: 'month',
      weeklyHours: 40,
      postedOn: addDays(today, -1),
    });
    await createPosting(db, sapporo.workplace.id, {
      title: '札幌の清掃',
      field: 'building_maintenance',
      employmentForm: 'part_time',
      welcomeTags: ['beginner'],
      acceptsExperience: true,
      wageMin: 1080,
      wageUnit: 'hour',
      postedOn: today,
    });
  });

  it('filters by prefecture', async () => {
    expect(await titlesFor('?pref=01')).toEqual(['札幌の清掃']);
  });

  it('filters by municipality, and a designated city finds its wards', async () => {
    expect(await titlesFor('?pref=01&muni=011011')).toEqual(['札幌の清掃']);
    expect(await titlesFor('?pref=01&muni=011002')).toEqual(['札幌の清掃']);
    expect(await titlesFor('?pref=13&muni=131024')).toEqual([]);
  });

  it('filters by field and by employment form', async () => {
    expect(await titlesFor('?field=elderly_care')).toEqual(['東京の介護']);
    expect(await titlesFor('?form=regular')).toEqual(['東京の事務']);
  });

  it('filters by short hours, beginner welcome, visits and trials', async () => {
    expect(await titlesFor('?short=1')).toEqual(['東京の介護']);
    expect(await titlesFor('?beginner=1')).toEqual(['札幌の清掃', '東京の介護']);
    expect(await titlesFor('?visit=1')).toEqual(['東京の介護']);
    expect(await titlesFor('?trial=1')).toEqual(['札幌の清掃', '東京の事務']);
  });

  it('filters by an hourly wage floor, converting monthly pay by the hours', async () => {
    // 250,000 yen a month at 40 h/week is about 1,442 yen an hour.
    expect(await titlesFor('?wage=1400&wageUnit=hour')).toEqual(['東京の事務']);
    expect(await titlesFor('?wage=1200&wageUnit=hour')).toEqual(['東京の事務', '東京の介護']);
  });

  it('filters by a monthly wage floor', async () => {
    expect(await titlesFor('?wage=240000&wageUnit=month')).toEqual(['東京の事務']);
  });

  it('accepts a wage typed with full-width digits and commas', async () => {
    expect(await titlesFor(`?wage=${encodeURIComponent('１，４００')}&wageUnit=hour`)).toEqual([
      '東京の事務',
    ]);
  });

  it('reports an invalid wage beside the field, keeps what was typed and still lists jobs', async () => {
    const response = await request(context.app.server).get('/jobs?wage=abc&pref=13').expect(422);
    expect(response.text).toContain('id="search-wage-error"');
    expect(response.text).toContain('賃金は0以上の数字');
    expect(response.text).toMatch(/id="search-wage"[^>]*value="abc"/);
    expect(response.text).toContain('2件の求人');
  });

  it('combines filters and keywords', async () => {
    expect(await titlesFor(`?pref=13&q=${encodeURIComponent('事務')}`)).toEqual(['東京の事務']);
    expect(await titlesFor('?pref=13&beginner=1&field=office')).toEqual([]);
  });

  it('sorts by newest or by wage', async () => {
    expect(await titlesFor('')).toEqual(['札幌の清掃', '東京の事務', '東京の介護']);
    expect(await titlesFor('?sort=wage')).toEqual(['東京の事務', '東京の介護', '札幌の清掃']);
  });

  it('sorted by wage, a monthly wage shows the hourly equivalent the order uses', async () => {
    const byWage = await request(context.app.server).get('/jobs?sort=wage').expect(200);
    expect(byWage.text).toMatch(/時給換算 1,4\d\d円/);
    const byDate = await request(context.app.server).get('/jobs').expect(200);
    expect(byDate.text).not.toContain('時給換算');
  });

  it('ignores unknown filter values instead of failing', async () => {
    expect((await titlesFor('?field=astronaut&pref=99x&sort=random&form[]=x')).length).toBe(3);
  });

  it('says a page that is not one does not exist, instead of quietly showing page 1', async () => {
    for (const page of ['-1', '0', 'abc', '2']) {
      const response = await request(context.app.server).get(`/jobs?page=${page}`).expect(404);
      expect(response.text, page).toContain('この検索結果に、そのページはありません');
    }
  });

  it('keeps the chosen filters filled in', async () => {
    const response = await request(context.app.server).get(
      '/jobs?pref=01&field=building_maintenance&visit=1',
    );
    expect(response.text).toContain('<option value="01" selected>');
    expect(response.text).toContain('<option value="building_maintenance" selected>');
    expect(response.text).toMatch(/name="visit" value="1" checked/);
    // The municipality list for the chosen prefecture is offered.
    expect(response.text).toContain('<option value="011011">札幌市中央区</option>');
  });

  it('suggests which condition to remove when nothing matches', async () => {
    const response = await request(context.app.server).get('/jobs?pref=01&field=office').expect(200);
    expect(response.text).toContain('条件にあう求人は見つかりませんでした');
    expect(response.text).toContain('href="/jobs?field=office">都道府県の条件（北海道）を外す');
    expect(response.text).toContain('href="/jobs?pref=01">分野の条件（事務）を外す');
  });
});

describe('status and dates', () => {
  beforeEach(async () => {
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    const db = context.database.db;
    await createPosting(db, workplace.id, { title: '募集中' });
    await createPosting(db, workplace.id, { title: '終了', status: 'closed' });
    await createPosting(db, workplace.id, { title: '充足', status: 'filled' });
    await createPosting(db, workplace.id, { title: '下書き', status: 'draft' });
    await createPosting(db, workplace.id, { title: '審査中', status: 'in_review' });
    await createPosting(db, workplace.id, {
      title: '期限切れ',
      postedOn: addDays(today, -60),
      validThrough: addDays(today, -1),
    });
    await createPosting(db, workplace.id, { title: '本日まで', validThrough: today });
  });

  it('excludes closed, filled, draft, in-review and expired postings', async () => {
    expect((await titlesFor('')).sort()).toEqual(['募集中', '本日まで'].sort());
  });

  it('includes closed, filled and expired postings when asked, never drafts or postings in review', async () => {
    const titles = await titlesFor('?closed=1');
    expect(titles.sort()).toEqual(['募集中', '本日まで', '終了', '充足', '期限切れ'].sort());
  });
});

describe('paging', () => {
  beforeEach(async () => {
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    for (let n = 1; n <= 45; n++) {
      await createPosting(context.database.db, workplace.id, {
        title: `求人${n}`,
        postedOn: addDays(today, -n),
      });
    }
  });

  it('shows 20 per page in order, with links to the other pages', async () => {
    const first = await titlesFor('');
    expect(first).toHaveLength(20);
    expect(first[0]).toBe('求人1');
    const third = await titlesFor('?page=3');
    expect(third).toEqual(['求人41', '求人42', '求人43', '求人44', '求人45']);
    const response = await request(context.app.server).get('/jobs?page=2');
    expect(response.text).toContain('href="/jobs?page=3" rel="next"');
    expect(response.text).toContain('21〜40件目を表示');
    expect(await countFor('?page=2')).toBe('45件の求人');
    await request(context.app.server).get('/jobs?page=4').expect(404);
  });

  it('keeps filters in the paging links', async () => {
    const response = await request(context.app.server).get(`/jobs?q=${encodeURIComponent('求人')}&pref=13`);
    expect(response.text).toContain(`href="/jobs?q=${encodeURIComponent('求人')}&amp;pref=13&amp;page=2"`);
  });
});

describe('index use', () => {
  it('answers 1-, 2- and 3-character keywords from the GIN index', async () => {
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    await createPosting(context.database.db, workplace.id, { title: '介護職員' });
    // The query the app runs for the count, not a hand-written one. With so few rows the planner would
    // rightly scan the table; forbidding that (SET LOCAL, in one transaction, as countJobs does, so the
    // setting and the EXPLAIN share a connection whatever the pool does) shows the index can answer.
    for (const q of ['介', '介護', '介護職']) {
      const { filters } = parseSearchQuery({ q });
      const query = context.database.db
        .select({ id: jobPostingsTable.id })
        .from(jobPostingsTable)
        .where(compileSearch(filters, today).countWhere);
      const plan = await context.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        return queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain ${query.getSQL()}`);
      });
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('job_postings_search_terms_idx');
    }
  });
});
