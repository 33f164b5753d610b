import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { completePostingForm, coopStaff, createThroughForm } from '../workspace/support.js';

// The public caches on, as in production.
const context = useTestApp({ PUBLIC_CACHE_SECONDS: 30 });

describe('changes in the workspace and the public caches', () => {
  it('show a change on the public pages at once', async () => {
    const staff = await coopStaff(context);
    const id = await createThroughForm(staff, { title: 'こんにゃく工房のスタッフ' });
    const anonymous = () => request(context.app.server);
    expect((await anonymous().get(`/jobs/${id}`).expect(200)).text).toContain('こんにゃく工房のスタッフ');
    const search = `/jobs?q=${encodeURIComponent('こんにゃく')}`;
    const count = async () =>
      (await anonymous().get(search).expect(200)).text.match(/id="result-count"[^>]*>([^<]*)</)?.[1];
    expect(await count()).toBe('1件の求人');

    await postForm(
      staff.agent,
      `${staff.base}/postings/${id}`,
      completePostingForm(staff.workplace.id, { title: 'しらたき工房のスタッフ' }),
    ).expect(303);
    expect((await anonymous().get(`/jobs/${id}`).expect(200)).text).toContain('しらたき工房のスタッフ');
    expect(await count()).toBe('0件の求人');

    await postForm(staff.agent, `${staff.base}/postings/${id}/close`, {}).expect(303);
    expect((await anonymous().get(`/jobs/${id}`).expect(200)).text).toContain('この求人の募集は終了しました');
  });
});
