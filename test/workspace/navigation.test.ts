import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { addMembership, createUser, signedInAgent } from '../helpers/auth.js';
import { createCoopWithWorkplace, createOrganisation } from '../helpers/factories.js';

const context = useTestApp();
const db = () => context.database.db;

function menuOf(html: string): string {
  const start = html.indexOf('class="workspace-nav"');
  return html.slice(start, html.indexOf('</nav>', start));
}

describe('the workspace menu', () => {
  it('is a navigation list, with the staff and invitations page for admins only', async () => {
    const { organisation } = await createCoopWithWorkplace(db(), { trusted: true });
    const admin = await createUser(db());
    const member = await createUser(db());
    await addMembership(db(), admin.id, organisation.id, 'admin');
    await addMembership(db(), member.id, organisation.id, 'member');
    const base = `/workspace/${organisation.id}`;

    const adminMenu = menuOf((await (await signedInAgent(context, admin)).get(base).expect(200)).text);
    expect(adminMenu).toContain('<ul class="tab-list">');
    expect(adminMenu).not.toContain('›');
    expect(adminMenu).toContain(`href="${base}/members"`);
    expect(adminMenu).toContain(`href="${base}" aria-current="page"`);

    const memberMenu = menuOf((await (await signedInAgent(context, member)).get(base).expect(200)).text);
    expect(memberMenu).toContain(`href="${base}/profile"`);
    expect(memberMenu).not.toContain(`href="${base}/members"`);
  });

  it("offers a school its group visits and internships, and none of a co-op's menu", async () => {
    const school = await createOrganisation(db(), { kind: 'school' });
    const teacher = await createUser(db());
    await addMembership(db(), teacher.id, school.id, 'admin');
    const page = await (await signedInAgent(context, teacher)).get(`/workspace/${school.id}`).expect(200);
    expect(page.text).toContain('職場見学・インターンシップを申し込む');
    expect(page.text).not.toContain('これから加わります');
    expect(menuOf(page.text)).toContain(`/workspace/${school.id}/school-requests`);
    expect(menuOf(page.text)).not.toContain('/postings/new');
    expect(menuOf(page.text)).not.toContain('/slots');
  });
});
