import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { useTestApp } from '../helpers/app.js';
import { createCoopWithWorkplace, createGovernance, createPosting } from '../helpers/factories.js';

const today = todayInTokyo();

const context = useTestApp();

// biome-ignore lint/suspicious/noExplicitAny: the test walks arbitrary JSON-LD and asserts on its shape
function jsonLdOf(html: string): Record<string, any> | null {
  const match = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
  return match ? JSON.parse(match[1] as string) : null;
}

async function publishedPosting(overrides: Parameters<typeof createPosting>[2] = {}) {
  const { organisation, workplace } = await createCoopWithWorkplace(
    context.database.db,
    {
      name: '労働者協同組合 みどりの風',
      website: 'https://midori.example.jp/',
      contactPhone: '0120-000-123',
    },
    { name: 'みどりの風 千代田事業所', postalCode: '100-0005', nearestStation: '大手町駅', walkMinutes: 4 },
  );
  await createGovernance(context.database.db, organisation.id, { shareAmountYen: 10000, sharesRequired: 5 });
  const posting = await createPosting(context.database.db, workplace.id, {
    title: 'デイサービスの介護スタッフ',
    occupation: '介護職員',
    field: 'elderly_care',
    duties: '入浴や食事の介助\nレクリエーションの準備',
    changeScope: '法人の定める業務',
    employmentForm: 'member_worker',
    contractType: 'fixed',
    contractDetails: '1年ごとの更新',
    wageMin: 1200,
    wageMax: 1500,
    wageUnit: 'hour',
    allowances: '処遇改善手当',
    commutingPay: '実費支給',
    workStart: '08:30',
    workEnd: '17:30',
    breakMinutes: 60,
    weeklyHours: 32,
    workDays: '月〜土のシフト制',
    overtime: 'なし',
    daysOff: '週2日',
    insuranceEmployment: true,
    insuranceHealth: true,
    insurancePension: false,
    requirements: '資格は問いません',
    welcomeTags: ['beginner', 'senior'],
    openings: 2,
    membershipTerms: '働く人みんなが出資して組合員になります',
    acceptsVisit: true,
    acceptsShortTrial: true,
    ...overrides,
  });
  return { organisation, workplace, posting };
}

