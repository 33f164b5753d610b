import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { jobPostingsTable } from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { useTestApp } from '../helpers/app.js';
import { latestMailTo, postForm } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { secretariatAdmin } from '../helpers/roles.js';
import {
  auditActions,
  completePostingForm,
  coopStaff,
  createThroughForm,
  postingById,
  type Staff,
} from '../workspace/support.js';

// Issue 7 item 12: an organisation not yet trusted edits a posting that is already public. The people
// reading it must keep seeing the published version while the secretariat looks at the edit.

const clock = new TestClock();
const db = () => context.database.db;
const today = () => todayInTokyo(clock.now());

const context = useTestApp({ SIGNIN_RATE_LIMIT_PER_IP: 1000 }, clock.now);

const PUBLISHED_TITLE = '配食サービスの調理スタッフ';
const EDITED_TITLE = 'お弁当づくりのスタッフ';

/** An untrusted co-op with one posting the secretariat has published, and the secretariat's reviewer. */
async function publishedPostingOfUntrustedCoop() {
  const reviewer = await secretariatAdmin(context);
  const staff = await coopStaff(context, { trusted: false, name: 'みなみ協同組合' });
  const id = await createThroughForm(staff, { title: PUBLISHED_TITLE });
  await postForm(reviewer.agent, `/console/postings/${id}/publish`, {}).expect(303);
  expect((await postingById(db(), id)).status).toBe('published');
  return { reviewer, staff, id };
}

/** The staff send an edit of the published posting: a new title and a higher wage. */
function sendEdit(staff: Staff, id: number, overrides: Record<string, string> = {}) {
  return postForm(
    staff.agent,
    `${staff.base}/postings/${id}`,
    completePostingForm(
      staff.workplace.id,
      { title: EDITED_TITLE, wageMin: '1350', intent: 'save', ...overrides },
      today(),
    ),
  );
}

const publicPage = (id: number) => request(context.app.server).get(`/jobs/${id}`);

