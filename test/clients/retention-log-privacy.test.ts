/**
 * No client's name in the logs when a client is deleted or erased (DESIGN.md §4). A client named with a
 * canary is walked through the caseload, the client page and the confirm page, deleted once while the
 * database refuses the withdrawal (CHECK (false) on placement_requests: PostgreSQL's error detail would
 * quote the failing row, which holds the name) and once for real; their one-time link is opened after.
 * Another closed case is erased by the hourly rule, once failing and once for real, its report and error
 * logged the way server.ts logs them. The captured log holds the canary nowhere.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { systemContext } from '../../src/auth/context.js';
import { testConfig } from '../../src/config.js';
import { runClientMaintenance } from '../../src/modules/clients/clients.maintenance.js';
import { addMonths } from '../../src/modules/requests/requests.rules.js';
import { TEST_ORIGIN, type TestContext } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { createTestDatabase } from '../helpers/db.js';
import { createPosting } from '../helpers/factories.js';
import { createSlot } from '../requests/support.js';
import { coopStaff } from '../workspace/support.js';
import { bookingBody, clientById, counselor, recordConsent, registerClient } from './support.js';

let log = '';
let context: TestContext;
beforeAll(async () => {
  const database = await createTestDatabase();
  const app = await buildApp({
    config: testConfig({ PUBLIC_URL: TEST_ORIGIN, LOG_LEVEL: 'trace' }),
    database,
    logStream: new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString();
        done();
      },
    }),
  });
  await app.ready();
  context = {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
});
afterAll(async () => {
  await context.close();
});

/** The hourly rule as server.ts runs it: its report or its error goes to the app's log. */
async function maintainClients(now: Date) {
  await runClientMaintenance(systemContext({ db: context.database.db, now, publicUrl: TEST_ORIGIN }), {
    retentionMonths: context.app.config.CLIENT_RETENTION_MONTHS,
  })
    .then((report) => {
      if (report.erased > 0) context.app.log.info(report, 'client maintenance done');
    })
    .catch((err) => context.app.log.error({ err }, 'client maintenance failed'));
}

describe('deleting and erasing clients', () => {
  it('logs the pages, the failures and the erasures without the client’s name', async () => {
    const canary = randomBytes(6).toString('hex');
    const db = context.database.db;
    const co = await coopStaff(context);
    const posting = await createPosting(db, co.workplace.id, { acceptsVisit: true });
    const slot = await createSlot(db, co.organisation.id, co.workplace.id, { kinds: ['visit'], days: 7 });
    const who = await counselor(context);
    const clientId = await registerClient(who, `相談者${canary}`, `メモ${canary}`);
    const consent = await recordConsent(context, who, clientId, co.organisation.id);
    await postForm(
      who.agent,
      `${who.base}/clients/${clientId}/consents/${consent.id}/book`,
      bookingBody({ posting: posting.id }, { slotId: String(slot.id), notes: `体調${canary}` }),
    ).expect(303);
    const made = await postForm(who.agent, `${who.base}/clients/${clientId}/links`, {
      purpose: 'confirm_consent',
      consentId: String(consent.id),
    }).expect(200);
    const token = made.text.match(/\/clients\/link\?token=([A-Za-z0-9_-]+)/)?.[1] ?? '';

    await who.agent.get(`${who.base}/clients`).expect(200);
    await who.agent.get(`${who.base}/clients/${clientId}`).expect(200);
    const confirm = await who.agent.get(`${who.base}/clients/${clientId}/delete`).expect(200);
    expect(confirm.text).toContain(canary);

    // The withdrawal the delete starts with is refused: the error is logged, without the row.
    await db.execute(
      sql.raw('alter table placement_requests add constraint canary_refuses check (false) not valid'),
    );
    const failed = await postForm(who.agent, `${who.base}/clients/${clientId}/delete`, {
      formId: randomUUID(),
    });
    expect(failed.status).toBe(500);
    expect(await clientById(db, clientId)).not.toBeNull();
    await db.execute(sql.raw('alter table placement_requests drop constraint canary_refuses'));
    await postForm(who.agent, `${who.base}/clients/${clientId}/delete`, { formId: randomUUID() }).expect(303);
    expect(await clientById(db, clientId)).toBeNull();
    await request(context.app.server).get(`/clients/link?token=${token}`).expect(404);

    // A closed case past its retention: the rule fails once (the audit log refuses), then erases it.
    const closedId = await registerClient(who, `支援終了${canary}`, `メモ${canary}`);
    await postForm(who.agent, `${who.base}/clients/${closedId}/close`, {}).expect(303);
    const due = addMonths(new Date(), 13);
    await db.execute(sql.raw('alter table audit_log add constraint canary_refuses check (false) not valid'));
    await maintainClients(due);
    expect(await clientById(db, closedId)).not.toBeNull();
    await db.execute(sql.raw('alter table audit_log drop constraint canary_refuses'));
    await maintainClients(due);
    expect(await clientById(db, closedId)).toBeNull();

    // The failures really reached the log, so it had something to leak.
    expect(log).toContain('23514');
    expect(log).toContain('client maintenance failed');
    expect(log).toContain('client maintenance done');
    for (const secret of [canary, 'Failing row', token]) {
      expect(log.includes(secret), `the log holds ${secret}`).toBe(false);
    }
  });
});
