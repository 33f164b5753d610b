import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { pageForLanguageSwitch } from '../../src/lib/urls.js';
import { useTestApp } from '../helpers/app.js';
import { createUser, postForm, signedInAgent } from '../helpers/auth.js';

const context = useTestApp();

function switchTarget(html: string): string {
  const match = /href="\/lang\/(?:en|ja)\?next=([^"]*)"/.exec(html);
  return decodeURIComponent(match?.[1] ?? '');
}

describe('the language switch after a form failed', () => {
  it('returns to the form’s own page when the form posts to it (sign-up)', async () => {
    const failed = await postForm(request(context.app.server), '/signup', { email: 'not an address' }).expect(
      422,
    );
    const target = switchTarget(failed.text);
    expect(target).toBe('/signup');
    await request(context.app.server).get(target).expect(200);
  });

  it('returns to the page that holds the form when the form posts elsewhere (change password)', async () => {
    const user = await createUser(context.database.db);
    const agent = await signedInAgent(context, user);
    const failed = await postForm(agent, '/account/password', {
      currentPassword: '',
      newPassword: '',
    }).expect(422);
    const target = switchTarget(failed.text);
    expect(target).toBe('/account');
    const switched = await agent.get(`/lang/en?next=${encodeURIComponent(target)}`).expect(303);
    expect(switched.headers.location).toBe('/account');
    const page = await agent.get('/account').expect(200);
    expect(page.text).toContain('<html lang="en">');
  });

  it('walks up route patterns and concrete paths together', () => {
    const pages = new Set([
      '/',
      '/workspace/:organisationId',
      '/workspace/:organisationId/postings/:postingId',
    ]);
    const has = (pattern: string) => pages.has(pattern);
    expect(
      pageForLanguageSwitch(
        'POST',
        '/workspace/:organisationId/postings/:postingId/renew',
        '/workspace/3/postings/9/renew',
        has,
      ),
    ).toBe('/workspace/3/postings/9');
    expect(
      pageForLanguageSwitch('POST', '/workspace/:organisationId/profile', '/workspace/3/profile?x=1', has),
    ).toBe('/workspace/3');
    expect(pageForLanguageSwitch('GET', '/jobs', '/jobs?q=介護', has)).toBe('/jobs?q=介護');
    expect(pageForLanguageSwitch('POST', undefined, '/nowhere', has)).toBe('/');
  });
});
