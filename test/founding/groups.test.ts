import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { auditLogTable, foundingGroupsTable } from '../../src/db/schema/index.js';
import { stageChecklists } from '../../src/modules/founding/founding.rules.js';
import { mailsTo } from '../courses/support.js';
import { TEST_ORIGIN, useTestApp } from '../helpers/app.js';
import { addMembership, createUser, postForm, signedInAgent } from '../helpers/auth.js';
import { createOrganisation } from '../helpers/factories.js';
import { secretariatAdmin } from '../helpers/roles.js';
import { formId, groupForm, groupsIn, jobCreationEnrolment, membersOf } from './support.js';

const context = useTestApp();
const db = () => context.database.db;

type Agent = Awaited<ReturnType<typeof signedInAgent>>;

async function person(displayName = '仕事おこしの人') {
  const user = await createUser(db(), { displayName });
  return { user, agent: await signedInAgent(context, user) };
}

/** A group asked for by a new person; returns its id and the asker. */
async function askedGroup(overrides: Record<string, string> = {}) {
  const asker = await person('あきこ');
  const response = await postForm(asker.agent, '/account/founding', groupForm(overrides)).expect(303);
  const groupId = Number(
    String(response.headers.location).match(/^\/founding\/(\d+)\?notice=requested$/)?.[1],
  );
  expect(groupId).toBeGreaterThan(0);
  return { groupId, ...asker };
}

async function tickAll(agent: Agent, groupId: number, stage: keyof typeof stageChecklists) {
  await agent
    .post(`/founding/${groupId}/checklist`)
    .set('Origin', TEST_ORIGIN)
    .type('form')
    .send(`stage=${stage}&${stageChecklists[stage].map((item) => `done=${item}`).join('&')}`)
    .expect(303);
}

const move = (agent: Agent, groupId: number, to: string) =>
  postForm(agent, `/founding/${groupId}/stage`, { to });

describe('asking for accompaniment from a 仕事おこし講座', () => {
  it('starts a 相談 group from the private enrolment link, with the asker as its first founder', async () => {
    const { user, agent } = await person('受講したさくら');
    const { manageToken, enrolment } = await jobCreationEnrolment(db(), null);
    // The private enrolment page offers it; the form names the course.
    const enrolmentPage = await request(context.app.server)
      .get(`/courses/enrolment?token=${manageToken}`)
      .expect(200);
    expect(enrolmentPage.text).toContain(`/account/founding/new?token=${manageToken}`);
    const form = await agent.get(`/account/founding/new?token=${manageToken}`).expect(200);
    expect(form.text).toContain('仕事おこし講座 入門');
    expect(form.text).toContain('個人情報の利用目的');

    const sent = groupForm({ enrolmentToken: manageToken });
    await postForm(agent, '/account/founding', sent).expect(303);
    // The same form again (a double submit) makes no second group.
    const again = await postForm(agent, '/account/founding', sent).expect(303);
    const groups = await groupsIn(db());
    expect(groups).toHaveLength(1);
    const group = groups[0]!;
    expect(again.headers.location).toBe(`/founding/${group.id}?notice=requested`);
    expect(group.stage).toBe('consultation');
    expect(group.courseEnrolmentId).toBe(enrolment.id);
    expect(group.supporterUserId).toBeNull();
    expect((await membersOf(db(), group.id)).map((m) => [m.userId, m.founder])).toEqual([[user.id, true]]);
    expect(await mailsTo(db(), user.email)).toHaveLength(1);

    const page = await agent.get(`/founding/${group.id}`).expect(200);
    expect(page.text).toContain('事務局が支援者を決めています');
    expect(page.text).toContain('仕事おこし講座 入門');
  });

  it('starts one from the account’s own enrolment, listed on /account/courses', async () => {
    const { user, agent } = await person();
    const { enrolment } = await jobCreationEnrolment(db(), user.id, user.email);
    const courses = await agent.get('/account/courses').expect(200);
    expect(courses.text).toContain(`/account/founding/new?enrolmentId=${enrolment.id}`);
    await postForm(agent, '/account/founding', groupForm({ enrolmentId: String(enrolment.id) })).expect(303);
    expect((await groupsIn(db()))[0]?.courseEnrolmentId).toBe(enrolment.id);
  });

  it('does not tie a group to another person’s enrolment by its id', async () => {
    const other = await createUser(db());
    const { enrolment } = await jobCreationEnrolment(db(), other.id, other.email);
    const { agent } = await person();
    await postForm(agent, '/account/founding', groupForm({ enrolmentId: String(enrolment.id) })).expect(303);
    expect((await groupsIn(db()))[0]?.courseEnrolmentId).toBeNull();
  });

  it('shows the form again with a message beside each missing field', async () => {
    const { agent } = await person();
    const response = await postForm(
      agent,
      '/account/founding',
      groupForm({ name: '', field: 'x', idea: '' }),
    ).expect(422);
    expect(response.text).toContain('id="f-name-error"');
    expect(response.text).toContain('事業の分野を選んでください。');
    expect(response.text).toContain('id="f-idea-error"');
    expect(response.text).toContain('value="13" selected');
    expect(await groupsIn(db())).toHaveLength(0);
  });
});