describe('an edit of a published posting by an organisation not yet trusted', () => {
  it('keeps the published version public while the edit waits for review', async () => {
    const { reviewer, staff, id } = await publishedPostingOfUntrustedCoop();
    const before = await postingById(db(), id);

    const saved = await sendEdit(staff, id).expect(303);
    expect(saved.headers.location).toBe(`${staff.base}/postings/${id}?notice=revision_submitted`);

    // The public page and the search still show the published version.
    const page = await publicPage(id).expect(200);
    expect(page.text).toContain(PUBLISHED_TITLE);
    expect(page.text).not.toContain(EDITED_TITLE);
    const search = await request(context.app.server)
      .get(`/jobs?q=${encodeURIComponent('配食')}`)
      .expect(200);
    expect(search.text).toContain(PUBLISHED_TITLE);
    const row = await postingById(db(), id);
    expect(row).toMatchObject({ status: 'published', title: PUBLISHED_TITLE, postedOn: before.postedOn });
    expect(row.pendingRevision).toMatchObject({ state: 'in_review', fields: ['title', 'wageMin'] });
    // The sitemap's last change of the public page stays as it was.
    expect(row.updatedAt).toEqual(before.updatedAt);

    // The staff see that their edit waits, and the form goes on from the edit.
    const form = await staff.agent.get(`${staff.base}/postings/${id}?notice=revision_submitted`).expect(200);
    expect(form.text).toContain('変更を事務局の確認に出しました');
    expect(form.text).toContain('この求人への変更は事務局の確認待ちです');
    expect(form.text).toContain(`value="${EDITED_TITLE}"`);
    const dashboard = await staff.agent.get(staff.base).expect(200);
    expect(dashboard.text).toContain('変更を事務局が確認中です（公開中の内容は変わっていません）');

    // The secretariat is told, and finds it in the queue and on the dashboard.
    const mail = await latestMailTo(db(), reviewer.staff.email);
    expect(mail?.subject).toBe('【よいしごとステーション】審査を待つ求人があります');
    expect(mail?.body).toContain(`https://yoishigoto.example.jp/console/postings/${id}`);
    const queue = await reviewer.agent.get('/console/postings').expect(200);
    expect(queue.text).toContain(PUBLISHED_TITLE);
    expect(queue.text).toContain('公開中の求人の変更');
    const consoleDashboard = await reviewer.agent.get('/console').expect(200);
    expect(consoleDashboard.text).toContain('いちばん古い依頼は0日前');
    const actions = (await auditActions(db(), id)).map((entry) => entry.action);
    expect(actions.slice(-2)).toEqual(['posting.update', 'posting.submit_for_review']);
  });

  it('shows the secretariat which fields changed, and publishing applies the edit', async () => {
    const { reviewer, staff, id } = await publishedPostingOfUntrustedCoop();
    await sendEdit(staff, id).expect(303);

    const review = await reviewer.agent.get(`/console/postings/${id}`).expect(200);
    expect(review.text).toContain('変更された項目');
    const table = review.text.slice(review.text.indexOf('id="revision-heading"'));
    expect(table).toMatch(
      /職種<\/th>\s*<td[^>]*>配食サービスの調理スタッフ<\/td>\s*<td[^>]*>お弁当づくりのスタッフ/,
    );
    expect(table).toMatch(/>1300<\/td>\s*<td[^>]*>1350</);
    // Only the changed fields are listed: the days off did not change.
    expect(table.slice(0, table.indexOf('</table>'))).not.toContain('休日');

    // First published two days ago.
    await db()
      .update(jobPostingsTable)
      .set({ postedOn: addDays(today(), -2) })
      .where(eq(jobPostingsTable.id, id));
    await postForm(reviewer.agent, `/console/postings/${id}/publish`, {})
      .expect(303)
      .expect('location', '/console/postings?notice=published');
    const page = await publicPage(id).expect(200);
    expect(page.text).toContain(EDITED_TITLE);
    const row = await postingById(db(), id);
    // Public all along: the posted date stays the one it was first published on.
    expect(row).toMatchObject({
      status: 'published',
      title: EDITED_TITLE,
      wageMin: 1350,
      pendingRevision: null,
      postedOn: addDays(today(), -2),
    });
    expect((await latestMailTo(db(), staff.user.email))?.subject).toBe(
      '【よいしごとステーション】求人が掲載されました',
    );
    const entries = await auditActions(db(), id);
    expect(entries.at(-1)).toMatchObject({
      action: 'posting.review_publish',
      actor: reviewer.staff.id,
      details: { revision: 'published', fields: ['title', 'wageMin'] },
    });
    // Nothing waits any more.
    expect((await reviewer.agent.get('/console/postings').expect(200)).text).toContain(
      '審査待ちの求人はありません。',
    );
  });

  it('sending the edit back keeps the published version, tells the staff and keeps what they typed', async () => {
    const { reviewer, staff, id } = await publishedPostingOfUntrustedCoop();
    await sendEdit(staff, id).expect(303);

    await postForm(reviewer.agent, `/console/postings/${id}/return`, { note: '賃金の根拠を書いてください。' })
      .expect(303)
      .expect('location', '/console/postings?notice=returned');
    const page = await publicPage(id).expect(200);
    expect(page.text).toContain(PUBLISHED_TITLE);
    const row = await postingById(db(), id);
    expect(row).toMatchObject({ status: 'published', title: PUBLISHED_TITLE });
    expect(row.pendingRevision?.state).toBe('returned');
    const mail = await latestMailTo(db(), staff.user.email);
    expect(mail?.subject).toBe('【よいしごとステーション】求人の変更が差し戻されました');
    expect(mail?.body).toContain('賃金の根拠を書いてください。');
    expect(mail?.body).toContain('公開中の求人は、変更前の内容のまま表示されています。');

    const form = await staff.agent.get(`${staff.base}/postings/${id}`).expect(200);
    expect(form.text).toContain('事務局がこの変更を差し戻しました');
    expect(form.text).toContain('賃金の根拠を書いてください。');
    expect((await staff.agent.get(staff.base).expect(200)).text).toContain('変更が差し戻されました');
    expect(form.text).toContain(`value="${EDITED_TITLE}"`);
    expect((await reviewer.agent.get('/console/postings').expect(200)).text).toContain(
      '審査待ちの求人はありません。',
    );

    // Corrected and saved again: back in the queue, and the secretariat is told again.
    clock.advance(60);
    await sendEdit(staff, id, { requirements: '賃金は経験により決めます' }).expect(303);
    expect((await postingById(db(), id)).pendingRevision?.state).toBe('in_review');
    expect((await reviewer.agent.get('/console/postings').expect(200)).text).toContain('公開中の求人の変更');
  });

  it('withdraws the edit when the published content is sent again', async () => {
    const { staff, id } = await publishedPostingOfUntrustedCoop();
    await sendEdit(staff, id).expect(303);
    await sendEdit(staff, id, { title: PUBLISHED_TITLE, wageMin: '1300' }).expect(303);
    const row = await postingById(db(), id);
    expect(row).toMatchObject({ status: 'published', title: PUBLISHED_TITLE, pendingRevision: null });
  });

  it('checks the edit against the publishing rules before it is sent', async () => {
    const { staff, id } = await publishedPostingOfUntrustedCoop();
    const refused = await sendEdit(staff, id, { wageMin: '900' }).expect(422);
    expect(refused.text).toContain('id="f-wageMin-error"');
    expect(refused.text).toContain(`value="${EDITED_TITLE}"`);
    expect((await postingById(db(), id)).pendingRevision).toBeNull();
  });

  it('drops a waiting edit when the posting is closed', async () => {
    const { reviewer, staff, id } = await publishedPostingOfUntrustedCoop();
    await sendEdit(staff, id).expect(303);
    await postForm(staff.agent, `${staff.base}/postings/${id}/close`, {}).expect(303);
    expect(await postingById(db(), id)).toMatchObject({ status: 'closed', pendingRevision: null });
    expect((await reviewer.agent.get('/console/postings').expect(200)).text).toContain(
      '審査待ちの求人はありません。',
    );
  });
});
