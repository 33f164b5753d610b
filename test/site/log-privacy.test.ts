/**
 * No personal data in the logs (issue 12, DESIGN.md §4). Canary values go in through the forms while
 * the database refuses the writes (a CHECK (false) constraint: PostgreSQL's error detail then quotes the
 * whole failing row, and drizzle's error message lists every parameter — password hash included). The
 * captured log must hold none of the canaries, no argon2id hash and no session token.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { placementRequestsTable } from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { sha256 } from '../../src/lib/secrets.js';
import { TEST_ORIGIN } from '../helpers/app.js';
import { createUser, postForm, TEST_PASSWORD } from '../helpers/auth.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createCoopWithWorkplace, createPosting } from '../helpers/factories.js';

let log = '';
let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp({
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
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('when database writes fail', () => {
  it('logs the failure without the personal data, hashes or tokens in it', async () => {
    const canary = randomBytes(6).toString('hex');
    const email = `canary-${canary}@example.jp`;
    const name = `カナリア${canary}`;
    const existing = await createUser(database.db, {
      email: `owner-${canary}@example.jp`,
      displayName: `持ち主${canary}`,
    });
    for (const table of ['users', 'user_tokens', 'sessions', 'mail_outbox']) {
      await database.db.execute(
        sql.raw(`alter table ${table} add constraint canary_refuses check (false) not valid`),
      );
    }
    const server = app.server;
    const signup = await postForm(request(server), '/signup', {
      displayName: name,
      email,
      password: `pw-${canary}-long`,
    });
    const forgot = await postForm(request(server), '/password/forgot', { email: existing.email });
    const signin = await postForm(request(server), '/signin', {
      email: existing.email,
      password: TEST_PASSWORD,
    });
    // The writes really failed, so the log had something to leak.
    expect([signup.status, forgot.status, signin.status]).toEqual([500, 500, 500]);
    expect(log).toContain('request failed');
    expect(log).toContain('23514');
    for (const secret of [canary, email, name, existing.email, '$argon2id', 'argon2id', 'Failing row']) {
      expect(log.includes(secret), `the log holds ${secret}`).toBe(false);
    }
  });
});

describe('when a request for a visit cannot be saved', () => {
  it('logs the failure without the requester’s name, contact, notes, accommodations or link token', async () => {
    const canary = randomBytes(6).toString('hex');
    const { workplace } = await createCoopWithWorkplace(database.db);
    const posting = await createPosting(database.db, workplace.id, { acceptsVisit: true });
    // A request waiting for its confirmation, whose link the canary token opens.
    const token = `tok${canary}${randomBytes(12).toString('hex')}`;
    await database.db.insert(placementRequestsTable).values({
      kind: 'visit',
      intent: 'listen_first',
      organisationId: workplace.organisationId,
      workplaceId: workplace.id,
      postingId: posting.id,
      contactName: `確認待ち${canary}`,
      contactEmail: `waiting-${canary}@example.jp`,
      formId: crypto.randomUUID(),
      confirmTokenHash: sha256(token),
      confirmExpiresAt: new Date(Date.now() + 3_600_000),
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await database.db.execute(
      sql.raw(
        'alter table placement_requests add constraint canary_refuses_requests check (false) not valid',
      ),
    );
    log = '';
    const fields = {
      contactName: `ニックネーム${canary}`,
      contactEmail: `seeker-${canary}@example.jp`,
      contactPhone: `090${canary.replace(/[a-f]/g, '1').slice(0, 8)}`,
      notes: `伝えたいこと${canary}`,
      accommodations: `通院があります${canary}`,
    };
    const ask = (path: string) =>
      postForm(request(app.server), path, {
        formId: crypto.randomUUID(),
        kind: 'visit',
        intent: 'listen_first',
        date1: addDays(todayInTokyo(), 5),
        start1: '10:00',
        end1: '11:00',
        sensitiveConsent: 'yes',
        ...fields,
      });
    const asked = await ask(`/jobs/${posting.id}/request`);
    // The same form asked of the workplace directly.
    const askedWorkplace = await ask(`/workplaces/${workplace.id}/request`);
    const confirmed = await postForm(request(app.server), '/requests/confirm', { token });
    expect([asked.status, askedWorkplace.status, confirmed.status]).toEqual([500, 500, 500]);
    expect(log).toContain('23514');
    for (const secret of [canary, token, ...Object.values(fields), 'Failing row']) {
      expect(log.includes(secret), `the log holds ${secret}`).toBe(false);
    }
  });
});
