import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

const context = useTestApp({ OPERATOR_NAME: 'テスト事務局', CONTACT_EMAIL: 'desk@example.jp' });

describe('trust pages', () => {
  it('every page links to the operator, privacy and contact pages from its footer', async () => {
    for (const path of ['/', '/jobs', '/organisations', '/signin', '/signup']) {
      const page = await request(context.app.server).get(path).expect(200);
      const footer = page.text.slice(page.text.indexOf('<footer'));
      for (const link of ['/operator', '/privacy', '/contact'])
        expect(footer, path).toContain(`href="${link}"`);
    }
  });

  it('the privacy policy names its purposes, third-party provision, requests and the desk, in both languages', async () => {
    const ja = await request(context.app.server).get('/privacy').expect(200);
    for (const heading of ['利用目的', '第三者への提供', '開示・訂正・削除のご請求', 'お問い合わせ窓口'])
      expect(ja.text).toContain(heading);
    expect(ja.text).toContain('テスト事務局');
    expect(ja.text).toContain('mailto:desk@example.jp');
    const en = await request(context.app.server).get('/privacy').set('Cookie', 'lang=en').expect(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Passing data to others');
  });

  it('the operator and contact pages say who runs the station and how to reach it', async () => {
    const operator = await request(context.app.server).get('/operator').expect(200);
    expect(operator.text).toContain('テスト事務局');
    expect(operator.text).toContain('href="/organisations"');
    const contact = await request(context.app.server).get('/contact').expect(200);
    expect(contact.text).toContain('mailto:desk@example.jp');
  });

  it('each purpose notice links to the privacy policy', async () => {
    const signup = await request(context.app.server).get('/signup').expect(200);
    const purpose = signup.text.slice(signup.text.indexOf('class="purpose"'));
    expect(purpose.slice(0, purpose.indexOf('</aside>'))).toContain('href="/privacy"');
  });

  it('the public pages promise nothing the product does not do yet', async () => {
    const home = await request(context.app.server).get('/').expect(200);
    expect(home.text).not.toContain('準備中');
    expect(home.text).not.toContain('アカウントがなくても申し込めます');
  });
});
