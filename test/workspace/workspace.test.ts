import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  auditLogTable,
  coopGovernanceTable,
  organisationsTable,
  workplacesTable,
} from '../../src/db/schema/index.js';
import { useTestApp } from '../helpers/app.js';
import { addMembership, createUser, postForm, signedInAgent } from '../helpers/auth.js';
import { createOrganisation } from '../helpers/factories.js';
import { coopStaff, createThroughForm } from './support.js';

const db = () => context.database.db;

const context = useTestApp();

async function auditOf(action: string) {
  return db().select().from(auditLogTable).where(eq(auditLogTable.action, action));
}

describe('dashboard', () => {
  it('shows the organisation and its postings by status, with links to act on them', async () => {
    const staff = await coopStaff(context);
    const published = await createThroughForm(staff, { title: '公開中の求人' });
    const draft = await createThroughForm(staff, { title: '下書きの求人', intent: 'save' });
    const response = await staff.agent.get(staff.base).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.text).toContain('<meta name="robots" content="noindex">');
    expect(response.text).toContain(staff.organisation.name);
    expect(response.text).toContain('下書き（1）');
    expect(response.text).toContain('公開中（1）');
    expect(response.text).toContain(`action="${staff.base}/postings/${draft}/publish"`);
    expect(response.text).toContain(`action="${staff.base}/postings/${published}/close"`);
    expect(response.text).toContain(`href="${staff.base}/postings/${published}/preview"`);
  });

  it('says when the organisation waits for approval', async () => {
    const staff = await coopStaff(context, { approvalState: 'pending' });
    const response = await staff.agent.get(staff.base).expect(200);
    expect(response.text).toContain('参加申請は事務局の確認待ちです');
  });

  it('shows other kinds of organisation their profile but no postings or workplaces', async () => {
    const school = await createOrganisation(db(), { kind: 'school', legalForm: 'school_corporation' });
    const user = await createUser(db());
    await addMembership(db(), user.id, school.id);
    const agent = await signedInAgent(context, user);
    await agent.get(`/workspace/${school.id}`).expect(200);
    await agent.get(`/workspace/${school.id}/profile`).expect(200);
    await agent.get(`/workspace/${school.id}/workplaces`).expect(404);
    await agent.get(`/workspace/${school.id}/postings/new`).expect(404);
  });
});

