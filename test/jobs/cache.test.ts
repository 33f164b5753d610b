import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { createUser, signedInAgent } from '../helpers/auth.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';

let context: TestContext;

beforeAll(async () => {
  context = await createTestApp({ PUBLIC_CACHE_SECONDS: 30 });
});
afterAll(async () => {
  await context.close();
});

describe('public caches', () => {
  it('serves an anonymous posting page again from memory, per language, until invalidated', async () => {
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    const posting = await createPosting(context.database.db, workplace.id, { title: 'キャッシュの確認' });
    const first = await request(context.app.server).get(`/jobs/${posting.id}`).expect(200);
    expect(first.headers['x-page-cache']).toBeUndefined();
    const second = await request(context.app.server).get(`/jobs/${posting.id}`).expect(200);
    expect(second.headers['x-page-cache']).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(second.headers['content-security-policy']).toContain("default-src 'self'");
    const english = await request(context.app.server).get(`/jobs/${posting.id}`).set('Cookie', 'lang=en');
    expect(english.headers['x-page-cache']).toBeUndefined();
    expect(english.text).toContain('<html lang="en">');
    context.app.publicCache.invalidate();
    const after = await request(context.app.server).get(`/jobs/${posting.id}`);
    expect(after.headers['x-page-cache']).toBeUndefined();
  });

  it('keeps pages gzipped: a browser gets them compressed, a client without gzip gets the same page plain', async () => {
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    const posting = await createPosting(context.database.db, workplace.id, { title: '圧縮の確認' });
    const plainFresh = await context.app.inject({ url: `/jobs/${posting.id}` });
    expect(plainFresh.headers['content-encoding']).toBeUndefined();
    const browser = await context.app.inject({
      url: `/jobs/${posting.id}`,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(browser.headers['x-page-cache']).toBe('hit');
    expect(browser.headers['content-encoding']).toBe('gzip');
    expect(browser.headers.vary).toContain('accept-encoding');
    expect(gunzipSync(browser.rawPayload).toString('utf8')).toBe(plainFresh.body);
    const refusesGzip = await context.app.inject({
      url: `/jobs/${posting.id}`,
      headers: { 'accept-encoding': 'gzip;q=0, identity' },
    });
    expect(refusesGzip.headers['x-page-cache']).toBe('hit');
    expect(refusesGzip.headers['content-encoding']).toBeUndefined();
    expect(refusesGzip.body).toBe(plainFresh.body);
    expect(refusesGzip.body).toContain('圧縮の確認');
  });

  it('never serves a signed-in person a cached page, nor caches theirs', async () => {
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    const posting = await createPosting(context.database.db, workplace.id);
    await request(context.app.server).get(`/jobs/${posting.id}`);
    const agent = await signedInAgent(
      context,
      await createUser(context.database.db, { displayName: '本人' }),
    );
    const signedIn = await agent.get(`/jobs/${posting.id}`).expect(200);
    expect(signedIn.headers['x-page-cache']).toBeUndefined();
    expect(signedIn.text).toContain('ログアウト');
    const anonymous = await request(context.app.server).get(`/jobs/${posting.id}`);
    expect(anonymous.text).not.toContain('ログアウト');
  });

  it('reuses a search count but always lists current postings', async () => {
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    await createPosting(context.database.db, workplace.id, { title: '数の確認A' });
    const q = encodeURIComponent('数の確認');
    expect((await request(context.app.server).get(`/jobs?q=${q}`)).text).toContain('1件の求人');
    await createPosting(context.database.db, workplace.id, { title: '数の確認B' });
    const cached = await request(context.app.server).get(`/jobs?q=${q}`);
    expect(cached.text).toContain('1件の求人');
    expect(cached.text).toContain('数の確認B');
    context.app.publicCache.invalidate();
    expect((await request(context.app.server).get(`/jobs?q=${q}`)).text).toContain('2件の求人');
  });
});
