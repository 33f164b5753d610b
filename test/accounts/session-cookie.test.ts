import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { createUser, postForm, TEST_PASSWORD } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';

// The app's clock a year behind the device's: what a browser with a wrong clock, or this test, sees.
const clock = new TestClock(new Date(Date.now() - 365 * 24 * 60 * 60 * 1000));
const context = useTestApp({}, clock.now);

describe('the session cookie', () => {
  it('lasts as long as the session by Max-Age, so a device whose clock differs keeps it', async () => {
    const user = await createUser(context.database.db);
    const agent = request.agent(context.app.server);
    const response = await postForm(agent, '/signin', { email: user.email, password: TEST_PASSWORD }).expect(
      303,
    );
    const cookie = [response.headers['set-cookie']].flat().find((line) => line?.startsWith('session='));
    // A seeker's session lasts 30 days (auth/session-policy.ts).
    expect(cookie).toMatch(/Max-Age=2592000/);
    expect(cookie).not.toMatch(/Expires=/);
    // An Expires date from the app's clock would already have passed for the agent's cookie jar.
    const account = await agent.get('/account');
    expect(account.status).toBe(200);
  });
});
