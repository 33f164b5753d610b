import { describe, expect, it } from 'vitest';
import { courseEnrolmentsTable, foundingGroupsTable } from '../../src/db/schema/index.js';
import { randomToken } from '../../src/lib/secrets.js';
import type { FiguresFilter } from '../../src/modules/figures/figures.filters.js';
import { findSection, loadSection } from '../../src/modules/figures/figures.service.js';
import { createCourseRow } from '../courses/support.js';
import { useTestApp } from '../helpers/app.js';
import { TestClock } from '../helpers/clock.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';
import { csvRows, insertEvent, insertRequest, secretariatAgent, tableRows } from './support.js';

// Noon in Tokyo on 2 December 2026: the default period is 2026-01 … 2026-12.
const clock = new TestClock(new Date('2026-12-02T03:00:00Z'));
const context = useTestApp({}, clock.now);
const db = () => context.database.db;

const autumn: FiguresFilter = { from: '2026-09', to: '2026-11', prefectureCode: null };
const autumnInTokyo: FiguresFilter = { ...autumn, prefectureCode: '13' };

/**
 * The hand-counted fixture: a co-op workplace in Tokyo and one in Osaka, with postings, requests, course
 * enrolments and consultation events on both sides of month ends (in Tokyo time) and of the period.
 */
async function seedFixture() {
  const tokyo = await createCoopWithWorkplace(db(), {}, { prefectureCode: '13', municipalityCode: '131016' });
  const osaka = await createCoopWithWorkplace(
    db(),
    { prefectureCode: '27' },
    { prefectureCode: '27', municipalityCode: '271004' },
  );
  const posting = (
    workplaceId: number,
    status: 'published' | 'closed' | 'draft' | 'in_review',
    postedOn: string,
  ) => createPosting(db(), workplaceId, { status, postedOn, validThrough: '2027-03-31' });
  await posting(tokyo.workplace.id, 'published', '2026-10-31');
  await posting(tokyo.workplace.id, 'published', '2026-11-01');
  await posting(osaka.workplace.id, 'closed', '2026-11-15');
  await posting(tokyo.workplace.id, 'draft', '2026-11-10');
  await posting(tokyo.workplace.id, 'in_review', '2026-11-10');
  await posting(tokyo.workplace.id, 'published', '2026-12-01');

  const at = (where: typeof tokyo) => ({
    organisationId: where.organisation.id,
    workplaceId: where.workplace.id,
  });
  // 23:30 on 31 October in Tokyo: October.
  await insertRequest(db(), at(tokyo), {
    kind: 'visit',
    state: 'submitted',
    createdAt: '2026-10-31T14:30:00Z',
  });
  // 00:30 on 1 November in Tokyo: November; done at 23:59 on 30 November in Tokyo.
  await insertRequest(db(), at(tokyo), {
    kind: 'visit',
    state: 'completed',
    outcome: 'employed',
    createdAt: '2026-10-31T15:30:00Z',
    scheduledStart: '2026-11-30T14:59:00Z',
  });
  await insertRequest(db(), at(osaka), {
    kind: 'experience',
    state: 'completed',
    outcome: 'joined_member',
    createdAt: '2026-11-05T01:00:00Z',
    scheduledStart: '2026-11-20T01:00:00Z',
  });
  // Never confirmed: not a request the co-op saw, so not counted.
  await insertRequest(db(), at(tokyo), {
    kind: 'short_trial',
    state: 'unconfirmed',
    createdAt: '2026-11-06T01:00:00Z',
  });
  await insertRequest(db(), at(osaka), {
    kind: 'experience',
    state: 'declined',
    createdAt: '2026-09-10T01:00:00Z',
  });
  // A school's internship the co-op accepted and the school never confirmed: its own state.
  await insertRequest(db(), at(tokyo), {
    kind: 'internship',
    state: 'agreement_expired',
    createdAt: '2026-11-12T01:00:00Z',
  });
  // Asked in November, done at 00:00 on 1 December in Tokyo: December, outside the period.
  await insertRequest(db(), at(tokyo), {
    kind: 'visit',
    state: 'completed',
    createdAt: '2026-11-10T01:00:00Z',
    scheduledStart: '2026-11-30T15:00:00Z',
  });

  const { course: tokyoCourse } = await createCourseRow(db(), tokyo.organisation.id, {
    prefectureCode: '13',
  });
  const { course: osakaCourse } = await createCourseRow(db(), osaka.organisation.id, {
    prefectureCode: '27',
  });
  const enrol = (courseId: number, placedAt: string | null, completedAt: string | null = null) =>
    db()
      .insert(courseEnrolmentsTable)
      .values({
        courseId,
        nickname: '受講者',
        email: `learner-${randomToken(6)}@example.jp`,
        state: placedAt ? 'confirmed' : 'pending',
        formId: randomToken(18),
        createdAt: new Date(placedAt ?? '2026-11-01T00:00:00Z'),
        placedAt: placedAt ? new Date(placedAt) : null,
        completedAt: completedAt ? new Date(completedAt) : null,
      });
  await enrol(tokyoCourse.id, '2026-10-15T01:00:00Z');
  await enrol(tokyoCourse.id, '2026-11-02T01:00:00Z');
  await enrol(tokyoCourse.id, '2026-11-03T01:00:00Z', '2026-11-20T06:00:00Z');
  await enrol(tokyoCourse.id, null);
  await enrol(osakaCourse.id, '2026-11-05T01:00:00Z');

  await insertEvent(db(), {
    heldOn: '2026-11-14',
    prefectureCode: '13',
    participants: 16,
    consulted: 9,
    outcomes: [
      ['coop_work', 5],
      ['visit_or_trial', 3],
    ],
  });
  await insertEvent(db(), {
    heldOn: '2026-10-31',
    prefectureCode: '27',
    participants: 10,
    consulted: 4,
    outcomes: [['coop_work', 2]],
  });
  await insertEvent(db(), { heldOn: '2026-12-01', prefectureCode: '13', participants: 30, consulted: 20 });
}

