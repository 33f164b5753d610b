import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { auditLogTable, jobPostingsTable } from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { municipalitiesOf } from '../../src/lib/regions.js';
import { useTestApp } from '../helpers/app.js';
import { addMembership, createUser, latestMailTo, postForm, signedInAgent } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createOrganisation } from '../helpers/factories.js';
import {
  auditActions,
  completePostingForm,
  coopStaff,
  createThroughForm,
  postingById,
  postingsOf,
  type Staff,
} from '../workspace/support.js';

const clock = new TestClock();
const db = () => context.database.db;
const today = () => todayInTokyo(clock.now());

const context = useTestApp({}, clock.now);

/** The search page lists postings under .results; a title is found when its link is there. */
async function searchFinds(q: string, title: string): Promise<boolean> {
  const response = await request(context.app.server)
    .get(`/jobs?q=${encodeURIComponent(q)}`)
    .expect(200);
  return response.text.includes(title);
}

describe('creating a posting', () => {
  it('saves an incomplete draft, and the form lists what publishing still needs', async () => {
    const staff = await coopStaff(context);
    const form = {
      formId: randomUUID(),
      title: '下書きの求人',
      field: 'office',
      employmentForm: 'part_time',
      contractType: 'indefinite',
      wageUnit: 'hour',
      workplaceId: String(staff.workplace.id),
      insuranceEmployment: 'yes',
      insuranceWorkersComp: 'yes',
      insuranceHealth: 'no',
      insurancePension: 'no',
      intent: 'save',
    };
    const response = await postForm(staff.agent, `${staff.base}/postings`, form).expect(303);
    const [posting] = await postingsOf(db(), staff.organisation.id);
    expect(posting?.status).toBe('draft');
    expect(response.headers.location).toBe(`${staff.base}/postings/${posting?.id}?notice=created`);
    expect((await auditActions(db(), posting?.id as number)).map((entry) => entry.action)).toEqual([
      'posting.create',
    ]);

    const page = await staff.agent.get(`${staff.base}/postings/${posting?.id}`).expect(200);
    expect(page.text).toContain('公開する前に、次の項目を直してください');
    expect(page.text).toContain('href="#f-duties"');
    expect(page.text).toContain('value="下書きの求人"');
    // Nothing half-written is public.
    await request(context.app.server).get(`/jobs/${posting?.id}`).expect(404);
  });

  it('asks even a draft for the choices the database cannot leave open, beside each field', async () => {
    const staff = await coopStaff(context);
    const response = await postForm(staff.agent, `${staff.base}/postings`, {
      formId: randomUUID(),
      title: '選んでいない下書き',
      workStart: '09:00',
      intent: 'save',
    }).expect(422);
    for (const field of [
      'field',
      'employmentForm',
      'contractType',
      'wageUnit',
      'insuranceHealth',
      'workplaceId',
      'workEnd',
    ])
      expect(response.text, field).toContain(`id="f-${field}-error"`);
    expect(response.text).toContain('value="選んでいない下書き"');
    expect(await postingsOf(db(), staff.organisation.id)).toHaveLength(0);
  });

  it('creates one posting when the same form is sent twice at once, and again later', async () => {
    const staff = await coopStaff(context);
    const form = completePostingForm(staff.workplace.id, { intent: 'save' });
    const responses = await Promise.all([
      postForm(staff.agent, `${staff.base}/postings`, form),
      postForm(staff.agent, `${staff.base}/postings`, form),
      postForm(staff.agent, `${staff.base}/postings`, form),
    ]);
    expect(responses.map((response) => response.status)).toEqual([303, 303, 303]);
    const postings = await postingsOf(db(), staff.organisation.id);
    expect(postings).toHaveLength(1);
    // Every answer leads to the one posting; a resend after a while (the back button) does too.
    for (const response of responses)
      expect(response.headers.location).toMatch(new RegExp(`/postings/${postings[0]?.id}\\?`));
    const later = await postForm(staff.agent, `${staff.base}/postings`, form).expect(303);
    expect(later.headers.location).toMatch(new RegExp(`/postings/${postings[0]?.id}\\?`));
    expect(await postingsOf(db(), staff.organisation.id)).toHaveLength(1);
    // A new form (new id) makes a new posting.
    await createThroughForm(staff, { intent: 'save' });
    expect(await postingsOf(db(), staff.organisation.id)).toHaveLength(2);
  });

  it('refuses a workplace of another organisation', async () => {
    const staff = await coopStaff(context);
    const other = await coopStaff(context);
    const response = await postForm(
      staff.agent,
      `${staff.base}/postings`,
      completePostingForm(other.workplace.id),
    ).expect(422);
    expect(response.text).toContain('id="f-workplaceId-error"');
    expect(await context.database.db.select().from(jobPostingsTable)).toHaveLength(0);
  });
});

