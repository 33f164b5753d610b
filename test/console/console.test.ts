import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { auditLogTable, mailOutboxTable, organisationsTable } from '../../src/db/schema/index.js';
import { useTestApp } from '../helpers/app.js';
import { addMembership, createUser, latestMailTo, postForm, signedInAgent } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createCoopWithWorkplace, createOrganisation, createPosting } from '../helpers/factories.js';
import { secretariatAdmin } from '../helpers/roles.js';

const clock = new TestClock();

const context = useTestApp({ SIGNIN_RATE_LIMIT_PER_IP: 1000 }, clock.now);

const db = () => context.database.db;

const secretariatAgent = () => secretariatAdmin(context);

/** An application as the apply form makes it: pending, with the applicant as admin. */
async function pendingApplication(locale: 'ja' | 'en' = 'ja') {
  const applicant = await createUser(db(), { locale, displayName: '申請者' });
  const agent = await signedInAgent(context, applicant);
  await postForm(agent, '/organisations/apply', {
    kind: 'coop',
    legalForm: 'workers_coop',
    name: '労働者協同組合ひまわり',
    nameKana: 'ひまわり',
    prefectureCode: '27',
    description: '子ども食堂と配食をしています。',
    contactEmail: 'desk@himawari.example.jp',
  }).expect(303);
  const [organisation] = await db()
    .select()
    .from(organisationsTable)
    .where(eq(organisationsTable.name, '労働者協同組合ひまわり'));
  return { applicant, agent, organisation: organisation! };
}

describe('who may use the console', () => {
  it('sends a signed-out person to sign in and refuses everyone but the secretariat', async () => {
    const signedOut = await request(context.app.server).get('/console').expect(303);
    expect(signedOut.headers.location).toBe('/signin?next=%2Fconsole');

    const seeker = await createUser(db());
    await (await signedInAgent(context, seeker)).get('/console').expect(403);

    const coop = await createOrganisation(db());
    const coopAdmin = await createUser(db());
    await addMembership(db(), coopAdmin.id, coop.id, 'admin');
    const coopAgent = await signedInAgent(context, coopAdmin);
    for (const path of ['/console', '/console/organisations', '/console/users', '/console/audit']) {
      await coopAgent.get(path).expect(403);
    }

    // A secretariat organisation that is not approved grants nothing.
    const fake = await createOrganisation(db(), { kind: 'secretariat', approvalState: 'pending' });
    const pretender = await createUser(db());
    await addMembership(db(), pretender.id, fake.id, 'admin');
    await (await signedInAgent(context, pretender)).get('/console').expect(403);

    const { agent } = await secretariatAgent();
    const dashboard = await agent.get('/console').expect(200);
    expect(dashboard.text).toContain('事務局ダッシュボード');
    expect(dashboard.headers['cache-control']).toBe('no-store');
  });
});

