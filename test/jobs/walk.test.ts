import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { forgetTermDensity } from '../../src/modules/jobs/jobs.density.js';
import { parseSearchQuery } from '../../src/modules/jobs/jobs.search.js';
import { compileSearch, type SearchTuning, searchJobs } from '../../src/modules/jobs/jobs.service.js';
import { useTestApp } from '../helpers/app.js';
import { createCoopWithWorkplace, createPosting, createWorkplace } from '../helpers/factories.js';

/**
 * A common search at a million postings is listed by walking the newest postings and its total estimated
 * (jobs.service walkedPage). A board that large cannot be built in a test, so these tests lower the
 * thresholds on a board of a few hundred postings: the walk must list exactly what the GIN index lists,
 * estimate near the true total, and leave a search with few matches to the exact count.
 */
const context = useTestApp();
const today = todayInTokyo();
const walkAlways: SearchTuning = { walks: true, preferIndex: false, estimateFrom: 10 };
const neverWalk: SearchTuning = { walks: false, preferIndex: true, estimateFrom: 10 };

/** 200 postings over 50 days: 介護 in 150 (four of them in Osaka), 清掃 in 50 (Tokyo only). */
async function seedBoard(): Promise<void> {
  const db = context.database.db;
  const { organisation, workplace: tokyo } = await createCoopWithWorkplace(db);
  const osaka = await createWorkplace(db, organisation.id, {
    prefectureCode: '27',
    municipalityCode: '271276',
    nearestStation: '梅田駅',
  });
  for (let n = 0; n < 200; n++) {
    const care = n % 4 !== 3;
    // Osaka has four care postings only: a rare conjunction of two common terms.
    const inOsaka = care && n % 50 === 0;
    await createPosting(db, inOsaka ? osaka.id : tokyo.id, {
      title: care ? `介護スタッフ${n}` : `清掃スタッフ${n}`,
      field: care ? 'elderly_care' : 'building_maintenance',
      acceptsVisit: n % 2 === 0,
      postedOn: addDays(today, -Math.floor(n / 4)),
    });
  }
  await db.execute(sql`analyze job_postings`);
  forgetTermDensity(db);
}

async function search(query: string, tuning: SearchTuning) {
  const compiled = compileSearch(
    parseSearchQuery(Object.fromEntries(new URLSearchParams(query))).filters,
    today,
  );
  return searchJobs(context.database.db, compiled, { tuning });
}

describe('walking the newest postings for a common search', () => {
  it('lists the same pages as the exact search, with the total estimated near the true count', async () => {
    await seedBoard();
    for (const query of [
      'q=介護',
      'q=介護&page=2',
      'q=介護&visit=1',
      'field=elderly_care&visit=1',
      'q=スタッフ',
      // Within one prefecture the walk reads that prefecture's own newest-first index.
      'pref=13&visit=1',
      'q=介護&pref=13',
      'q=清掃&pref=13',
    ]) {
      const walked = await search(query, walkAlways);
      const exact = await search(query, neverWalk);
      expect(exact.approximate, query).toBe(false);
      expect(walked.approximate, query).toBe(true);
      expect(
        walked.jobs.map((job) => job.id),
        query,
      ).toEqual(exact.jobs.map((job) => job.id));
      // The newest postings stand for all of them here, so the estimate is close; it is rounded.
      expect(walked.total, query).toBeGreaterThan(exact.total * 0.7);
      expect(walked.total, query).toBeLessThan(exact.total * 1.3);
    }
  });

  it('counts exactly when a search of common terms has few matches among the newest', async () => {
    await seedBoard();
    const osakaCare = await search('q=介護&pref=27', walkAlways);
    expect(osakaCare.approximate).toBe(false);
    expect(osakaCare.total).toBe(4);
    expect(osakaCare.jobs.map((job) => job.prefectureCode)).toEqual(['27', '27', '27', '27']);
  });

  it('walks a search whose word and field come together, though the statistics expect it to be small', async () => {
    await seedBoard();
    // 清掃 is in a quarter of the postings and building maintenance in a quarter: taken as independent,
    // about 12 of 200, under an estimate's threshold of 20. In fact they are the same 50 postings.
    const estimatedFrom20: SearchTuning = { walks: true, preferIndex: true, estimateFrom: 20 };
    const query = 'q=清掃&field=building_maintenance';
    const walked = await search(query, estimatedFrom20);
    const exact = await search(query, neverWalk);
    expect(exact.total).toBe(50);
    expect(walked.approximate).toBe(true);
    expect(walked.total).toBeGreaterThan(35);
    expect(walked.total).toBeLessThan(65);
    expect(walked.jobs.map((job) => job.id)).toEqual(exact.jobs.map((job) => job.id));
  });

  it('leaves a rare word to the GIN index and counts it exactly', async () => {
    await seedBoard();
    const { workplace } = await createCoopWithWorkplace(context.database.db);
    await createPosting(context.database.db, workplace.id, { title: '養蜂の手伝い' });
    const rare = await search('q=養蜂', walkAlways);
    expect(rare.approximate).toBe(false);
    expect(rare.total).toBe(1);
  });
});