describe('organisation profile and governance card', () => {
  it('saves the profile, audits the names of the changed fields, and re-indexes postings', async () => {
    const staff = await coopStaff(context);
    await createThroughForm(staff);
    await postForm(staff.agent, `${staff.base}/profile`, {
      name: 'ワーカーズコープ ひだまり',
      nameKana: 'わーかーずこーぷ ひだまり',
      description: '地域の配食と子ども食堂を運営しています。',
      website: 'https://hidamari.example.jp/',
      contactEmail: 'Info@Hidamari.example.jp',
      contactPhone: '０３-１２３４-５６７８',
    }).expect(303);
    const [organisation] = await db()
      .select()
      .from(organisationsTable)
      .where(eq(organisationsTable.id, staff.organisation.id));
    expect(organisation).toMatchObject({
      name: 'ワーカーズコープ ひだまり',
      contactEmail: 'info@hidamari.example.jp',
      contactPhone: '03-1234-5678',
    });
    const [entry] = await auditOf('organisation.update');
    expect(entry?.actorUserId).toBe(staff.user.id);
    expect(entry?.details).toEqual({
      fields: ['name', 'nameKana', 'description', 'website', 'contactEmail', 'contactPhone'],
    });
    // Postings are found by their organisation's new name.
    const search = await request(context.app.server).get(`/jobs?q=${encodeURIComponent('ひだまり')}`);
    expect(search.text).toContain('配食サービスの調理スタッフ');

    // Saving the same again changes nothing and records nothing.
    await postForm(staff.agent, `${staff.base}/profile`, {
      name: 'ワーカーズコープ ひだまり',
      nameKana: 'わーかーずこーぷ ひだまり',
      description: '地域の配食と子ども食堂を運営しています。',
      website: 'https://hidamari.example.jp/',
      contactEmail: 'info@hidamari.example.jp',
      contactPhone: '03-1234-5678',
    }).expect(303);
    expect(await auditOf('organisation.update')).toHaveLength(1);
  });

  it('shows each problem beside its field and keeps what was typed', async () => {
    const staff = await coopStaff(context);
    const response = await postForm(staff.agent, `${staff.base}/profile`, {
      name: '',
      nameKana: 'Hidamari漢字',
      website: 'javascript:alert(1)',
      contactEmail: 'not-mail',
      contactPhone: '12',
    }).expect(422);
    for (const field of ['name', 'nameKana', 'website', 'contactEmail', 'contactPhone'])
      expect(response.text, field).toContain(`id="f-${field}-error"`);
    expect(response.text).toContain('value="not-mail"');
    expect(await auditOf('organisation.update')).toHaveLength(0);
  });

  it('creates and updates the governance card, auditing the changed fields', async () => {
    const staff = await coopStaff(context);
    await postForm(staff.agent, `${staff.base}/governance`, {
      memberCount: '12',
      workerCount: '15',
      decisionMaking: '総会で1人1票',
      oneMemberOneVote: '1',
      shareAmountYen: '10,000',
      sharesRequired: '3',
      refundedOnLeaving: '1',
      foundedUnder2022Law: '1',
      foundedYear: '2023',
    }).expect(303);
    const [card] = await db()
      .select()
      .from(coopGovernanceTable)
      .where(eq(coopGovernanceTable.organisationId, staff.organisation.id));
    expect(card).toMatchObject({
      memberCount: 12,
      shareAmountYen: 10000,
      payrollDeduction: false,
      foundedYear: 2023,
    });

    await postForm(staff.agent, `${staff.base}/governance`, {
      memberCount: '13',
      workerCount: '15',
      decisionMaking: '総会で1人1票',
      oneMemberOneVote: '1',
      shareAmountYen: '10000',
      sharesRequired: '3',
      refundedOnLeaving: '1',
      payrollDeduction: '1',
      foundedUnder2022Law: '1',
      foundedYear: '2023',
    }).expect(303);
    const entries = await auditOf('governance.update');
    expect(entries).toHaveLength(2);
    expect(entries[1]?.details).toEqual({ fields: ['memberCount', 'payrollDeduction'] });
    // The public page shows the card.
    const page = await request(context.app.server).get(`/organisations/${staff.organisation.id}`).expect(200);
    expect(page.text).toContain('13人（働く人 15人）');
  });

  it('refuses a co-op founded under the 2022 law before 2022', async () => {
    const staff = await coopStaff(context);
    const response = await postForm(staff.agent, `${staff.base}/governance`, {
      foundedUnder2022Law: '1',
      foundedYear: '2010',
    }).expect(422);
    expect(response.text).toContain('id="f-foundedYear-error"');
  });
});