describe('publishing rules', () => {
  const required: Array<[string, Record<string, string>]> = [
    ['duties', { duties: '' }],
    ['changeScope', { changeScope: '' }],
    ['contractType', { contractType: '' }],
    ['contractDetails', { contractType: 'fixed', contractDetails: '' }],
    ['workplaceId', { workplaceId: '' }],
    ['workStart', { workStart: '' }],
    ['workEnd', { workEnd: '' }],
    ['breakMinutes', { breakMinutes: '' }],
    ['weeklyHours', { weeklyHours: '' }],
    ['workDays', { workDays: '' }],
    ['daysOff', { daysOff: '' }],
    ['wageMin', { wageMin: '' }],
    ['wageUnit', { wageUnit: '' }],
    ['insuranceEmployment', { insuranceEmployment: '' }],
    ['insuranceWorkersComp', { insuranceWorkersComp: '' }],
    ['insuranceHealth', { insuranceHealth: '' }],
    ['insurancePension', { insurancePension: '' }],
    ['validThrough', { validThrough: '' }],
  ];

  it.each(required)('refuses to publish without %s, with the message beside it', async (field, blank) => {
    const staff = await coopStaff(context);
    const response = await postForm(
      staff.agent,
      `${staff.base}/postings`,
      completePostingForm(staff.workplace.id, blank),
    ).expect(422);
    expect(response.text).toContain(`id="f-${field}-error"`);
    expect(response.text).toContain(`href="#f-${field}"`);
    expect(response.text).toContain('このままでは公開できません');
    // What was typed is kept.
    expect(response.text).toContain('value="配食サービスの調理スタッフ"');
    expect(await postingsOf(db(), staff.organisation.id)).toHaveLength(0);
  });

  it('reports every problem of the form at once, in form order', async () => {
    const staff = await coopStaff(context);
    const response = await postForm(
      staff.agent,
      `${staff.base}/postings`,
      completePostingForm(staff.workplace.id, { workStart: '25:00', duties: '', requirements: '若い方' }),
    ).expect(422);
    const links = [...response.text.matchAll(/<li><a href="#f-(\w+)">/g)].map((match) => match[1]);
    expect(links).toEqual(['duties', 'workStart', 'requirements']);
    expect(response.text).toContain('時刻は「9:00」のように書いてください');
  });

  it('refuses to publish a saved draft that lacks days off, and leaves it a draft', async () => {
    const staff = await coopStaff(context);
    const id = await createThroughForm(staff, { daysOff: '', intent: 'save' });
    const response = await postForm(staff.agent, `${staff.base}/postings/${id}/publish`, {}).expect(422);
    expect(response.text).toContain('id="f-daysOff-error"');
    expect(response.text).toContain('休日を書いてください');
    expect((await postingById(db(), id)).status).toBe('draft');
    expect((await auditActions(db(), id)).map((entry) => entry.action)).toEqual(['posting.create']);
  });

  it('refuses age limits and forbidden questions, naming what was found beside the field', async () => {
    const staff = await coopStaff(context);
    const response = await postForm(
      staff.agent,
      `${staff.base}/postings`,
      completePostingForm(staff.workplace.id, {
        requirements: '35歳以下の方',
        duties: '調理です。面接で家族構成をお聞きします。',
        title: '若い方歓迎の調理スタッフ',
      }),
    ).expect(422);
    expect(response.text).toMatch(/id="f-requirements-error"[^>]*>[^<]*「35歳以下」/);
    expect(response.text).toMatch(/id="f-duties-error"[^>]*>[^<]*「家族構成」/);
    expect(response.text).toMatch(/id="f-title-error"[^>]*>[^<]*「若い方」/);
    expect(await postingsOf(db(), staff.organisation.id)).toHaveLength(0);

    // Saying who is welcome without limiting anyone is fine.
    await postForm(
      staff.agent,
      `${staff.base}/postings`,
      completePostingForm(staff.workplace.id, {
        requirements: '年齢不問。シニア歓迎。宗教・出身地は問いません。',
      }),
    ).expect(303);
    expect((await postingsOf(db(), staff.organisation.id))[0]?.status).toBe('published');
  });

  it('refuses a wage under the regional minimum wage and accepts one at it', async () => {
    // 大阪府: ¥1,177 from 2025-10-16 (the seeded FY2025 rates).
    const municipality = municipalitiesOf('27')[0]?.code as string;
    const staff = await coopStaff(context, {}, { prefectureCode: '27', municipalityCode: municipality });
    const under = await postForm(
      staff.agent,
      `${staff.base}/postings`,
      completePostingForm(staff.workplace.id, { wageMin: '1176', wageMax: '' }),
    ).expect(422);
    expect(under.text).toMatch(
      /id="f-wageMin-error"[^>]*>[^<]*大阪府の最低賃金（2025年10月16日から時給1,177円）/,
    );
    expect(await postingsOf(db(), staff.organisation.id)).toHaveLength(0);

    // A monthly wage is converted with the stated hours: 160,000 ÷ (37.5 × 52 ÷ 12) ≈ ¥984 an hour.
    const monthly = await postForm(
      staff.agent,
      `${staff.base}/postings`,
      completePostingForm(staff.workplace.id, {
        wageUnit: 'month',
        wageMin: '160000',
        wageMax: '',
        weeklyHours: '37.5',
      }),
    ).expect(422);
    expect(monthly.text).toContain('時給にすると984円');

    await postForm(
      staff.agent,
      `${staff.base}/postings`,
      completePostingForm(staff.workplace.id, { wageMin: '1177', wageMax: '' }),
    ).expect(303);
    const [posting] = await postingsOf(db(), staff.organisation.id);
    expect(posting?.status).toBe('published');
    expect(posting?.wageMin).toBe(1177);
  });
});

