import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import {
  auditLogTable,
  invitationsTable,
  membershipsTable,
  type Organisation,
  type User,
} from '../../src/db/schema/index.js';
import { sha256 } from '../../src/lib/secrets.js';
import { useTestApp } from '../helpers/app.js';
import {
  addMembership,
  createUser,
  latestMailTo,
  mailCount,
  postForm,
  signedInAgent,
  tokenFromMail,
} from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createOrganisation } from '../helpers/factories.js';

const clock = new TestClock();

const context = useTestApp({ SIGNIN_RATE_LIMIT_PER_IP: 1000 }, clock.now);

const db = () => context.database.db;

async function organisationWithAdmin(overrides: Partial<Organisation> = {}) {
  const organisation = await createOrganisation(db(), { name: '労働者協同組合あおぞら', ...overrides });
  const admin = await createUser(db(), { displayName: '管理者あおい' });
  await addMembership(db(), admin.id, organisation.id, 'admin');
  return { organisation, admin, agent: await signedInAgent(context, admin) };
}

function invite(
  agent: Awaited<ReturnType<typeof signedInAgent>>,
  organisationId: number,
  email: string,
  role = 'member',
  locale = 'ja',
) {
  return postForm(agent, `/workspace/${organisationId}/members`, { email, role, locale });
}

async function invitationToken(email: string) {
  return tokenFromMail((await latestMailTo(db(), email))?.body ?? '');
}

async function membershipOf(database: Db, user: User, organisationId: number) {
  const [membership] = await database
    .select()
    .from(membershipsTable)
    .where(and(eq(membershipsTable.userId, user.id), eq(membershipsTable.organisationId, organisationId)));
  return membership ?? null;
}

describe('the members page', () => {
  it('lists staff and open invitations for an admin, with a labelled invitation form', async () => {
    const { organisation, agent } = await organisationWithAdmin();
    const colleague = await createUser(db(), { displayName: '同僚さくら' });
    await addMembership(db(), colleague.id, organisation.id, 'member');
    await invite(agent, organisation.id, 'newcomer@example.jp').expect(303);
    const html = (await agent.get(`/workspace/${organisation.id}/members?notice=invited`).expect(200)).text;
    expect(html).toContain('招待メールを送りました。');
    expect(html).toContain('管理者あおい');
    expect(html).toContain('同僚さくら');
    expect(html).toContain('newcomer@example.jp');
    expect(html).toContain('<label for="f-email"');
    expect(html).toContain('メールアドレスの利用目的');
  });

  it('is in English for an English reader', async () => {
    const { organisation, agent } = await organisationWithAdmin();
    await invite(agent, organisation.id, 'newcomer@example.jp').expect(303);
    const html = (
      await agent.get(`/workspace/${organisation.id}/members`).set('Cookie', 'lang=en').expect(200)
    ).text;
    expect(html).toContain('Invite staff');
    expect(html).toContain('How we use the e-mail address');
  });

  it('is for admins: a member of the organisation gets 403, another organisation’s admin 404', async () => {
    const { organisation } = await organisationWithAdmin();
    const member = await createUser(db());
    await addMembership(db(), member.id, organisation.id, 'member');
    await (await signedInAgent(context, member)).get(`/workspace/${organisation.id}/members`).expect(403);
    const other = await organisationWithAdmin({ name: '別の協同組合' });
    await other.agent.get(`/workspace/${organisation.id}/members`).expect(404);
    await request(context.app.server).get(`/workspace/${organisation.id}/members`).expect(303);
  });
});

