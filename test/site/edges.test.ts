/**
 * Answers at the edges of the app (issue 12): framework errors as our page with our headers, only form
 * bodies, characters PostgreSQL cannot store removed, the whole origin compared for CSRF, safe hrefs.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeHref } from '../../src/lib/view-helpers.js';
import { createTestApp, TEST_ORIGIN, type TestContext } from '../helpers/app.js';

let context: TestContext;
beforeAll(async () => {
  context = await createTestApp();
  await context.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await context.close();
});

function expectOurPage(response: { status: number; headers: Record<string, string>; text: string }) {
  expect(response.headers['content-type']).toMatch(/text\/html/);
  expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.text).toContain('リクエストを処理できませんでした');
}

describe('errors raised before our hooks run', () => {
  it('answers a malformed URL escape with our 400 page and security headers', async () => {
    const response = await request(context.app.server).get('/jobs/%E4%BB');
    expect(response.status).toBe(400);
    expectOurPage(response);
  });

  it('answers headers too large with our 431 page and security headers', async () => {
    const { port } = context.app.server.address() as AddressInfo;
    const response = await new Promise<{ status: number; headers: Record<string, string>; text: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path: '/', headers: { 'x-padding': 'x'.repeat(40_000) } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => {
              text += chunk;
            });
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, text }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    expect(response.status).toBe(431);
    expectOurPage(response);
  });
});

describe('request bodies', () => {
  it('takes only forms: JSON is refused with our 415 page', async () => {
    for (const path of ['/signup', '/password/forgot', '/password/reset']) {
      const response = await request(context.app.server)
        .post(path)
        .set('Origin', TEST_ORIGIN)
        .set('Accept', 'text/html')
        .send({ email: { toString: 'x' } });
      expect(response.status, path).toBe(415);
      expect(response.headers['content-security-policy'], path).toBeDefined();
      expect(response.text).toContain('リクエストを処理できませんでした');
    }
  });

  it('removes NUL and lone surrogates before they reach the database', async () => {
    const response = await request(context.app.server)
      .post('/signup')
      .set('Origin', TEST_ORIGIN)
      .type('form')
      .send('displayName=%00%E5%90%8D%00&email=nul%00@example.jp&password=correct%00horse%00battery');
    expect(response.status).toBe(200);
    const search = await request(context.app.server).get('/jobs?q=%00%ED%A0%80');
    expect(search.status).toBe(200);
  });
});

describe('the CSRF check', () => {
  it('compares the whole origin: another scheme or port on our host is refused', async () => {
    const app = await createTestApp({ PUBLIC_URL: 'http://yoishigoto.example.jp' });
    try {
      const post = (origin: string) =>
        request(app.app.server)
          .post('/signout')
          .set('Host', 'yoishigoto.example.jp')
          .set('Origin', origin)
          .set('Accept', 'text/html');
      expect((await post('https://yoishigoto.example.jp')).status).toBe(403);
      expect((await post('http://yoishigoto.example.jp:8080')).status).toBe(403);
      expect((await post('http://yoishigoto.example.jp')).status).toBe(303);
    } finally {
      await app.close();
    }
  });
});

describe('links from organisation data', () => {
  it('become an href only when they are http(s)', () => {
    expect(safeHref('https://coop.example.jp/')).toBe('https://coop.example.jp/');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref(' JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<script>')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});
