/**
 * Route-table fuzzing (issue 12): every route, collected from buildApp's onRoute like the access
 * matrix, gets hostile values — NUL, lone surrogates, broken percent-escapes, 100 KB strings, repeated
 * fields (arrays), bracketed keys (nested objects), huge numbers, RTL marks, markup with a marker —
 * in every path parameter, query parameter and form field, signed out and as a seeker, co-op staff and
 * the secretariat. No answer may be a 5xx, the marker markup never comes back unescaped, and the app
 * still answers at the end. Values are drawn by fast-check from a fixed seed, so a failure replays.
 */
import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { membershipsTable } from '../../src/db/schema/index.js';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.js';
import { createUser, signedInAgent } from '../helpers/auth.js';
import { createCoopWithWorkplace, createOrganisation, createPosting } from '../helpers/factories.js';

interface Route {
  method: string;
  url: string;
}
const routes: Route[] = [];
const context = await createTestApp(
  { SIGNIN_RATE_LIMIT_PER_IP: 1_000_000, NOT_FOUND_RATE_LIMIT: 1_000_000, TRUST_PROXY: true },
  undefined,
  undefined,
  (route: RouteOptions) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || method === 'OPTIONS' || route.url.startsWith('/static')) continue;
      routes.push({ method, url: route.url });
    }
  },
);
const db = context.database.db;

const MARKER = '<x-fuzz-marker>';
/** The raw (already percent-encoded) hostile values; some are invalid encodings on purpose. */
const rawHostile = fc.oneof(
  fc.constantFrom(
    '%00',
    'a%00b',
    '%ED%A0%80', // a lone surrogate, as UTF-8 bytes
    '%E4%BB', // a truncated escape
    '%',
    '%zz',
    encodeURIComponent('\u202Eevil\u200F'),
    encodeURIComponent(`${MARKER}"'&`),
    '99999999999999999999999',
    '-1',
    '1e308',
    'NaN',
    '0x10',
    '',
  ),
  fc
    .string({ unit: 'binary', maxLength: 40 })
    .map((value) => encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '?'))),
  fc.string({ maxLength: 20 }).map((value) => `${encodeURIComponent(value)}%00${encodeURIComponent(MARKER)}`),
);
const HUGE = 'x'.repeat(100_000);

/** Field names the forms and pages read; each is fuzzed on every POST, the query ones on every GET. */
const FORM_FIELDS = [
  'email',
  'password',
  'displayName',
  'token',
  'next',
  'name',
  'nameKana',
  'title',
  'description',
  'website',
  'contactEmail',
  'phone',
  'note',
  'reason',
  'role',
  'locale',
  'formId',
  'workplaceId',
  'wageMin',
  'openings',
  'validThrough',
  'intent',
  'status',
  'kind',
  'legalForm',
  'prefectureCode',
  'municipalityCode',
  'currentPassword',
  'newPassword',
  'trusted',
  'field',
  'employmentForm',
  'weeklyHours',
  'workStart',
];
const QUERY_FIELDS = [
  'q',
  'page',
  'prefecture',
  'municipality',
  'field',
  'employment',
  'wage',
  'token',
  'next',
  'notice',
  'status',
  'sort',
  'kind',
];

const agents = new Map<string, TestAgent | null>();
const ids: Record<string, number> = {};
const counts = new Map<string, number>();

beforeAll(async () => {
  const { organisation, workplace } = await createCoopWithWorkplace(db, { trusted: true });
  const posting = await createPosting(db, workplace.id, {});
  const secretariat = await createOrganisation(db, { kind: 'secretariat', legalForm: 'general_association' });
  const seeker = await createUser(db);
  const staff = await createUser(db);
  await db
    .insert(membershipsTable)
    .values({ userId: staff.id, organisationId: organisation.id, role: 'admin' });
  const admin = await createUser(db);
  await db
    .insert(membershipsTable)
    .values({ userId: admin.id, organisationId: secretariat.id, role: 'admin' });
  Object.assign(ids, {
    organisation: organisation.id,
    workplace: workplace.id,
    posting: posting.id,
    user: staff.id,
  });
  agents.set('signed out', null);
  agents.set('seeker', await signedInAgent(context, seeker));
  agents.set('coop staff', await signedInAgent(context, staff));
  agents.set('secretariat', await signedInAgent(context, admin));
});

afterAll(async () => {
  const lines = [...counts.entries()].map(([route, n]) => `${String(n).padStart(5)}  ${route}`);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`\nfuzz requests per route (${counts.size} routes, ${total} requests):\n${lines.join('\n')}\n`);
  await context.close();
});

function pathWith(route: Route, hostileParam: string | null, raw: string): string {
  return route.url.replace(/:(\w+)/g, (_m, name: string) => {
    if (name === hostileParam) return raw;
    if (name === 'organisationId') return String(ids.organisation);
    if (/posting|job/i.test(name)) return String(ids.posting);
    if (name === 'workplaceId') return String(ids.workplace);
    if (/user|member/i.test(name)) return String(ids.user);
    if (name === 'locale') return 'en';
    return '1';
  });
}

let address = 0;
function send(agent: TestAgent | null, route: Route, path: string, body?: string) {
  const client = (agent ?? request(context.app.server)) as TestAgent;
  const method = route.method.toLowerCase() as 'get' | 'post';
  // Each request from its own address, so the per-address limits stay out of the way.
  address++;
  const pending = client[method](path)
    .set('Accept', 'text/html')
    .set('X-Forwarded-For', `10.9.${(address >> 8) & 255}.${address & 255}`)
    .redirects(0);
  if (route.method === 'GET') return pending;
  return pending
    .set('Origin', TEST_ORIGIN)
    .type('form')
    .send(body ?? '');
}

const seed = 20261201;

describe('every route under hostile input', () => {
  it('answers without a 5xx and never reflects the marker unescaped', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
      const fields = route.method === 'GET' ? QUERY_FIELDS : FORM_FIELDS;
      const values = fc.sample(rawHostile, { numRuns: 8, seed: seed + routes.indexOf(route) });
      for (const [role, agent] of agents) {
        const attempts: Array<{ path: string; body?: string }> = [];
        for (const param of params) attempts.push({ path: pathWith(route, param, values[0] ?? '%00') });
        const path = pathWith(route, null, '');
        values.forEach((raw, i) => {
          const field = fields[(i * 7 + routes.indexOf(route)) % fields.length] as string;
          // One hostile field among otherwise ordinary ones; a repeated field and a bracketed key too.
          const form = `${fields.map((f) => `${f}=${f === field ? raw : 'a'}`).join('&')}&${field}=${raw}&${field}%5Bx%5D=${raw}`;
          if (route.method === 'GET') attempts.push({ path: `${path}?${form}` });
          else attempts.push({ path, body: form });
        });
        if (route.method !== 'GET') attempts.push({ path, body: `${fields[0]}=${HUGE}` });
        else attempts.push({ path: `${path}?q=${HUGE.slice(0, 8000)}` });
        for (const attempt of attempts) {
          const response = await send(agent, route, attempt.path, attempt.body);
          counts.set(name, (counts.get(name) ?? 0) + 1);
          if (response.status >= 500)
            failures.push(`${role} ${route.method} ${attempt.path.slice(0, 120)} → ${response.status}`);
          if (response.text?.includes(MARKER))
            failures.push(`${role} ${route.method} ${attempt.path.slice(0, 120)} reflected the marker`);
        }
      }
    }
    expect(failures.slice(0, 30)).toEqual([]);
    await request(context.app.server).get('/healthz').expect(200);
    await request(context.app.server).get('/jobs').expect(200);
  }, 300_000);
});
