import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { createUser, postForm, TEST_PASSWORD } from '../helpers/auth.js';

const context = useTestApp({ TRUST_PROXY: true });

const attempt = (email: string, password: string, address: string) =>
  postForm(request(context.app.server), '/signin', { email, password }).set('X-Forwarded-For', address);

describe('sign-in throttling per account and address', () => {
  it('locks a stranger out after five wrong passwords, but not the owner on their own device', async () => {
    const owner = await createUser(context.database.db);
    for (let i = 0; i < 5; i++)
      expect((await attempt(owner.email, 'wrong password!', '203.0.113.7')).status).toBe(401);
    const stranger = await attempt(owner.email, 'wrong password!', '203.0.113.7');
    expect(stranger.status).toBe(429);
    expect(stranger.headers['retry-after']).toBeDefined();
    expect((await attempt(owner.email, TEST_PASSWORD, '198.51.100.20')).status).toBe(303);
  });
});
