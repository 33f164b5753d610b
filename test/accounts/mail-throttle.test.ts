import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { mailCount, postForm } from '../helpers/auth.js';

const context = useTestApp();

describe('sign-up and reset mail limits', () => {
  it('a fourth sign-up mail to one address in 15 minutes waits, says when, and keeps what was typed', async () => {
    const statuses: number[] = [];
    let last = '';
    let retryAfter = '';
    for (let n = 0; n < 4; n++) {
      const response = await postForm(request(context.app.server), '/signup', {
        displayName: 'さくら',
        email: 'sakura@example.jp',
        password: 'a long enough password',
      });
      statuses.push(response.status);
      last = response.text;
      retryAfter = String(response.headers['retry-after'] ?? '');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(last).toContain('分ほどたってから');
    expect(last).toContain('value="sakura@example.jp"');
    expect(last).toContain('value="さくら"');
    expect(last).not.toContain('a long enough password');
    expect(last).not.toContain('アクセスが集中しています');
  });

  it('one computer room can sign up a whole class: thirty people from one address are all mailed', async () => {
    const before = await mailCount(context.database.db);
    for (let n = 0; n < 30; n++) {
      await postForm(request(context.app.server), '/signup', {
        displayName: `生徒${n}`,
        email: `student${n}@school.example.jp`,
        password: 'a long enough password',
      }).expect(200);
    }
    expect((await mailCount(context.database.db)) - before).toBe(30);
  });

  it('password reset mail is limited per address the same way, known account or not', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 4; n++) {
      const response = await postForm(request(context.app.server), '/password/forgot', {
        email: 'nobody@example.jp',
      });
      statuses.push(response.status);
      if (response.status === 429) expect(response.text).toContain('value="nobody@example.jp"');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