describe('who sees a group', () => {
  it('is its members and its supporter; anyone else gets 404, and the supporter’s and secretariat’s views are audited', async () => {
    const { groupId, agent: member } = await askedGroup();
    await member.get(`/founding/${groupId}`).expect(200);
    const stranger = await person('通りがかり');
    await stranger.agent.get(`/founding/${groupId}`).expect(404);
    await postForm(stranger.agent, `/founding/${groupId}/stage`, { to: 'preparatory_meeting' }).expect(404);
    await postForm(stranger.agent, `/founding/${groupId}/members`, { memberName: '勝手な記録' }).expect(404);
    // Another co-op's staff is a stranger too.
    const coop = await createOrganisation(db(), { name: '別の協同組合' });
    const coopStaff = await person('別の協同組合の職員');
    await addMembership(db(), coopStaff.user.id, coop.id, 'admin');
    await coopStaff.agent.get(`/founding/${groupId}`).expect(404);
    await request(context.app.server).get(`/founding/${groupId}`).expect(303);

    // The secretariat assigns a co-op's staff member as supporter; both are told.
    const { agent: console } = await secretariatAdmin(context);
    const supporterCoop = await createOrganisation(db(), { name: '伴走する協同組合' });
    const supporter = await person('伴走のたなか');
    await addMembership(db(), supporter.user.id, supporterCoop.id, 'member');
    const list = await console.get('/console/founding').expect(200);
    expect(list.text).toContain('みんなの食堂ワーカーズ');
    expect(list.text).toContain('未定');
    const show = await console.get(`/console/founding/${groupId}`).expect(200);
    expect(show.text).toContain(`value="${supporter.user.id}:${supporterCoop.id}"`);
    await postForm(console, `/console/founding/${groupId}/supporter`, {
      supporter: `${supporter.user.id}:${supporterCoop.id}`,
    }).expect(303);
    const [mail] = await mailsTo(db(), supporter.user.email);
    expect(mail?.body).toContain(`/founding/${groupId}`);

    const page = await supporter.agent.get(`/founding/${groupId}`).expect(200);
    expect(page.text).toContain('伴走のたなか');
    const views = await db()
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.action, 'founding.view'), eq(auditLogTable.subjectId, groupId)));
    expect(views.map((entry) => [entry.details.as, entry.actorUserId !== null])).toEqual([
      ['secretariat', true],
      ['supporter', true],
    ]);
    // A person who is not staff of an approved co-op or the secretariat cannot be made a supporter.
    await postForm(console, `/console/founding/${groupId}/supporter`, {
      supporter: `${stranger.user.id}:${coop.id}`,
    }).expect(409);
    await postForm(console, `/console/founding/${groupId}/supporter`, { supporter: 'nobody' }).expect(422);
    // Only the secretariat reaches the console.
    await member.get('/console/founding').expect(403);
    await supporter.agent.get(`/console/founding/${groupId}`).expect(403);
  });
});