describe('who publishes directly', () => {
  it('publishes a trusted organisation’s posting at once', async () => {
    const staff = await coopStaff(context, { trusted: true });
    const id = await createThroughForm(staff);
    const posting = await postingById(db(), id);
    expect(posting.status).toBe('published');
    expect(posting.postedOn).toBe(today());
    expect((await auditActions(db(), id)).map((entry) => entry.action)).toEqual([
      'posting.create',
      'posting.publish',
    ]);
    await request(context.app.server).get(`/jobs/${id}`).expect(200);
  });

  it('sends an untrusted organisation’s posting to the secretariat’s review', async () => {
    const staff = await coopStaff(context, { trusted: false });
    const id = await createThroughForm(staff);
    expect((await postingById(db(), id)).status).toBe('in_review');
    const actions = await auditActions(db(), id);
    expect(actions.map((entry) => entry.action)).toEqual(['posting.create', 'posting.submit_for_review']);
    expect(actions.every((entry) => entry.actor === staff.user.id)).toBe(true);
    expect(await searchFinds('配食', '配食サービスの調理スタッフ')).toBe(false);

    // Publishing a saved draft takes the same way.
    const draft = await createThroughForm(staff, { intent: 'save', title: '下書きから確認へ' });
    await postForm(staff.agent, `${staff.base}/postings/${draft}/publish`, {}).expect(303);
    expect((await postingById(db(), draft)).status).toBe('in_review');
    const dashboard = await staff.agent.get(staff.base).expect(200);
    expect(dashboard.text).toContain('事務局の確認待ち（2）');
  });

  it('tells the secretariat by mail when a posting waits for review, and the console shows how long', async () => {
    const secretariat = await createOrganisation(db(), { kind: 'secretariat', name: '事務局' });
    const reviewer = await createUser(db(), { locale: 'en' });
    await addMembership(db(), reviewer.id, secretariat.id, 'admin');
    const staff = await coopStaff(context, { trusted: false, name: 'みなみ協同組合' });
    const trusted = await coopStaff(context, { trusted: true });
    await createThroughForm(trusted);
    expect(await latestMailTo(db(), reviewer.email)).toBeNull();

    const id = await createThroughForm(staff);
    const mail = await latestMailTo(db(), reviewer.email);
    expect(mail?.subject).toBe('Yoi Shigoto Station: a posting waits for review');
    expect(mail?.body).toContain(
      'みなみ協同組合 has sent the posting "配食サービスの調理スタッフ" for review.',
    );
    expect(mail?.body).toContain(`https://yoishigoto.example.jp/console/postings/${id}`);

    // Sent three days ago (updatedAt is when it was sent).
    await db()
      .update(jobPostingsTable)
      .set({ updatedAt: new Date(clock.now().getTime() - 3 * 86_400_000 - 60_000) })
      .where(eq(jobPostingsTable.id, id));
    const reviewerAgent = await signedInAgent(context, reviewer);
    const dashboard = await reviewerAgent.get('/console').expect(200);
    expect(dashboard.text).toContain('いちばん古い依頼は3日前');
  });

  it('shows the secretariat’s note on a posting sent back to draft', async () => {
    const staff = await coopStaff(context, { trusted: false });
    const id = await createThroughForm(staff);
    await db()
      .update(jobPostingsTable)
      .set({ status: 'draft', moderationNote: '仕事内容をもう少し詳しく書いてください' })
      .where(eq(jobPostingsTable.id, id));
    expect((await staff.agent.get(staff.base).expect(200)).text).toContain(
      '仕事内容をもう少し詳しく書いてください',
    );
    expect((await staff.agent.get(`${staff.base}/postings/${id}`).expect(200)).text).toContain(
      '仕事内容をもう少し詳しく書いてください',
    );
  });

  it('lets an organisation that is not approved save drafts but not publish', async () => {
    const staff = await coopStaff(context, { approvalState: 'pending', trusted: true });
    const dashboard = await staff.agent.get(staff.base).expect(200);
    expect(dashboard.text).toContain('参加申請は事務局の確認待ちです');
    const form = await staff.agent.get(`${staff.base}/postings/new`).expect(200);
    expect(form.text).not.toContain('name="intent" value="publish"');

    await postForm(staff.agent, `${staff.base}/postings`, completePostingForm(staff.workplace.id)).expect(
      403,
    );
    expect(await postingsOf(db(), staff.organisation.id)).toHaveLength(0);
    const id = await createThroughForm(staff, { intent: 'save' });
    await postForm(staff.agent, `${staff.base}/postings/${id}/publish`, {}).expect(403);
    await postForm(
      staff.agent,
      `${staff.base}/postings/${id}`,
      completePostingForm(staff.workplace.id),
    ).expect(403);
    expect((await postingById(db(), id)).status).toBe('draft');
  });
});