describe('inviting', () => {
  it('mails a single-use link, stores only a hash of its token, and records it', async () => {
    const { organisation, admin, agent } = await organisationWithAdmin();
    const response = await invite(agent, organisation.id, ' Newcomer@Example.JP ', 'admin').expect(303);
    expect(response.headers.location).toBe(`/workspace/${organisation.id}/members?notice=invited`);
    const mail = await latestMailTo(db(), 'newcomer@example.jp');
    expect(mail?.subject).toBe('【よいしごとステーション】労働者協同組合あおぞら からスタッフへの招待');
    expect(mail?.body).toContain('管理者あおい さんから');
    expect(mail?.body).toContain('（管理者）');
    expect(mail?.body).toContain('7日間有効');
    const token = tokenFromMail(mail?.body ?? '');
    expect(mail?.body).toContain(`https://yoishigoto.example.jp/invitations/accept?token=${token}`);
    const [invitation] = await db().select().from(invitationsTable);
    expect(invitation).toMatchObject({
      organisationId: organisation.id,
      email: 'newcomer@example.jp',
      role: 'admin',
      tokenHash: sha256(token),
      invitedBy: admin.id,
    });
    expect(JSON.stringify(invitation)).not.toContain(token);
    expect(invitation!.expiresAt.getTime() - clock.now().getTime()).toBe(7 * 24 * 60 * 60 * 1000);
    const [entry] = await db().select().from(auditLogTable);
    expect(entry).toMatchObject({
      actorUserId: admin.id,
      organisationId: organisation.id,
      action: 'invitation.create',
      subjectId: invitation?.id,
    });
    // The audit log holds no address or token.
    expect(JSON.stringify(entry?.details)).not.toContain('newcomer');
  });

  it('writes the invitation in the chosen language, or in the language of an existing account', async () => {
    const { organisation, agent } = await organisationWithAdmin();
    await invite(agent, organisation.id, 'english@example.jp', 'member', 'en').expect(303);
    expect((await latestMailTo(db(), 'english@example.jp'))?.subject).toBe(
      'Yoi Shigoto Station: 労働者協同組合あおぞら invites you to join its staff',
    );
    const registered = await createUser(db(), { locale: 'en' });
    await invite(agent, organisation.id, registered.email, 'member', 'ja').expect(303);
    expect((await latestMailTo(db(), registered.email))?.body).toContain('invites you to join the staff');
  });

  it('re-renders with the problem beside the field', async () => {
    const { organisation, admin, agent } = await organisationWithAdmin();
    const bad = await invite(agent, organisation.id, 'not-an-address').expect(422);
    expect(bad.text).toContain('id="f-email-error"');
    expect(bad.text).toContain('value="not-an-address"');
    const already = await invite(agent, organisation.id, admin.email).expect(422);
    expect(already.text).toContain('この人はすでにこの団体のスタッフです。');
    expect(await db().select().from(invitationsTable)).toHaveLength(0);
    expect(await mailCount(db())).toBe(0);
  });

  it('replaces an open invitation when the same address is invited again', async () => {
    const { organisation, agent } = await organisationWithAdmin();
    await invite(agent, organisation.id, 'twice@example.jp').expect(303);
    const first = await invitationToken('twice@example.jp');
    await invite(agent, organisation.id, 'twice@example.jp').expect(303);
    const second = await invitationToken('twice@example.jp');
    expect(second).not.toBe(first);
    const page = (await request(context.app.server).get(`/invitations/accept?token=${first}`).expect(410))
      .text;
    expect(page).toContain('取り消されました');
    await request(context.app.server).get(`/invitations/accept?token=${second}`).expect(200);
  });

  it('is not possible before the secretariat approved the organisation', async () => {
    const { organisation, agent } = await organisationWithAdmin({ approvalState: 'pending' });
    const response = await invite(agent, organisation.id, 'early@example.jp').expect(409);
    expect(response.text).toContain('事務局が参加を承認したあとで、スタッフを招待できます。');
    expect(await mailCount(db())).toBe(0);
  });

  it('withdraws an invitation so its link stops working, and only within its own organisation', async () => {
    const { organisation, agent } = await organisationWithAdmin();
    await invite(agent, organisation.id, 'withdrawn@example.jp').expect(303);
    const token = await invitationToken('withdrawn@example.jp');
    const [invitation] = await db().select().from(invitationsTable);
    const other = await organisationWithAdmin({ name: '別の協同組合' });
    await postForm(
      other.agent,
      `/workspace/${other.organisation.id}/members/invitations/${invitation?.id}/revoke`,
      {},
    ).expect(404);
    await postForm(agent, `/workspace/${organisation.id}/members/invitations/${invitation?.id}/revoke`, {})
      .expect(303)
      .expect('location', `/workspace/${organisation.id}/members?notice=revoked`);
    const [revoked] = await db().select().from(invitationsTable);
    expect(revoked?.revokedAt).not.toBeNull();
    const page = await request(context.app.server).get(`/invitations/accept?token=${token}`).expect(410);
    expect(page.text).toContain('この招待は、団体の管理者によって取り消されました。');
    // Withdrawing twice finds nothing to withdraw.
    await postForm(
      agent,
      `/workspace/${organisation.id}/members/invitations/${invitation?.id}/revoke`,
      {},
    ).expect(404);
  });
});

