import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLogTable } from '../../src/db/schema/index.js';
import { addDays, formatDate, todayInTokyo } from '../../src/lib/dates.js';
import { useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { secretariatAdmin } from '../helpers/roles.js';
import { completePostingForm, coopStaff } from '../workspace/support.js';

const context = useTestApp();
const db = () => context.database.db;

const secretariatAgent = () => secretariatAdmin(context);

describe('the minimum wages in the console', () => {
  it('lists the rates on record by prefecture with their effective date', async () => {
    const { agent } = await secretariatAgent();
    const page = await agent.get('/console/minimum-wages').expect(200);
    expect(page.text).toContain('地域別最低賃金');
    expect(page.text).toMatch(/東京都<\/th>\s*<td>2025年10月3日<\/td>\s*<td>1,226<\/td>/);
  });

  it("adds next year's rate, audited, and the publishing rules use it from its effective date", async () => {
    const { staff, agent } = await secretariatAgent();
    const effective = addDays(todayInTokyo(), 10);
    await postForm(agent, '/console/minimum-wages', {
      prefectureCode: '13',
      hourlyYen: '1350',
      effectiveFrom: effective,
    })
      .expect(303)
      .expect('location', '/console/minimum-wages?notice=added');
    const page = await agent.get('/console/minimum-wages?notice=added').expect(200);
    expect(page.text).toContain('最低賃金を登録しました。');
    expect(page.text).toContain('1,350');
    const audit = await db()
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.action, 'minimum_wage.add'), eq(auditLogTable.actorUserId, staff.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({
      prefectureCode: '13',
      hourlyYen: 1350,
      effectiveFrom: effective,
    });

    // A posting open past the new rate's date must pay it (the later, higher rate applies).
    const coop = await coopStaff(context);
    const refused = await postForm(
      coop.agent,
      `${coop.base}/postings`,
      completePostingForm(coop.workplace.id),
    );
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(
      `東京都の最低賃金（${formatDate(effective, 'ja')}から時給1,350円）を下回っています`,
    );
  });

  it('refuses a bad rate with the errors beside the fields, and a second rate for the same day', async () => {
    const { agent } = await secretariatAgent();
    const invalid = await postForm(agent, '/console/minimum-wages', {
      prefectureCode: '99',
      hourlyYen: '0',
      effectiveFrom: 'soon',
    }).expect(422);
    expect(invalid.text).toContain('1円から9,999円までの整数で入力してください。');
    expect(invalid.text).toContain('日付を選んでください。');
    const duplicate = await postForm(agent, '/console/minimum-wages', {
      prefectureCode: '13',
      hourlyYen: '1300',
      effectiveFrom: '2025-10-03',
    }).expect(409);
    expect(duplicate.text).toContain('同じ発効日の最低賃金がもう登録されています');
  });

  it('is for the secretariat only', async () => {
    const coop = await coopStaff(context);
    await coop.agent.get('/console/minimum-wages').expect(403);
    await postForm(coop.agent, '/console/minimum-wages', {
      prefectureCode: '13',
      hourlyYen: '1',
      effectiveFrom: '2030-01-01',
    }).expect(403);
  });
});