describe('maintaining a posting', () => {
  it('finds a published posting in search, and by its new title after an edit', async () => {
    const staff = await coopStaff(context);
    const id = await createThroughForm(staff, { title: 'とうふ工房の製造スタッフ' });
    expect(await searchFinds('とうふ工房', 'とうふ工房の製造スタッフ')).toBe(true);

    await postForm(
      staff.agent,
      `${staff.base}/postings/${id}`,
      completePostingForm(staff.workplace.id, { title: 'みそ蔵の仕込みスタッフ' }),
    ).expect(303);
    const posting = await postingById(db(), id);
    expect(posting.status).toBe('published');
    expect(await searchFinds('みそ蔵', 'みそ蔵の仕込みスタッフ')).toBe(true);
    expect(await searchFinds('とうふ工房', 'みそ蔵の仕込みスタッフ')).toBe(false);
    const update = (await auditActions(db(), id)).find((entry) => entry.action === 'posting.update');
    expect(update?.details).toEqual({ fields: ['title'] });

    // Saving it again unchanged writes and records nothing.
    await postForm(
      staff.agent,
      `${staff.base}/postings/${id}`,
      completePostingForm(staff.workplace.id, { title: 'みそ蔵の仕込みスタッフ' }),
    ).expect(303);
    expect((await auditActions(db(), id)).filter((entry) => entry.action === 'posting.update')).toHaveLength(
      1,
    );
  });

  it('keeps a published posting within the rules when it is edited', async () => {
    const staff = await coopStaff(context);
    const id = await createThroughForm(staff);
    const response = await postForm(
      staff.agent,
      `${staff.base}/postings/${id}`,
      completePostingForm(staff.workplace.id, { requirements: '20代の方', intent: 'save' }),
    ).expect(422);
    expect(response.text).toContain('id="f-requirements-error"');
    expect((await postingById(db(), id)).requirements).toBe('未経験の方も歓迎します');
  });

  it('sends an untrusted organisation’s edit of a published posting to review, keeping it public', async () => {
    const staff = await coopStaff(context, { trusted: false });
    const id = await createThroughForm(staff);
    await db().update(jobPostingsTable).set({ status: 'published' }).where(eq(jobPostingsTable.id, id));
    await postForm(
      staff.agent,
      `${staff.base}/postings/${id}`,
      completePostingForm(staff.workplace.id, { title: '書きかえた求人' }),
    ).expect(303);
    const posting = await postingById(db(), id);
    expect(posting).toMatchObject({ status: 'published', title: '配食サービスの調理スタッフ' });
    expect(posting.pendingRevision).toMatchObject({ state: 'in_review', fields: ['title'] });
  });

  it('closes, marks filled, duplicates and renews, auditing each', async () => {
    const staff = await coopStaff(context);
    const id = await createThroughForm(staff);

    await postForm(staff.agent, `${staff.base}/postings/${id}/close`, {}).expect(303);
    expect((await postingById(db(), id)).status).toBe('closed');
    // Pressed twice: still closed, one entry.
    await postForm(staff.agent, `${staff.base}/postings/${id}/close`, {}).expect(303);
    const page = await request(context.app.server).get(`/jobs/${id}`).expect(200);
    expect(page.text).toContain('この求人の募集は終了しました');
    // An ended posting is not edited but renewed or copied.
    await postForm(
      staff.agent,
      `${staff.base}/postings/${id}`,
      completePostingForm(staff.workplace.id),
    ).expect(409);

    await postForm(staff.agent, `${staff.base}/postings/${id}/fill`, {}).expect(303);
    expect((await postingById(db(), id)).status).toBe('filled');

    const formId = randomUUID();
    const copied = await postForm(staff.agent, `${staff.base}/postings/${id}/duplicate`, { formId }).expect(
      303,
    );
    await postForm(staff.agent, `${staff.base}/postings/${id}/duplicate`, { formId }).expect(303);
    const copyId = Number(String(copied.headers.location).match(/postings\/(\d+)/)?.[1]);
    const copy = await postingById(db(), copyId);
    expect(copy.status).toBe('draft');
    expect(copy.title).toBe('配食サービスの調理スタッフ（コピー）');
    expect(copy.duties).toBe('高齢の方へのお弁当づくりと盛り付け、配達の準備');
    expect(await postingsOf(db(), staff.organisation.id)).toHaveLength(2);

    // Days later (a new sign-in: staff sessions time out), the posting is opened again from today.
    clock.advance(3 * 24 * 60 * 60);
    const agent = await signedInAgent(context, staff.user);
    const validThrough = addDays(today(), 45);
    const renewedResponse = await postForm(agent, `${staff.base}/postings/${id}/renew`, {
      validThrough,
    }).expect(303);
    expect(renewedResponse.headers.location).toBe(`${staff.base}/postings/${id}?notice=renewed`);
    const renewed = await postingById(db(), id);
    expect(renewed.status).toBe('published');
    expect(renewed.postedOn).toBe(today());
    expect(renewed.validThrough).toBe(validThrough);

    expect((await auditActions(db(), id)).map((entry) => entry.action)).toEqual([
      'posting.create',
      'posting.publish',
      'posting.close',
      'posting.fill',
      'posting.renew',
    ]);
    expect((await auditActions(db(), copyId)).map((entry) => entry.action)).toEqual(['posting.duplicate']);
  });

  it('renews through the publishing rules: a closing date too far away is refused', async () => {
    const staff = await coopStaff(context);
    const id = await createThroughForm(staff);
    await postForm(staff.agent, `${staff.base}/postings/${id}/close`, {}).expect(303);
    const response = await postForm(staff.agent, `${staff.base}/postings/${id}/renew`, {
      validThrough: addDays(today(), 200),
    }).expect(422);
    expect(response.text).toContain('id="f-validThrough-error"');
    expect((await postingById(db(), id)).status).toBe('closed');

    // The renew form carries the whole posting: content can be corrected on the way back.
    const form = await staff.agent.get(`${staff.base}/postings/${id}/renew`).expect(200);
    expect(form.text).toContain('value="配食サービスの調理スタッフ"');
    await postForm(
      staff.agent,
      `${staff.base}/postings/${id}/renew`,
      completePostingForm(staff.workplace.id, { wageMin: '1400', wageMax: '1500' }),
    ).expect(303);
    const renewed = await postingById(db(), id);
    expect(renewed.status).toBe('published');
    expect(renewed.wageMin).toBe(1400);
  });

  it('previews a draft as the public page, marked as a preview and not indexed', async () => {
    const staff = await coopStaff(context);
    const id = await createThroughForm(staff, { intent: 'save', title: 'プレビューの求人' });
    const response = await staff.agent.get(`${staff.base}/postings/${id}/preview`).expect(200);
    expect(response.headers['x-robots-tag']).toContain('noindex');
    expect(response.text).toContain('<meta name="robots" content="noindex">');
    expect(response.text).toContain('プレビュー：公開されたときの見え方です。いまの状態は「下書き」です。');
    expect(response.text).toContain('<h1>プレビューの求人</h1>');
    expect(response.text).toContain('仕事内容・就業場所の変更の範囲');
    expect(response.text).not.toContain('application/ld+json');
  });
});

