import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

const context = useTestApp();

describe('compression and static files', () => {
  it('sends pages compressed with brotli or gzip, as the browser accepts', async () => {
    const server = context.app.server;
    const brotli = await request(server).get('/').set('Accept-Encoding', 'br, gzip').expect(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.text).toContain('よいしごとステーション');
    const gzip = await request(server).get('/').set('Accept-Encoding', 'gzip').expect(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await request(server).get('/').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('links the stylesheet by a content fingerprint that browsers keep for a year', async () => {
    const page = await request(context.app.server).get('/').expect(200);
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.text)?.[1] ?? '';
    expect(href).toMatch(/^\/static\/css\/site\.css\?v=[\w-]{12}$/);
    const css = await request(context.app.server).get(href).expect(200);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.text).toContain('.container');
  });

  it('serves a stale or missing fingerprint, but has it checked again', async () => {
    const stale = await request(context.app.server).get('/static/css/site.css?v=oldversion00').expect(200);
    expect(stale.headers['cache-control']).toBe('no-cache');
    const bare = await request(context.app.server).get('/static/css/site.css').expect(200);
    expect(bare.headers['cache-control']).toBe('no-cache');
  });
});