describe('accepting an invitation', () => {
  it('shows the organisation and asks a signed-out person to sign in, keeping the token', async () => {
    const { organisation, agent } = await organisationWithAdmin();
    await invite(agent, organisation.id, 'taro@example.jp').expect(303);
    const token = await invitationToken('taro@example.jp');
    const page = await request(context.app.server).get(`/invitations/accept?token=${token}`).expect(200);
    expect(page.text).toContain(
      '「労働者協同組合あおぞら」から、スタッフ（メンバー）として招待されています。',
    );
    expect(page.text).toContain('t***@example.jp');
    expect(page.text).not.toContain('taro@example.jp');
    const next = encodeURIComponent(`/invitations/accept?token=${token}`);
    expect(page.text).toContain(`href="/signin?next=${next}"`);
    expect(page.headers['cache-control']).toBe('no-store');

    // Signing in with that next parameter comes back to the invitation.
    const taro = await createUser(db(), { email: 'taro@example.jp' });
    const taroAgent = request.agent(context.app.server);
    const signin = await postForm(taroAgent, '/signin', {
      email: taro.email,
      password: 'correct horse battery',
      next: `/invitations/accept?token=${token}`,
    }).expect(303);
    expect(signin.headers.location).toBe(`/invitations/accept?token=${token}`);
    const signedIn = await taroAgent.get(signin.headers.location as string).expect(200);
    expect(signedIn.text).toContain('招待を受けて参加する');
  });

  it('a POST while signed out goes to sign-in and back to the invitation', async () => {
    const { organisation, agent } = await organisationWithAdmin();
    await invite(agent, organisation.id, 'late@example.jp').expect(303);
    const token = await invitationToken('late@example.jp');
    const response = await postForm(request(context.app.server), '/invitations/accept', { token }).expect(
      303,
    );
    expect(response.headers.location).toBe(
      `/signin?next=${encodeURIComponent(`/invitations/accept?token=${token}`)}`,
    );
  });

  it('makes the invited person staff with the invited role, once', async () => {
    const { organisation, agent } = await organisationWithAdmin();
    await invite(agent, organisation.id, 'Hanako@Example.JP', 'admin').expect(303);
    const token = await invitationToken('hanako@example.jp');
    const hanako = await createUser(db(), { email: 'hanako@example.jp' });
    const hanakoAgent = await signedInAgent(context, hanako);
    const accepted = await postForm(hanakoAgent, '/invitations/accept', { token }).expect(303);
    expect(accepted.headers.location).toBe(`/workspace/${organisation.id}`);
    expect((await membershipOf(db(), hanako, organisation.id))?.role).toBe('admin');
    const [invitation] = await db().select().from(invitationsTable);
    expect(invitation?.acceptedAt).not.toBeNull();
    const entries = await db()
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'invitation.accept'));
    expect(entries).toEqual([
      expect.objectContaining({ actorUserId: hanako.id, organisationId: organisation.id }),
    ]);
    // She can now manage the staff herself.
    await hanakoAgent.get(`/workspace/${organisation.id}/members`).expect(200);

    // Single use.
    const again = await postForm(hanakoAgent, '/invitations/accept', { token }).expect(410);
    expect(again.text).toContain('この招待はすでに使われています。');
    await request(context.app.server).get(`/invitations/accept?token=${token}`).expect(410);
  });

  it('accepts once when the button is pressed twice at once', async () => {
    const { organisation, agent } = await organisationWithAdmin();
    await invite(agent, organisation.id, 'double@example.jp').expect(303);
    const token = await invitationToken('double@example.jp');
    const person = await createUser(db(), { email: 'double@example.jp' });
    const personAgent = await signedInAgent(context, person);
    const responses = await Promise.all([
      postForm(personAgent, '/invitations/accept', { token }),
      postForm(personAgent, '/invitations/accept', { token }),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([303, 410]);
    expect(
      await db().select().from(auditLogTable).where(eq(auditLogTable.action, 'invitation.accept')),
    ).toHaveLength(1);
  });

  it('refuses a signed-in person with another e-mail address', async () => {
    const { organisation, agent } = await organisationWithAdmin();
    await invite(agent, organisation.id, 'invited@example.jp').expect(303);
    const token = await invitationToken('invited@example.jp');
    const stranger = await createUser(db(), { email: 'stranger@example.jp' });
    const strangerAgent = await signedInAgent(context, stranger);
    const page = await strangerAgent.get(`/invitations/accept?token=${token}`).expect(200);
    expect(page.text).toContain('この招待は、別のメールアドレス（i***@example.jp）あてです。');
    expect(page.text).not.toContain('招待を受けて参加する');
    const refused = await postForm(strangerAgent, '/invitations/accept', { token }).expect(403);
    expect(refused.text).toContain('別のメールアドレス');
    expect(await membershipOf(db(), stranger, organisation.id)).toBeNull();
    // The invitation is still usable by the right person.
    const [invitation] = await db().select().from(invitationsTable);
    expect(invitation?.acceptedAt).toBeNull();
  });

  it('expires after seven days', async () => {
    const { organisation, agent } = await organisationWithAdmin();
    await invite(agent, organisation.id, 'slow@example.jp').expect(303);
    const token = await invitationToken('slow@example.jp');
    const slow = await createUser(db(), { email: 'slow@example.jp' });
    clock.advance(7 * 24 * 60 * 60 + 1);
    const slowAgent = await signedInAgent(context, slow);
    const page = await slowAgent.get(`/invitations/accept?token=${token}`).expect(410);
    expect(page.text).toContain('この招待の有効期限が過ぎています。');
    await postForm(slowAgent, '/invitations/accept', { token }).expect(410);
    expect(await membershipOf(db(), slow, organisation.id)).toBeNull();
    // No longer listed as open.
    const members = (await agent.get(`/workspace/${organisation.id}/members`)).text;
    expect(members).not.toContain('slow@example.jp');
  });

  it('says so for a link that matches nothing', async () => {
    const page = await request(context.app.server)
      .get('/invitations/accept?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
      .expect(400);
    expect(page.text).toContain('この招待は使えません');
    await request(context.app.server).get('/invitations/accept').expect(400);
    await request(context.app.server).get('/invitations/accept?token=%3Cscript%3E').expect(400);
  });
});

describe('removing staff and changing roles', () => {
  it('removes a member, tells them, and records it', async () => {
    const { organisation, admin, agent } = await organisationWithAdmin();
    const member = await createUser(db());
    await addMembership(db(), member.id, organisation.id, 'member');
    await postForm(agent, `/workspace/${organisation.id}/members/${member.id}/remove`, {})
      .expect(303)
      .expect('location', `/workspace/${organisation.id}/members?notice=removed`);
    expect(await membershipOf(db(), member, organisation.id)).toBeNull();
    expect((await latestMailTo(db(), member.email))?.subject).toContain('団体のスタッフから外れました');
    const [entry] = await db()
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'membership.remove'));
    expect(entry).toMatchObject({
      actorUserId: admin.id,
      organisationId: organisation.id,
      subjectId: member.id,
    });
  });

  it('refuses to remove or demote the last admin', async () => {
    const { organisation, admin, agent } = await organisationWithAdmin();
    const removal = await postForm(
      agent,
      `/workspace/${organisation.id}/members/${admin.id}/remove`,
      {},
    ).expect(409);
    expect(removal.text).toContain('最後の管理者は外せません。');
    const demotion = await postForm(agent, `/workspace/${organisation.id}/members/${admin.id}/role`, {
      role: 'member',
    }).expect(409);
    expect(demotion.text).toContain('最後の管理者はメンバーにできません。');
    expect((await membershipOf(db(), admin, organisation.id))?.role).toBe('admin');
  });

  it('lets an admin leave once there is another admin', async () => {
    const { organisation, admin, agent } = await organisationWithAdmin();
    const colleague = await createUser(db());
    await addMembership(db(), colleague.id, organisation.id, 'member');
    await postForm(agent, `/workspace/${organisation.id}/members/${colleague.id}/role`, { role: 'admin' })
      .expect(303)
      .expect('location', `/workspace/${organisation.id}/members?notice=role_changed`);
    expect((await membershipOf(db(), colleague, organisation.id))?.role).toBe('admin');
    await postForm(agent, `/workspace/${organisation.id}/members/${admin.id}/remove`, {})
      .expect(303)
      .expect('location', '/account');
    expect(await membershipOf(db(), admin, organisation.id)).toBeNull();
    await agent.get(`/workspace/${organisation.id}/members`).expect(404);
  });

  it('keeps one admin when two admins remove each other at once', async () => {
    const { organisation, admin, agent } = await organisationWithAdmin();
    const other = await createUser(db());
    await addMembership(db(), other.id, organisation.id, 'admin');
    const otherAgent = await signedInAgent(context, other);
    const responses = await Promise.all([
      postForm(agent, `/workspace/${organisation.id}/members/${other.id}/remove`, {}),
      postForm(otherAgent, `/workspace/${organisation.id}/members/${admin.id}/remove`, {}),
    ]);
    const statuses = responses.map((response) => response.status).sort((a, b) => a - b);
    // One wins; the other is refused (409 last admin, or 404 if its own membership went first).
    expect(statuses[0]).toBe(303);
    expect([404, 409]).toContain(statuses[1]);
    const admins = await db()
      .select()
      .from(membershipsTable)
      .where(and(eq(membershipsTable.organisationId, organisation.id), eq(membershipsTable.role, 'admin')));
    expect(admins).toHaveLength(1);
  });

  it('answers 404 for someone who is not on this organisation’s staff', async () => {
    const { organisation, agent } = await organisationWithAdmin();
    const other = await organisationWithAdmin({ name: '別の協同組合' });
    await postForm(agent, `/workspace/${organisation.id}/members/${other.admin.id}/remove`, {}).expect(404);
    await postForm(agent, `/workspace/${organisation.id}/members/abc/remove`, {}).expect(404);
    expect(await membershipOf(db(), other.admin, other.organisation.id)).not.toBeNull();
  });
});
