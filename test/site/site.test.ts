import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { createTestApp, TEST_ORIGIN, type TestContext } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';

let context: TestContext;

beforeAll(async () => {
  context = await createTestApp({ NOT_FOUND_RATE_LIMIT: 5 }, (app) => {
    app.get('/boom', async () => {
      throw new Error('relation "secret_table" does not exist at /srv/app/src/x.ts:12');
    });
  });
});
afterAll(async () => {
  await context.close();
});

describe('language', () => {
  it('is Japanese by default', async () => {
    const response = await request(context.app.server).get('/').expect(200);
    expect(response.text).toContain('<html lang="ja">');
    expect(response.text).toContain('協同組合のしごとをさがす');
  });

  it('follows a browser that prefers English until a choice is made', async () => {
    const response = await request(context.app.server)
      .get('/')
      .set('Accept-Language', 'en-US,en;q=0.9,ja;q=0.5');
    expect(response.text).toContain('<html lang="en">');
  });

  it('switches with a plain link, returns to the same page and remembers the choice', async () => {
    const agent = request.agent(context.app.server);
    const switched = await agent.get(`/lang/en?next=${encodeURIComponent('/jobs?q=介護')}`).expect(303);
    expect(switched.headers.location).toBe(`/jobs?q=${encodeURIComponent('介護')}`);
    const cookie = String(switched.headers['set-cookie']);
    expect(cookie).toMatch(/lang=en/);
    expect(cookie).toMatch(/Max-Age=31536000/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const next = await agent.get('/organisations').expect(200);
    expect(next.text).toContain('<html lang="en">');
    expect(next.text).toContain('Participating organisations');
    await agent.get('/lang/ja?next=/').expect(303);
    expect((await agent.get('/')).text).toContain('<html lang="ja">');
  });

  it('never redirects to another site', async () => {
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example']) {
      const response = await request(context.app.server)
        .get(`/lang/en?next=${encodeURIComponent(next)}`)
        .expect(303);
      expect(response.headers.location).toBe('/');
    }
  });

  it('answers 404 for an unknown language', async () => {
    await request(context.app.server).get('/lang/fr').expect(404);
  });
});

describe('error pages', () => {
  it('shows a friendly 404 page with a way on', async () => {
    const response = await request(context.app.server).get('/no-such-page').expect(404);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('ページが見つかりません');
    expect(response.text).toContain('href="/jobs"');
  });

  it('shows a 500 page without internals, with a reference to quote', async () => {
    const response = await request(context.app.server).get('/boom').expect(500);
    expect(response.text).toContain('問題が発生しました');
    expect(response.text).toMatch(/お問い合わせ番号：req-/);
    expect(response.text).not.toContain('secret_table');
    expect(response.text).not.toContain('/srv/app');
  });

  it('answers a body that is not a form with a 415 page, never 500', async () => {
    // A real form route, from our own origin, so that only the body can be what is refused: form routes
    // accept form bodies only, so a (broken) JSON body is refused before any parser reads it.
    const response = await request(context.app.server)
      .post('/signin')
      .set('Origin', TEST_ORIGIN)
      .set('Accept', 'text/html')
      .set('Content-Type', 'application/json')
      .send('{"broken');
    expect(response.status).toBe(415);
    expect(response.text).toContain('リクエストを処理できませんでした');
    expect(response.text).toContain('送られた内容を読み取れませんでした。');
    expect(response.text).not.toContain('broken');
  });

  it('rate-limits clients that probe for unknown URLs', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 8; n++) {
      const response = await request(context.app.server)
        .get(`/probe-${n}`)
        .set('X-Forwarded-For', '203.0.113.9');
      statuses.push(response.status);
    }
    expect(statuses).toContain(404);
    expect(statuses.at(-1)).toBe(429);
    const limited = await request(context.app.server).get('/probe-again');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.text).toContain('アクセスが集中しています');
  });
});

describe('operations', () => {
  it('reports the process and the database separately', async () => {
    await request(context.app.server).get('/healthz').expect(200, { status: 'ok' });
    const ready = await request(context.app.server).get('/readyz').expect(200);
    expect(ready.body.status).toBe('ready');
  });

  it('sends security headers with a strict Content-Security-Policy', async () => {
    const response = await request(context.app.server).get('/');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('serves robots.txt and a sitemap of open postings', async () => {
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    const open = await createPosting(context.database.db, workplace.id);
    const closed = await createPosting(context.database.db, workplace.id, { status: 'closed' });
    const robots = await request(context.app.server).get('/robots.txt').expect(200);
    expect(robots.text).toContain('Sitemap: https://yoishigoto.example.jp/sitemap.xml');
    const index = await request(context.app.server).get('/sitemap.xml').expect(200);
    expect(index.text).toContain('<loc>https://yoishigoto.example.jp/sitemaps/jobs-1.xml</loc>');
    const jobs = await request(context.app.server).get('/sitemaps/jobs-1.xml').expect(200);
    expect(jobs.text).toContain(`<loc>https://yoishigoto.example.jp/jobs/${open.id}</loc>`);
    expect(jobs.text).not.toContain(`/jobs/${closed.id}<`);
    await request(context.app.server).get('/sitemaps/jobs-x.xml').expect(404);
    await request(context.app.server).get('/sitemaps/jobs-99.xml').expect(404);
  });
});

describe('logs', () => {
  it('never contain search keywords, cookies or addresses', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const database = await createTestDatabase();
    const app = await buildApp({ config: testConfig({ LOG_LEVEL: 'info' }), database, logStream: stream });
    await app.ready();
    await request(app.server)
      .get(`/jobs?q=${encodeURIComponent('山田花子 090-1234-5678')}`)
      .set('Cookie', 'lang=ja; session=secret-token')
      .set('X-Forwarded-For', '198.51.100.7');
    await app.close();
    await database.close();
    const log = lines.join('');
    expect(log).toContain('"path":"/jobs"');
    expect(log).not.toContain('山田');
    expect(log).not.toContain('090-1234');
    expect(log).not.toContain('secret-token');
    expect(log).not.toContain('198.51.100.7');
  });
});