describe('organisations to approve', () => {
  it('approves an application: the applicant is told in their language, and the co-op becomes public', async () => {
    const { staff, agent } = await secretariatAgent();
    const { applicant, organisation } = await pendingApplication('en');

    const dashboard = await agent.get('/console').expect(200);
    expect(dashboard.text).toMatch(/審査待ちの参加申請<\/a><\/dt><dd><strong>1件/);
    const list = await agent.get('/console/organisations').expect(200);
    expect(list.text).toContain('労働者協同組合ひまわり');
    const detail = await agent.get(`/console/organisations/${organisation.id}`).expect(200);
    expect(detail.text).toContain('desk@himawari.example.jp');
    expect(detail.text).toContain(applicant.email);
    expect(detail.text).toContain('<label for="f-reason"');

    await postForm(agent, `/console/organisations/${organisation.id}/approve`, { trusted: '1' })
      .expect(303)
      .expect('location', '/console/organisations?notice=approved');
    const [approved] = await db()
      .select()
      .from(organisationsTable)
      .where(eq(organisationsTable.id, organisation.id));
    expect(approved).toMatchObject({ approvalState: 'approved', trusted: true, declineReason: null });
    const mail = await latestMailTo(db(), applicant.email);
    expect(mail?.subject).toBe('Yoi Shigoto Station: your application was approved');
    expect(mail?.body).toContain(`https://yoishigoto.example.jp/workspace/${organisation.id}`);
    const [entry] = await db()
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'organisation.approve'));
    expect(entry).toMatchObject({
      actorUserId: staff.id,
      organisationId: organisation.id,
      subjectType: 'organisation',
      subjectId: organisation.id,
      details: { trusted: true },
    });
    await request(context.app.server).get(`/organisations/${organisation.id}`).expect(200);

    // Deciding twice: the second finds it already decided and changes nothing.
    const mails = (await db().select().from(mailOutboxTable)).length;
    const again = await postForm(agent, `/console/organisations/${organisation.id}/decline`, {
      reason: '遅れて届いた判断',
    }).expect(409);
    expect(again.text).toContain('この申請は、すでにほかの人が対応しました。');
    expect((await db().select().from(mailOutboxTable)).length).toBe(mails);
  });

  it('declines with a required reason, which is mailed and shown to the applicant', async () => {
    const { agent } = await secretariatAgent();
    const { applicant, agent: applicantAgent, organisation } = await pendingApplication();

    const missing = await postForm(agent, `/console/organisations/${organisation.id}/decline`, {
      reason: '  ',
    }).expect(422);
    expect(missing.text).toContain('id="f-reason-error"');
    expect(missing.text).toContain('入力してください。');

    await postForm(agent, `/console/organisations/${organisation.id}/decline`, {
      reason: '活動の内容がわかりません。\n事業所の所在地を書いてください。',
    })
      .expect(303)
      .expect('location', '/console/organisations?notice=declined');
    const [declined] = await db()
      .select()
      .from(organisationsTable)
      .where(eq(organisationsTable.id, organisation.id));
    expect(declined?.approvalState).toBe('declined');
    const mail = await latestMailTo(db(), applicant.email);
    expect(mail?.subject).toBe('【よいしごとステーション】参加申請の結果について');
    expect(mail?.body).toContain('活動の内容がわかりません。\n事業所の所在地を書いてください。');
    const status = await applicantAgent.get('/organisations/applications').expect(200);
    expect(status.text).toContain('承認されませんでした');
    expect(status.text).toContain('活動の内容がわかりません。<br>事業所の所在地を書いてください。');
    expect(
      await db().select().from(auditLogTable).where(eq(auditLogTable.action, 'organisation.decline')),
    ).toHaveLength(1);
    await request(context.app.server).get(`/organisations/${organisation.id}`).expect(404);
  });

  it('mails every admin of the organisation', async () => {
    const { agent } = await secretariatAgent();
    const { organisation } = await pendingApplication();
    const second = await createUser(db());
    await addMembership(db(), second.id, organisation.id, 'admin');
    const member = await createUser(db());
    await addMembership(db(), member.id, organisation.id, 'member');
    await postForm(agent, `/console/organisations/${organisation.id}/approve`, {}).expect(303);
    expect((await latestMailTo(db(), second.email))?.subject).toContain('承認されました');
    expect(await latestMailTo(db(), member.email)).toBeNull();
  });

  it('lets the secretariat trust an approved co-op, or stop trusting it', async () => {
    const { staff, agent } = await secretariatAgent();
    const coop = await createOrganisation(db(), { name: '信頼の協同組合' });
    await postForm(agent, `/console/organisations/${coop.id}/trust`, { trusted: '1' })
      .expect(303)
      .expect('location', `/console/organisations/${coop.id}?notice=trust_changed`);
    expect(
      (await db().select().from(organisationsTable).where(eq(organisationsTable.id, coop.id)))[0]?.trusted,
    ).toBe(true);
    await postForm(agent, `/console/organisations/${coop.id}/trust`, {}).expect(303);
    expect(
      (await db().select().from(organisationsTable).where(eq(organisationsTable.id, coop.id)))[0]?.trusted,
    ).toBe(false);
    const entries = await db()
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'organisation.trust'));
    expect(entries.map((entry) => entry.details)).toEqual([{ trusted: true }, { trusted: false }]);
    expect(entries[0]?.actorUserId).toBe(staff.id);

    const { organisation: pending } = await pendingApplication();
    await postForm(agent, `/console/organisations/${pending.id}/trust`, { trusted: '1' }).expect(409);
  });

  it('lists by status and answers 404 for an organisation that does not exist', async () => {
    const { agent } = await secretariatAgent();
    await createOrganisation(db(), { name: '承認済みの団体', approvalState: 'approved' });
    await createOrganisation(db(), { name: '不承認の団体', approvalState: 'declined', declineReason: 'x' });
    const declined = await agent.get('/console/organisations?state=declined').expect(200);
    expect(declined.text).toContain('不承認の団体');
    expect(declined.text).not.toContain('承認済みの団体');
    const pending = await agent.get('/console/organisations?state=nonsense').expect(200);
    expect(pending.text).toContain('この状態の団体はありません。');
    await agent.get('/console/organisations/999999').expect(404);
    await postForm(agent, '/console/organisations/999999/approve', {}).expect(404);
    await agent.get('/console/organisations/abc').expect(404);
  });
});

