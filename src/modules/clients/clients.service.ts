import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  notInArray,
  sql,
} from 'drizzle-orm';
import {
  absoluteUrl,
  actorOf,
  inTransaction,
  organisationOf,
  type ServiceContext,
} from '../../auth/context.js';
import { sqlStateOf } from '../../db/errors.js';
import {
  auditLogTable,
  type Client,
  type ClientConsent,
  clientConsentsTable,
  clientLinksTable,
  clientsTable,
  type EngagementKind,
  engagementKinds,
  jobPostingsTable,
  type Organisation,
  organisationsTable,
  type PlacementRequest,
  placementRequestsTable,
  type RequestState,
  type RequestTime,
  requestMessagesTable,
  workplacesTable,
} from '../../db/schema/index.js';
import { addDays, todayInTokyo } from '../../lib/dates.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { randomToken, sha256 } from '../../lib/secrets.js';
import { audit } from '../audit/audit.service.js';
import { addMonths, closedStates, isClosed } from '../requests/requests.rules.js';
import {
  type CreateResult,
  consentHoldsOn,
  createCounselorRequest,
  type RequestTarget,
  releaseClientRequests,
  requestKindsOfWorkplaces,
  requestsOfClients,
  requestTarget,
  takeOverRequest,
  workplaceTarget,
} from '../requests/requests.service.js';
import type { BookingInput, ClientInput, ConsentInput, LinkInput, TakeOverInput } from './clients.forms.js';

/** How long a one-time link for a client works. */
export const LINK_DAYS = 7;

/**
 * The counselor's organisation: only an approved support organisation has clients. Any other workspace
 * answers 404, as for a page that does not exist there.
 */
export function supportOrganisationOf(ctx: ServiceContext): Organisation {
  const organisation = organisationOf(ctx);
  if (organisation.kind !== 'support' || organisation.approvalState !== 'approved') throw new NotFoundError();
  return organisation;
}

export type ConsentState = 'active' | 'expired' | 'revoked';

export function consentState(consent: ClientConsent, today: string): ConsentState {
  if (consent.revokedAt) return 'revoked';
  return consentHoldsOn(consent, today) ? 'active' : 'expired';
}

