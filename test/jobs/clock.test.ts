import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { useTestApp } from '../helpers/app.js';
import { TestClock } from '../helpers/clock.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';

const clock = new TestClock();
const context = useTestApp({}, clock.now);

describe('the public pages and the app clock', () => {
  it('close a posting on every public page when the app clock passes its date', async () => {
    const today = todayInTokyo(clock.now());
    const { organisation, workplace } = await createCoopWithWorkplace(context.database.db);
    const posting = await createPosting(context.database.db, workplace.id, {
      title: '明日までの求人',
      validThrough: addDays(today, 1),
    });
    const server = context.app.server;
    expect((await request(server).get('/jobs').expect(200)).text).toContain('明日までの求人');
    expect((await request(server).get('/').expect(200)).text).toContain('明日までの求人');
    expect((await request(server).get('/organisations').expect(200)).text).toContain('募集中の求人 1件');

    clock.advance(2 * 24 * 60 * 60);
    expect((await request(server).get('/jobs').expect(200)).text).not.toContain('明日までの求人');
    expect((await request(server).get('/').expect(200)).text).not.toContain('明日までの求人');
    expect((await request(server).get(`/organisations/${organisation.id}`).expect(200)).text).not.toContain(
      '募集中の求人 1件',
    );
    expect((await request(server).get(`/jobs/${posting.id}`)).text).toContain(
      '<meta name="robots" content="noindex">',
    );
  });
});