describe('posting page', () => {
  it('shows the complete 求人票 in order', async () => {
    const { posting } = await publishedPosting();
    const response = await request(context.app.server).get(`/jobs/${posting.id}`).expect(200);
    const html = response.text;
    const headings = [...html.matchAll(/<h2 id="sec-[a-z]+">([^<]+)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toEqual([
      '仕事内容',
      '雇用形態・契約期間',
      '賃金',
      '労働時間・休日',
      '加入保険',
      '応募の条件・歓迎',
      '協同労働について（組合員になるとは）',
      '事業所・アクセス',
      '見学・体験の相談',
      '運営する団体',
    ]);
    for (const text of [
      'デイサービスの介護スタッフ',
      '入浴や食事の介助<br>レクリエーションの準備',
      '組合員（労働契約あり）',
      '期間の定めあり',
      '1年ごとの更新',
      '時給 1,200〜1,500円',
      '8:30〜17:30（休憩60分）',
      '週32時間程度',
      '月〜土のシフト制',
      '未経験歓迎',
      '2人',
      '〒100-0005 東京都千代田区',
      '千代田1-1',
      '大手町駅から徒歩4分',
      '職場見学',
      '短時間体験',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('shows the organisation’s governance card', async () => {
    const { posting } = await publishedPosting();
    const html = (await request(context.app.server).get(`/jobs/${posting.id}`)).text;
    expect(html).toContain('運営のしくみ（ガバナンス）');
    expect(html).toContain('1口10,000円 × 5口 = 50,000円');
    expect(html).toContain('24人（働く人 30人）');
    expect(html).toContain('従事分量配当');
  });

  it('carries schema.org JobPosting data with the required and recommended fields', async () => {
    const { posting } = await publishedPosting();
    const html = (await request(context.app.server).get(`/jobs/${posting.id}`)).text;
    const data = jsonLdOf(html);
    expect(data).toMatchObject({
      '@context': 'https://schema.org/',
      '@type': 'JobPosting',
      title: 'デイサービスの介護スタッフ',
      datePosted: posting.postedOn,
      validThrough: `${posting.validThrough}T23:59:59+09:00`,
      employmentType: ['FULL_TIME'],
      hiringOrganization: {
        '@type': 'Organization',
        name: '労働者協同組合 みどりの風',
        sameAs: 'https://midori.example.jp/',
      },
      jobLocation: {
        '@type': 'Place',
        address: {
          '@type': 'PostalAddress',
          addressRegion: '東京都',
          addressLocality: '千代田区',
          postalCode: '100-0005',
          addressCountry: 'JP',
        },
      },
      baseSalary: {
        '@type': 'MonetaryAmount',
        currency: 'JPY',
        value: { '@type': 'QuantitativeValue', minValue: 1200, maxValue: 1500, unitText: 'HOUR' },
      },
      identifier: { '@type': 'PropertyValue', value: String(posting.id) },
      url: `https://yoishigoto.example.jp/jobs/${posting.id}`,
    });
    expect(data?.description).toContain('入浴や食事の介助');
  });

  it('maps employment forms and monthly pay', async () => {
    const { posting } = await publishedPosting({
      employmentForm: 'part_time',
      wageMin: 200000,
      wageMax: null,
      wageUnit: 'month',
    });
    const data = jsonLdOf((await request(context.app.server).get(`/jobs/${posting.id}`)).text);
    expect(data?.employmentType).toEqual(['PART_TIME']);
    expect(data?.baseSalary.value).toEqual({
      '@type': 'QuantitativeValue',
      value: 200000,
      unitText: 'MONTH',
    });
  });

  it('escapes text so a posting cannot inject markup, even inside JSON-LD', async () => {
    const { posting } = await publishedPosting({ title: '</script><script>alert(1)</script>' });
    const html = (await request(context.app.server).get(`/jobs/${posting.id}`)).text;
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(jsonLdOf(html)?.title).toBe('</script><script>alert(1)</script>');
  });

  it.each([
    ['closed', 'この求人の募集は終了しました。'],
    ['filled', 'この求人は採用が決まり、募集を終了しました。'],
  ] as const)('shows a clear notice and no JobPosting data when %s', async (status, notice) => {
    const { posting } = await publishedPosting({ status });
    const html = (await request(context.app.server).get(`/jobs/${posting.id}`).expect(200)).text;
    expect(html).toContain(notice);
    expect(jsonLdOf(html)).toBeNull();
    expect(html).toContain('<meta name="robots" content="noindex">');
  });

  it('says when a posting has expired', async () => {
    const { posting } = await publishedPosting({
      postedOn: addDays(today, -40),
      validThrough: addDays(today, -1),
    });
    const html = (await request(context.app.server).get(`/jobs/${posting.id}`).expect(200)).text;
    expect(html).toContain('掲載期限');
    expect(html).toContain('を過ぎています');
    expect(jsonLdOf(html)).toBeNull();
  });

  it('does not show drafts, postings in review, or postings of organisations not yet approved', async () => {
    const { posting, workplace } = await publishedPosting({ status: 'draft' });
    await request(context.app.server).get(`/jobs/${posting.id}`).expect(404);
    const inReview = await createPosting(context.database.db, workplace.id, { status: 'in_review' });
    await request(context.app.server).get(`/jobs/${inReview.id}`).expect(404);
    const pending = await createCoopWithWorkplace(context.database.db, { approvalState: 'pending' });
    const hidden = await createPosting(context.database.db, pending.workplace.id);
    await request(context.app.server).get(`/jobs/${hidden.id}`).expect(404);
  });

  it.each(['abc', '0', '-1', '99999999999', '1.5'])('answers 404 for the id %s', async (id) => {
    const response = await request(context.app.server).get(`/jobs/${id}`).expect(404);
    expect(response.text).toContain('ページが見つかりません');
  });

  it('is in English when English is chosen', async () => {
    const { posting } = await publishedPosting();
    const html = (await request(context.app.server).get(`/jobs/${posting.id}`).set('Cookie', 'lang=en')).text;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Hours and days off');
    expect(html).toContain('Hourly ¥1,200 to ¥1,500');
    expect(html).toContain('Co-op member-worker (with a labour contract)');
    // The address reads from the street up, the street kept Japanese and apart from the place, on the
    // posting and on its co-op's page alike.
    expect(html).toMatch(/<span lang="ja">[^<]+<\/span>, [^<]*Tokyo/);
    const coop = await request(context.app.server)
      .get(`/organisations/${posting.organisationId}`)
      .set('Cookie', 'lang=en');
    expect(coop.text).toMatch(/<span lang="ja">[^<]+<\/span>, [^<]*Tokyo/);
  });
});

describe('organisations', () => {
  it('lists approved co-ops with their open postings', async () => {
    const { organisation } = await publishedPosting();
    await createCoopWithWorkplace(context.database.db, { name: '審査中の組合', approvalState: 'pending' });
    const html = (await request(context.app.server).get('/organisations').expect(200)).text;
    expect(html).toContain('労働者協同組合 みどりの風');
    expect(html).toContain(`href="/jobs?org=${organisation.id}">募集中の求人 1件`);
    expect(html).not.toContain('審査中の組合');
  });

  it('shows an organisation with governance, workplaces and postings', async () => {
    const { organisation } = await publishedPosting();
    const html = (await request(context.app.server).get(`/organisations/${organisation.id}`).expect(200))
      .text;
    expect(html).toContain('<h1>労働者協同組合 みどりの風</h1>');
    expect(html).toContain('運営のしくみ（ガバナンス）');
    expect(html).toContain('みどりの風 千代田事業所');
    expect(html).toContain('デイサービスの介護スタッフ');
  });

  it('lists one organisation’s postings through the search', async () => {
    const { organisation } = await publishedPosting();
    const other = await createCoopWithWorkplace(context.database.db);
    await createPosting(context.database.db, other.workplace.id, { title: '別の団体の求人' });
    const html = (await request(context.app.server).get(`/jobs?org=${organisation.id}`)).text;
    expect(html).toContain('団体：労働者協同組合 みどりの風');
    expect(html).toContain('デイサービスの介護スタッフ');
    expect(html).not.toContain('別の団体の求人');
  });

  it('does not show organisations that are not approved', async () => {
    const { organisation } = await createCoopWithWorkplace(context.database.db, {
      approvalState: 'declined',
    });
    await request(context.app.server).get(`/organisations/${organisation.id}`).expect(404);
  });
});
