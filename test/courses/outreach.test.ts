import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { coursesTable, outreachRequestsTable } from '../../src/db/schema/index.js';
import { useTestApp } from '../helpers/app.js';
import { mailCount, postForm } from '../helpers/auth.js';
import { secretariatAdmin } from '../helpers/roles.js';
import { auditActions, formId, linkToken, mailsTo } from './support.js';

const context = useTestApp();
const db = () => context.database.db;
const visitor = () => request(context.app.server);

function requestForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    formId: formId(),
    groupName: 'みなと高等学校 進路指導部',
    contactName: '進路の田中',
    contactEmail: 'career@minato-high.example.jp',
    topic: '協同労働という働き方',
    audience: '高校2年生',
    audienceSize: '１２０人',
    preferredDates: '1月の火曜日の午後',
    venue: 'みなと高校 体育館',
    prefectureCode: '14',
    notes: '',
    ...overrides,
  };
}

/** Sends a request as a school and returns the token of the page that follows it. */
async function askAsSchool(overrides: Record<string, string> = {}) {
  const sent = await postForm(visitor(), '/courses/requests', requestForm(overrides)).expect(303);
  return linkToken(String(sent.headers.location), '/courses/requests/status');
}

describe('a school asks for an outreach course', () => {
  it('shows the purpose above the submit, takes the request, mails the link, and the school can follow it', async () => {
    const form = await visitor().get('/courses/requests/new').expect(200);
    expect(form.text.indexOf('個人情報の利用目的')).toBeLessThan(form.text.indexOf('依頼を送る</button>'));
    const token = await askAsSchool();
    const status = await visitor().get(`/courses/requests/status?token=${token}&notice=sent`).expect(200);
    expect(status.text).toContain('事務局が確かめています');
    expect(status.text).toContain('120人');
    const [mail] = await mailsTo(db(), 'career@minato-high.example.jp');
    expect(linkToken(mail!.body, '/courses/requests/status')).toBe(token);
    expect(await auditActions(db(), 'outreach.submit')).toHaveLength(1);
    await visitor().get('/courses/requests/status?token=not-a-real-token-at-all').expect(404);
  });

  it('re-renders a refused request at 422 with what was typed, and a double submit makes one request', async () => {
    const refused = await postForm(
      visitor(),
      '/courses/requests',
      requestForm({ contactEmail: 'nope', audienceSize: '0', topic: '' }),
    ).expect(422);
    expect(refused.text).toContain('みなと高等学校 進路指導部');
    expect(refused.text).toContain('人数は1人から2,000人までの整数で入力してください。');
    expect(refused.text).toContain('id="f-topic-error"');
    expect(await mailCount(db())).toBe(0);

    const form = requestForm();
    await postForm(visitor(), '/courses/requests', form).expect(303);
    await postForm(visitor(), '/courses/requests', form).expect(200);
    expect(await db().select().from(outreachRequestsTable)).toHaveLength(1);
    expect(await mailCount(db())).toBe(1);
  });
});

describe('the secretariat answers', () => {
  it('accepts: a draft course prefilled from the request, the school is told and sees it accepted', async () => {
    const token = await askAsSchool();
    const { agent, secretariat } = await secretariatAdmin(context);
    const list = await agent.get('/console/outreach').expect(200);
    expect(list.text).toContain('みなと高等学校 進路指導部');
    const [row] = await db().select().from(outreachRequestsTable);
    const page = await agent.get(`/console/outreach/${row!.id}`).expect(200);
    expect(page.text).toContain('career@minato-high.example.jp');
    expect(await auditActions(db(), 'outreach.view')).toHaveLength(1);

    const accepted = await postForm(agent, `/console/outreach/${row!.id}/accept`, {}).expect(303);
    const [course] = await db().select().from(coursesTable);
    expect(accepted.headers.location).toBe(`/console/courses/${course!.id}?notice=created`);
    expect(course).toMatchObject({
      organisationId: secretariat.id,
      status: 'draft',
      type: 'outreach',
      title: '協同労働という働き方',
      capacity: 120,
      prefectureCode: '14',
      outreachRequestId: row!.id,
    });
    expect((await agent.get(`/console/courses/${course!.id}`).expect(200)).text).toContain(
      '協同労働という働き方',
    );
    const mails = await mailsTo(db(), 'career@minato-high.example.jp');
    expect(mails.at(-1)?.subject).toBe(
      '【よいしごとステーション】出前講座・寄付講座のご依頼をお受けしました',
    );
    expect((await visitor().get(`/courses/requests/status?token=${token}`)).text).toContain('お受けしました');
    // Answering twice is refused and makes no second course.
    await postForm(agent, `/console/outreach/${row!.id}/accept`, {}).expect(409);
    expect(await db().select().from(coursesTable)).toHaveLength(1);
  });

  it('declines with a reason the school reads in the mail and on its page; a reason is required', async () => {
    const token = await askAsSchool();
    const { agent } = await secretariatAdmin(context);
    const [row] = await db().select().from(outreachRequestsTable);
    const missing = await postForm(agent, `/console/outreach/${row!.id}/decline`, { reason: ' ' }).expect(
      422,
    );
    expect(missing.text).toContain('id="f-reason-error"');
    await postForm(agent, `/console/outreach/${row!.id}/decline`, {
      reason: 'ご希望の日程に講師の都合がつきませんでした。',
    }).expect(303);
    const mail = (await mailsTo(db(), 'career@minato-high.example.jp')).at(-1);
    expect(mail?.body).toContain('ご希望の日程に講師の都合がつきませんでした。');
    const status = await visitor().get(`/courses/requests/status?token=${token}`).expect(200);
    expect(status.text).toContain('お断りしました');
    expect(status.text).toContain('ご希望の日程に講師の都合がつきませんでした。');
    expect(await db().select().from(coursesTable)).toHaveLength(0);
  });
});