describe('moving through the stages', () => {
  it('needs each stage’s checklist done, and three founders for 創立総会 (the message says so)', async () => {
    const { groupId, agent } = await askedGroup();
    // The checklist is open: the move is refused, with the count in words.
    const refused = await move(agent, groupId, 'preparatory_meeting').expect(409);
    expect(refused.text).toContain(
      `まだ終わっていない項目が${stageChecklists.consultation.length}件あります`,
    );
    // Skipping a stage is refused.
    await move(agent, groupId, 'business_plan').expect(409);

    await tickAll(agent, groupId, 'consultation');
    const page = await agent.get(`/founding/${groupId}`).expect(200);
    expect(page.text).toContain(`name="done" value="${stageChecklists.consultation[0]}" checked`);
    await move(agent, groupId, 'preparatory_meeting').expect(303);
    await tickAll(agent, groupId, 'preparatory_meeting');
    await move(agent, groupId, 'business_plan').expect(303);
    await tickAll(agent, groupId, 'business_plan');

    // Two founders (the asker and one recorded by name) are not enough for 創立総会.
    await postForm(agent, `/founding/${groupId}/members`, { memberName: '山田 花子', founder: '1' }).expect(
      303,
    );
    await postForm(agent, `/founding/${groupId}/members`, { memberName: '見学の人' }).expect(303);
    const tooFew = await move(agent, groupId, 'founding_assembly').expect(409);
    expect(tooFew.text).toContain('発起人が3人以上必要です（労働者協同組合法）。いまの発起人は2人です。');
    const [stillThere] = await db()
      .select()
      .from(foundingGroupsTable)
      .where(eq(foundingGroupsTable.id, groupId));
    expect(stillThere?.stage).toBe('business_plan');

    // A third founder joins by invitation, and the group moves on.
    await postForm(agent, `/founding/${groupId}/invitations`, { inviteEmail: 'third@example.jp' }).expect(
      303,
    );
    const [invite] = await mailsTo(db(), 'third@example.jp');
    const token = invite!.body.match(/\/founding\/invitations\/accept\?token=([A-Za-z0-9_-]+)/)?.[1];
    expect(token).toBeTruthy();
    const third = await person('三人目のさとう');
    const acceptPage = await third.agent.get(`/founding/invitations/accept?token=${token}`).expect(200);
    expect(acceptPage.text).toContain('みんなの食堂ワーカーズ');
    await postForm(third.agent, '/founding/invitations/accept', { token: token! }).expect(303);
    // The link is single use.
    await postForm(third.agent, '/founding/invitations/accept', { token: token! }).expect(404);
    await third.agent.get(`/founding/${groupId}`).expect(200);
    await move(agent, groupId, 'founding_assembly').expect(303);

    // At 創立総会 a founder cannot be removed below three.
    const founders = (await membersOf(db(), groupId)).filter((m) => m.founder && m.userId === null);
    const removal = await postForm(
      agent,
      `/founding/${groupId}/members/${founders[0]!.id}/remove`,
      {},
    ).expect(409);
    expect(removal.text).toContain('発起人が3人以上必要です');

    // A date and notes for the stage, and one stage back as a correction.
    await postForm(agent, `/founding/${groupId}/milestone`, {
      stage: 'founding_assembly',
      milestoneDate: '2027/3/1',
      notes: '会場：協同会館',
    }).expect(303);
    const after = await agent.get(`/founding/${groupId}`).expect(200);
    expect(after.text).toContain('会場：協同会館');
    expect(after.text).toContain('2027年3月1日');
    const badDate = await postForm(agent, `/founding/${groupId}/milestone`, {
      stage: 'founding_assembly',
      milestoneDate: '2027-02-30',
    }).expect(422);
    expect(badDate.text).toContain('id="f-milestoneDate-error"');
    await move(agent, groupId, 'business_plan').expect(303);

    const actions = (await db().select().from(auditLogTable).where(eq(auditLogTable.subjectId, groupId)))
      .filter((entry) => entry.subjectType === 'founding_group')
      .map((entry) => entry.action);
    expect(actions.filter((action) => action === 'founding.stage')).toHaveLength(4);
    expect(actions).toContain('founding.checklist');
    expect(actions).toContain('founding.invitation_accept');
    // Audit details name counts and stages, never a member's name.
    const details = JSON.stringify(
      (await db().select().from(auditLogTable).where(eq(auditLogTable.subjectId, groupId))).map(
        (e) => e.details,
      ),
    );
    expect(details).not.toContain('山田');
  });

  it('lists the person’s groups on the account page', async () => {
    const { agent } = await askedGroup({ name: 'ひまわり準備会' });
    const page = await agent.get('/account/founding').expect(200);
    expect(page.text).toContain('ひまわり準備会');
    expect(page.text).toContain('相談');
  });

  it('keeps a form id from reaching another person’s group', async () => {
    const sent = groupForm({ formId: formId() });
    const first = await person();
    await postForm(first.agent, '/account/founding', sent).expect(303);
    const second = await person();
    await postForm(second.agent, '/account/founding', sent).expect(409);
    expect(await groupsIn(db())).toHaveLength(1);
  });
});
