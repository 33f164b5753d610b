import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { completePostingForm, coopStaff, postingById } from '../workspace/support.js';

// A deployment without the demo data: only the migrations have run. The minimum wages are reference
// data, so publishing must work here exactly as it does on the demo site.
const context = useTestApp({ SEED_DEMO: false });

describe('a fresh database without the demo data', () => {
  it('publishes a posting, because the minimum wages come with the migrations', async () => {
    const staff = await coopStaff(context);
    const response = await postForm(
      staff.agent,
      `${staff.base}/postings`,
      completePostingForm(staff.workplace.id),
    );
    expect(response.status).toBe(303);
    const id = Number(String(response.headers.location).match(/\/postings\/(\d+)/)?.[1]);
    expect((await postingById(context.database.db, id)).status).toBe('published');
  });

  it('names the rate and the date it took effect when a wage is below it', async () => {
    const staff = await coopStaff(context);
    const response = await postForm(
      staff.agent,
      `${staff.base}/postings`,
      completePostingForm(staff.workplace.id, { wageMin: '1100', wageMax: '1200' }),
    );
    expect(response.status).toBe(422);
    expect(response.text).toContain('東京都の最低賃金（2025年10月3日から時給1,226円）を下回っています');
  });
});