async function figures(id: string, filter: FiguresFilter) {
  const section = findSection(id);
  if (!section) throw new Error(`no section ${id}`);
  const { rowKeys, values } = await loadSection({ db: db() }, section, filter);
  return Object.fromEntries(rowKeys.map((key, index) => [key, values[index]]));
}

describe('the figures, counted in SQL', () => {
  it('count published postings by the month they were published, in the workplace’s prefecture', async () => {
    await seedFixture();
    expect(await figures('postings', autumn)).toEqual({ '2026-09': [0], '2026-10': [1], '2026-11': [2] });
    expect(await figures('postings', autumnInTokyo)).toEqual({
      '2026-09': [0],
      '2026-10': [1],
      '2026-11': [1],
    });
  });

  it('count requests by kind in the Tokyo month they were made, leaving out unconfirmed ones', async () => {
    await seedFixture();
    // Columns: visit, experience, short_trial, internship.
    expect(await figures('requests', autumn)).toEqual({
      '2026-09': [0, 1, 0, 0],
      '2026-10': [1, 0, 0, 0],
      '2026-11': [2, 1, 0, 1],
    });
    expect(await figures('requests', autumnInTokyo)).toEqual({
      '2026-09': [0, 0, 0, 0],
      '2026-10': [1, 0, 0, 0],
      '2026-11': [2, 0, 0, 1],
    });
  });

  it('count the period’s requests by kind and the state they are in now', async () => {
    await seedFixture();
    // Columns: submitted, accepted, alternative_proposed, agreement_pending, declined, withdrawn, expired,
    // agreement_expired, completed, no_show.
    expect(await figures('request-states', autumn)).toEqual({
      visit: [1, 0, 0, 0, 0, 0, 0, 0, 2, 0],
      experience: [0, 0, 0, 0, 1, 0, 0, 0, 1, 0],
      short_trial: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      internship: [0, 0, 0, 0, 0, 0, 0, 1, 0, 0],
    });
  });

  it('count visits and trials done, and their outcomes, in the Tokyo month they took place', async () => {
    await seedFixture();
    expect(await figures('done', autumn)).toEqual({
      '2026-09': [0, 0, 0, 0],
      '2026-10': [0, 0, 0, 0],
      '2026-11': [1, 1, 0, 0],
    });
    // The one done at midnight on 1 December (Tokyo) counts in December.
    expect(await figures('done', { from: '2026-12', to: '2026-12', prefectureCode: null })).toEqual({
      '2026-12': [1, 0, 0, 0],
    });
    // Columns: joined_member, employed, continuing_trials, not_proceeding.
    expect(await figures('outcomes', autumn)).toEqual({
      '2026-09': [0, 0, 0, 0],
      '2026-10': [0, 0, 0, 0],
      '2026-11': [1, 1, 0, 0],
    });
    expect(await figures('outcomes', { ...autumn, prefectureCode: '27' })).toEqual({
      '2026-09': [0, 0, 0, 0],
      '2026-10': [0, 0, 0, 0],
      '2026-11': [1, 0, 0, 0],
    });
  });

  it('count course enrolments given a place and completions, in the course’s prefecture', async () => {
    await seedFixture();
    expect(await figures('courses', autumn)).toEqual({
      '2026-09': [0, 0],
      '2026-10': [1, 0],
      '2026-11': [3, 1],
    });
    expect(await figures('courses', autumnInTokyo)).toEqual({
      '2026-09': [0, 0],
      '2026-10': [1, 0],
      '2026-11': [2, 1],
    });
  });

  it('count consultation events, the people who came and were consulted, and what came of it', async () => {
    await seedFixture();
    // Columns: events, participants, consulted.
    expect(await figures('events', autumn)).toEqual({
      '2026-09': [0, 0, 0],
      '2026-10': [1, 10, 4],
      '2026-11': [1, 16, 9],
    });
    expect(await figures('events', autumnInTokyo)).toEqual({
      '2026-09': [0, 0, 0],
      '2026-10': [0, 0, 0],
      '2026-11': [1, 16, 9],
    });
    // Columns: coop_work, joined_member, visit_or_trial, course, founding, other_support, other.
    expect(await figures('event-outcomes', autumn)).toEqual({
      '2026-09': [0, 0, 0, 0, 0, 0, 0],
      '2026-10': [2, 0, 0, 0, 0, 0, 0],
      '2026-11': [5, 0, 3, 0, 0, 0, 0],
    });
  });

  it('count founding groups in the Tokyo month their accompaniment began, by the stage they reached', async () => {
    const group = (prefectureCode: string, stage: 'consultation' | 'business_plan', createdAt: string) => ({
      name: '仕事おこしグループ',
      field: 'community_space' as const,
      prefectureCode,
      idea: '地域の居場所',
      stage,
      formId: randomToken(18),
      createdAt: new Date(createdAt),
      updatedAt: new Date(createdAt),
    });
    await db()
      .insert(foundingGroupsTable)
      .values([
        // 00:30 on 1 November in Tokyo: November.
        group('13', 'consultation', '2026-10-31T15:30:00Z'),
        group('13', 'business_plan', '2026-11-10T01:00:00Z'),
        group('27', 'business_plan', '2026-10-05T01:00:00Z'),
        // 00:00 on 1 December in Tokyo: outside the period.
        group('13', 'consultation', '2026-11-30T15:00:00Z'),
      ]);
    // Columns: the eight stages, in order.
    expect(await figures('founding', autumn)).toEqual({
      '2026-09': [0, 0, 0, 0, 0, 0, 0, 0],
      '2026-10': [0, 0, 1, 0, 0, 0, 0, 0],
      '2026-11': [1, 0, 1, 0, 0, 0, 0, 0],
    });
    expect(await figures('founding', autumnInTokyo)).toEqual({
      '2026-09': [0, 0, 0, 0, 0, 0, 0, 0],
      '2026-10': [0, 0, 0, 0, 0, 0, 0, 0],
      '2026-11': [1, 0, 1, 0, 0, 0, 0, 0],
    });
  });
});

