import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { systemContext } from '../../src/auth/context.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { updateOrganisationProfile } from '../../src/modules/organisations/profile.service.js';
import { useTestApp } from '../helpers/app.js';
import { createUser } from '../helpers/auth.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';

const context = useTestApp();

describe('renaming an organisation', () => {
  it('rebuilds the search documents of all its postings, in batches after the rename commits', async () => {
    const db = context.database.db;
    const { organisation, workplace } = await createCoopWithWorkplace(db, { name: '旧名の協同組合' });
    const today = todayInTokyo();
    // More postings than one batch (200), so the batches have to chain.
    for (let i = 0; i < 205; i++)
      await createPosting(db, workplace.id, {
        title: `求人${i}`,
        postedOn: today,
        validThrough: addDays(today, 30),
      });
    const editor = await createUser(db);
    const ctx = {
      ...systemContext({ db, now: new Date(), publicUrl: 'https://yoishigoto.example.jp' }),
      actor: { userId: editor.id },
      organisation,
    };
    await updateOrganisationProfile(ctx, {
      name: '改名後もりのき協同組合',
      nameKana: 'もりのき',
      description: '',
      website: null,
      contactEmail: null,
      contactPhone: null,
    });
    const page = await request(context.app.server)
      .get(`/jobs?q=${encodeURIComponent('改名後もりのき')}`)
      .expect(200);
    expect(page.text).toContain('205件の求人');
  });
});
