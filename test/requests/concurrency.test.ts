/**
 * A slot's capacity under concurrency (DESIGN.md §5): many people booking the last places at once, and
 * people cancelling while others book. Run on PostgreSQL (TEST_DATABASE_URL), where the requests really
 * run in parallel on several connections; on PGlite the same test checks the same rules.
 */
import { and, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { availabilitySlotsTable, placementRequestsTable } from '../../src/db/schema/index.js';
import { useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { askAndConfirm, coopWithPosting, createSlot, requestFormBody } from './support.js';

const context = useTestApp();
const db = () => context.database.db;

async function slotState(slotId: number) {
  const [slot] = await db()
    .select()
    .from(availabilitySlotsTable)
    .where(eq(availabilitySlotsTable.id, slotId));
  const [holders] = await db()
    .select({ count: sql<number>`count(*)::int` })
    .from(placementRequestsTable)
    .where(and(eq(placementRequestsTable.slotId, slotId), eq(placementRequestsTable.holdsPlace, true)));
  return { booked: slot?.booked ?? -1, capacity: slot?.capacity ?? -1, holders: holders?.count ?? -1 };
}

describe('a slot of 10', () => {
  it('takes exactly 10 of 200 parallel bookings; the other 190 get the "full" page with the next open slots', async () => {
    const staff = await coopWithPosting(context);
    const slot = await createSlot(db(), staff.organisation.id, staff.workplace.id, { capacity: 10 });
    const later = await createSlot(db(), staff.organisation.id, staff.workplace.id, { capacity: 5, days: 9 });
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_unused, n) =>
        postForm(
          request(context.app.server),
          `/jobs/${staff.posting.id}/request`,
          requestFormBody({ slotId: String(slot.id), contactName: `同時${n}` }),
        ),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status) => status === 303)).toHaveLength(10);
    const full = responses.filter((response) => response.status === 409);
    expect(full).toHaveLength(190);
    for (const response of full) {
      expect(response.text).toContain('定員に達したため申し込めませんでした');
      expect(response.text).toContain(`value="${later.id}"`);
    }
    expect(await slotState(slot.id)).toEqual({ booked: 10, capacity: 10, holders: 10 });
    const requests = await db().select().from(placementRequestsTable);
    expect(requests).toHaveLength(10);
  });

  it('never goes over capacity while 50 people cancel and book at once', async () => {
    const staff = await coopWithPosting(context);
    const slot = await createSlot(db(), staff.organisation.id, staff.workplace.id, { capacity: 10 });
    const holders: string[] = [];
    for (let n = 0; n < 10; n++) {
      holders.push((await askAndConfirm(context, staff.posting.id, { slotId: String(slot.id) })).followToken);
    }
    expect((await slotState(slot.id)).booked).toBe(10);
    const server = context.app.server;
    const work = [
      ...holders.map((token) => () => postForm(request(server), '/requests/follow/withdraw', { token })),
      ...Array.from(
        { length: 40 },
        (_unused, n) => () =>
          postForm(
            request(server),
            `/jobs/${staff.posting.id}/request`,
            requestFormBody({ slotId: String(slot.id), contactName: `再予約${n}` }),
          ),
      ),
    ].sort(() => Math.random() - 0.5);
    const responses = await Promise.all(work.map((run) => run()));
    expect(responses.map((response) => response.status).filter((status) => status >= 500)).toEqual([]);
    const booked = responses.filter(
      (response) => response.status === 303 && response.headers.location === '/requests/sent',
    );
    const state = await slotState(slot.id);
    // The counter and the requests agree, and neither is above capacity.
    expect(state.booked).toBe(state.holders);
    expect(state.booked).toBeLessThanOrEqual(10);
    expect(state.booked).toBe(booked.length);
    expect(booked.length).toBeLessThanOrEqual(10);
  });
});
