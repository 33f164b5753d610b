import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLogTable, jobPostingsTable } from '../../src/db/schema/index.js';
import { en, ja } from '../../src/i18n/catalogue.js';
import { isMessageKey, translator } from '../../src/i18n/index.js';
import { auditFieldLabels, describeAuditEntries } from '../../src/modules/audit/audit.format.js';
import {
  type AuditLogEntry,
  auditActions,
  auditSubjectTypes,
} from '../../src/modules/audit/audit.service.js';
import {
  governanceForm,
  organisationForm,
  workplaceForm,
} from '../../src/modules/organisations/organisations.forms.js';
import { postingForm } from '../../src/modules/postings/postings.forms.js';
import { useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { secretariatAdmin } from '../helpers/roles.js';
import { completePostingForm, coopStaff, createThroughForm } from '../workspace/support.js';

const context = useTestApp({ SIGNIN_RATE_LIMIT_PER_IP: 1000 });
const db = () => context.database.db;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The text of the audit table only, so the page's navigation and headings do not count. */
function auditTable(html: string): string {
  const start = html.indexOf('<table class="data-table stack-narrow audit-table">');
  expect(start, 'the page has an audit table').toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</table>', start));
}

describe('the audit log’s words', () => {
  it('has words for every action and every subject type, in Japanese and in English', () => {
    const catalogues = { ja, en } as Record<string, Record<string, string>>;
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      for (const action of auditActions)
        expect(catalogue[`audit.action.${action}`]?.trim(), `${locale} audit.action.${action}`).toBeTruthy();
      for (const type of auditSubjectTypes)
        expect(catalogue[`audit.subject.${type}`]?.trim(), `${locale} audit.subject.${type}`).toBeTruthy();
    }
  });

  it('has a label for every field of each form whose changes it lists', () => {
    const forms = {
      posting: postingForm,
      organisation: organisationForm,
      governance: governanceForm,
      workplace: workplaceForm,
    } as const;
    for (const [name, form] of Object.entries(forms)) {
      const labels = auditFieldLabels[name as keyof typeof forms] as Record<string, string>;
      for (const field of Object.keys(form.shape)) {
        expect(labels[field], `${name}.${field}`).toBeDefined();
        expect(isMessageKey(labels[field] as string), `${name}.${field} → ${labels[field]}`).toBe(true);
      }
    }
  });
});

describe('an entry’s details in words', () => {
  const noNames = { postings: new Map(), organisations: new Map(), workplaces: new Map(), users: new Map() };
  let nextId = 1;
  /** An entry with the details its service writes (membership, console and minimum-wages services). */
  const entry = (action: string, subjectType: string, details: Record<string, unknown>): AuditLogEntry => ({
    id: nextId++,
    at: new Date('2026-10-01T01:00:00Z'),
    action,
    subjectType,
    subjectId: null,
    details,
    actorUserId: 1,
    actorName: '事務局のやまだ',
    organisationName: null,
  });
  const inWords = (locale: 'ja' | 'en', ...entries: AuditLogEntry[]) =>
    describeAuditEntries(entries, noNames, translator(locale), locale).map((row) => ({
      action: row.action,
      details: row.details.map((detail) => `${detail.label}: ${detail.value}`),
    }));

  it('names roles, kinds, legal forms, decisions and rates, and leaves technical keys out', () => {
    const [role, apply, approve, wage, other] = inWords(
      'ja',
      entry('membership.role', 'user', { from: 'member', to: 'admin' }),
      entry('organisation.apply', 'organisation', { kind: 'coop', legalForm: 'workers_coop' }),
      entry('organisation.approve', 'organisation', { trusted: false }),
      entry('minimum_wage.add', 'minimum_wage', {
        prefectureCode: '13',
        hourlyYen: 1226,
        effectiveFrom: '2026-10-01',
      }),
      entry('test.entry', 'test', { formId: randomUUID(), token: 'abc' }),
    );
    expect(role).toEqual({ action: 'スタッフの役割を変更', details: ['役割: メンバー → 管理者'] });
    expect(apply?.details).toEqual(['団体の種類: 協同組合・参加団体', '法人格: 労働者協同組合']);
    expect(approve).toEqual({
      action: '参加を承認',
      details: ['掲載の前の審査: あり（事務局が確認してから公開）'],
    });
    expect(wage?.details).toEqual(['都道府県: 東京都', '時給: 1,226円', '発効日: 2026年10月1日']);
    // An action this version does not know, and keys it does not know, show nothing raw.
    expect(other).toEqual({ action: 'その他の操作', details: [] });
  });

  it('says the same in English', () => {
    const [role, wage] = inWords(
      'en',
      entry('membership.role', 'user', { from: 'member', to: 'admin' }),
      entry('minimum_wage.add', 'minimum_wage', {
        prefectureCode: '13',
        hourlyYen: 1226,
        effectiveFrom: '2026-10-01',
      }),
    );
    expect(role).toEqual({ action: 'Changed a staff role', details: ['Role: Member → Admin'] });
    expect(wage?.details).toEqual(['Prefecture: Tokyo', 'Hourly rate: ¥1,226', 'In force from: 1 Oct 2026']);
  });
});

