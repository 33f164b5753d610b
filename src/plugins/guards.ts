import type { FastifyReply, FastifyRequest } from 'fastify';
import { isSecretariatStaff, membershipOf } from '../auth/access.js';
import type { Membership, Organisation, User } from '../db/schema/index.js';
import { ForbiddenError, NotFoundError } from '../lib/errors.js';
import { idFrom } from '../lib/forms.js';

/**
 * Who may reach a route, declared on the route as `config: { access }` so the access-matrix test can
 * enumerate every protected route (test/access/access-matrix.test.ts).
 */
export type RouteAccess =
  | 'public'
  | 'user' // any signed-in person
  | 'organisation_member' // staff of the organisation in :organisationId
  | 'organisation_admin' // that organisation's admins
  | 'secretariat'; // secretariat staff

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The organisation in :organisationId and the signed-in person's membership of it (workspace routes). */
    organisation: Organisation | null;
    membership: Membership | null;
  }
}

/** Sends a signed-out person to sign in, and back here afterwards. */
export async function requireUser(request: FastifyRequest, reply: FastifyReply) {
  if (request.user) return;
  const next = request.method === 'GET' ? request.url : '/account';
  return reply.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
}

function organisationIdParam(request: FastifyRequest): number {
  const id = idFrom((request.params as { organisationId?: string }).organisationId);
  if (id === null) throw new NotFoundError();
  return id;
}

/**
 * Staff of the organisation in :organisationId. Another organisation's workspace answers 404, as if it
 * did not exist: staff learn nothing about organisations they do not belong to.
 */
export async function requireOrganisationMember(request: FastifyRequest, reply: FastifyReply) {
  if (!request.user) return requireUser(request, reply);
  const organisationId = organisationIdParam(request);
  const row = await membershipOf(request.server.db, request.user.id, organisationId);
  if (!row) throw new NotFoundError();
  request.organisation = row.organisation;
  request.membership = row.membership;
  // Every workspace page shows the organisation's menu (views/workspace/_nav.eta): its name, the base of
  // its links, and the staff page for admins (members would only be refused there).
  reply.locals = Object.assign(reply.locals ?? {}, {
    organisation: row.organisation,
    base: `/workspace/${row.organisation.id}`,
    workspaceRole: row.membership.role,
  });
}

/** An admin of the organisation in :organisationId (inviting and removing staff). */
export async function requireOrganisationAdmin(request: FastifyRequest, reply: FastifyReply) {
  await requireOrganisationMember(request, reply);
  if (reply.sent || !request.membership) return;
  if (request.membership.role !== 'admin') throw new ForbiddenError();
}

/** Secretariat staff: members of an approved organisation of kind "secretariat". */
export async function requireSecretariat(request: FastifyRequest, reply: FastifyReply) {
  if (!request.user) return requireUser(request, reply);
  if (!(await isSecretariatStaff(request.server.db, request.user.id))) throw new ForbiddenError();
}

const guards = {
  public: null,
  user: requireUser,
  organisation_member: requireOrganisationMember,
  organisation_admin: requireOrganisationAdmin,
  secretariat: requireSecretariat,
} as const;

/** Route options for a guarded route: the guard as preHandler, and the access level for the matrix test. */
export function access(level: Exclude<RouteAccess, 'public'>) {
  return { config: { access: level }, preHandler: guards[level] };
}

/** The signed-in person on a route whose guard already required one. */
export function currentUser(request: FastifyRequest): User {
  if (!request.user) throw new ForbiddenError();
  return request.user;
}

/** The organisation in :organisationId on a route whose guard already loaded it. */
export function currentOrganisation(request: FastifyRequest): Organisation {
  if (!request.organisation) throw new NotFoundError();
  return request.organisation;
}