describe('another organisation’s records', () => {
  async function twoCoops(): Promise<{ a: Staff; b: Staff; bPosting: number }> {
    const a = await coopStaff(context);
    const b = await coopStaff(context);
    const bPosting = await createThroughForm(b);
    return { a, b, bPosting };
  }

  it('answer 404 to staff of another organisation and change nothing', async () => {
    const { a, b, bPosting } = await twoCoops();
    const before = await postingById(db(), bPosting);
    const auditBefore = await db().select().from(auditLogTable);

    for (const path of [
      b.base,
      `${b.base}/profile`,
      `${b.base}/workplaces`,
      `${b.base}/workplaces/${b.workplace.id}`,
      `${b.base}/postings/new`,
      `${b.base}/postings/${bPosting}`,
      `${b.base}/postings/${bPosting}/preview`,
      `${b.base}/postings/${bPosting}/renew`,
      // B's records under A's own workspace address.
      `${a.base}/postings/${bPosting}`,
      `${a.base}/postings/${bPosting}/preview`,
      `${a.base}/workplaces/${b.workplace.id}`,
    ])
      await a.agent.get(path).expect(404);

    const form = completePostingForm(b.workplace.id, { title: '乗っ取り' });
    for (const [path, body] of [
      [`${b.base}/profile`, { name: '乗っ取り', nameKana: 'のっとり' }],
      [`${b.base}/governance`, { memberCount: '1' }],
      [`${b.base}/workplaces`, { name: 'x' }],
      [`${b.base}/workplaces/${b.workplace.id}`, { name: '乗っ取り' }],
      [`${b.base}/postings`, form],
      [`${b.base}/postings/${bPosting}`, form],
      [`${b.base}/postings/${bPosting}/publish`, {}],
      [`${b.base}/postings/${bPosting}/close`, {}],
      [`${b.base}/postings/${bPosting}/fill`, {}],
      [`${b.base}/postings/${bPosting}/duplicate`, {}],
      [`${b.base}/postings/${bPosting}/renew`, { validThrough: addDays(today(), 20) }],
      [`${a.base}/postings/${bPosting}`, form],
      [`${a.base}/postings/${bPosting}/close`, {}],
      [`${a.base}/postings/${bPosting}/fill`, {}],
      [`${a.base}/postings/${bPosting}/duplicate`, {}],
      [`${a.base}/postings/${bPosting}/renew`, { validThrough: addDays(today(), 20) }],
      [`${a.base}/workplaces/${b.workplace.id}`, { name: '乗っ取り' }],
    ] as const)
      await postForm(a.agent, path, body as Record<string, string>).expect(404);

    expect(await postingById(db(), bPosting)).toEqual(before);
    expect(await postingsOf(db(), b.organisation.id)).toHaveLength(1);
    expect(await postingsOf(db(), a.organisation.id)).toHaveLength(0);
    expect(await db().select().from(auditLogTable)).toEqual(auditBefore);
  });

  it('sends a signed-out person to sign in', async () => {
    const { b } = await twoCoops();
    const response = await request(context.app.server).get(b.base).expect(303);
    expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(b.base)}`);
  });
});