describe('/console/audit', () => {
  async function postingHistory() {
    const staff = await coopStaff(context, { name: 'ワーカーズコープみどり' });
    const id = await createThroughForm(staff);
    await postForm(
      staff.agent,
      `${staff.base}/postings/${id}`,
      completePostingForm(staff.workplace.id, { wageMin: '1350' }),
    ).expect(303);
    const copied = await postForm(staff.agent, `${staff.base}/postings/${id}/duplicate`, {
      formId: randomUUID(),
    }).expect(303);
    const copyId = Number(String(copied.headers.location).match(/postings\/(\d+)/)?.[1]);
    return { staff, id, copyId };
  }

  it('says in words what each entry did, names the changed fields and links to the posting', async () => {
    const { id, copyId } = await postingHistory();
    const { agent } = await secretariatAdmin(context);
    const table = auditTable((await agent.get('/console/audit').expect(200)).text);

    for (const words of ['求人を作成', '求人を公開', '求人を編集', '求人を複製'])
      expect(table, words).toContain(words);
    // The edit names the field by its form label and counts the changes.
    expect(table).toContain('変更した項目：1項目：賃金の下限（円）');
    // The subject is named and linked; the copy says where it came from.
    expect(table).toContain(`<a href="/console/postings/${id}">求人「配食サービスの調理スタッフ」</a>`);
    expect(table).toContain(`複製元：<a href="/console/postings/${id}">`);
    expect(table).toContain(`href="/console/postings/${copyId}"`);
    expect(table).toContain('ワーカーズコープみどり');
    // No raw keys, field names or the form ids that make a double submit harmless.
    for (const raw of ['posting.', 'wageMin', 'formId', 'sourceId', 'fields', '#'])
      expect(table, raw).not.toContain(raw);
    expect(table).not.toMatch(UUID);
  });

  it('says the same in English', async () => {
    const { id } = await postingHistory();
    const { agent } = await secretariatAdmin(context);
    const table = auditTable((await agent.get('/console/audit').set('Cookie', 'lang=en').expect(200)).text);
    for (const words of [
      'Created a posting',
      'Published a posting',
      'Edited a posting',
      'Duplicated a posting',
    ])
      expect(table, words).toContain(words);
    expect(table).toContain('Fields changed: 1 field: Lowest pay (yen)');
    expect(table).toContain(`<a href="/console/postings/${id}">Posting “配食サービスの調理スタッフ”</a>`);
    expect(table).not.toContain('wageMin');
    expect(table).not.toMatch(UUID);
  });

  it('shows a record that no longer exists as deleted, without a link', async () => {
    const { copyId } = await postingHistory();
    await db().delete(jobPostingsTable).where(eq(jobPostingsTable.id, copyId));
    const { agent } = await secretariatAdmin(context);
    const table = auditTable((await agent.get('/console/audit').expect(200)).text);
    expect(table).toContain('求人（削除済み）');
    expect(table).not.toContain(`href="/console/postings/${copyId}"`);
  });

  it('names statuses, roles and secretariat decisions instead of their codes', async () => {
    const { staff, id } = await postingHistory();
    await postForm(staff.agent, `${staff.base}/postings/${id}/close`, {}).expect(303);
    const { agent } = await secretariatAdmin(context);
    await agent.get('/console/users?q=someone%40example.jp').expect(200);
    const table = auditTable((await agent.get('/console/audit').expect(200)).text);
    expect(table).toContain('募集を終了');
    expect(table).toContain('それまでの状態：公開中');
    expect(table).toContain('利用者の一覧を閲覧');
    expect(table).toContain('見たページ：1ページ目');
    expect(table).toContain('検索：名前・メールアドレスで検索（検索語は記録しません）');
    expect(table).not.toContain('someone');
    expect(table).not.toContain('published');
  });

  it('shows the latest staff actions on the dashboard with the same words, without the users-list views', async () => {
    await postingHistory();
    const { agent } = await secretariatAdmin(context);
    await agent.get('/console/users').expect(200);
    const table = auditTable((await agent.get('/console').expect(200)).text);
    expect(table).toContain('変更した項目：1項目：賃金の下限（円）');
    expect(table).not.toContain('利用者の一覧を閲覧');
    expect(table).not.toMatch(UUID);
  });

  it('answers 404 for a page that does not exist instead of showing page 1', async () => {
    const { agent } = await secretariatAdmin(context);
    for (let n = 0; n < 3; n++)
      await db()
        .insert(auditLogTable)
        .values({ at: new Date(), action: 'posting.expire', subjectType: 'job_posting' });
    await agent.get('/console/audit').expect(200);
    for (const page of ['2', '999', '-1', '0', 'abc'])
      await agent.get(`/console/audit?page=${page}`).expect(404);
  });
});
