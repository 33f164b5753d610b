/**
 * No client's personal data in the logs from the counselor's forms (DESIGN.md §4): canary values go in
 * through the client, consent, booking and message forms while the database refuses the writes
 * (CHECK (false): PostgreSQL's error detail would quote the failing row, and drizzle's message lists the
 * parameters). The captured log must hold none of them: no client's name, notes, needs or contact.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { TEST_ORIGIN, type TestContext } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { createTestDatabase } from '../helpers/db.js';
import { createPosting } from '../helpers/factories.js';
import { createSlot } from '../requests/support.js';
import { coopStaff } from '../workspace/support.js';
import {
  bookingBody,
  consentBody,
  counselor,
  latestRequest,
  postFields,
  recordConsent,
  registerClient,
} from './support.js';

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

describe('when the counselor’s forms cannot be stored', () => {
  it('logs the failures without the client’s name, notes, needs or contact', async () => {
    const canary = randomBytes(6).toString('hex');
    const db = context.database.db;
    const co = await coopStaff(context);
    const posting = await createPosting(db, co.workplace.id, { acceptsVisit: true });
    const slot = await createSlot(db, co.organisation.id, co.workplace.id, { kinds: ['visit'], days: 7 });
    const who = await counselor(context);
    // A client with a consent and a booked request first, so the forms below have something to act on;
    // the client's name (a canary) is in the request as its contact.
    const clientId = await registerClient(who, `相談者${canary}`, `メモ${canary}`);
    const consent = await recordConsent(context, who, clientId, co.organisation.id);
    await postForm(
      who.agent,
      `${who.base}/clients/${clientId}/consents/${consent.id}/book`,
      bookingBody({ posting: posting.id }, { slotId: String(slot.id) }),
    ).expect(303);
    const placement = await latestRequest(db);

    for (const table of [
      'clients',
      'client_consents',
      'client_bookings',
      'client_links',
      'placement_requests',
      'request_messages',
      'request_provisions',
      'mail_outbox',
      'audit_log',
    ]) {
      await db.execute(sql.raw(`alter table ${table} add constraint canary_refuses check (false) not valid`));
    }
    const created = await postForm(who.agent, `${who.base}/clients`, {
      formId: crypto.randomUUID(),
      displayName: `新しい相談者${canary}`,
      notes: `生活保護${canary}`,
    });
    const consented = await postFields(
      who.agent,
      `${who.base}/clients/${clientId}/consents`,
      consentBody(co.organisation.id, { purpose: `目的${canary}` }),
    );
    const booked = await postForm(
      who.agent,
      `${who.base}/clients/${clientId}/consents/${consent.id}/book`,
      bookingBody(
        { posting: posting.id },
        { slotId: String(slot.id), notes: `体調${canary}`, accommodations: `配慮${canary}` },
      ),
    );
    const requestPath = `${who.base}/clients/${clientId}/requests/${placement.id}`;
    const message = await postForm(who.agent, `${requestPath}/message`, {
      formId: crypto.randomUUID(),
      body: `連絡${canary} canary-${canary}@example.jp 090-${canary}`,
    });
    const withdrawn = await postForm(who.agent, `${requestPath}/withdraw`, {});
    // The writes really failed, so the log had something to leak.
    expect([created.status, consented.status, booked.status, message.status, withdrawn.status]).toEqual([
      500, 500, 500, 500, 500,
    ]);
    expect(log).toContain('23514');
    for (const secret of [canary, 'Failing row']) {
      expect(log.includes(secret), `the log holds ${secret}`).toBe(false);
    }
  });
});
