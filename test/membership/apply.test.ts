import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  auditLogTable,
  mailOutboxTable,
  membershipsTable,
  organisationsTable,
  sessionsTable,
} from '../../src/db/schema/index.js';
import { useTestApp } from '../helpers/app.js';
import { createUser, latestMailTo, mailCount, postForm, signedInAgent } from '../helpers/auth.js';
import { createOrganisation } from '../helpers/factories.js';

const context = useTestApp({ SIGNIN_RATE_LIMIT_PER_IP: 1000 });

const db = () => context.database.db;

const application = {
  kind: 'coop',
  legalForm: 'workers_coop',
  name: '労働者協同組合みどりの里',
  nameKana: 'ミドリノサト',
  prefectureCode: '13',
  description: '高齢者の配食と、子ども食堂を運営しています。\n事業所は3か所です。',
  website: 'https://midori.example.jp',
  contactEmail: 'desk@midori.example.jp',
  contactPhone: '０３－１２３４－５６７８',
};

describe('参加申請 (applying to join)', () => {
  it('asks a signed-out person to sign in first, and comes back to the form', async () => {
    const response = await request(context.app.server).get('/organisations/apply').expect(303);
    expect(response.headers.location).toBe('/signin?next=%2Forganisations%2Fapply');
  });

  it('shows a labelled form with the purpose of use before submission', async () => {
    const agent = await signedInAgent(context, await createUser(db()));
    const html = (await agent.get('/organisations/apply').expect(200)).text;
    expect(html).toContain('入力いただいた情報の利用目的');
    for (const name of ['legalForm', 'name', 'nameKana', 'prefectureCode', 'description', 'contactEmail']) {
      expect(html).toContain(`<label for="f-${name}"`);
      expect(html).toContain(`id="f-${name}"`);
    }
    expect(html).toContain('<legend>団体の種類</legend>');
    // The secretariat is never applied for.
    expect(html).not.toContain('value="secretariat"');
  });

  it('is in English for an English reader', async () => {
    const agent = await signedInAgent(context, await createUser(db()));
    const html = (await agent.get('/organisations/apply').set('Cookie', 'lang=en').expect(200)).text;
    expect(html).toContain('Apply to join');
    expect(html).toContain('How we use what you enter');
    expect(html).toContain('Support organisation (counselors)');
  });

  it('creates a pending organisation with the applicant as admin, mails a receipt and records it', async () => {
    const user = await createUser(db(), { displayName: 'みどり' });
    const agent = await signedInAgent(context, user);
    const response = await postForm(agent, '/organisations/apply', application).expect(303);
    expect(response.headers.location).toBe('/organisations/applications?notice=applied');
    // Now staff: the session keeps working but gets the staff limits (30 min idle, 12 h at most).
    const [session] = await db().select().from(sessionsTable).where(eq(sessionsTable.userId, user.id));
    expect(session?.idleTimeoutSeconds).toBe(30 * 60);
    expect(session!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(12 * 60 * 60 * 1000);

    const [organisation] = await db().select().from(organisationsTable);
    expect(organisation).toMatchObject({
      kind: 'coop',
      legalForm: 'workers_coop',
      name: '労働者協同組合みどりの里',
      nameKana: 'みどりのさと',
      prefectureCode: '13',
      approvalState: 'pending',
      trusted: false,
      website: 'https://midori.example.jp',
      contactEmail: 'desk@midori.example.jp',
      contactPhone: '03-1234-5678',
    });
    expect(organisation?.description).toContain('\n事業所は3か所です。');
    const memberships = await db().select().from(membershipsTable);
    expect(memberships).toEqual([
      expect.objectContaining({ userId: user.id, organisationId: organisation?.id, role: 'admin' }),
    ]);
    const mail = await latestMailTo(db(), user.email);
    expect(mail?.subject).toBe('【よいしごとステーション】参加申請を受け付けました');
    expect(mail?.body).toContain('労働者協同組合みどりの里');
    expect(mail?.body).toContain('https://yoishigoto.example.jp/organisations/applications');
    const [entry] = await db().select().from(auditLogTable);
    expect(entry).toMatchObject({
      actorUserId: user.id,
      organisationId: organisation?.id,
      action: 'organisation.apply',
      subjectType: 'organisation',
      subjectId: organisation?.id,
    });

    const status = await agent.get('/organisations/applications?notice=applied').expect(200);
    expect(status.text).toContain('参加申請を受け付けました。');
    expect(status.text).toContain('労働者協同組合みどりの里');
    expect(status.text).toContain('審査中');
    // Not public until approved.
    await request(context.app.server).get(`/organisations/${organisation?.id}`).expect(404);
  });

  it('writes the receipt in the applicant’s language', async () => {
    const user = await createUser(db(), { locale: 'en' });
    const agent = await signedInAgent(context, user);
    await postForm(agent, '/organisations/apply', application).expect(303);
    expect((await latestMailTo(db(), user.email))?.subject).toBe(
      'Yoi Shigoto Station: your application was received',
    );
  });

  it('re-renders with each problem beside its field and keeps what was typed', async () => {
    const agent = await signedInAgent(context, await createUser(db()));
    const response = await postForm(agent, '/organisations/apply', {
      kind: 'secretariat',
      legalForm: '',
      name: '',
      nameKana: 'Midori',
      prefectureCode: '99',
      description: '',
      website: 'javascript:alert(1)',
      contactEmail: '',
      contactPhone: '',
    }).expect(422);
    const html = response.text;
    expect(html).toContain('id="f-kind-error"');
    expect(html).toContain('id="f-legalForm-error"');
    expect(html).toContain('id="f-name-error"');
    expect(html).toContain('id="f-nameKana-error"');
    expect(html).toContain('ひらがなかカタカナで入力してください（数字と「ー」「・」も使えます）。');
    expect(html).toContain('id="f-prefectureCode-error"');
    expect(html).toContain('id="f-description-error"');
    expect(html).toContain('https:// または http:// で始まるアドレスを入力してください。');
    expect(html).toContain('メールアドレスか電話番号の、どちらかを入力してください。');
    expect(html).toContain('value="Midori"');
    expect(html).toContain('aria-invalid="true"');
    expect(await db().select().from(organisationsTable)).toHaveLength(0);
    expect(await mailCount(db())).toBe(0);
  });

  it('checks the phone number when that is the only contact', async () => {
    const agent = await signedInAgent(context, await createUser(db()));
    const bad = await postForm(agent, '/organisations/apply', {
      ...application,
      contactEmail: '',
      contactPhone: '電話してね',
    }).expect(422);
    expect(bad.text).toContain('id="f-contactPhone-error"');
    await postForm(agent, '/organisations/apply', {
      ...application,
      contactEmail: '',
      contactPhone: '045-000-1111',
    }).expect(303);
  });

  it('creates one organisation when the form is sent twice at once', async () => {
    const user = await createUser(db());
    const agent = await signedInAgent(context, user);
    const responses = await Promise.all([
      postForm(agent, '/organisations/apply', application),
      postForm(agent, '/organisations/apply', application),
      postForm(agent, '/organisations/apply', application),
    ]);
    expect(responses.map((response) => response.status)).toEqual([303, 303, 303]);
    expect(await db().select().from(organisationsTable)).toHaveLength(1);
    expect(await db().select().from(membershipsTable)).toHaveLength(1);
    expect(await db().select().from(mailOutboxTable)).toHaveLength(1);
    expect(responses.map((response) => response.headers.location).sort()).toEqual([
      '/organisations/applications?notice=already_applied',
      '/organisations/applications?notice=already_applied',
      '/organisations/applications?notice=applied',
    ]);
  });

  it('lets the same person apply for two different organisations, up to a limit', async () => {
    const user = await createUser(db());
    const agent = await signedInAgent(context, user);
    for (let n = 1; n <= 5; n++) {
      await postForm(agent, '/organisations/apply', { ...application, name: `協同組合${n}` }).expect(303);
    }
    const refused = await postForm(agent, '/organisations/apply', {
      ...application,
      name: '協同組合6',
    }).expect(422);
    expect(refused.text).toContain('審査中の申請が多すぎます');
    expect(await db().select().from(organisationsTable)).toHaveLength(5);
  });

  it('lets someone whose application was declined apply again with the same name', async () => {
    const user = await createUser(db());
    const agent = await signedInAgent(context, user);
    await postForm(agent, '/organisations/apply', application).expect(303);
    await db()
      .update(organisationsTable)
      .set({ approvalState: 'declined', declineReason: '活動内容を詳しく書いてください。' });
    const status = await agent.get('/organisations/applications').expect(200);
    expect(status.text).toContain('承認されませんでした');
    expect(status.text).toContain('活動内容を詳しく書いてください。');
    const again = await postForm(agent, '/organisations/apply', application).expect(303);
    expect(again.headers.location).toBe('/organisations/applications?notice=applied');
    expect(
      await db().select().from(organisationsTable).where(eq(organisationsTable.approvalState, 'pending')),
    ).toHaveLength(1);
  });

  it('leaves the public organisation page alone: /organisations/apply is not an id', async () => {
    const organisation = await createOrganisation(db());
    await request(context.app.server).get(`/organisations/${organisation.id}`).expect(200);
    await request(context.app.server).get('/organisations/applications').expect(303);
  });

  it('refuses a cross-site POST', async () => {
    const agent = await signedInAgent(context, await createUser(db()));
    await agent
      .post('/organisations/apply')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send(application)
      .expect(403);
    expect(await db().select().from(organisationsTable)).toHaveLength(0);
  });
});