describe('the dashboard page', () => {
  it('shows each section’s chart, its summary in words and its table', async () => {
    await seedFixture();
    const { agent } = await secretariatAgent(context);
    const response = await agent.get('/console/figures?from=2026-09&to=2026-11').expect(200);
    const html = response.text;
    expect(tableRows(html, 'events')).toEqual([
      ['2026年9月', '0', '0', '0'],
      ['2026年10月', '1', '10', '4'],
      ['2026年11月', '1', '16', '9'],
      ['合計', '2', '26', '13'],
    ]);
    // The chart is an image named by its heading and the summary, which says the total and the top month.
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="postings-chart-title postings-summary"/);
    expect(html).toContain('<p id="postings-summary">期間の合計は3件。最も多いのは2026年11月の2件です。</p>');
    expect(html).toContain('参加人数は期間の合計26人、最も多いのは2026年11月の16人');
    // Three months, three groups of bars' labels; November's postings bar is the tallest.
    expect(
      html.match(/<rect [^>]*class="series-0"><title>2026年11月 公開された求人 2<\/title>/),
    ).not.toBeNull();
  });

  it('filters by prefecture, and says when nothing was recorded', async () => {
    await seedFixture();
    const { agent } = await secretariatAgent(context);
    const html = (await agent.get('/console/figures?from=2026-09&to=2026-11&prefecture=27').expect(200)).text;
    expect(html).toContain('2026年9月から2026年11月まで、大阪府');
    expect(tableRows(html, 'postings')).toEqual([
      ['2026年9月', '0'],
      ['2026年10月', '0'],
      ['2026年11月', '1'],
      ['合計', '1'],
    ]);
    const empty = (await agent.get('/console/figures?from=2026-09&to=2026-11&prefecture=47').expect(200))
      .text;
    expect(empty).toContain('<p id="postings-summary">この期間と地域の記録はありません（0件）。</p>');
  });

  it('takes the twelve months up to this one when no period is given', async () => {
    const { agent } = await secretariatAgent(context);
    const html = (await agent.get('/console/figures').expect(200)).text;
    expect(html).toContain('2026年1月から2026年12月まで、全国');
    expect(tableRows(html, 'postings')).toHaveLength(13);
  });

  it('refuses filters that are not a period or a prefecture with a 422, each message beside its field', async () => {
    const { agent } = await secretariatAgent(context);
    for (const [query, field, message] of [
      ['from=2026-13', 'from', '月を「2026-01」のように入力してください'],
      ['from=abc&to=2026-11', 'from', '月を「2026-01」のように入力してください'],
      ['from=2026-11&to=2026-09', 'to', '最後の月が最初の月より前になっています。'],
      ['from=2022-01&to=2026-11', 'to', '一度に集計できるのは36か月までです。'],
      ['prefecture=99', 'prefecture', '都道府県を一覧から選んでください。'],
      ['prefecture=<script>', 'prefecture', '都道府県を一覧から選んでください。'],
    ] as const) {
      const response = await agent.get(`/console/figures?${query}`);
      expect(response.status, query).toBe(422);
      expect(response.text).toContain(`id="f-${field}-error"`);
      expect(response.text).toContain(message);
      expect(response.text).not.toContain('<script>');
      expect(response.text).not.toContain('<section id="postings"');
      const csv = await agent.get(`/console/figures/postings.csv?${query}`);
      expect(csv.status, `csv ${query}`).toBe(422);
    }
    // Full-width digits and a slash are read as the same month.
    await agent.get('/console/figures?from=２０２６／０９&to=2026-11').expect(200);
  });
});