/** Creates one client per form id: a double submit finds the first. Returns the client's id. */
export async function createClient(ctx: ServiceContext, input: ClientInput): Promise<number> {
  const organisation = supportOrganisationOf(ctx);
  const existing = async () => {
    const [row] = await ctx.db
      .select({ id: clientsTable.id, organisationId: clientsTable.organisationId })
      .from(clientsTable)
      .where(eq(clientsTable.formId, input.formId));
    if (row && row.organisationId !== organisation.id) throw new NotFoundError();
    return row?.id ?? null;
  };
  const already = await existing();
  if (already) return already;
  try {
    return await inTransaction(ctx, async (tx) => {
      const [client] = await tx.db
        .insert(clientsTable)
        .values({
          organisationId: organisation.id,
          counselorUserId: actorOf(ctx).userId,
          displayName: input.displayName,
          notes: input.notes,
          formId: input.formId,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning({ id: clientsTable.id });
      if (!client) throw new Error('insert returned nothing');
      await audit(tx, {
        action: 'client.create',
        subject: { type: 'client', id: client.id },
        details: { notes: input.notes !== '' },
      });
      return client.id;
    });
  } catch (error) {
    if (sqlStateOf(error) === '23505') {
      const first = await existing();
      if (first) return first;
    }
    throw error;
  }
}

async function ownClient(ctx: ServiceContext, clientId: number): Promise<Client> {
  const organisation = supportOrganisationOf(ctx);
  const [client] = await ctx.db
    .select()
    .from(clientsTable)
    .where(and(eq(clientsTable.id, clientId), eq(clientsTable.organisationId, organisation.id)));
  if (!client) throw new NotFoundError();
  return client;
}

/**
 * A client whose case is open: a closed case (支援終了) gets no new consent, booking or link until the
 * counselor reopens it, so nothing new reaches a co-op for someone the organisation no longer supports.
 */
async function openClient(ctx: ServiceContext, clientId: number): Promise<Client> {
  const client = await ownClient(ctx, clientId);
  if (client.closedAt) throw new ConflictError('clients.error.caseClosed');
  return client;
}

async function ownConsent(ctx: ServiceContext, clientId: number, consentId: number): Promise<ClientConsent> {
  const client = await ownClient(ctx, clientId);
  const [consent] = await ctx.db
    .select()
    .from(clientConsentsTable)
    .where(and(eq(clientConsentsTable.id, consentId), eq(clientConsentsTable.clientId, client.id)));
  if (!consent) throw new NotFoundError();
  return consent;
}

/** Approved co-ops, for the consent form's choice of recipient. */
export async function coopChoices(ctx: ServiceContext) {
  return ctx.db
    .select({ id: organisationsTable.id, name: organisationsTable.name })
    .from(organisationsTable)
    .where(and(eq(organisationsTable.kind, 'coop'), eq(organisationsTable.approvalState, 'approved')))
    .orderBy(asc(organisationsTable.nameKana), asc(organisationsTable.id))
    .limit(500);
}

async function consentsOf(ctx: ServiceContext, clientIds: number[]) {
  if (clientIds.length === 0) return [];
  return ctx.db
    .select({ consent: clientConsentsTable, recipientName: organisationsTable.name })
    .from(clientConsentsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, clientConsentsTable.recipientOrganisationId))
    .where(inArray(clientConsentsTable.clientId, clientIds))
    .orderBy(desc(clientConsentsTable.createdAt), desc(clientConsentsTable.id));
}

/**
 * The caseload: every client of the organisation with their requests (states, next dates, outcomes)
 * and consents; and a notice for each request whose consent has ended while it is still open. The view
 * is audited: it shows the clients' names to the staff reading it.
 */
export async function caseload(ctx: ServiceContext) {
  const organisation = supportOrganisationOf(ctx);
  const today = todayInTokyo(ctx.now);
  const clients = await ctx.db
    .select()
    .from(clientsTable)
    .where(eq(clientsTable.organisationId, organisation.id))
    .orderBy(desc(clientsTable.updatedAt), desc(clientsTable.id))
    .limit(500);
  const [consents, requests] = await Promise.all([
    consentsOf(
      ctx,
      clients.map((client) => client.id),
    ),
    requestsOfClients(ctx, organisation.id),
  ]);
  const consentById = new Map(consents.map((row) => [row.consent.id, row]));
  const entries = clients.map((client) => ({
    client,
    consents: consents
      .filter((row) => row.consent.clientId === client.id)
      .map((row) => ({ ...row, state: consentState(row.consent, today) })),
    requests: requests.filter((request) => request.clientId === client.id),
  }));
  const ended = requests.flatMap((request) => {
    const row = request.consentId ? consentById.get(request.consentId) : undefined;
    if (!row || request.requesterKind !== 'counselor' || isClosed(request.state)) return [];
    const state = consentState(row.consent, today);
    if (state === 'active') return [];
    const client = clients.find((c) => c.id === request.clientId);
    return [
      {
        requestId: request.id,
        clientId: request.clientId,
        clientName: client?.displayName ?? '',
        organisationName: request.organisationName,
        state,
        on: row.consent.revokedOn ?? row.consent.expiresOn,
      },
    ];
  });
  await audit(ctx, {
    action: 'client.caseload_view',
    subject: { type: 'client', id: null },
    details: { clients: clients.length },
  });
  return { entries, ended };
}

/** One client with their consents, requests and open one-time links; the view is audited. */
export async function clientPage(ctx: ServiceContext, clientId: number) {
  const client = await ownClient(ctx, clientId);
  const today = todayInTokyo(ctx.now);
  const [consents, requests, links] = await Promise.all([
    consentsOf(ctx, [client.id]),
    requestsOfClients(ctx, client.organisationId),
    ctx.db
      .select()
      .from(clientLinksTable)
      .where(
        and(
          eq(clientLinksTable.clientId, client.id),
          isNull(clientLinksTable.usedAt),
          gt(clientLinksTable.expiresAt, ctx.now),
        ),
      )
      .orderBy(desc(clientLinksTable.createdAt)),
  ]);
  await audit(ctx, {
    action: 'client.view',
    subject: { type: 'client', id: client.id },
    details: { notes: client.notes !== '' },
  });
  return {
    client,
    consents: consents.map((row) => ({ ...row, state: consentState(row.consent, today) })),
    requests: requests.filter((request) => request.clientId === client.id),
    links,
  };
}

/** The client for a form page (no audit: the form shows only the display name the counselor chose). */
export async function clientForForm(ctx: ServiceContext, clientId: number): Promise<Client> {
  return ownClient(ctx, clientId);
}

/** A refused consent: which field, and why (the route shows it beside the field). */
export class ConsentProblem extends ConflictError {
  constructor(
    readonly field: keyof ConsentInput,
    key: 'clients.error.recipient' | 'clients.error.obtainedFuture' | 'clients.error.expiryPast',
  ) {
    super(key);
  }
}

/** Records the client's consent (once per form id). Returns its id. */
export async function recordConsent(
  ctx: ServiceContext,
  clientId: number,
  input: ConsentInput,
): Promise<number> {
  const client = await openClient(ctx, clientId);
  const today = todayInTokyo(ctx.now);
  if (input.obtainedOn > today) throw new ConsentProblem('obtainedOn', 'clients.error.obtainedFuture');
  if (input.expiresOn < today) throw new ConsentProblem('expiresOn', 'clients.error.expiryPast');
  const [recipient] = await ctx.db
    .select({ id: organisationsTable.id })
    .from(organisationsTable)
    .where(
      and(
        eq(organisationsTable.id, input.recipientOrganisationId),
        eq(organisationsTable.kind, 'coop'),
        eq(organisationsTable.approvalState, 'approved'),
      ),
    );
  if (!recipient) throw new ConsentProblem('recipientOrganisationId', 'clients.error.recipient');
  return inTransaction(ctx, async (tx) => {
    // Serialises the same form id (released at commit), so a double submit records one consent.
    await tx.db
      .select({ id: clientsTable.id })
      .from(clientsTable)
      .where(eq(clientsTable.id, client.id))
      .for('update');
    const [already] = await tx.db
      .select({ id: clientConsentsTable.id })
      .from(clientConsentsTable)
      .where(and(eq(clientConsentsTable.formId, input.formId), eq(clientConsentsTable.clientId, client.id)));
    if (already) return already.id;
    const [consent] = await tx.db
      .insert(clientConsentsTable)
      .values({
        clientId: client.id,
        organisationId: client.organisationId,
        recipientOrganisationId: recipient.id,
        items: [...new Set(input.items)],
        purpose: input.purpose,
        method: input.method,
        obtainedOn: input.obtainedOn,
        expiresOn: input.expiresOn,
        recordedByUserId: actorOf(ctx).userId,
        formId: input.formId,
        createdAt: ctx.now,
      })
      .returning({ id: clientConsentsTable.id });
    if (!consent) throw new Error('insert returned nothing');
    await tx.db.update(clientsTable).set({ updatedAt: ctx.now }).where(eq(clientsTable.id, client.id));
    await audit(tx, {
      action: 'consent.record',
      subject: { type: 'client_consent', id: consent.id },
      details: { items: input.items, method: input.method },
    });
    return consent.id;
  });
}

/** Records that the client revoked a consent, on a date: from now on co-ops see no personal field. */
export async function revokeConsent(
  ctx: ServiceContext,
  clientId: number,
  consentId: number,
  revokedOn: string,
) {
  const consent = await ownConsent(ctx, clientId, consentId);
  const today = todayInTokyo(ctx.now);
  if (revokedOn > today || revokedOn < consent.obtainedOn) throw new ConflictError('clients.error.revokedOn');
  await inTransaction(ctx, async (tx) => {
    const [revoked] = await tx.db
      .update(clientConsentsTable)
      .set({ revokedAt: ctx.now, revokedOn })
      .where(and(eq(clientConsentsTable.id, consent.id), isNull(clientConsentsTable.revokedAt)))
      .returning({ id: clientConsentsTable.id });
    if (!revoked) throw new ConflictError('clients.error.alreadyRevoked');
    await tx.db.update(clientsTable).set({ updatedAt: ctx.now }).where(eq(clientsTable.id, clientId));
    await audit(tx, { action: 'consent.revoke', subject: { type: 'client_consent', id: consent.id } });
  });
}

/** A consent that holds, of the client; anything else answers 409 with the reason. */
async function holdingConsent(ctx: ServiceContext, clientId: number, consentId: number) {
  const client = await openClient(ctx, clientId);
  const consent = await ownConsent(ctx, clientId, consentId);
  if (!consentHoldsOn(consent, todayInTokyo(ctx.now))) throw new ConflictError('clients.error.consentEnded');
  return { client, consent };
}

/**
 * Where the counselor can book on a consent: the recipient co-op's open postings that accept a visit or
 * trial, and its workplaces that take requests.
 */
export async function bookingTargets(ctx: ServiceContext, clientId: number, consentId: number) {
  const { client, consent } = await holdingConsent(ctx, clientId, consentId);
  const organisationId = consent.recipientOrganisationId;
  const today = todayInTokyo(ctx.now);
  const [organisation] = await ctx.db
    .select({ id: organisationsTable.id, name: organisationsTable.name })
    .from(organisationsTable)
    .where(eq(organisationsTable.id, organisationId));
  const postings = await ctx.db
    .select({
      id: jobPostingsTable.id,
      title: jobPostingsTable.title,
      workplaceName: workplacesTable.name,
      acceptsVisit: jobPostingsTable.acceptsVisit,
      acceptsExperience: jobPostingsTable.acceptsExperience,
      acceptsShortTrial: jobPostingsTable.acceptsShortTrial,
    })
    .from(jobPostingsTable)
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .where(
      and(
        eq(jobPostingsTable.organisationId, organisationId),
        eq(jobPostingsTable.status, 'published'),
        gte(jobPostingsTable.validThrough, today),
      ),
    )
    .orderBy(asc(jobPostingsTable.id))
    .limit(100);
  const kindsByWorkplace = await requestKindsOfWorkplaces(ctx, organisationId);
  const workplaces = kindsByWorkplace.size
    ? await ctx.db
        .select({ id: workplacesTable.id, name: workplacesTable.name })
        .from(workplacesTable)
        .where(inArray(workplacesTable.id, [...kindsByWorkplace.keys()]))
        .orderBy(asc(workplacesTable.id))
    : [];
  const postingKinds = (posting: (typeof postings)[number]): EngagementKind[] =>
    engagementKinds.filter((kind) =>
      kind === 'visit'
        ? posting.acceptsVisit
        : kind === 'experience'
          ? posting.acceptsExperience
          : posting.acceptsShortTrial,
    );
  return {
    client,
    consent,
    coop: organisation ?? { id: organisationId, name: '' },
    postings: postings
      .map((posting) => ({ ...posting, kinds: postingKinds(posting) }))
      .filter((posting) => posting.kinds.length > 0),
    workplaces: workplaces.map((workplace) => ({
      ...workplace,
      kinds: kindsByWorkplace.get(workplace.id) ?? [],
    })),
  };
}

/** The booking form's target on a consent: a posting or a workplace of the co-op the consent names. */
export async function bookingTarget(
  ctx: ServiceContext,
  clientId: number,
  consentId: number,
  where: { postingId?: number | null; workplaceId?: number | null },
): Promise<{ client: Client; consent: ClientConsent; target: RequestTarget }> {
  const { client, consent } = await holdingConsent(ctx, clientId, consentId);
  const target = where.postingId
    ? await requestTarget(ctx, where.postingId)
    : where.workplaceId
      ? await workplaceTarget(ctx, where.workplaceId)
      : null;
  if (!target || target.organisation.id !== consent.recipientOrganisationId) throw new NotFoundError();
  return { client, consent, target };
}

/** Books a visit, experience or short trial for the client, on the consent (see createCounselorRequest). */
export async function book(
  ctx: ServiceContext,
  booking: { client: Client; consent: ClientConsent; target: RequestTarget },
  input: BookingInput,
  times: RequestTime[],
): Promise<CreateResult> {
  const organisation = supportOrganisationOf(ctx);
  const result = await createCounselorRequest(ctx, booking.target, input, times, {
    organisationId: organisation.id,
    client: { id: booking.client.id, displayName: booking.client.displayName },
    consent: { id: booking.consent.id, items: booking.consent.items },
  });
  if (result.created)
    await ctx.db
      .update(clientsTable)
      .set({ updatedAt: ctx.now })
      .where(eq(clientsTable.id, booking.client.id));
  return result;
}

// ---------------------------------------------------------------------------------------------------
// One-time links for the client (the trusted-intermediary model): single use, expiring, only a hash kept.

/** Makes a link for the client; returns the absolute link, shown once to the counselor. */
export async function createLink(ctx: ServiceContext, clientId: number, input: LinkInput): Promise<string> {
  const client = await openClient(ctx, clientId);
  if (input.purpose === 'take_over') {
    const [request] = await ctx.db
      .select({ state: placementRequestsTable.state, kind: placementRequestsTable.requesterKind })
      .from(placementRequestsTable)
      .where(
        and(eq(placementRequestsTable.id, input.requestId), eq(placementRequestsTable.clientId, client.id)),
      );
    if (request?.kind !== 'counselor' || isClosed(request.state))
      throw new ConflictError('clients.error.linkTarget');
  } else {
    const consent = await ownConsent(ctx, client.id, input.consentId);
    if (!consentHoldsOn(consent, todayInTokyo(ctx.now)) || consent.confirmedByClientAt)
      throw new ConflictError('clients.error.linkTarget');
  }
  const token = randomToken(24);
  await inTransaction(ctx, async (tx) => {
    const [link] = await tx.db
      .insert(clientLinksTable)
      .values({
        clientId: client.id,
        organisationId: client.organisationId,
        purpose: input.purpose,
        requestId: input.purpose === 'take_over' ? input.requestId : null,
        consentId: input.purpose === 'confirm_consent' ? input.consentId : null,
        tokenHash: sha256(token),
        expiresAt: new Date(ctx.now.getTime() + LINK_DAYS * 86_400_000),
        createdByUserId: actorOf(ctx).userId,
        createdAt: ctx.now,
      })
      .returning({ id: clientLinksTable.id });
    await audit(tx, {
      action: 'client_link.create',
      subject: { type: 'client', id: client.id },
      details: { purpose: input.purpose, link: link?.id ?? null },
    });
  });
  return absoluteUrl(ctx, `/clients/link?token=${token}`);
}

/** What a one-time link is for; a wrong, used or expired link is not found. */
export async function linkByToken(ctx: ServiceContext, token: string) {
  const [row] = await ctx.db
    .select({
      link: clientLinksTable,
      displayName: clientsTable.displayName,
      counselorOrganisation: organisationsTable.name,
    })
    .from(clientLinksTable)
    .innerJoin(clientsTable, eq(clientsTable.id, clientLinksTable.clientId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, clientLinksTable.organisationId))
    .where(eq(clientLinksTable.tokenHash, sha256(token)));
  // A wrong, used or expired link, or one whose client was erased (the link went with the record):
  // the same page, which says what may have happened without telling which.
  if (!row || row.link.usedAt || row.link.expiresAt <= ctx.now) throw new NotFoundError('clients.link.gone');
  const [consent] = row.link.consentId
    ? await ctx.db
        .select({ consent: clientConsentsTable, recipientName: organisationsTable.name })
        .from(clientConsentsTable)
        .innerJoin(organisationsTable, eq(organisationsTable.id, clientConsentsTable.recipientOrganisationId))
        .where(eq(clientConsentsTable.id, row.link.consentId))
    : [];
  const [request] = row.link.requestId
    ? await ctx.db
        .select({
          id: placementRequestsTable.id,
          kind: placementRequestsTable.kind,
          state: placementRequestsTable.state,
          organisationName: organisationsTable.name,
          workplaceName: workplacesTable.name,
        })
        .from(placementRequestsTable)
        .innerJoin(organisationsTable, eq(organisationsTable.id, placementRequestsTable.organisationId))
        .innerJoin(workplacesTable, eq(workplacesTable.id, placementRequestsTable.workplaceId))
        .where(
          and(
            eq(placementRequestsTable.id, row.link.requestId),
            eq(placementRequestsTable.clientId, row.link.clientId),
          ),
        )
    : [];
  if (row.link.purpose === 'take_over' && !request) throw new NotFoundError('clients.link.gone');
  if (row.link.purpose === 'confirm_consent' && !consent) throw new NotFoundError('clients.link.gone');
  return { ...row, consent: consent ?? null, request: request ?? null };
}

/** Uses a link once: locked, so two clicks at once use it once. */
async function useLink(ctx: ServiceContext, token: string, purpose: 'take_over' | 'confirm_consent') {
  const [link] = await ctx.db
    .select()
    .from(clientLinksTable)
    .where(eq(clientLinksTable.tokenHash, sha256(token)))
    .for('update');
  if (!link || link.usedAt || link.expiresAt <= ctx.now || link.purpose !== purpose)
    throw new NotFoundError('clients.link.gone');
  await ctx.db.update(clientLinksTable).set({ usedAt: ctx.now }).where(eq(clientLinksTable.id, link.id));
  return link;
}

/** The client confirms the consent themselves. */
export async function confirmConsentByLink(ctx: ServiceContext, token: string) {
  await inTransaction(ctx, async (tx) => {
    const link = await useLink(tx, token, 'confirm_consent');
    const [consent] = await tx.db
      .update(clientConsentsTable)
      .set({ confirmedByClientAt: ctx.now })
      .where(and(eq(clientConsentsTable.id, link.consentId ?? 0), isNull(clientConsentsTable.revokedAt)))
      .returning({ id: clientConsentsTable.id, expiresOn: clientConsentsTable.expiresOn });
    if (!consent || consent.expiresOn < todayInTokyo(ctx.now)) throw new NotFoundError('clients.link.gone');
    await audit(tx, {
      action: 'consent.confirm',
      subject: { type: 'client_consent', id: consent.id },
      organisationId: link.organisationId,
    });
  });
}

/** The client takes the request over with their own contact details; returns their follow-up link. */
export async function takeOverByLink(ctx: ServiceContext, token: string, input: TakeOverInput) {
  return inTransaction(ctx, async (tx) => {
    const link = await useLink(tx, token, 'take_over');
    const { followToken } = await takeOverRequest(tx, link.requestId ?? 0, input);
    return absoluteUrl(ctx, `/requests/follow?token=${followToken}`);
  });
}

/** The date a consent form suggests as the expiry: six months from today. */
export function defaultExpiry(ctx: ServiceContext): string {
  return addDays(todayInTokyo(ctx.now), 182);
}

/**
 * One of the client's requests as the counselor follows it: its state and dates, and the thread with the
 * co-op (the counselor writes as the requester). A request the client has taken over is theirs now.
 */
export async function counselorRequest(ctx: ServiceContext, clientId: number, requestId: number) {
  const client = await ownClient(ctx, clientId);
  const [request] = await ctx.db
    .select()
    .from(placementRequestsTable)
    .where(
      and(
        eq(placementRequestsTable.id, requestId),
        eq(placementRequestsTable.clientId, client.id),
        eq(placementRequestsTable.onBehalfOrganisationId, client.organisationId),
        eq(placementRequestsTable.requesterKind, 'counselor'),
      ),
    );
  if (!request) throw new NotFoundError();
  const [summary] = (await requestsOfClients(ctx, client.organisationId)).filter(
    (row) => row.id === request.id,
  );
  const messages = await ctx.db
    .select()
    .from(requestMessagesTable)
    .where(eq(requestMessagesTable.requestId, request.id))
    .orderBy(asc(requestMessagesTable.createdAt), asc(requestMessagesTable.id));
  return { client, request: request as PlacementRequest, summary: summary ?? null, messages };
}

// ---------------------------------------------------------------------------------------------------
// Closing a case (支援終了), deleting a client, and erasure after the retention period (DESIGN.md §4:
// people can ask for their data to be deleted; data no longer needed is deleted on a schedule).

/** What decides when a closed case is erased: its requests' states and when each ended. */
type RequestEnd = { state: RequestState; closedAt: Date | null; updatedAt: Date };

/**
 * When a closed case is erased: `months` after the closing or after the client's last request ended,
 * whichever is later. Null while the case is open or one of its requests is still open (the count starts
 * when it ends). One rule for the page that tells the counselor and the hourly job that erases.
 */
export function erasureAt(
  client: Pick<Client, 'closedAt'>,
  requests: readonly RequestEnd[],
  months: number,
): Date | null {
  if (!client.closedAt) return null;
  let last = client.closedAt;
  for (const request of requests) {
    if (!isClosed(request.state)) return null;
    // A request closed before closing times were kept has its last change instead.
    const ended = request.closedAt ?? request.updatedAt;
    if (ended > last) last = ended;
  }
  return addMonths(last, months);
}

/** The counselor closes the case: nothing new is arranged; the retention period starts (see erasureAt). */
export async function closeCase(ctx: ServiceContext, clientId: number): Promise<void> {
  const client = await ownClient(ctx, clientId);
  await inTransaction(ctx, async (tx) => {
    // Conditional: closing a closed case (a double submit) changes nothing and records nothing.
    const [closed] = await tx.db
      .update(clientsTable)
      .set({ closedAt: ctx.now, updatedAt: ctx.now })
      .where(and(eq(clientsTable.id, client.id), isNull(clientsTable.closedAt)))
      .returning({ id: clientsTable.id });
    if (!closed) return;
    const [open] = await tx.db
      .select({ requests: count() })
      .from(placementRequestsTable)
      .where(
        and(
          eq(placementRequestsTable.clientId, client.id),
          notInArray(placementRequestsTable.state, [...closedStates]),
        ),
      );
    await audit(tx, {
      action: 'client.close',
      subject: { type: 'client', id: client.id },
      details: { openRequests: open?.requests ?? 0 },
    });
  });
}

/** The counselor supports the client again: the case is open, and erasure waits for the next closing. */
export async function reopenCase(ctx: ServiceContext, clientId: number): Promise<void> {
  const client = await ownClient(ctx, clientId);
  await inTransaction(ctx, async (tx) => {
    const [reopened] = await tx.db
      .update(clientsTable)
      .set({ closedAt: null, updatedAt: ctx.now })
      .where(and(eq(clientsTable.id, client.id), isNotNull(clientsTable.closedAt)))
      .returning({ id: clientsTable.id });
    if (reopened) await audit(tx, { action: 'client.reopen', subject: { type: 'client', id: client.id } });
  });
}

/**
 * What deleting the client would do, for the confirm page: what is erased (the record, notes, consents,
 * unused links), which open requests are withdrawn (the co-op is told), how many past requests lose the
 * client's fields but stay as counts, and how many the client took over (theirs, left alone).
 */
export async function deletionPreview(ctx: ServiceContext, clientId: number) {
  const client = await ownClient(ctx, clientId);
  const [consents, links, requests] = await Promise.all([
    ctx.db
      .select({ n: count() })
      .from(clientConsentsTable)
      .where(eq(clientConsentsTable.clientId, client.id)),
    ctx.db
      .select({ n: count() })
      .from(clientLinksTable)
      .where(
        and(
          eq(clientLinksTable.clientId, client.id),
          isNull(clientLinksTable.usedAt),
          gt(clientLinksTable.expiresAt, ctx.now),
        ),
      ),
    requestsOfClients(ctx, client.organisationId),
  ]);
  const own = requests.filter((request) => request.clientId === client.id);
  const byCounselor = own.filter((request) => request.requesterKind === 'counselor');
  return {
    client,
    consents: consents[0]?.n ?? 0,
    openLinks: links[0]?.n ?? 0,
    openRequests: byCounselor.filter((request) => !isClosed(request.state)),
    pastRequests: byCounselor.filter((request) => isClosed(request.state)).length,
    takenOver: own.length - byCounselor.length,
  };
}

/**
 * Erases a client in the caller's transaction, the client's row already locked: their requests first
 * (releaseClientRequests: open ones withdrawn, the co-op told; all emptied of the client's fields), then
 * the record, whose deletion takes the notes, consents, links and booking notes with it (foreign keys
 * cascade; requests keep their counts with no client). The audit entry names counts, never the client.
 */
async function eraseClient(
  tx: ServiceContext,
  client: Pick<Client, 'id' | 'organisationId'>,
  how: { by: 'counselor'; formId: string } | { by: 'retention' },
) {
  const [consents] = await tx.db
    .select({ n: count() })
    .from(clientConsentsTable)
    .where(eq(clientConsentsTable.clientId, client.id));
  const [links] = await tx.db
    .select({ n: count() })
    .from(clientLinksTable)
    .where(eq(clientLinksTable.clientId, client.id));
  const released = await releaseClientRequests(
    tx,
    client.id,
    how.by === 'counselor' ? 'requester' : 'retention',
  );
  await tx.db.delete(clientsTable).where(eq(clientsTable.id, client.id));
  await audit(tx, {
    action: how.by === 'counselor' ? 'client.delete' : 'client.erase',
    subject: { type: 'client', id: client.id },
    organisationId: client.organisationId,
    details: {
      consents: consents?.n ?? 0,
      links: links?.n ?? 0,
      requestsWithdrawn: released.withdrawn,
      requestsAnonymised: released.anonymised,
      // The form that deleted it: the same form sent again finds this entry (deleteClient).
      ...(how.by === 'counselor' ? { formId: how.formId } : {}),
    },
  });
}

/**
 * The counselor deletes the client now (on the client's request, or because the record is not needed).
 * Once per form: the same form sent again (a double click, a resent POST) finds the audit entry of the
 * first and does nothing; two at once are serialised by the row lock. Another organisation's client, or
 * one already gone by another form, is not found.
 */
export async function deleteClient(ctx: ServiceContext, clientId: number, formId: string): Promise<void> {
  const organisation = supportOrganisationOf(ctx);
  await inTransaction(ctx, async (tx) => {
    const [client] = await tx.db
      .select({ id: clientsTable.id, organisationId: clientsTable.organisationId })
      .from(clientsTable)
      .where(and(eq(clientsTable.id, clientId), eq(clientsTable.organisationId, organisation.id)))
      .for('update');
    if (client) return eraseClient(tx, client, { by: 'counselor', formId });
    const [done] = await tx.db
      .select({ id: auditLogTable.id })
      .from(auditLogTable)
      .where(
        and(
          eq(auditLogTable.organisationId, organisation.id),
          eq(auditLogTable.action, 'client.delete'),
          eq(auditLogTable.subjectId, clientId),
          sql`${auditLogTable.details} ->> 'formId' = ${formId}`,
        ),
      )
      .limit(1);
    if (!done) throw new NotFoundError();
  });
}

async function requestEndsOf(ctx: ServiceContext, clientId: number): Promise<RequestEnd[]> {
  return ctx.db
    .select({
      state: placementRequestsTable.state,
      closedAt: placementRequestsTable.closedAt,
      updatedAt: placementRequestsTable.updatedAt,
    })
    .from(placementRequestsTable)
    .where(eq(placementRequestsTable.clientId, clientId));
}

/**
 * The hourly retention rule: closed cases past `months` (erasureAt) are erased, one transaction and one
 * audit entry per client. Each run claims a client by locking its row (SKIP LOCKED) and checks again
 * under the lock, so two processes never erase one twice and a case reopened meanwhile is kept.
 */
export async function eraseExpiredCases(ctx: ServiceContext, months: number): Promise<number> {
  // Only cases closed before the cutoff can be due; their requests decide the rest.
  const candidates = await ctx.db
    .select({ id: clientsTable.id })
    .from(clientsTable)
    .where(and(isNotNull(clientsTable.closedAt), lt(clientsTable.closedAt, addMonths(ctx.now, -months))))
    .orderBy(asc(clientsTable.closedAt))
    .limit(500);
  let erased = 0;
  for (const candidate of candidates) {
    erased += await inTransaction(ctx, async (tx) => {
      const [client] = await tx.db
        .select({
          id: clientsTable.id,
          organisationId: clientsTable.organisationId,
          closedAt: clientsTable.closedAt,
        })
        .from(clientsTable)
        .where(eq(clientsTable.id, candidate.id))
        .for('update', { skipLocked: true });
      if (!client) return 0;
      const at = erasureAt(client, await requestEndsOf(tx, client.id), months);
      if (!at || at > ctx.now) return 0;
      await eraseClient(tx, client, { by: 'retention' });
      return 1;
    });
  }
  return erased;
}
