/**
 * The access matrix (issue 3), generated from the route table: every guarded route × every role that
 * must not reach it, with :organisationId and the other ids pointing at another organisation's records.
 * Signed out → 303 to sign-in; signed in → 403 or 404; and nothing in the database changed.
 */
import { sql } from 'drizzle-orm';
import type { RouteOptions } from 'fastify';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import {
  availabilitySlotsTable,
  clientConsentsTable,
  clientsTable,
  cofounderCardsTable,
  cofounderMessagesTable,
  consultationEventOutcomesTable,
  consultationEventsTable,
  courseEnrolmentsTable,
  courseSessionsTable,
  coursesTable,
  foundingGroupsTable,
  foundingMembersTable,
  invitationsTable,
  outreachRequestsTable,
  placementRequestsTable,
  schoolRequestDetailsTable,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { randomToken, sha256 } from '../../src/lib/secrets.js';
import type { RouteAccess } from '../../src/plugins/guards.js';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.js';
import { addMembership, createUser, signedInAgent } from '../helpers/auth.js';
import { createCoopWithWorkplace, createOrganisation, createPosting } from '../helpers/factories.js';

interface GuardedRoute {
  method: string;
  url: string;
  access: Exclude<RouteAccess, 'public'>;
}

const table = new Map<string, GuardedRoute>();
/** Public routes reached by a private link (a token in the query or the form): a wrong token is 404. */
const privateLinks = new Map<string, { method: string; url: string }>();
/** Every route with its declared level, public ones included (a forgotten guard reads as public). */
const declared = new Map<string, RouteAccess>();
const context = await createTestApp(
  // Many sign-ins and refusals from one address: the throttles are not what this test is about.
  { SIGNIN_RATE_LIMIT_PER_IP: 100_000, NOT_FOUND_RATE_LIMIT: 100_000 },
  undefined,
  undefined,
  (route: RouteOptions) => {
    const level = route.config?.access ?? 'public';
    for (const method of [route.method].flat()) {
      // HEAD is answered by the GET handler; OPTIONS is not ours.
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      declared.set(`${method} ${route.url}`, level);
      if (route.config?.privateLink) privateLinks.set(`${method} ${route.url}`, { method, url: route.url });
      if (level !== 'public') table.set(`${method} ${route.url}`, { method, url: route.url, access: level });
    }
  },
);
const routes = [...table.values()].sort(
  (a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method),
);
const db = context.database.db;

type RoleName =
  | 'signed out'
  | 'job seeker'
  | 'co-op member (other organisation)'
  | 'co-op admin (other organisation)'
  | 'school coordinator'
  | 'counselor'
  | 'secretariat'
  | 'member of this organisation'
  | 'admin of this organisation'
  | 'target counselor';

/** Who must be refused where: everyone below the route's level, and anyone outside its organisation. */
function refusedRoles(level: GuardedRoute['access']): RoleName[] {
  if (level === 'user') return ['signed out'];
  const outsiders: RoleName[] = [
    'signed out',
    'job seeker',
    'co-op member (other organisation)',
    'co-op admin (other organisation)',
    'school coordinator',
    'counselor',
  ];
  if (level === 'secretariat') return outsiders;
  // Organisation routes: the secretariat is not staff of the co-op either.
  if (level === 'organisation_member') return [...outsiders, 'secretariat'];
  return [...outsiders, 'secretariat', 'member of this organisation'];
}

const agents = new Map<RoleName, TestAgent | null>();
const ids: Record<string, number> = {};
let invitationToken = '';

beforeAll(async () => {
  // The records the roles try to reach: a co-op they do not belong to, with a workplace, a posting
  // waiting for review, an open invitation and staff; and an application waiting for the secretariat.
  const { organisation, workplace } = await createCoopWithWorkplace(db, { name: '対象の協同組合' });
  const today = todayInTokyo();
  const posting = await createPosting(db, workplace.id, {
    status: 'in_review',
    postedOn: today,
    validThrough: addDays(today, 30),
  });
  const targetAdmin = await createUser(db);
  await addMembership(db, targetAdmin.id, organisation.id, 'admin');
  const targetMember = await createUser(db);
  await addMembership(db, targetMember.id, organisation.id, 'member');
  invitationToken = randomToken(24);
  const [invitation] = await db
    .insert(invitationsTable)
    .values({
      organisationId: organisation.id,
      email: 'invited-elsewhere@example.jp',
      role: 'admin',
      tokenHash: sha256(invitationToken),
      invitedBy: targetAdmin.id,
      expiresAt: new Date(Date.now() + 7 * 24 * 60 * 60 * 1000),
      createdAt: new Date(),
    })
    .returning();
  // A confirmed request to the co-op and a slot of its, for the inbox and slot routes.
  const [slot] = await db
    .insert(availabilitySlotsTable)
    .values({
      organisationId: organisation.id,
      workplaceId: workplace.id,
      startsAt: new Date(Date.now() + 7 * 86_400_000),
      endsAt: new Date(Date.now() + 7 * 86_400_000 + 3_600_000),
      capacity: 3,
      kinds: ['visit'],
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning();
  const [placement] = await db
    .insert(placementRequestsTable)
    .values({
      kind: 'visit',
      state: 'accepted',
      intent: 'listen_first',
      organisationId: organisation.id,
      workplaceId: workplace.id,
      slotId: slot!.id,
      contactName: '権限の確認',
      contactEmail: 'requester@example.jp',
      formId: crypto.randomUUID(),
      followTokenHash: sha256(randomToken(24)),
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning();
  const pending = await createOrganisation(db, { name: '審査待ちの協同組合', approvalState: 'pending' });
  const applicant = await createUser(db);
  await addMembership(db, applicant.id, pending.id, 'admin');
  Object.assign(ids, {
    organisation: organisation.id,
    pendingOrganisation: pending.id,
    workplace: workplace.id,
    posting: posting.id,
    invitation: invitation!.id,
    request: placement!.id,
    slot: slot!.id,
    targetAdmin: targetAdmin.id,
    targetMember: targetMember.id,
  });

  // The roles, each in organisations of their own.
  const otherCoop = await createOrganisation(db, { name: '別の協同組合' });
  const school = await createOrganisation(db, { kind: 'school', legalForm: 'school_corporation' });
  const support = await createOrganisation(db, { kind: 'support', legalForm: 'npo' });
  const secretariat = await createOrganisation(db, { kind: 'secretariat', legalForm: 'general_association' });
  const person = async (organisationId: number | null, role: 'admin' | 'member' = 'admin') => {
    const user = await createUser(db);
    if (organisationId !== null) await addMembership(db, user.id, organisationId, role);
    return signedInAgent(context, user);
  };
  // Courses: one organised by the co-op the roles do not belong to, one by the secretariat of the
  // secretariat role (so its console pages answer 200 in the positive control), each with a session and
  // a person who completed it; and an outreach request waiting for an answer.
  const courseOf = async (organisationId: number) => {
    const now = new Date();
    const [course] = await db
      .insert(coursesTable)
      .values({
        organisationId,
        type: 'public_lecture',
        status: 'published',
        title: '権限確認の講座',
        prefectureCode: '13',
        capacity: 5,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const [session] = await db
      .insert(courseSessionsTable)
      .values({ courseId: course!.id, date: addDays(today, 7), startTime: '10:00', endTime: '12:00' })
      .returning();
    const [enrolment] = await db
      .insert(courseEnrolmentsTable)
      .values({
        courseId: course!.id,
        nickname: '受講者',
        email: 'learner@example.jp',
        state: 'confirmed',
        queueNumber: 1,
        formId: randomToken(18),
        createdAt: now,
        completedAt: now,
      })
      .returning();
    return { course: course!.id, session: session!.id, enrolment: enrolment!.id };
  };
  const coopCourse = await courseOf(organisation.id);
  const secretariatCourse = await courseOf(secretariat.id);
  const [outreach] = await db
    .insert(outreachRequestsTable)
    .values({
      groupName: '権限確認の高校',
      contactName: '担当',
      contactEmail: 'school@example.jp',
      topic: '協同労働',
      audience: '高校生',
      audienceSize: 40,
      preferredDates: '1月',
      venue: '体育館',
      prefectureCode: '13',
      followTokenHash: sha256(randomToken()),
      formId: randomToken(18),
      createdAt: new Date(),
    })
    .returning();
  // A consultation event with an outcome, for the secretariat's event pages.
  const [event] = await db
    .insert(consultationEventsTable)
    .values({
      title: '権限確認の相談交流会',
      heldOn: today,
      prefectureCode: '13',
      place: '市民会館',
      organisers: '権限確認',
      participants: 10,
      consulted: 5,
      formId: randomToken(18),
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning();
  await db
    .insert(consultationEventOutcomesTable)
    .values({ eventId: event!.id, kind: 'coop_work', people: 2 });
  Object.assign(ids, {
    event: event!.id,
    coopCourse: coopCourse.course,
    coopSession: coopCourse.session,
    coopEnrolment: coopCourse.enrolment,
    secretariatCourse: secretariatCourse.course,
    secretariatSession: secretariatCourse.session,
    secretariatEnrolment: secretariatCourse.enrolment,
    outreachRequest: outreach!.id,
  });

  // A counselor's client the roles must not reach: of a support organisation none of them belongs to
  // (the "counselor" role is staff of another one), with a consent naming the co-op above.
  const targetSupport = await createOrganisation(db, {
    kind: 'support',
    legalForm: 'npo',
    name: '対象の相談機関',
  });
  const targetCounselor = await createUser(db);
  await addMembership(db, targetCounselor.id, targetSupport.id, 'member');
  const [client] = await db
    .insert(clientsTable)
    .values({
      organisationId: targetSupport.id,
      counselorUserId: targetCounselor.id,
      displayName: '権限確認の相談者',
      formId: crypto.randomUUID(),
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning();
  const [consent] = await db
    .insert(clientConsentsTable)
    .values({
      clientId: client!.id,
      organisationId: targetSupport.id,
      recipientOrganisationId: organisation.id,
      items: ['contact_name'],
      purpose: '権限の確認',
      method: 'written',
      obtainedOn: today,
      expiresOn: addDays(today, 30),
      formId: crypto.randomUUID(),
      createdAt: new Date(),
    })
    .returning();
  Object.assign(ids, { supportOrganisation: targetSupport.id, client: client!.id, consent: consent!.id });
  agents.set('target counselor', await signedInAgent(context, targetCounselor));

  // A founding group of a person none of the roles is, supported by the target co-op's admin; a
  // co-founder card of that person with an answer from another.
  const founder = await createUser(db);
  const [group] = await db
    .insert(foundingGroupsTable)
    .values({
      name: '権限確認の仕事おこしグループ',
      field: 'community_space',
      prefectureCode: '13',
      idea: '権限の確認',
      supporterUserId: targetAdmin.id,
      supporterOrganisationId: organisation.id,
      requestedBy: founder.id,
      formId: randomToken(18),
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning();
  const [groupMember] = await db
    .insert(foundingMembersTable)
    .values({ groupId: group!.id, userId: founder.id, name: '発起人', addedAt: new Date() })
    .returning();
  const [card] = await db
    .insert(cofounderCardsTable)
    .values({
      userId: founder.id,
      nickname: 'カードの持ち主',
      prefectureCode: '13',
      field: 'community_space',
      wish: '権限の確認',
      availability: '平日',
      formId: randomToken(18),
      createdAt: new Date(),
      renewedAt: new Date(),
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
    })
    .returning();
  const answerer = await createUser(db);
  const [message] = await db
    .insert(cofounderMessagesTable)
    .values({
      cardId: card!.id,
      senderUserId: answerer.id,
      senderNickname: '返事の人',
      body: '権限の確認',
      formId: randomToken(18),
      createdAt: new Date(),
    })
    .returning();
  Object.assign(ids, {
    foundingGroup: group!.id,
    foundingMember: groupMember!.id,
    cofounderCard: card!.id,
    cofounderMessage: message!.id,
  });

  agents.set('signed out', null);
  agents.set('job seeker', await person(null));
  agents.set('co-op member (other organisation)', await person(otherCoop.id, 'member'));
  agents.set('co-op admin (other organisation)', await person(otherCoop.id, 'admin'));
  agents.set('school coordinator', await person(school.id));
  agents.set('counselor', await person(support.id));
  agents.set('secretariat', await person(secretariat.id));
  agents.set('member of this organisation', await signedInAgent(context, targetMember));
  agents.set('admin of this organisation', await signedInAgent(context, targetAdmin));
});

afterAll(async () => {
  await context.close();
});

/**
 * A concrete path: every id names a record of the organisation the roles do not belong to. Console
 * routes get the application waiting for review, so a missing guard would have something to approve.
 */
function pathFor(route: GuardedRoute): string {
  return route.url.replace(/:(\w+)/g, (_match, name: string) => {
    const value = (() => {
      // A counselor's pages point at the client of the support organisation none of the roles is in.
      if (name === 'organisationId' && route.url.includes('/clients')) return ids.supportOrganisation;
      if (name === 'organisationId')
        return route.url.startsWith('/console') ? ids.pendingOrganisation : ids.organisation;
      if (name === 'clientId') return ids.client;
      if (name === 'consentId') return ids.consent;
      if (/^(posting|job)Id$/.test(name)) return ids.posting;
      if (name === 'workplaceId') return ids.workplace;
      if (name === 'invitationId') return ids.invitation;
      if (name === 'requestId') return ids.request;
      if (name === 'slotId') return ids.slot;
      if (/^(user|member)Id$/.test(name)) return ids.targetMember;
      const console = route.url.startsWith('/console');
      if (name === 'courseId') return console ? ids.secretariatCourse : ids.coopCourse;
      if (name === 'sessionId') return console ? ids.secretariatSession : ids.coopSession;
      if (name === 'enrolmentId') return console ? ids.secretariatEnrolment : ids.coopEnrolment;
      if (name === 'requestId') return ids.outreachRequest;
      if (name === 'groupId') return ids.foundingGroup;
      if (name === 'memberId') return ids.foundingMember;
      if (name === 'cardId') return ids.cofounderCard;
      if (name === 'messageId') return ids.cofounderMessage;
      if (name === 'eventId') return ids.event;
      return ids.organisation;
    })();
    return String(value);
  });
}

/** A body with every field the forms ask for, valid enough that a missing guard would change something. */
function formBody(): Record<string, string> {
  return {
    token: invitationToken,
    email: 'matrix@example.jp',
    role: 'admin',
    locale: 'ja',
    trusted: '1',
    reason: '権限の確認',
    note: '権限の確認',
    kind: 'coop',
    legalForm: 'workers_coop',
    name: '権限確認の協同組合',
    nameKana: 'けんげんかくにん',
    prefectureCode: '13',
    description: '権限の確認',
    contactEmail: 'desk@example.jp',
    password: 'correct horse battery',
    currentPassword: 'correct horse battery',
    newPassword: 'another long password',
    title: '権限確認',
    status: 'published',
    // Requests and slots: enough that an unguarded route would accept, message, record or create.
    formId: crypto.randomUUID(),
    body: '権限の確認',
    outcome: 'employed',
    slotId: String(ids.slot),
    workplaceId: String(ids.workplace),
    date: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    start: '10:00',
    end: '11:00',
    capacity: '5',
    weeks: '1',
    kinds: 'visit',
    // Clients, consents, bookings and one-time links.
    displayName: '権限確認',
    recipientOrganisationId: String(ids.organisation),
    items: 'contact_name',
    purpose: 'confirm_consent',
    consentId: String(ids.consent),
    requestId: String(ids.request),
    method: 'written',
    obtainedOn: new Date().toISOString().slice(0, 10),
    expiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    revokedOn: new Date().toISOString().slice(0, 10),
    accompanied: 'yes',
    intent: 'listen_first',
    posting: String(ids.posting),
    contactName: '権限確認',
    agree: 'yes',
    // Consultation events: a complete event, so an unguarded route would record or change one.
    heldOn: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10),
    place: '市民会館',
    organisers: '権限の確認',
    participants: '10',
    consulted: '5',
    // A school's confirmation of the agreement, or its choice of a proposed date.
    choice: '0',
  };
}

/** A fingerprint of every table but sessions (which sign-ins and page views touch by design). */
async function snapshot(): Promise<Record<string, string>> {
  const tables = await queryRows<{ tablename: string }>(
    db,
    sql`select tablename from pg_tables where schemaname = 'public' and tablename <> 'sessions' order by 1`,
  );
  const result: Record<string, string> = {};
  for (const { tablename } of tables) {
    const [row] = await queryRows<{ digest: string; rows: number }>(
      db,
      sql.raw(
        `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest, count(*)::int as rows from "public"."${tablename}" t`,
      ),
    );
    result[tablename] = `${row?.rows}:${row?.digest}`;
  }
  return result;
}

function send(agent: TestAgent | null, route: GuardedRoute, path: string) {
  const client = agent ?? request(context.app.server);
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const pending = (client as TestAgent)[method](path).set('Accept', 'text/html');
  if (route.method === 'GET') return pending;
  return pending.set('Origin', TEST_ORIGIN).type('form').send(formBody());
}

describe('the route table', () => {
  it('holds the guarded routes of every module', () => {
    const urls = routes.map((route) => `${route.method} ${route.url}`);
    for (const expected of [
      'GET /account',
      'GET /organisations/apply',
      'POST /organisations/apply',
      'GET /workspace/:organisationId/members',
      'POST /workspace/:organisationId/members',
      'POST /workspace/:organisationId/members/:userId/remove',
      'POST /invitations/accept',
      'GET /console',
      'POST /console/organisations/:organisationId/approve',
      'POST /console/postings/:postingId/publish',
      'GET /console/users',
      'GET /console/audit',
      'GET /account/courses',
      'GET /workspace/:organisationId/courses/:courseId/roster',
      'GET /workspace/:organisationId/courses/:courseId/roster.csv',
      'POST /workspace/:organisationId/courses/:courseId/sessions/:sessionId/attendance',
      'GET /console/courses/:courseId/enrolments/:enrolmentId/certificate',
      'POST /console/outreach/:requestId/accept',
      'GET /workspace/:organisationId/clients',
      'POST /workspace/:organisationId/clients',
      'GET /workspace/:organisationId/clients/:clientId',
      'POST /workspace/:organisationId/clients/:clientId/consents',
      'POST /workspace/:organisationId/clients/:clientId/consents/:consentId/revoke',
      'POST /workspace/:organisationId/clients/:clientId/consents/:consentId/book',
      'POST /workspace/:organisationId/clients/:clientId/links',
      'POST /workspace/:organisationId/clients/:clientId/close',
      'POST /workspace/:organisationId/clients/:clientId/reopen',
      'GET /workspace/:organisationId/clients/:clientId/delete',
      'POST /workspace/:organisationId/clients/:clientId/delete',
      'GET /workspace/:organisationId/clients/:clientId/requests/:requestId',
      'POST /workspace/:organisationId/clients/:clientId/requests/:requestId/message',
      'POST /workspace/:organisationId/clients/:clientId/requests/:requestId/withdraw',
      'POST /workspace/:organisationId/clients/:clientId/requests/:requestId/choose',
      'GET /founding/:groupId',
      'POST /founding/:groupId/stage',
      'POST /founding/:groupId/checklist',
      'POST /founding/:groupId/milestone',
      'POST /founding/:groupId/members',
      'POST /founding/:groupId/members/:memberId/remove',
      'POST /founding/:groupId/invitations',
      'POST /founding/invitations/accept',
      'GET /account/founding',
      'POST /account/founding',
      'GET /console/founding',
      'GET /console/founding/:groupId',
      'POST /console/founding/:groupId/supporter',
      'POST /cofounders/:cardId/answer',
      'GET /account/cofounders',
      'POST /account/cofounders',
      'POST /account/cofounders/:cardId/renew',
      'POST /account/cofounders/:cardId/withdraw',
      'POST /account/cofounders/messages/:messageId/reply',
      'GET /console/events',
      'POST /console/events',
      'GET /console/events/:eventId',
      'POST /console/events/:eventId',
      'POST /console/events/:eventId/delete',
      'GET /console/figures',
      'GET /console/figures/postings.csv',
      'GET /console/figures/event-outcomes.csv',
      ...schoolRequestRoutes,
    ]) {
      expect(urls).toContain(expected);
    }
  });
});

/**
 * The level a URL must declare, independent of what the route says: so a guard that is missing or too
 * weak is caught here instead of being trusted by the matrix below.
 */
function requiredLevels(url: string): RouteAccess[] | null {
  const under = (prefix: string) => url === prefix || url.startsWith(`${prefix}/`);
  if (under('/console')) return ['secretariat'];
  if (under('/workspace/:organisationId/members')) return ['organisation_admin'];
  if (under('/workspace/:organisationId')) return ['organisation_member', 'organisation_admin'];
  if (under('/workspace')) return ['user', 'organisation_member', 'organisation_admin'];
  if (under('/account') || under('/organisations/apply') || under('/organisations/applications'))
    return ['user'];
  return null;
}

describe('declared access levels', () => {
  it('follow the URL: console for the secretariat, workspace for its organisation’s staff', () => {
    const wrong = [...declared.entries()].flatMap(([route, level]) => {
      const required = requiredLevels(route.slice(route.indexOf(' ') + 1));
      return required && !required.includes(level)
        ? [`${route}: ${level}, expected ${required.join('|')}`]
        : [];
    });
    expect(wrong).toEqual([]);
  });
});

describe.each(routes.map((route) => [`${route.method} ${route.url} (${route.access})`, route] as const))(
  '%s',
  (_name, route) => {
    it('refuses every role that may not use it, and changes nothing', async () => {
      const path = pathFor(route);
      const before = await snapshot();
      const outcomes: string[] = [];
      for (const role of refusedRoles(route.access)) {
        const response = await send(agents.get(role) ?? null, route, path);
        const location = String(response.headers.location ?? '');
        const refused =
          role === 'signed out'
            ? response.status === 303 && location.startsWith('/signin')
            : response.status === 403 || response.status === 404;
        if (!refused) outcomes.push(`${role}: ${response.status} ${location}`);
      }
      expect(outcomes, `${route.method} ${path} was not refused`).toEqual([]);
      expect(await snapshot(), `${route.method} ${path} changed the database`).toEqual(before);
    });
  },
);

describe('the same pages for the people they are for', () => {
  // Positive controls: the ids above are real, so the refusals are not 404s for missing records.
  it('lets the organisation’s admin and the secretariat in', async () => {
    const admin = agents.get('admin of this organisation')!;
    await admin.get(`/workspace/${ids.organisation}/members`).expect(200);
    const secretariat = agents.get('secretariat')!;
    for (const route of routes.filter((r) => r.method === 'GET' && r.access === 'secretariat')) {
      const response = await secretariat.get(pathFor(route));
      expect(response.status, pathFor(route)).toBe(200);
    }
    await agents
      .get('member of this organisation')!
      .get(`/workspace/${ids.organisation}/members`)
      .expect(403);
  });
});

/**
 * Founding groups and co-founder cards are guarded as 'user' (any signed-in person) and checked in the
 * service: a group is its members' and its supporter's, a card and its answers its owner's. So every
 * signed-in role that is neither must get 404 there and change nothing, on top of the signed-out 303 above.
 */
describe('founding groups and co-founder cards for the people they belong to', () => {
  const owned = () =>
    routes.filter(
      (route) =>
        (route.url.startsWith('/founding/:groupId') ||
          route.url.startsWith('/account/cofounders/:cardId') ||
          route.url.startsWith('/account/cofounders/messages')) &&
        route.access === 'user',
    );

  it('covers every group and card route', () => {
    expect(owned().length).toBeGreaterThanOrEqual(10);
  });

  it('answer 404 to every signed-in role that is not a member, the supporter or the owner', async () => {
    const before = await snapshot();
    const outcomes: string[] = [];
    for (const route of owned())
      for (const role of [
        'job seeker',
        'co-op member (other organisation)',
        'co-op admin (other organisation)',
        'school coordinator',
        'counselor',
        'secretariat',
        'member of this organisation',
      ] as RoleName[]) {
        const response = await send(agents.get(role)!, route, pathFor(route));
        if (response.status !== 404)
          outcomes.push(`${role}: ${route.method} ${route.url} ${response.status}`);
      }
    expect(outcomes).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('let the supporter open the group (positive control)', async () => {
    await agents.get('admin of this organisation')!.get(`/founding/${ids.foundingGroup}`).expect(200);
  });
});

describe('the request pages for the co-op asked', () => {
  // Positive control: the request and the slot the matrix points at are real.
  it('let its staff open the request and the slot', async () => {
    const member = agents.get('member of this organisation')!;
    await member.get(`/workspace/${ids.organisation}/requests/${ids.request}`).expect(200);
    await member.get(`/workspace/${ids.organisation}/slots/${ids.slot}`).expect(200);
  });
});

describe('a counselor’s client pages for their own organisation', () => {
  // Positive control: the client and consent the matrix points at are real.
  it('let the client’s counselor open the caseload, the client, the consent form, the booking page and the delete page', async () => {
    const counselor = agents.get('target counselor')!;
    const base = `/workspace/${ids.supportOrganisation}/clients`;
    await counselor.get(base).expect(200);
    await counselor.get(`${base}/${ids.client}`).expect(200);
    await counselor.get(`${base}/${ids.client}/consents/new`).expect(200);
    await counselor.get(`${base}/${ids.client}/consents/${ids.consent}/book`).expect(200);
    await counselor.get(`${base}/${ids.client}/delete`).expect(200);
    // The co-op the consent names is not the counselor's organisation: its staff are refused.
    await agents.get('member of this organisation')!.get(`${base}/${ids.client}`).expect(404);
  });
});

/** A school's group requests (issue 9): the school's own pages, and the agreement for the co-op asked. */
const schoolRequestRoutes = [
  'GET /workspace/:organisationId/school-requests',
  'GET /workspace/:organisationId/school-requests/new',
  'POST /workspace/:organisationId/school-requests',
  'GET /workspace/:organisationId/school-requests/:requestId',
  'POST /workspace/:organisationId/school-requests/:requestId/confirm',
  'POST /workspace/:organisationId/school-requests/:requestId/choose',
  'POST /workspace/:organisationId/school-requests/:requestId/message',
  'POST /workspace/:organisationId/school-requests/:requestId/withdraw',
  'GET /workspace/:organisationId/school-requests/:requestId/agreement',
  'GET /workspace/:organisationId/school-requests/:requestId/calendar.ics',
  'GET /workspace/:organisationId/requests/:requestId/agreement',
];

describe('the school request pages', () => {
  // A school the roles do not belong to ("school coordinator" is another school's), with a request to the
  // co-op above waiting for its confirmation: each school route is probed at that school's own ids, so a
  // route that checked only "some school" or "the co-op asked" would be caught.
  const target = { school: 0, request: 0 };
  let coordinator: TestAgent;
  beforeAll(async () => {
    const school = await createOrganisation(db, {
      kind: 'school',
      legalForm: 'local_government',
      name: '対象の中学校',
    });
    const user = await createUser(db);
    await addMembership(db, user.id, school.id, 'admin');
    coordinator = await signedInAgent(context, user);
    const [row] = await db
      .insert(placementRequestsTable)
      .values({
        kind: 'internship',
        state: 'agreement_pending',
        intent: 'try_then_decide',
        requesterKind: 'school',
        onBehalfOrganisationId: school.id,
        groupSize: 3,
        organisationId: ids.organisation!,
        workplaceId: ids.workplace!,
        preferredTimes: [{ date: addDays(todayInTokyo(), 20), start: '09:30', end: '12:00' }],
        proposedTimes: [{ date: addDays(todayInTokyo(), 21), start: '09:30', end: '12:00' }],
        scheduledStart: new Date(Date.now() + 20 * 86_400_000),
        scheduledEnd: new Date(Date.now() + 20 * 86_400_000 + 3_600_000),
        contactName: '担当の先生',
        contactEmail: 'teacher@example.jp',
        formId: crypto.randomUUID(),
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .returning();
    await db.insert(schoolRequestDetailsTable).values({
      requestId: row!.id,
      periodStart: addDays(todayInTokyo(), 20),
      periodEnd: addDays(todayInTokyo(), 20),
      dailyStart: '09:30',
      dailyEnd: '12:00',
      schoolType: 'junior_high',
      grade: '2年生',
      learningGoals: '権限の確認',
      insuranceConfirmed: true,
      insuranceKind: 'gakkensai',
      emergencyContact: '職員室',
      studentNames: 'あおい',
    });
    target.school = school.id;
    target.request = row!.id;
  });

  const onSchool = (url: string) =>
    url.replace(':organisationId', String(target.school)).replace(':requestId', String(target.request));
  const schoolPages = routes.filter((route) => route.url.includes('/school-requests'));

  it('are all in the route table', () => {
    expect(schoolPages.map((route) => `${route.method} ${route.url}`)).toEqual(
      expect.arrayContaining(schoolRequestRoutes.filter((route) => route.includes('/school-requests'))),
    );
  });

  it.each(schoolPages.map((route) => [`${route.method} ${route.url}`, route] as const))(
    "%s refuses everyone but the school's staff — the co-op asked included — and changes nothing",
    async (_name, route) => {
      const path = onSchool(route.url);
      const before = await snapshot();
      const outcomes: string[] = [];
      for (const role of [...refusedRoles(route.access), 'admin of this organisation'] as RoleName[]) {
        const response = await send(agents.get(role) ?? null, route, path);
        const location = String(response.headers.location ?? '');
        const refused =
          role === 'signed out'
            ? response.status === 303 && location.startsWith('/signin')
            : response.status === 403 || response.status === 404;
        if (!refused) outcomes.push(`${role}: ${response.status} ${location}`);
      }
      expect(outcomes, `${route.method} ${path} was not refused`).toEqual([]);
      expect(await snapshot(), `${route.method} ${path} changed the database`).toEqual(before);
    },
  );

  it("let the school's coordinator open them, and the co-op asked open the agreement", async () => {
    // The calendar file exists once the school has confirmed (test/school-requests/days.test.ts); this
    // request still waits for it.
    const calendar = (url: string) => url.endsWith('/calendar.ics');
    for (const route of schoolPages.filter((r) => r.method === 'GET' && !calendar(r.url))) {
      const response = await coordinator.get(onSchool(route.url));
      expect(response.status, onSchool(route.url)).toBe(200);
    }
    for (const route of schoolPages.filter((r) => r.method === 'GET' && calendar(r.url)))
      await coordinator.get(onSchool(route.url)).expect(404);
    const coop = agents.get('member of this organisation')!;
    await coop.get(`/workspace/${ids.organisation}/requests/${target.request}/agreement`).expect(200);
    await coop.get(`/workspace/${ids.organisation}/requests/${target.request}`).expect(200);
    // The school cannot use the co-op's side, nor another co-op the agreement.
    await coordinator.get(`/workspace/${target.school}/requests/${target.request}/agreement`).expect(404);
    const otherCoop = agents.get('co-op admin (other organisation)')!;
    const home = String((await otherCoop.get('/account')).text.match(/\/workspace\/(\d+)/)?.[1] ?? '0');
    await otherCoop.get(`/workspace/${home}/requests/${target.request}/agreement`).expect(404);
  });
});

describe('private links', () => {
  it('are on the request pages', () => {
    expect([...privateLinks.keys()]).toEqual(
      expect.arrayContaining([
        'GET /requests/follow',
        'POST /requests/follow/withdraw',
        'POST /requests/confirm',
        'GET /clients/link',
        'POST /clients/link/consent',
        'POST /clients/link/take-over',
      ]),
    );
  });

  describe.each([...privateLinks.values()].map((route) => [`${route.method} ${route.url}`, route] as const))(
    '%s',
    (_name, route) => {
      it('answers 404 to a wrong token and to none, and changes nothing', async () => {
        const before = await snapshot();
        const wrong = 'wrongwrongwrongwrongwrong1234';
        for (const token of [wrong, '']) {
          const client = request(context.app.server);
          const response =
            route.method === 'GET'
              ? await client.get(`${route.url}?token=${token}`).set('Accept', 'text/html')
              : await client
                  .post(route.url)
                  .set('Origin', TEST_ORIGIN)
                  .type('form')
                  .send({
                    ...formBody(),
                    token,
                    choice: '0',
                    date1: formBody().date,
                    start1: '10:00',
                    end1: '11:00',
                  });
          expect(response.status, `${route.method} ${route.url} with token "${token}"`).toBe(404);
        }
        expect(await snapshot()).toEqual(before);
      });
    },
  );
});
