import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { auditLogTable, jobPostingsTable } from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { useTestApp } from '../helpers/app.js';
import { addMembership, createUser, latestMailTo, postForm } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';
import { secretariatAdmin } from '../helpers/roles.js';

// The secretariat's review of postings from organisations it does not yet trust (/console/postings).

const clock = new TestClock();

const context = useTestApp({ SIGNIN_RATE_LIMIT_PER_IP: 1000 }, clock.now);

const db = () => context.database.db;

const secretariatAgent = () => secretariatAdmin(context);

describe('postings to moderate', () => {
  async function postingInReview(overrides: Parameters<typeof createPosting>[2] = {}) {
    const { organisation, workplace } = await createCoopWithWorkplace(db(), { name: 'もりの協同組合' });
    const staffAdmin = await createUser(db(), { locale: 'en' });
    await addMembership(db(), staffAdmin.id, organisation.id, 'admin');
    const staffMember = await createUser(db());
    await addMembership(db(), staffMember.id, organisation.id, 'member');
    const posting = await createPosting(db(), workplace.id, {
      status: 'in_review',
      title: '配食サービスの調理スタッフ',
      postedOn: addDays(todayInTokyo(clock.now()), -3),
      ...overrides,
    });
    return { organisation, posting, staffAdmin, staffMember };
  }

  it('publishes a posting in review and tells the organisation’s staff', async () => {
    const { staff, agent } = await secretariatAgent();
    const { organisation, posting, staffAdmin, staffMember } = await postingInReview();
    const list = await agent.get('/console/postings').expect(200);
    expect(list.text).toContain('配食サービスの調理スタッフ');
    expect(list.text).toContain('もりの協同組合');
    const detail = await agent.get(`/console/postings/${posting.id}`).expect(200);
    expect(detail.text).toContain('テスト用の仕事内容です。');
    expect(detail.text).toContain('<label for="f-note"');

    await postForm(agent, `/console/postings/${posting.id}/publish`, {})
      .expect(303)
      .expect('location', '/console/postings?notice=published');
    const [published] = await db().select().from(jobPostingsTable).where(eq(jobPostingsTable.id, posting.id));
    expect(published).toMatchObject({
      status: 'published',
      moderationNote: null,
      postedOn: todayInTokyo(clock.now()),
    });
    expect((await latestMailTo(db(), staffAdmin.email))?.subject).toBe(
      'Yoi Shigoto Station: your posting was published',
    );
    expect((await latestMailTo(db(), staffMember.email))?.subject).toBe(
      '【よいしごとステーション】求人が掲載されました',
    );
    const [entry] = await db()
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'posting.review_publish'));
    expect(entry).toMatchObject({
      actorUserId: staff.id,
      organisationId: organisation.id,
      subjectType: 'job_posting',
      subjectId: posting.id,
    });
    await request(context.app.server).get(`/jobs/${posting.id}`).expect(200);
    // No longer in review: a second decision changes nothing.
    await postForm(agent, `/console/postings/${posting.id}/return`, { note: '遅れて' }).expect(409);
  });

  it('sends a posting back to draft with a required note for the staff', async () => {
    const { agent } = await secretariatAgent();
    const { posting, staffMember } = await postingInReview();
    const missing = await postForm(agent, `/console/postings/${posting.id}/return`, { note: '' }).expect(422);
    expect(missing.text).toContain('id="f-note-error"');
    expect((await db().select().from(jobPostingsTable))[0]?.status).toBe('in_review');

    await postForm(agent, `/console/postings/${posting.id}/return`, {
      note: '賃金の単位を確認してください。',
    })
      .expect(303)
      .expect('location', '/console/postings?notice=returned');
    const [returned] = await db().select().from(jobPostingsTable).where(eq(jobPostingsTable.id, posting.id));
    expect(returned).toMatchObject({ status: 'draft', moderationNote: '賃金の単位を確認してください。' });
    const mail = await latestMailTo(db(), staffMember.email);
    expect(mail?.subject).toBe('【よいしごとステーション】求人が差し戻されました');
    expect(mail?.body).toContain('賃金の単位を確認してください。');
    expect(
      await db().select().from(auditLogTable).where(eq(auditLogTable.action, 'posting.review_return')),
    ).toHaveLength(1);
  });

  it('does not publish a posting whose valid-through date has passed', async () => {
    const { agent } = await secretariatAgent();
    const today = todayInTokyo(clock.now());
    const { posting } = await postingInReview({
      postedOn: addDays(today, -40),
      validThrough: addDays(today, -1),
    });
    const response = await postForm(agent, `/console/postings/${posting.id}/publish`, {}).expect(409);
    expect(response.text).toContain('掲載期限が過ぎているため、掲載できません。');
    expect((await db().select().from(jobPostingsTable))[0]?.status).toBe('in_review');
  });

  it('publishes through the same rules as the staff: a wage below the minimum is refused', async () => {
    const { agent } = await secretariatAgent();
    const { posting } = await postingInReview({ wageMin: 1100, wageMax: 1150 });
    const response = await postForm(agent, `/console/postings/${posting.id}/publish`, {}).expect(409);
    expect(response.text).toContain('掲載の基準（最低賃金など）を満たしていないため');
    expect((await db().select().from(jobPostingsTable))[0]?.status).toBe('in_review');
  });

  it('starts the expiry notice over when it publishes, as the staff’s own publish does', async () => {
    const { agent } = await secretariatAgent();
    const { posting } = await postingInReview();
    await db()
      .update(jobPostingsTable)
      .set({ expiryNoticeSentAt: clock.now() })
      .where(eq(jobPostingsTable.id, posting.id));
    await postForm(agent, `/console/postings/${posting.id}/publish`, {}).expect(303);
    const [published] = await db().select().from(jobPostingsTable).where(eq(jobPostingsTable.id, posting.id));
    expect(published).toMatchObject({ status: 'published', expiryNoticeSentAt: null });
  });

  it('publishes once when two secretariat staff decide at once', async () => {
    const { agent } = await secretariatAgent();
    const { posting } = await postingInReview();
    const responses = await Promise.all([
      postForm(agent, `/console/postings/${posting.id}/publish`, {}),
      postForm(agent, `/console/postings/${posting.id}/return`, { note: '同時に' }),
    ]);
    expect(responses.map((response) => response.status).sort((a, b) => a - b)).toEqual([303, 409]);
    const entries = await db().select().from(auditLogTable);
    expect(entries.filter((entry) => entry.action.startsWith('posting.review_'))).toHaveLength(1);
  });
});