describe('the CSV of each table', () => {
  it('is UTF-8 with a byte-order mark and has the rows of the table on the page', async () => {
    await seedFixture();
    const { agent } = await secretariatAgent(context);
    const query = 'from=2026-09&to=2026-11&prefecture=13';
    const html = (await agent.get(`/console/figures?${query}`).expect(200)).text;
    for (const id of [
      'postings',
      'requests',
      'request-states',
      'done',
      'outcomes',
      'courses',
      'events',
      'event-outcomes',
    ]) {
      expect(html, id).toContain(`href="/console/figures/${id}.csv?${query.replaceAll('&', '&amp;')}"`);
      const response = await agent
        .get(`/console/figures/${id}.csv?${query}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="figures-${id}-2026-09-2026-11-13.csv"`,
      );
      const body = response.body as Buffer;
      expect([...body.subarray(0, 3)], id).toEqual([0xef, 0xbb, 0xbf]);
      const rows = csvRows(body.toString('utf8'));
      // Header, then exactly the table's rows and totals.
      expect(rows.slice(1), id).toEqual(tableRows(html, id));
      // Every request state has its column and its word, the school's unconfirmed expiry included.
      if (id === 'request-states') expect(rows[0]).toContain('学校の確認なしで期限切れ');
    }
  });
});