describe('users and the audit log', () => {
  it('lists people with their organisations, page by page, and records that it was looked at', async () => {
    const { staff, agent } = await secretariatAgent();
    const coop = await createOrganisation(db(), { name: '所属の協同組合' });
    const member = await createUser(db(), { displayName: '所属のある人', email: 'member-x@example.jp' });
    await addMembership(db(), member.id, coop.id, 'member');
    for (let n = 0; n < 55; n++) await createUser(db(), { displayName: `求職者${n}` });

    const first = await agent.get('/console/users').expect(200);
    expect(first.text).toContain('57人');
    expect(first.text).toContain('rel="next"');
    expect((first.text.match(/<th scope="row">/g) ?? []).length).toBe(50);
    const second = await agent.get('/console/users?page=2').expect(200);
    expect((second.text.match(/<th scope="row">/g) ?? []).length).toBe(7);

    const found = await agent.get('/console/users?q=MEMBER-X').expect(200);
    expect(found.text).toContain('1人');
    expect(found.text).toContain('所属のある人');
    expect(found.text).toContain('所属の協同組合');
    // A search for a LIKE wildcard is a literal search.
    expect((await agent.get('/console/users?q=%25').expect(200)).text).toContain('0人');

    const views = await db()
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'console.users_view'));
    expect(views).toHaveLength(4);
    expect(views[0]).toMatchObject({ actorUserId: staff.id });
    // The search words (possibly an address) are not kept.
    expect(JSON.stringify(views.map((view) => view.details))).not.toContain('member-x');
  });

  it('shows who did what, when, to which organisation, newest first and paged', async () => {
    const { agent } = await secretariatAgent();
    const { organisation } = await pendingApplication();
    await postForm(agent, `/console/organisations/${organisation.id}/approve`, {}).expect(303);
    const page = await agent.get('/console/audit').expect(200);
    const html = page.text;
    expect(html).toContain('参加を承認');
    expect(html).toContain('参加を申請');
    expect(html).toContain('事務局のやまだ');
    expect(html).toContain('申請者');
    expect(html).toContain('労働者協同組合ひまわり');
    expect(html.indexOf('参加を承認')).toBeLessThan(html.indexOf('>参加を申請<'));
    expect(html).toContain(`href="/console/organisations/${organisation.id}"`);

    for (let n = 0; n < 60; n++) {
      await db().insert(auditLogTable).values({
        at: clock.now(),
        actorUserId: null,
        action: 'test.entry',
        subjectType: 'test',
      });
    }
    const second = await agent.get('/console/audit?page=2').expect(200);
    expect(second.text).toContain('aria-current="page"');
    expect((second.text.match(/<time /g) ?? []).length).toBe(12);
  });
});

describe('in English', () => {
  it('renders every console page', async () => {
    const { agent } = await secretariatAgent();
    const { organisation } = await pendingApplication('en');
    const { workplace } = await createCoopWithWorkplace(db());
    const posting = await createPosting(db(), workplace.id, { status: 'in_review' });
    for (const path of [
      '/console',
      '/console/organisations',
      `/console/organisations/${organisation.id}`,
      '/console/postings',
      `/console/postings/${posting.id}`,
      '/console/users',
      '/console/audit',
    ]) {
      const response = await agent.get(path).set('Cookie', 'lang=en').expect(200);
      expect(response.text, path).toContain('<html lang="en">');
      expect(response.text, path).toContain('Secretariat menu');
    }
  });
});