describe('workplaces', () => {
  it('chooses the municipality in two steps without JavaScript, and saves', async () => {
    const staff = await coopStaff(context);
    const form = await staff.agent.get(`${staff.base}/workplaces/new`).expect(200);
    expect(form.text).toContain('<label for="f-municipalityCode">');

    const step = await postForm(staff.agent, `${staff.base}/workplaces`, {
      intent: 'prefecture',
      name: '大阪北事業所',
      prefectureCode: '27',
    }).expect(200);
    expect(step.text).toContain('大阪市北区');
    expect(step.text).toContain('value="大阪北事業所"');
    expect(await db().select().from(workplacesTable)).toHaveLength(1);

    await postForm(staff.agent, `${staff.base}/workplaces`, {
      intent: 'save',
      name: '大阪北事業所',
      postalCode: '５３０００５７',
      prefectureCode: '27',
      municipalityCode: '271276', // 大阪市北区
      addressLine: '曽根崎1-1',
      nearestStation: '梅田駅',
      walkMinutes: '7',
      stepFree: '1',
    }).expect(303);
    const [workplace] = await db()
      .select()
      .from(workplacesTable)
      .where(eq(workplacesTable.name, '大阪北事業所'));
    expect(workplace).toMatchObject({
      postalCode: '530-0057',
      prefectureCode: '27',
      municipalityCode: '271276',
      walkMinutes: 7,
      stepFree: true,
      parking: false,
    });
    expect((await auditOf('workplace.create'))[0]?.subjectId).toBe(workplace?.id);
  });

  it('refuses a municipality of another prefecture and a bad postal code, beside the fields', async () => {
    const staff = await coopStaff(context);
    const response = await postForm(staff.agent, `${staff.base}/workplaces`, {
      intent: 'save',
      name: 'どこか',
      postalCode: '12-345',
      prefectureCode: '27',
      municipalityCode: '131016', // 千代田区 is in Tokyo
      addressLine: '1-1',
    }).expect(422);
    expect(response.text).toContain('id="f-municipalityCode-error"');
    expect(response.text).toContain('id="f-postalCode-error"');
    expect(await db().select().from(workplacesTable)).toHaveLength(1);
  });

  it('asks again when the postal code belongs to another prefecture, and saves once confirmed', async () => {
    const staff = await coopStaff(context);
    const osakaWithTokyoCode = {
      intent: 'save',
      name: '大阪南事業所',
      postalCode: '100-0005', // 東京都千代田区丸の内, not Osaka
      prefectureCode: '27',
      municipalityCode: '271276', // 大阪市北区
      addressLine: '曽根崎2-2',
    };
    const asked = await postForm(staff.agent, `${staff.base}/workplaces`, osakaWithTokyoCode).expect(422);
    expect(asked.text).toContain('id="f-postalCode-error"');
    expect(asked.text).toContain('この郵便番号は、選んだ都道府県のものではないようです。');
    expect(asked.text).toContain('name="postalCodeConfirmed"');
    // Nothing typed is lost, and nothing was saved.
    expect(asked.text).toContain('value="100-0005"');
    expect(asked.text).toContain('value="曽根崎2-2"');
    expect(
      await db().select().from(workplacesTable).where(eq(workplacesTable.name, '大阪南事業所')),
    ).toHaveLength(0);

    await postForm(staff.agent, `${staff.base}/workplaces`, {
      ...osakaWithTokyoCode,
      postalCodeConfirmed: '1',
    }).expect(303);
    const [saved] = await db().select().from(workplacesTable).where(eq(workplacesTable.name, '大阪南事業所'));
    expect(saved?.postalCode).toBe('100-0005');

    // Editing something else later does not ask again about the postal code confirmed once…
    await postForm(staff.agent, `${staff.base}/workplaces/${saved?.id}`, {
      ...osakaWithTokyoCode,
      nearestStation: '梅田駅',
    }).expect(303);
    // …but a new postal code outside the prefecture is asked about.
    await postForm(staff.agent, `${staff.base}/workplaces/${saved?.id}`, {
      ...osakaWithTokyoCode,
      postalCode: '060-0001',
    }).expect(422);
  });

  it('does not ask about a postal code that fits the prefecture', async () => {
    const staff = await coopStaff(context);
    const form = await staff.agent.get(`${staff.base}/workplaces/new`).expect(200);
    expect(form.text).not.toContain('name="postalCodeConfirmed"');
    await postForm(staff.agent, `${staff.base}/workplaces`, {
      intent: 'save',
      name: '梅田事業所',
      postalCode: '530-0001',
      prefectureCode: '27',
      municipalityCode: '271276',
      addressLine: '梅田1-1',
    }).expect(303);
  });

  it('asks in English on an English page', async () => {
    const staff = await coopStaff(context);
    const asked = await postForm(staff.agent, `${staff.base}/workplaces`, {
      intent: 'save',
      name: 'Osaka office',
      postalCode: '100-0005',
      prefectureCode: '27',
      municipalityCode: '271276',
      addressLine: '1-1',
    })
      .set('cookie', 'lang=en')
      .expect(422);
    expect(asked.text).toContain('This postal code does not seem to belong to the prefecture chosen.');
    expect(asked.text).toContain('This postal code is right');
  });

  it('edits a workplace and re-indexes its postings', async () => {
    const staff = await coopStaff(context);
    await createThroughForm(staff);
    await postForm(staff.agent, `${staff.base}/workplaces/${staff.workplace.id}`, {
      intent: 'save',
      name: staff.workplace.name,
      postalCode: '100-0001',
      prefectureCode: '13',
      municipalityCode: '131016',
      addressLine: '千代田1-1',
      nearestStation: 'くすのき台駅',
      walkMinutes: '3',
    }).expect(303);
    const [entry] = await auditOf('workplace.update');
    expect(entry?.details).toEqual({ fields: ['nearestStation', 'walkMinutes'] });
    const search = await request(context.app.server).get(`/jobs?q=${encodeURIComponent('くすのき台')}`);
    expect(search.text).toContain('配食サービスの調理スタッフ');
    const list = await staff.agent.get(`${staff.base}/workplaces`).expect(200);
    expect(list.text).toContain('くすのき台駅から徒歩3分');
  });
});
