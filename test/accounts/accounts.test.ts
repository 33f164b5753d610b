import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { sessionsTable, usersTable } from '../../src/db/schema/index.js';
import { createTestApp, TEST_ORIGIN, useTestApp } from '../helpers/app.js';
import {
  createUser,
  latestMailTo,
  mailCount,
  postForm,
  signedInAgent,
  TEST_PASSWORD,
  tokenFromMail,
} from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';

const clock = new TestClock();

const context = useTestApp({}, clock.now);

const db = () => context.database.db;

describe('sign-up and e-mail verification', () => {
  it('registers, mails a link in the person’s language, and the link verifies once', async () => {
    const response = await postForm(request(context.app.server), '/signup', {
      displayName: 'みどり',
      email: ' Midori@Example.JP ',
      password: 'a long enough password',
    }).expect(200);
    expect(response.text).toContain('確認メールを送りました');
    const [user] = await db().select().from(usersTable);
    expect(user?.email).toBe('midori@example.jp');
    expect(user?.emailVerifiedAt).toBeNull();
    expect(user?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const mail = await latestMailTo(db(), 'midori@example.jp');
    expect(mail?.subject).toContain('メールアドレスの確認');
    const token = tokenFromMail(mail?.body ?? '');
    await request(context.app.server).get(`/verify-email?token=${token}`).expect(200);
    const [verified] = await db().select().from(usersTable);
    expect(verified?.emailVerifiedAt).not.toBeNull();
    // Single use.
    const again = await request(context.app.server).get(`/verify-email?token=${token}`).expect(400);
    expect(again.text).toContain('リンクが使えません');
  });

  it('writes English mail for a person using the English pages', async () => {
    await postForm(request(context.app.server), '/signup', {
      displayName: 'Sam',
      email: 'sam@example.jp',
      password: 'a long enough password',
    })
      .set('Cookie', 'lang=en')
      .expect(200);
    expect((await latestMailTo(db(), 'sam@example.jp'))?.subject).toBe(
      'Yoi Shigoto Station: confirm your e-mail address',
    );
  });

  it('expires the verification link after 24 hours', async () => {
    await postForm(request(context.app.server), '/signup', {
      displayName: 'a',
      email: 'late@example.jp',
      password: 'a long enough password',
    });
    const token = tokenFromMail((await latestMailTo(db(), 'late@example.jp'))?.body ?? '');
    clock.advance(24 * 60 * 60 + 1);
    await request(context.app.server).get(`/verify-email?token=${token}`).expect(400);
  });

  it('answers the same for an address that is already registered, and mails its owner instead', async () => {
    const existing = await createUser(db(), { email: 'taken@example.jp' });
    const response = await postForm(request(context.app.server), '/signup', {
      displayName: 'x',
      email: 'taken@example.jp',
      password: 'another long password',
    }).expect(200);
    expect(response.text).toContain('確認メールを送りました');
    expect(await db().select().from(usersTable)).toHaveLength(1);
    expect((await latestMailTo(db(), existing.email))?.subject).toContain('登録のお申し込みについて');
  });

  it('re-renders with each problem beside its field and keeps what was typed', async () => {
    const response = await postForm(request(context.app.server), '/signup', {
      displayName: '',
      email: 'not-an-address',
      password: 'short',
    }).expect(422);
    expect(response.text).toContain('id="f-displayName-error"');
    expect(response.text).toContain('メールアドレスの形で入力してください');
    expect(response.text).toContain('パスワードは10文字以上にしてください');
    expect(response.text).toContain('value="not-an-address"');
    expect(response.text).not.toContain('value="short"');
    expect(await mailCount(db())).toBe(0);
  });

  it('creates one account when the form is sent twice at once', async () => {
    const form = { displayName: 'w', email: 'twice@example.jp', password: 'a long enough password' };
    await Promise.all([
      postForm(request(context.app.server), '/signup', form),
      postForm(request(context.app.server), '/signup', form),
    ]);
    expect(await db().select().from(usersTable).where(eq(usersTable.email, 'twice@example.jp'))).toHaveLength(
      1,
    );
  });
});

describe('sign-in and sessions', () => {
  it('signs in with a new session cookie with safe attributes', async () => {
    const user = await createUser(db());
    const response = await postForm(request(context.app.server), '/signin', {
      email: user.email,
      password: TEST_PASSWORD,
    }).expect(303);
    expect(response.headers.location).toBe('/account');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    // Only a hash of the secret is stored.
    const secret = cookie.split('=')[1]?.split(';')[0]?.split('.')[1] ?? '';
    const [session] = await db().select().from(sessionsTable);
    expect(session?.secretHash).toHaveLength(64);
    expect(session?.secretHash).not.toContain(secret);
  });

  it('gives the same answer for a wrong password and an unknown address', async () => {
    const user = await createUser(db());
    const wrong = await postForm(request(context.app.server), '/signin', {
      email: user.email,
      password: 'wrong password!',
    });
    const unknown = await postForm(request(context.app.server), '/signin', {
      email: 'nobody@example.jp',
      password: 'wrong password!',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => html.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0];
    expect(message(wrong.text)).toBe(message(unknown.text));
    expect(wrong.text).toContain('メールアドレスかパスワードが違います');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('asks an unverified person to confirm their address first, after a correct password only', async () => {
    const user = await createUser(db(), { emailVerifiedAt: null });
    const response = await postForm(request(context.app.server), '/signin', {
      email: user.email,
      password: TEST_PASSWORD,
    }).expect(401);
    expect(response.text).toContain('確認メールを送り直しました');
    expect((await latestMailTo(db(), user.email))?.subject).toContain('メールアドレスの確認');
  });

  it('never adopts a session cookie planted before sign-in', async () => {
    const victim = await createUser(db());
    const attacker = await createUser(db());
    const attackerSignIn = await postForm(request(context.app.server), '/signin', {
      email: attacker.email,
      password: TEST_PASSWORD,
    }).expect(303);
    const planted = String(attackerSignIn.headers['set-cookie']).split(';')[0] as string;
    const response = await postForm(request(context.app.server), '/signin', {
      email: victim.email,
      password: TEST_PASSWORD,
    })
      .set('Cookie', planted)
      .expect(303);
    const issued = String(response.headers['set-cookie']).split(';')[0];
    expect(issued).toMatch(/^session=/);
    expect(issued).not.toBe(planted);
    // The planted session was ended, so it cannot ride on the victim's sign-in either.
    const plantedId = planted.replace(/^session=/, '').split('.')[0] as string;
    expect(await db().select().from(sessionsTable).where(eq(sessionsTable.id, plantedId))).toHaveLength(0);
    await request(context.app.server).get('/account').set('Cookie', planted).expect(303);
  });

  it('ends a session after the idle timeout', async () => {
    const user = await createUser(db());
    const agent = await signedInAgent(context, user);
    await agent.get('/account').expect(200);
    clock.advance(7 * 24 * 60 * 60 + 1);
    const response = await agent.get('/account').expect(303);
    expect(response.headers.location).toBe('/signin?next=%2Faccount');
  });

  it('ends a session at its absolute lifetime even when used all along', async () => {
    const user = await createUser(db());
    const agent = await signedInAgent(context, user);
    for (let day = 0; day < 29; day++) {
      clock.advance(24 * 60 * 60);
      await agent.get('/account').expect(200);
    }
    clock.advance(24 * 60 * 60 + 1);
    await agent.get('/account').expect(303);
  });

  it('gives staff a shorter idle timeout than job seekers', async () => {
    const { createOrganisation } = await import('../helpers/factories.js');
    const { addMembership } = await import('../helpers/auth.js');
    const staff = await createUser(db());
    const organisation = await createOrganisation(db());
    await addMembership(db(), staff.id, organisation.id, 'admin');
    const agent = await signedInAgent(context, staff);
    const seeker = await signedInAgent(context, await createUser(db()));
    // Alive, and kept alive by use, before the idle limit.
    clock.advance(29 * 60);
    await agent.get('/account').expect(200);
    await seeker.get('/account').expect(200);
    // 31 idle minutes end the staff session, while the job seeker's, idle as long, still works.
    clock.advance(31 * 60);
    await agent.get('/account').expect(303);
    await seeker.get('/account').expect(200);
  });

  it('signs out and the old cookie no longer works', async () => {
    const user = await createUser(db());
    const agent = await signedInAgent(context, user);
    const signedOut = await postForm(agent, '/signout', {}).expect(303);
    const landing = await agent.get(String(signedOut.headers.location)).expect(200);
    expect(landing.text, 'the home page confirms the sign-out').toContain('ログアウトしました');
    await agent.get('/account').expect(303);
    expect(await db().select().from(sessionsTable)).toHaveLength(0);
  });

  it('throttles sign-in per account with 429 and Retry-After, for unknown addresses too', async () => {
    for (const email of ['someone@example.jp', 'nobody-at-all@example.jp']) {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt++) {
        const response = await postForm(request(context.app.server), '/signin', {
          email,
          password: 'wrong password!',
        });
        statuses.push(response.status);
        if (response.status === 429) expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    }
  });
});

describe('password reset and change', () => {
  it('resets with a single-use link that ends every session', async () => {
    const user = await createUser(db());
    const otherDevice = await signedInAgent(context, user);
    const sent = await postForm(request(context.app.server), '/password/forgot', {
      email: user.email,
    }).expect(200);
    expect(sent.text).toContain('登録されていれば');
    const token = tokenFromMail((await latestMailTo(db(), user.email))?.body ?? '');
    await postForm(request(context.app.server), '/password/reset', {
      token,
      password: 'a brand new password',
    }).expect(303);
    await otherDevice.get('/account').expect(303);
    await signedInAgent(context, user, 'a brand new password');
    const reused = await postForm(request(context.app.server), '/password/reset', {
      token,
      password: 'yet another password',
    });
    expect(reused.status).toBe(400);
    expect(reused.text).toContain('期限切れか、すでに使われています');
  });

  it('answers the same for unknown addresses and sends nothing', async () => {
    const response = await postForm(request(context.app.server), '/password/forgot', {
      email: 'ghost@example.jp',
    }).expect(200);
    expect(response.text).toContain('登録されていれば');
    expect(await mailCount(db())).toBe(0);
  });

  it('expires reset links after an hour', async () => {
    const user = await createUser(db());
    await postForm(request(context.app.server), '/password/forgot', { email: user.email });
    const token = tokenFromMail((await latestMailTo(db(), user.email))?.body ?? '');
    clock.advance(60 * 60 + 1);
    await postForm(request(context.app.server), '/password/reset', {
      token,
      password: 'a brand new password',
    }).expect(400);
  });

  it('changes the password, ends other sessions and keeps this one', async () => {
    const user = await createUser(db());
    const thisDevice = await signedInAgent(context, user);
    const otherDevice = await signedInAgent(context, user);
    const wrong = await postForm(thisDevice, '/account/password', {
      currentPassword: 'not it at all',
      newPassword: 'a brand new password',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('パスワードが違います');
    await postForm(thisDevice, '/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new password',
    }).expect(303);
    await thisDevice.get('/account').expect(200);
    await otherDevice.get('/account').expect(303);
    expect((await latestMailTo(db(), user.email))?.subject).toContain('パスワードが変更されました');
  });

  it('deletes the account after the password is confirmed', async () => {
    const user = await createUser(db());
    const agent = await signedInAgent(context, user);
    await postForm(agent, '/account/delete', { password: 'wrong password!' }).expect(422);
    const deleted = await postForm(agent, '/account/delete', { password: TEST_PASSWORD }).expect(303);
    expect(await db().select().from(usersTable)).toHaveLength(0);
    await agent.get('/account').expect(303);
    const landing = await agent.get(String(deleted.headers.location)).expect(200);
    expect(landing.text, 'the home page confirms the deletion').toContain('アカウントを削除しました');
  });
});

describe('cross-site requests', () => {
  it('refuses a state-changing request from another site', async () => {
    const user = await createUser(db());
    const agent = await signedInAgent(context, user);
    const crossSite = await agent.post('/signout').set('Sec-Fetch-Site', 'cross-site').type('form').send({});
    expect(crossSite.status).toBe(403);
    const otherOrigin = await agent
      .post('/signout')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({});
    expect(otherOrigin.status).toBe(403);
    const noOrigin = await agent.post('/signout').type('form').send({});
    expect(noOrigin.status).toBe(403);
    await agent.get('/account').expect(200);
    const sameOrigin = await agent
      .post('/signout')
      .set('Sec-Fetch-Site', 'same-origin')
      .set('Origin', TEST_ORIGIN)
      .type('form')
      .send({});
    expect(sameOrigin.status).toBe(303);
  });

  it('explains the refusal on the real page, with the site header, in both languages', async () => {
    const japanese = await request(context.app.server)
      .post('/signin')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({});
    expect(japanese.status).toBe(403);
    expect(japanese.headers['content-type']).toContain('text/html');
    expect(japanese.text).toContain('<title>このページは表示できません');
    expect(japanese.text).toContain('このページからは送信できません。');
    expect(japanese.text).toContain('<a class="brand" href="/">よいしごとステーション</a>');

    const english = await request(context.app.server)
      .post('/signin')
      .set('Origin', 'https://evil.example')
      .set('Accept-Language', 'en')
      .type('form')
      .send({});
    expect(english.status).toBe(403);
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('You cannot view this page');
    expect(english.text).toContain('This form cannot be sent from here.');
    expect(english.text).toContain('<a class="brand" href="/">Yoi Shigoto Station</a>');
  });
});

describe('sign-in throttling per address', () => {
  it('answers 429 with Retry-After once one address tries too many accounts', async () => {
    const strict = await createTestApp({ SIGNIN_RATE_LIMIT_PER_IP: 3 });
    try {
      const statuses: number[] = [];
      for (let n = 0; n < 4; n++) {
        const response = await postForm(request(strict.app.server), '/signin', {
          email: `guess${n}@example.jp`,
          password: 'wrong password!',
        });
        statuses.push(response.status);
        if (response.status === 429) {
          expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
          expect(response.text).toContain('アクセスが集中しています');
        }
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await strict.close();
    }
  });
});

describe('deleting the only admin', () => {
  it('is refused while the organisation has other staff, and allowed once it has another admin', async () => {
    const { createOrganisation } = await import('../helpers/factories.js');
    const { addMembership } = await import('../helpers/auth.js');
    const organisation = await createOrganisation(db());
    const admin = await createUser(db());
    const colleague = await createUser(db());
    await addMembership(db(), admin.id, organisation.id, 'admin');
    await addMembership(db(), colleague.id, organisation.id, 'member');
    const agent = await signedInAgent(context, admin);
    const refused = await postForm(agent, '/account/delete', { password: TEST_PASSWORD }).expect(422);
    expect(refused.text).toContain('ただ一人の管理者');
    expect(await db().select().from(usersTable).where(eq(usersTable.id, admin.id))).toHaveLength(1);
    await addMembership(db(), (await createUser(db())).id, organisation.id, 'admin');
    await postForm(agent, '/account/delete', { password: TEST_PASSWORD }).expect(303);
    expect(await db().select().from(usersTable).where(eq(usersTable.id, admin.id))).toHaveLength(0);
  });
});

describe('the session cookie in production', () => {
  it('carries the __Host- prefix with Secure, Path=/ and no Domain', async () => {
    const production = await createTestApp({ NODE_ENV: 'production' });
    try {
      const user = await createUser(production.database.db);
      const response = await postForm(request(production.app.server), '/signin', {
        email: user.email,
        password: TEST_PASSWORD,
      }).expect(303);
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(/^__Host-session=/);
      expect(cookie).toContain('Secure');
      expect(cookie).toContain('Path=/');
      expect(cookie).toContain('HttpOnly');
      expect(cookie).not.toMatch(/Domain=/i);
    } finally {
      await production.close();
    }
  });
});
