import {
  type AnyColumn,
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  isNotNull,
  isNull,
  lt,
  ne,
  type Placeholder,
  type SQL,
  sql,
} from 'drizzle-orm';
import {
  absoluteUrl,
  actorOf,
  inTransaction,
  organisationOf,
  type ServiceContext,
} from '../../auth/context.js';
import type { Db } from '../../db/client.js';
import { sqlStateOf } from '../../db/errors.js';
import { preparedPerDatabase } from '../../db/prepared.js';
import {
  type AvailabilitySlot,
  availabilitySlotsTable,
  type ClientConsent,
  clientBookingsTable,
  clientConsentsTable,
  clientsTable,
  type EngagementKind,
  engagementKinds,
  type JobPosting,
  jobPostingsTable,
  membershipsTable,
  type Organisation,
  organisationsTable,
  type PlacementRequest,
  placementRequestsTable,
  type RequestOutcome,
  type RequestState,
  type RequestTime,
  requestMessagesTable,
  requestProvisionsTable,
  schoolRequestDetailsTable,
  usersTable,
  type Workplace,
  workplacesTable,
} from '../../db/schema/index.js';
import { isLocale, type Locale, type MessageKey, translator } from '../../i18n/index.js';
import { calendarFile as writeCalendar } from '../../lib/calendar.js';
import { addDays, formatDate, todayInTokyo } from '../../lib/dates.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { findMunicipality, prefectureName } from '../../lib/regions.js';
import { randomToken, sha256 } from '../../lib/secrets.js';
import { audit } from '../audit/audit.service.js';
import { sendMail } from '../mail/outbox.service.js';
import {
  agreementConfirmBy,
  dayText,
  type GroupDay,
  groupDays,
  scheduleText,
} from '../school-requests/school-requests.rules.js';
import type { CorrectionInput, RequestFormInput, SlotInput } from './requests.forms.js';
import {
  acceptanceEvent,
  allowed,
  IllegalTransitionError,
  isClosed,
  nextState,
  placeHoldingStates,
  type RequestEvent,
  type RequestParty,
  tokyoDateTime,
  tokyoInstant,
} from './requests.rules.js';

/** How long the confirmation link works; unconfirmed requests are deleted after the same time. */
export const CONFIRM_HOURS = 24;
/** How many open slots a posting page and the "full" page offer. */
export const NEXT_SLOTS = 5;

/** The slot asked for has no place left (or has gone): the page offers the next open slots. */
export class SlotFullError extends ConflictError {
  constructor() {
    super('requests.error.slotFull');
  }
}

// ---------------------------------------------------------------------------------------------------
// Reading

export interface SlotView extends AvailabilitySlot {
  remaining: number;
  /** Its date and times in Tokyo, in the reader's language. */
  when: string;
}

function slotView(ctx: ServiceContext, slot: AvailabilitySlot): SlotView {
  return {
    ...slot,
    remaining: Math.max(0, slot.capacity - slot.booked),
    when: whenText(ctx.locale, slot.startsAt, slot.endsAt),
  };
}

/** A slot a person can still ask for: open, not begun, with a place left. */
function slotIsOpenWhere(now: Placeholder) {
  return and(
    eq(availabilitySlotsTable.status, 'open'),
    gt(availabilitySlotsTable.startsAt, now),
    lt(availabilitySlotsTable.booked, availabilitySlotsTable.capacity),
  );
}
const soonestFirst = [asc(availabilitySlotsTable.startsAt), asc(availabilitySlotsTable.id)];

const nextOpenSlotsStatement = preparedPerDatabase((db) =>
  db
    .select()
    .from(availabilitySlotsTable)
    .where(
      and(
        eq(availabilitySlotsTable.workplaceId, sql.placeholder('workplaceId')),
        slotIsOpenWhere(sql.placeholder('now')),
      ),
    )
    .orderBy(...soonestFirst)
    .limit(sql.placeholder('limit'))
    .prepare('next_open_slots'),
);

const slotColumns = Object.entries(getTableColumns(availabilitySlotsTable));

/**
 * The next open slots of the workplace `workplaceId` stands for, as one JSON value (an array of each
 * slot's columns in table order), for a statement that reads a page's other rows in the same round trip:
 * the posting page reads its posting and its slots with one query rather than two. `slotsFromJson` reads
 * the value back.
 */
export function nextOpenSlotsJson(db: Db, workplaceId: AnyColumn, now: Placeholder): SQL<unknown> {
  const slots = db
    .select()
    .from(availabilitySlotsTable)
    .where(and(eq(availabilitySlotsTable.workplaceId, workplaceId), slotIsOpenWhere(now)))
    .orderBy(...soonestFirst)
    .limit(NEXT_SLOTS);
  const next = sql.identifier('next_slots');
  const ofNext = (column: AnyColumn) => sql`${next}.${sql.identifier(column.name)}`;
  const fields = sql.join(
    slotColumns.map(([, column]) => ofNext(column)),
    sql`, `,
  );
  const order = sql`${ofNext(availabilitySlotsTable.startsAt)}, ${ofNext(availabilitySlotsTable.id)}`;
  return sql`(select coalesce(json_agg(json_build_array(${fields}) order by ${order}), '[]'::json) from (${slots}) as ${next})`;
}

/** The slots `nextOpenSlotsJson` read, as the page shows them. */
export function slotsFromJson(ctx: ServiceContext, value: unknown): SlotView[] {
  if (!Array.isArray(value)) return [];
  return value.map((fields: unknown[]) => {
    const slot = Object.fromEntries(
      slotColumns.map(([key, column], index) => {
        const field = fields[index];
        // JSON carries times as ISO 8601 text; every other column arrives as the row would have it.
        return [key, column.dataType === 'date' && typeof field === 'string' ? new Date(field) : field];
      }),
    ) as AvailabilitySlot;
    return slotView(ctx, slot);
  });
}

/** A workplace's next open slots with places left, soonest first (the posting page, the request form). */
export async function nextOpenSlots(
  ctx: ServiceContext,
  workplaceId: number,
  limit = NEXT_SLOTS,
): Promise<SlotView[]> {
  const rows = await nextOpenSlotsStatement(ctx.db).execute({ workplaceId, now: ctx.now, limit });
  return rows.map((slot) => slotView(ctx, slot));
}

/** One slot of the workplace, whatever its state (the form checks it offers the kind asked for). */
export async function slotOfWorkplace(ctx: ServiceContext, workplaceId: number, slotId: number) {
  const [slot] = await ctx.db
    .select()
    .from(availabilitySlotsTable)
    .where(and(eq(availabilitySlotsTable.id, slotId), eq(availabilitySlotsTable.workplaceId, workplaceId)));
  return slot ?? null;
}

/**
 * What the request form needs to know about where it is asked from: a posting, or a workplace itself
 * (posting null). Both lead to the same form, confirmation, inbox, mails and audit.
 */
export interface RequestTarget {
  posting: JobPosting | null;
  workplace: Workplace;
  organisation: Organisation;
  /** The kinds that may be asked for, in the order the form offers them. */
  kinds: EngagementKind[];
}

/** Where the request form of a target is, and where it posts to. */
export function requestPath(target: Pick<RequestTarget, 'posting' | 'workplace'>): string {
  return target.posting ? `/jobs/${target.posting.id}/request` : `/workplaces/${target.workplace.id}/request`;
}

/** The request target of a posting; only open, public postings that accept some kind. */
export async function requestTarget(ctx: ServiceContext, postingId: number): Promise<RequestTarget> {
  const [row] = await ctx.db
    .select({ posting: jobPostingsTable, workplace: workplacesTable, organisation: organisationsTable })
    .from(jobPostingsTable)
    .innerJoin(workplacesTable, eq(workplacesTable.id, jobPostingsTable.workplaceId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, jobPostingsTable.organisationId))
    .where(eq(jobPostingsTable.id, postingId));
  const today = todayInTokyo(ctx.now);
  if (
    row?.posting.status !== 'published' ||
    row.posting.validThrough < today ||
    row.organisation.approvalState !== 'approved'
  )
    throw new NotFoundError();
  const kinds = engagementKinds.filter((kind) => acceptsKind(row.posting, kind));
  if (kinds.length === 0) throw new NotFoundError();
  return { ...row, kinds };
}

function acceptsKind(
  posting: Pick<JobPosting, 'acceptsVisit' | 'acceptsExperience' | 'acceptsShortTrial'>,
  kind: EngagementKind,
): boolean {
  if (kind === 'visit') return posting.acceptsVisit;
  if (kind === 'experience') return posting.acceptsExperience;
  return posting.acceptsShortTrial;
}

/**
 * The kinds each workplace of an organisation takes requests for, by workplace id; workplaces that take
 * none are absent. A workplace takes a kind when one of its open postings accepts it, or one of its
 * future open slots with places offers it: the co-op said so in one of those two places. Nothing else
 * is offered, so a workplace with neither shows no request link at all.
 */
export async function requestKindsOfWorkplaces(
  ctx: ServiceContext,
  organisationId: number,
  workplaceId?: number,
): Promise<Map<number, EngagementKind[]>> {
  const today = todayInTokyo(ctx.now);
  const [postings, slots] = await Promise.all([
    ctx.db
      .select({
        workplaceId: jobPostingsTable.workplaceId,
        acceptsVisit: jobPostingsTable.acceptsVisit,
        acceptsExperience: jobPostingsTable.acceptsExperience,
        acceptsShortTrial: jobPostingsTable.acceptsShortTrial,
      })
      .from(jobPostingsTable)
      .where(
        and(
          eq(jobPostingsTable.organisationId, organisationId),
          eq(jobPostingsTable.status, 'published'),
          gte(jobPostingsTable.validThrough, today),
          workplaceId === undefined ? undefined : eq(jobPostingsTable.workplaceId, workplaceId),
        ),
      ),
    ctx.db
      .select({ workplaceId: availabilitySlotsTable.workplaceId, kinds: availabilitySlotsTable.kinds })
      .from(availabilitySlotsTable)
      .where(
        and(
          eq(availabilitySlotsTable.organisationId, organisationId),
          eq(availabilitySlotsTable.status, 'open'),
          gt(availabilitySlotsTable.startsAt, ctx.now),
          lt(availabilitySlotsTable.booked, availabilitySlotsTable.capacity),
          workplaceId === undefined ? undefined : eq(availabilitySlotsTable.workplaceId, workplaceId),
        ),
      ),
  ]);
  const found = new Map<number, Set<string>>();
  const add = (id: number, kind: string) => found.set(id, (found.get(id) ?? new Set()).add(kind));
  for (const posting of postings)
    for (const kind of engagementKinds) if (acceptsKind(posting, kind)) add(posting.workplaceId, kind);
  for (const slot of slots) for (const kind of slot.kinds) add(slot.workplaceId, kind);
  return new Map(
    [...found].map(([id, kinds]) => [id, engagementKinds.filter((kind) => kinds.has(kind))] as const),
  );
}

/** The target of a workplace asked directly: only of a public co-op, and only if it takes some kind. */
export async function workplaceTarget(ctx: ServiceContext, workplaceId: number): Promise<RequestTarget> {
  const [row] = await ctx.db
    .select({ workplace: workplacesTable, organisation: organisationsTable })
    .from(workplacesTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, workplacesTable.organisationId))
    .where(eq(workplacesTable.id, workplaceId));
  if (row?.organisation.approvalState !== 'approved' || row.organisation.kind !== 'coop')
    throw new NotFoundError();
  const kinds = (await requestKindsOfWorkplaces(ctx, row.organisation.id, workplaceId)).get(workplaceId);
  if (!kinds?.length) throw new NotFoundError();
  return { ...row, posting: null, kinds };
}

async function staffOf(db: Db, organisationId: number) {
  return db
    .select({ email: usersTable.email, locale: usersTable.locale })
    .from(membershipsTable)
    .innerJoin(usersTable, eq(usersTable.id, membershipsTable.userId))
    .where(eq(membershipsTable.organisationId, organisationId));
}

async function secretariatStaff(db: Db) {
  return db
    .select({ email: usersTable.email, locale: usersTable.locale })
    .from(membershipsTable)
    .innerJoin(usersTable, eq(usersTable.id, membershipsTable.userId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
    .where(and(eq(organisationsTable.kind, 'secretariat'), eq(organisationsTable.approvalState, 'approved')));
}

function localeOf(request: Pick<PlacementRequest, 'locale'>): Locale {
  return isLocale(request.locale) ? request.locale : 'ja';
}

/** "2026年12月10日 10:00〜12:00" in the reader's language, in Tokyo time. */
export function whenText(locale: Locale, start: Date, end: Date | null): string {
  const from = tokyoDateTime(start);
  const until = end ? tokyoDateTime(end).time : null;
  const t = translator(locale);
  const date = formatDate(from.date, locale);
  return until ? t('requests.when.range', { date, start: from.time, end: until }) : `${date} ${from.time}`;
}

/** The date formatters the request pages call (`it.when`, `it.whenTime`), in the reader's language. */
export function timeLabels(locale: Locale) {
  return {
    when: (start: Date, end: Date | null) => whenText(locale, start, end),
    whenTime: (time: RequestTime) =>
      whenText(locale, tokyoInstant(time.date, time.start), tokyoInstant(time.date, time.end)),
    /** One day of a school's request, with its weekday. */
    whenDay: (day: GroupDay) => dayText(locale, day),
  };
}

function kindWord(locale: Locale, kind: string): string {
  return translator(locale)(`requests.kind.${kind}` as MessageKey);
}

// ---------------------------------------------------------------------------------------------------
// Places in slots: one conditional update, so a slot is never overbooked whatever the concurrency.

/**
 * Takes places in an open, future slot of the workplace: `booked = booked + places where booked + places
 * <= capacity` (one for a person, the group size for a school's group). Concurrent updates of the row
 * wait for each other and each re-checks the condition on the row as committed (PostgreSQL's READ
 * COMMITTED re-evaluation), so the last places go to exactly one.
 */
async function takePlace(
  db: Db,
  slotId: number,
  workplaceId: number,
  now: Date,
  places = 1,
): Promise<AvailabilitySlot> {
  const [slot] = await db
    .update(availabilitySlotsTable)
    .set({ booked: sql`${availabilitySlotsTable.booked} + ${places}`, updatedAt: now })
    .where(
      and(
        eq(availabilitySlotsTable.id, slotId),
        eq(availabilitySlotsTable.workplaceId, workplaceId),
        eq(availabilitySlotsTable.status, 'open'),
        gt(availabilitySlotsTable.startsAt, now),
        sql`${availabilitySlotsTable.booked} + ${places} <= ${availabilitySlotsTable.capacity}`,
      ),
    )
    .returning();
  if (!slot) throw new SlotFullError();
  return slot;
}

/** Gives a request's places back, once: the flag on the request makes a second release do nothing. */
async function releasePlace(db: Db, requestId: number, now: Date): Promise<void> {
  const [released] = await db
    .update(placementRequestsTable)
    .set({ holdsPlace: false })
    .where(and(eq(placementRequestsTable.id, requestId), eq(placementRequestsTable.holdsPlace, true)))
    .returning({ slotId: placementRequestsTable.slotId, places: placementRequestsTable.groupSize });
  if (released?.slotId)
    await db
      .update(availabilitySlotsTable)
      .set({ booked: sql`${availabilitySlotsTable.booked} - ${released.places}`, updatedAt: now })
      .where(eq(availabilitySlotsTable.id, released.slotId));
}

// ---------------------------------------------------------------------------------------------------
// The seeker asks

export type CreateResult = { created: true; id: number } | { created: false; id: number };

/**
 * Records a request (unconfirmed) and mails the confirmation link. A chosen slot's place is held from
 * now, so the form can say at once when it is full; an unconfirmed request gives it back after a day.
 * The same form sent twice finds the first request (the unique form id), and mails nothing more.
 */
export async function createRequest(
  ctx: ServiceContext,
  target: RequestTarget,
  input: RequestFormInput,
  preferredTimes: RequestTime[],
): Promise<CreateResult> {
  return oncePerForm(ctx, input.formId, () =>
    inTransaction(ctx, async (tx) => {
      let slot: AvailabilitySlot | null = null;
      if (input.slotId) slot = await takePlace(tx.db, input.slotId, target.workplace.id, ctx.now);
      const token = randomToken(24);
      const [request] = await tx.db
        .insert(placementRequestsTable)
        .values({
          kind: input.kind,
          intent: input.intent,
          requesterUserId: ctx.actor?.userId ?? null,
          organisationId: target.organisation.id,
          workplaceId: target.workplace.id,
          postingId: target.posting?.id ?? null,
          slotId: slot?.id ?? null,
          holdsPlace: slot !== null,
          preferredTimes: slot ? [] : preferredTimes,
          contactName: input.contactName,
          contactEmail: input.contactEmail,
          contactPhone: input.contactPhone || null,
          locale: ctx.locale,
          notes: input.notes,
          accommodations: input.sensitiveConsent ? input.accommodations : '',
          sensitiveConsentAt: input.sensitiveConsent && input.accommodations ? ctx.now : null,
          formId: input.formId,
          confirmTokenHash: sha256(token),
          confirmExpiresAt: new Date(ctx.now.getTime() + CONFIRM_HOURS * 3600_000),
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
      if (!request) throw new Error('insert returned nothing');
      await audit(tx, {
        action: 'request.create',
        subject: { type: 'placement_request', id: request.id },
        organisationId: target.organisation.id,
        details: { kind: input.kind, slot: slot !== null, preferredTimes: preferredTimes.length },
      });
      await sendMail(tx, {
        to: input.contactEmail,
        locale: ctx.locale,
        subjectKey: 'requests.mail.confirm.subject',
        bodyKey: 'requests.mail.confirm.body',
        params: {
          name: input.contactName,
          kind: kindWord(ctx.locale, input.kind),
          organisation: target.organisation.name,
          hours: CONFIRM_HOURS,
          link: absoluteUrl(ctx, `/requests/confirm?token=${token}`),
        },
      });
      return { created: true as const, id: request.id };
    }),
  );
}

/**
 * Runs `create` once per form id: the same form sent again finds the first request, and a second submit
 * that raced the first meets the unique form id and finds it too.
 */
async function oncePerForm(
  ctx: ServiceContext,
  formId: string,
  create: () => Promise<CreateResult>,
): Promise<CreateResult> {
  const existing = async () => {
    const [row] = await ctx.db
      .select({ id: placementRequestsTable.id })
      .from(placementRequestsTable)
      .where(eq(placementRequestsTable.formId, formId));
    return row ?? null;
  };
  const already = await existing();
  if (already) return { created: false, id: already.id };
  try {
    return await create();
  } catch (error) {
    if (sqlStateOf(error) === '23505') {
      const first = await existing();
      if (first) return { created: false, id: first.id };
    }
    throw error;
  }
}

async function byConfirmToken(db: Db, token: string, now: Date) {
  const [request] = await db
    .select()
    .from(placementRequestsTable)
    .where(eq(placementRequestsTable.confirmTokenHash, sha256(token)));
  if (request?.state !== 'unconfirmed' || !request.confirmExpiresAt || request.confirmExpiresAt <= now)
    throw new NotFoundError();
  return request;
}

/** The confirmation page (GET): only checks the link, so a mail scanner opening it changes nothing. */
export async function checkConfirmToken(ctx: ServiceContext, token: string) {
  const request = await byConfirmToken(ctx.db, token, ctx.now);
  const [organisation] = await ctx.db
    .select({ name: organisationsTable.name })
    .from(organisationsTable)
    .where(eq(organisationsTable.id, request.organisationId));
  return { request, organisationName: organisation?.name ?? '' };
}

function providedItems(request: Pick<PlacementRequest, 'contactPhone' | 'notes' | 'accommodations'>) {
  const items = ['contact_name', 'contact_email'];
  if (request.contactPhone) items.push('contact_phone');
  if (request.notes) items.push('notes');
  if (request.accommodations) items.push('accommodations');
  return items;
}

async function recordProvision(ctx: ServiceContext, request: PlacementRequest, items: string[]) {
  if (items.length === 0) return;
  await ctx.db.insert(requestProvisionsTable).values({
    requestId: request.id,
    recipientOrganisationId: request.organisationId,
    items,
    consentBasis: items.includes('accommodations')
      ? ['requester_submission', 'sensitive_consent']
      : ['requester_submission'],
    consentAt: ctx.now,
    providedAt: ctx.now,
  });
}

/**
 * The requester confirms: the request reaches the co-op (its staff are told), their data is passed to it
 * (a provision record), and they get the private follow-up link. The link is returned once and only its
 * hash is kept; the confirmation link stops working.
 */
export async function confirmRequest(ctx: ServiceContext, token: string): Promise<{ followToken: string }> {
  return inTransaction(ctx, async (tx) => {
    const request = await byConfirmToken(tx.db, token, ctx.now);
    const followToken = randomToken(24);
    const updated = await changeState(tx, request, 'confirm', 'requester', {
      followTokenHash: sha256(followToken),
      confirmTokenHash: null,
      confirmExpiresAt: null,
      confirmedAt: ctx.now,
      waitingSince: ctx.now,
    });
    await recordProvision(tx, updated, providedItems(updated));
    const place = await placeOf(tx.db, updated);
    await sendMail(tx, {
      to: updated.contactEmail ?? '',
      locale: localeOf(updated),
      subjectKey: 'requests.mail.received.subject',
      bodyKey: 'requests.mail.received.body',
      params: {
        name: updated.contactName,
        kind: kindWord(localeOf(updated), updated.kind),
        organisation: place.organisationName,
        link: absoluteUrl(ctx, `/requests/follow?token=${followToken}`),
      },
    });
    await tellStaff(tx, updated, 'requests.mail.staffNew', place.workplaceName);
    return { followToken };
  });
}

async function placeOf(db: Db, request: Pick<PlacementRequest, 'organisationId' | 'workplaceId'>) {
  const [row] = await db
    .select({ organisationName: organisationsTable.name, workplaceName: workplacesTable.name })
    .from(workplacesTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, workplacesTable.organisationId))
    .where(eq(workplacesTable.id, request.workplaceId));
  return row ?? { organisationName: '', workplaceName: '' };
}

/** States in which a request's scheduled time is the one the co-op fixed (and the school may have confirmed). */
const fixedStates: readonly RequestState[] = [
  'agreement_pending',
  'accepted',
  'completed',
  'no_show',
  'agreement_expired',
];

export interface SchoolSchedule {
  /** Every day of it (one for a visit), in order (school-requests.rules.ts `groupDays`). */
  dayList: GroupDay[];
  /** While it waits for the school: the last Tokyo day the school can confirm on. */
  confirmBy: string | null;
}

/** The days of a school's request as they stand now, from its details row; null for anyone else's. */
export function scheduleOfSchoolRequest(
  request: Pick<PlacementRequest, 'kind' | 'state' | 'scheduledStart' | 'scheduledEnd' | 'updatedAt'>,
  details: Pick<
    typeof schoolRequestDetailsTable.$inferSelect,
    | 'periodStart'
    | 'periodEnd'
    | 'dailyStart'
    | 'dailyEnd'
    | 'weekdays'
    | 'skipHolidays'
    | 'agreementRequestedAt'
  >,
): SchoolSchedule {
  const scheduled =
    request.scheduledStart && request.scheduledEnd && fixedStates.includes(request.state)
      ? { start: request.scheduledStart, end: request.scheduledEnd }
      : null;
  const dayList = groupDays(request.kind, details, scheduled);
  const first = dayList[0]?.date ?? details.periodStart;
  return {
    dayList,
    confirmBy:
      request.state === 'agreement_pending'
        ? agreementConfirmBy(details.agreementRequestedAt ?? request.updatedAt, first)
        : null,
  };
}

async function schoolScheduleOf(db: Db, request: PlacementRequest): Promise<SchoolSchedule | null> {
  if (request.requesterKind !== 'school') return null;
  const [details] = await db
    .select()
    .from(schoolRequestDetailsTable)
    .where(eq(schoolRequestDetailsTable.requestId, request.id));
  return details ? scheduleOfSchoolRequest(request, details) : null;
}

/** Mails each of the co-op's staff, in their own language, with the link to the request in the inbox. */
async function tellStaff(
  ctx: ServiceContext,
  request: PlacementRequest,
  mail: 'requests.mail.staffNew' | 'requests.mail.staffUpdate' | 'requests.mail.staffReminder',
  workplaceName: string,
  extra: { what?: MessageKey; days?: number } = {},
) {
  for (const person of await staffOf(ctx.db, request.organisationId)) {
    const t = translator(person.locale);
    await sendMail(ctx, {
      to: person.email,
      locale: person.locale,
      subjectKey: `${mail}.subject`,
      bodyKey: `${mail}.body`,
      params: {
        kind: kindWord(person.locale, request.kind),
        workplace: workplaceName,
        number: request.id,
        link: absoluteUrl(ctx, `/workspace/${request.organisationId}/requests/${request.id}`),
        ...(extra.what ? { what: t(extra.what) } : {}),
        ...(extra.days !== undefined ? { days: extra.days } : {}),
      },
    });
  }
}

/** Mails the requester (nothing once anonymised), in the language they asked in. */
async function tellRequester(
  ctx: ServiceContext,
  request: PlacementRequest,
  mail: string,
  params: Record<string, string | number> = {},
) {
  if (request.requesterKind === 'counselor') return tellCounselor(ctx, request, mail, params);
  if (!request.contactEmail || request.anonymisedAt) return;
  const locale = localeOf(request);
  const place = await placeOf(ctx.db, request);
  if (request.requesterKind === 'school')
    return tellSchool(ctx, request, mail, place.organisationName, params);
  await sendMail(ctx, {
    to: request.contactEmail,
    locale,
    subjectKey: `requests.mail.${mail}.subject` as MessageKey,
    bodyKey: `requests.mail.${mail}.body` as MessageKey,
    params: {
      name: request.contactName,
      kind: kindWord(locale, request.kind),
      organisation: place.organisationName,
      recover: absoluteUrl(ctx, '/requests/link'),
      ...params,
    },
  });
}

/**
 * A school's teacher in charge is mailed in the school's own words, with a link to the request in the
 * school's workspace instead of a private link (the school works signed in).
 */
async function tellSchool(
  ctx: ServiceContext,
  request: PlacementRequest,
  mail: string,
  organisationName: string,
  params: Record<string, string | number>,
) {
  const locale = localeOf(request);
  const name = mail === 'scheduled' && request.state === 'agreement_pending' ? 'agreementPending' : mail;
  await sendMail(ctx, {
    to: request.contactEmail ?? '',
    locale,
    subjectKey: `schoolRequests.mail.${name}.subject` as MessageKey,
    bodyKey: `schoolRequests.mail.${name}.body` as MessageKey,
    params: {
      name: request.contactName,
      kind: kindWord(locale, request.kind),
      organisation: organisationName,
      number: request.id,
      link: absoluteUrl(ctx, `/workspace/${request.onBehalfOrganisationId}/school-requests/${request.id}`),
      ...params,
    },
  });
}

/**
 * Moves a request by the state machine, with a conditional update on the state it was read in: a change
 * that raced another (two staff answering at once) is refused instead of applied twice.
 */
async function changeState(
  ctx: ServiceContext,
  request: PlacementRequest,
  event: RequestEvent,
  by: RequestParty,
  patch: Partial<typeof placementRequestsTable.$inferInsert> = {},
  details: Record<string, unknown> = {},
): Promise<PlacementRequest> {
  const state = nextState(request.state, event, by);
  const closing = isClosed(state) && !isClosed(request.state);
  const [updated] = await ctx.db
    .update(placementRequestsTable)
    .set({ ...patch, state, updatedAt: ctx.now, ...(closing ? { closedAt: ctx.now } : {}) })
    .where(and(eq(placementRequestsTable.id, request.id), eq(placementRequestsTable.state, request.state)))
    .returning();
  if (!updated) throw new IllegalTransitionError(request.state, event);
  if (!placeHoldingStates.includes(state)) await releasePlace(ctx.db, request.id, ctx.now);
  await audit(ctx, {
    action: `request.${event}`,
    subject: { type: 'placement_request', id: request.id },
    organisationId: request.organisationId,
    details: { from: request.state, to: state, ...details },
  });
  return updated;
}

// ---------------------------------------------------------------------------------------------------
// The private follow-up link

/** The request behind a follow-up link; a wrong, replaced or erased link is not found. */
export async function byFollowToken(ctx: ServiceContext, token: string): Promise<PlacementRequest> {
  const [request] = await ctx.db
    .select()
    .from(placementRequestsTable)
    .where(eq(placementRequestsTable.followTokenHash, sha256(token)));
  if (!request || request.anonymisedAt) throw new NotFoundError();
  return request;
}

export async function requestDetails(ctx: ServiceContext, request: PlacementRequest) {
  const [place] = await ctx.db
    .select({ workplace: workplacesTable, organisation: organisationsTable })
    .from(workplacesTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, workplacesTable.organisationId))
    .where(eq(workplacesTable.id, request.workplaceId));
  if (!place) throw new NotFoundError();
  const [slot] = request.slotId
    ? await ctx.db.select().from(availabilitySlotsTable).where(eq(availabilitySlotsTable.id, request.slotId))
    : [];
  const [posting] = request.postingId
    ? await ctx.db
        .select({ id: jobPostingsTable.id, title: jobPostingsTable.title })
        .from(jobPostingsTable)
        .where(eq(jobPostingsTable.id, request.postingId))
    : [];
  const messages = await ctx.db
    .select()
    .from(requestMessagesTable)
    .where(eq(requestMessagesTable.requestId, request.id))
    .orderBy(asc(requestMessagesTable.createdAt), asc(requestMessagesTable.id));
  // The provision records (個人情報保護法): shown to the requester and to the co-op, so both can see
  // what was passed, when and on what consent.
  const provisions = await ctx.db
    .select()
    .from(requestProvisionsTable)
    .where(eq(requestProvisionsTable.requestId, request.id))
    .orderBy(asc(requestProvisionsTable.providedAt), asc(requestProvisionsTable.id));
  return { request, ...place, slot: slot ?? null, posting: posting ?? null, messages, provisions };
}
export type RequestDetails = Awaited<ReturnType<typeof requestDetails>> & {
  /** A counselor's request: who arranged it, and whether the client's consent still holds. */
  behalf?: BehalfView;
};

/** The seeker withdraws through their private link. */
export async function withdrawRequest(ctx: ServiceContext, token: string) {
  await requesterWithdraws(ctx, await byFollowToken(ctx, token));
}

/**
 * The requester withdraws: a seeker through the private link, a counselor from the client's page (the
 * caller has checked the request is theirs). The change is conditional on the state read, so a request
 * the co-op answered meanwhile is refused rather than overwritten.
 */
export async function requesterWithdraws(ctx: ServiceContext, request: PlacementRequest) {
  await inTransaction(ctx, async (tx) => {
    const updated = await changeState(tx, request, 'withdraw', 'requester');
    const place = await placeOf(tx.db, updated);
    await tellStaff(tx, updated, 'requests.mail.staffUpdate', place.workplaceName, {
      what: 'requests.staffWhat.withdrawn',
    });
    await tellRequester(tx, updated, 'withdrawn');
  });
}

/** The seeker takes one of the dates the co-op offered, through their private link. */
export async function chooseProposed(ctx: ServiceContext, token: string, choice: number) {
  await requesterChooses(ctx, await byFollowToken(ctx, token), choice);
}

/** The requester (a seeker or a counselor for a client) takes one of the dates the co-op offered. */
export async function requesterChooses(ctx: ServiceContext, request: PlacementRequest, choice: number) {
  await inTransaction(ctx, async (tx) => {
    const time = request.proposedTimes[choice];
    if (!time) throw new ConflictError('requests.error.choice');
    const start = tokyoInstant(time.date, time.start);
    const end = tokyoInstant(time.date, time.end);
    const updated = await changeState(tx, request, 'choose_proposed', 'requester', {
      scheduledStart: start,
      scheduledEnd: end,
    });
    const place = await placeOf(tx.db, updated);
    await tellStaff(tx, updated, 'requests.mail.staffUpdate', place.workplaceName, {
      what: 'requests.staffWhat.chosen',
    });
    await tellRequester(tx, updated, 'scheduled', { when: whenText(localeOf(updated), start, end) });
  });
}

/** The requester asks for other dates: the co-op owes an answer again (the reminder clock restarts). */
export async function changeDates(ctx: ServiceContext, token: string, times: RequestTime[]) {
  await inTransaction(ctx, async (tx) => {
    const request = await byFollowToken(tx, token);
    await releasePlace(tx.db, request.id, ctx.now);
    const updated = await changeState(
      tx,
      request,
      'change_dates',
      'requester',
      {
        preferredTimes: times,
        slotId: null,
        waitingSince: ctx.now,
        remindedAt: null,
        escalatedAt: null,
      },
      { preferredTimes: times.length },
    );
    const place = await placeOf(tx.db, updated);
    await tellStaff(tx, updated, 'requests.mail.staffUpdate', place.workplaceName, {
      what: 'requests.staffWhat.datesChanged',
    });
  });
}

/** A message in the thread; the other side is told by mail (the text itself stays on the site). */
export async function postMessage(
  ctx: ServiceContext,
  request: PlacementRequest,
  author: 'requester' | 'coop',
  body: string,
  formId: string,
) {
  if (request.state === 'unconfirmed' || request.anonymisedAt) throw new NotFoundError();
  try {
    await inTransaction(ctx, async (tx) => {
      await tx.db.insert(requestMessagesTable).values({
        requestId: request.id,
        author,
        authorUserId: author === 'coop' ? actorOf(ctx).userId : null,
        body,
        formId,
        createdAt: ctx.now,
      });
      await audit(tx, {
        action: 'request.message',
        subject: { type: 'placement_request', id: request.id },
        organisationId: request.organisationId,
        details: { author, length: body.length },
      });
      if (author === 'coop') await tellRequester(tx, request, 'message');
      else {
        const place = await placeOf(tx.db, request);
        await tellStaff(tx, request, 'requests.mail.staffUpdate', place.workplaceName, {
          what: 'requests.staffWhat.message',
        });
      }
    });
  } catch (error) {
    // The same message form sent twice: the first one stands.
    if (sqlStateOf(error) !== '23505') throw error;
  }
}

/** The requester corrects their data; the co-op gets the new items (a provision record of those). */
export async function correctData(ctx: ServiceContext, token: string, input: CorrectionInput) {
  await inTransaction(ctx, async (tx) => {
    const request = await byFollowToken(tx, token);
    const accommodations = input.sensitiveConsent ? input.accommodations : '';
    const next = {
      contactName: input.contactName,
      contactEmail: input.contactEmail,
      contactPhone: input.contactPhone || null,
      notes: input.notes,
      accommodations,
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter(
      (key) => (request[key] ?? '') !== (next[key] ?? ''),
    );
    if (changed.length === 0) return;
    const [updated] = await tx.db
      .update(placementRequestsTable)
      .set({
        ...next,
        sensitiveConsentAt: accommodations ? (request.sensitiveConsentAt ?? ctx.now) : null,
        updatedAt: ctx.now,
      })
      .where(eq(placementRequestsTable.id, request.id))
      .returning();
    const itemNames: Record<string, string> = {
      contactName: 'contact_name',
      contactEmail: 'contact_email',
      contactPhone: 'contact_phone',
      notes: 'notes',
      accommodations: 'accommodations',
    };
    const provided = changed.filter((key) => next[key]).map((key) => itemNames[key] as string);
    if (updated && !isClosed(updated.state)) await recordProvision(tx, updated, provided);
    await audit(tx, {
      action: 'request.correct',
      subject: { type: 'placement_request', id: request.id },
      organisationId: request.organisationId,
      details: { fields: changed },
    });
  });
}

/** Empties the personal fields and the thread; the request stays as a count (kind, dates, outcome). */
async function anonymise(
  ctx: ServiceContext,
  requestId: number,
  organisationId: number,
  reason: 'retention' | 'requester',
) {
  await ctx.db
    .update(placementRequestsTable)
    .set({
      contactName: '',
      contactEmail: null,
      contactPhone: null,
      notes: '',
      accommodations: '',
      sensitiveConsentAt: null,
      declineNote: '',
      scheduledPlace: '',
      confirmTokenHash: null,
      confirmExpiresAt: null,
      followTokenHash: null,
      requesterUserId: null,
      anonymisedAt: ctx.now,
      updatedAt: ctx.now,
    })
    .where(eq(placementRequestsTable.id, requestId));
  await ctx.db.delete(requestMessagesTable).where(eq(requestMessagesTable.requestId, requestId));
  // A school's group: the emergency contact and any student names go too (the counts stay).
  await ctx.db
    .update(schoolRequestDetailsTable)
    .set({ emergencyContact: '', studentNames: '' })
    .where(eq(schoolRequestDetailsTable.requestId, requestId));
  await audit(ctx, {
    action: 'request.anonymise',
    subject: { type: 'placement_request', id: requestId },
    organisationId,
    details: { reason },
  });
}

/** The requester deletes their data: an open request is withdrawn first (the co-op is told). */
export async function deleteOwnData(ctx: ServiceContext, token: string) {
  await inTransaction(ctx, async (tx) => {
    let request = await byFollowToken(tx, token);
    if (!isClosed(request.state)) {
      request = await changeState(tx, request, 'withdraw', 'requester', {}, { deletedByRequester: true });
      const place = await placeOf(tx.db, request);
      await tellStaff(tx, request, 'requests.mail.staffUpdate', place.workplaceName, {
        what: 'requests.staffWhat.withdrawn',
      });
    }
    await anonymise(tx, request.id, request.organisationId, 'requester');
  });
}

/**
 * A counselor's client is erased (the counselor deletes the record, or the retention rule does): every
 * request the counselor made for them that is still open is withdrawn first, the co-op told as on any
 * withdrawal; then each loses the client's fields and its thread (`anonymise`) and stays as a count
 * (kind, dates, state, outcome) for the figures. The provision records stay: they hold no data. A request
 * the client took over is theirs now (their own follow-up link and retention) and is left alone. Runs in
 * the erasing transaction, after the caller has locked the client's row.
 */
export async function releaseClientRequests(
  ctx: ServiceContext,
  clientId: number,
  reason: 'retention' | 'requester',
): Promise<{ withdrawn: number; anonymised: number }> {
  const requests = await ctx.db
    .select()
    .from(placementRequestsTable)
    .where(
      and(
        eq(placementRequestsTable.clientId, clientId),
        eq(placementRequestsTable.requesterKind, 'counselor'),
      ),
    )
    .orderBy(asc(placementRequestsTable.id))
    .for('update');
  let withdrawn = 0;
  let anonymised = 0;
  for (let request of requests) {
    if (!isClosed(request.state)) {
      request = await changeState(ctx, request, 'withdraw', 'requester', {}, { clientErased: true });
      const place = await placeOf(ctx.db, request);
      await tellStaff(ctx, request, 'requests.mail.staffUpdate', place.workplaceName, {
        what: 'requests.staffWhat.withdrawn',
      });
      withdrawn += 1;
    }
    if (!request.anonymisedAt) {
      await anonymise(ctx, request.id, request.organisationId, reason);
      anonymised += 1;
    }
  }
  return { withdrawn, anonymised };
}

/**
 * The .ics file of a scheduled request: the place, what to bring and wear, and whom to contact; for a
 * school's request, its `days` (schoolScheduleOf), one event each.
 */
export function calendarFile(
  details: RequestDetails,
  locale: Locale,
  days?: readonly GroupDay[],
): string | null {
  const { request, slot, workplace, organisation } = details;
  if (request.state !== 'accepted' || !request.scheduledStart || !request.scheduledEnd) return null;
  const t = translator(locale);
  const lines = [
    t('requests.ics.what', { kind: kindWord(locale, request.kind), organisation: organisation.name }),
    slot?.whatToBring ? t('requests.ics.bring', { text: slot.whatToBring }) : '',
    slot?.whatToWear ? t('requests.ics.wear', { text: slot.whatToWear }) : '',
    organisation.contactPhone || organisation.contactEmail
      ? t('requests.ics.contact', {
          contact: [organisation.contactPhone, organisation.contactEmail].filter(Boolean).join(' / '),
        })
      : '',
  ].filter(Boolean);
  const location = [
    slot?.meetingPoint || request.scheduledPlace,
    `〒${workplace.postalCode} ${prefectureName(workplace.prefectureCode, 'ja')}${findMunicipality(workplace.municipalityCode)?.name ?? ''}${workplace.addressLine}`,
    workplace.name,
  ]
    .filter(Boolean)
    .join(', ');
  const title = t('requests.ics.title', {
    kind: kindWord(locale, request.kind),
    organisation: organisation.name,
  });
  // A school's internship of several days: one event a day (not a recurring event: the days may skip a
  // public holiday or a weekday, and the first day may keep the time of a slot). Each day has its own
  // stable uid, so downloading the file again updates the days instead of adding copies.
  if (days && days.length > 1)
    return writeCalendar(
      days.map((day, index) => ({
        uid: `placement-request-${request.id}-${day.date}@yoishigoto`,
        start: day.start,
        end: day.end,
        title: t('requests.ics.titleDay', { title, number: index + 1, count: days.length }),
        description: lines.join('\n'),
        location,
      })),
    );
  const only = days?.[0] ?? { start: request.scheduledStart, end: request.scheduledEnd };
  return writeCalendar([
    {
      uid: `placement-request-${request.id}@yoishigoto`,
      start: only.start,
      end: only.end,
      title,
      description: lines.join('\n'),
      location,
    },
  ]);
}

/**
 * A requester who lost their link asks for it again by e-mail address: each of their open requests gets a
 * new follow-up link (the old one stops working), mailed to that address only. The page answers the same
 * whatever the address, so it reveals nothing about who asked for what.
 */
export async function resendFollowLinks(ctx: ServiceContext, email: string): Promise<void> {
  const address = email.normalize('NFKC').trim().toLowerCase();
  const open = await ctx.db
    .select()
    .from(placementRequestsTable)
    .where(
      and(
        sql`lower(${placementRequestsTable.contactEmail}) = ${address}`,
        isNotNull(placementRequestsTable.followTokenHash),
        isNull(placementRequestsTable.anonymisedAt),
      ),
    )
    .limit(20);
  for (const request of open) {
    await inTransaction(ctx, async (tx) => {
      const followToken = randomToken(24);
      await tx.db
        .update(placementRequestsTable)
        .set({ followTokenHash: sha256(followToken), updatedAt: ctx.now })
        .where(eq(placementRequestsTable.id, request.id));
      await audit(tx, {
        action: 'request.link_resent',
        subject: { type: 'placement_request', id: request.id },
        organisationId: request.organisationId,
      });
      await tellRequester(tx, request, 'link', {
        link: absoluteUrl(ctx, `/requests/follow?token=${followToken}`),
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// The co-op's inbox

export interface InboxQuery {
  kind?: EngagementKind | undefined;
  state?: RequestState | undefined;
  workplace?: number | undefined;
}

/** The organisation's confirmed requests; the ones waiting longest for an answer first. */
export async function inbox(ctx: ServiceContext, filters: InboxQuery) {
  const organisation = organisationOf(ctx);
  const conditions = [
    eq(placementRequestsTable.organisationId, organisation.id),
    ne(placementRequestsTable.state, 'unconfirmed'),
  ];
  if (filters.kind) conditions.push(eq(placementRequestsTable.kind, filters.kind));
  if (filters.state) conditions.push(eq(placementRequestsTable.state, filters.state));
  if (filters.workplace) conditions.push(eq(placementRequestsTable.workplaceId, filters.workplace));
  return ctx.db
    .select({
      id: placementRequestsTable.id,
      kind: placementRequestsTable.kind,
      state: placementRequestsTable.state,
      requesterKind: placementRequestsTable.requesterKind,
      waitingSince: placementRequestsTable.waitingSince,
      scheduledStart: placementRequestsTable.scheduledStart,
      escalatedAt: placementRequestsTable.escalatedAt,
      workplaceName: workplacesTable.name,
      // The posting asked about, or none when the workplace itself was asked (the inbox says so).
      postingId: placementRequestsTable.postingId,
      postingTitle: jobPostingsTable.title,
      anonymised: isNotNull(placementRequestsTable.anonymisedAt),
      // A school's group: how many students, and the period asked for.
      groupSize: placementRequestsTable.groupSize,
      periodStart: schoolRequestDetailsTable.periodStart,
      periodEnd: schoolRequestDetailsTable.periodEnd,
    })
    .from(placementRequestsTable)
    .innerJoin(workplacesTable, eq(workplacesTable.id, placementRequestsTable.workplaceId))
    .leftJoin(jobPostingsTable, eq(jobPostingsTable.id, placementRequestsTable.postingId))
    .leftJoin(schoolRequestDetailsTable, eq(schoolRequestDetailsTable.requestId, placementRequestsTable.id))
    .where(and(...conditions))
    .orderBy(
      // Waiting for the co-op first, longest waiting on top; then the rest, newest first.
      sql`case when ${placementRequestsTable.state} = 'submitted' then 0 else 1 end`,
      sql`case when ${placementRequestsTable.state} = 'submitted' then ${placementRequestsTable.waitingSince} end asc`,
      desc(placementRequestsTable.updatedAt),
    )
    .limit(200);
}

/** One request for the co-op's staff; reading the requester's data is audited (who, when, which). */
export async function requestForStaff(ctx: ServiceContext, requestId: number): Promise<RequestDetails> {
  const organisation = organisationOf(ctx);
  const [request] = await ctx.db
    .select()
    .from(placementRequestsTable)
    .where(
      and(
        eq(placementRequestsTable.id, requestId),
        eq(placementRequestsTable.organisationId, organisation.id),
        ne(placementRequestsTable.state, 'unconfirmed'),
      ),
    );
  if (!request) throw new NotFoundError();
  if (request.requesterKind === 'counselor') return counselorRequestForStaff(ctx, request);
  if (!request.anonymisedAt)
    await audit(ctx, {
      action: 'request.view',
      subject: { type: 'placement_request', id: request.id },
      details: { accommodations: request.accommodations !== '', group: request.requesterKind === 'school' },
    });
  return requestDetails(ctx, request);
}

async function ownRequest(ctx: ServiceContext, requestId: number): Promise<PlacementRequest> {
  const organisation = organisationOf(ctx);
  const [request] = await ctx.db
    .select()
    .from(placementRequestsTable)
    .where(
      and(
        eq(placementRequestsTable.id, requestId),
        eq(placementRequestsTable.organisationId, organisation.id),
      ),
    )
    .for('update');
  if (!request || request.state === 'unconfirmed') throw new NotFoundError();
  return request;
}

export async function findOwnRequest(ctx: ServiceContext, requestId: number) {
  return ownRequest(ctx, requestId);
}

/**
 * Accepts into a slot (the one the requester holds a place in, or another with room) or one of the
 * requester's preferred dates.
 */
export async function acceptRequest(
  ctx: ServiceContext,
  requestId: number,
  answer: { slotId?: number | undefined; choice?: number | undefined; place: string; note: string },
) {
  await inTransaction(ctx, async (tx) => {
    const request = await ownRequest(tx, requestId);
    let start: Date;
    let end: Date;
    let slotId = request.slotId;
    if (answer.slotId) {
      if (!(request.holdsPlace && request.slotId === answer.slotId)) {
        await releasePlace(tx.db, request.id, ctx.now);
        const slot = await takePlace(tx.db, answer.slotId, request.workplaceId, ctx.now, request.groupSize);
        slotId = slot.id;
        await tx.db
          .update(placementRequestsTable)
          .set({ slotId, holdsPlace: true })
          .where(eq(placementRequestsTable.id, request.id));
      }
      const [slot] = await tx.db
        .select()
        .from(availabilitySlotsTable)
        .where(eq(availabilitySlotsTable.id, answer.slotId));
      if (!slot) throw new SlotFullError();
      start = slot.startsAt;
      end = slot.endsAt;
    } else {
      const time = answer.choice === undefined ? undefined : request.preferredTimes[answer.choice];
      if (!time) throw new ConflictError('requests.error.acceptWhat');
      start = tokyoInstant(time.date, time.start);
      end = tokyoInstant(time.date, time.end);
    }
    const current = { ...request, holdsPlace: answer.slotId ? true : request.holdsPlace, slotId };
    const updated = await changeState(
      tx,
      current,
      acceptanceEvent(request.requesterKind),
      'coop',
      { scheduledStart: start, scheduledEnd: end, scheduledPlace: answer.place },
      { slot: Boolean(answer.slotId) },
    );
    if (answer.note) await insertCoopMessage(tx, updated, answer.note);
    if (updated.state === 'agreement_pending') {
      // The school's week to confirm starts now (a second acceptance after a cancelled slot starts anew).
      await tx.db
        .update(schoolRequestDetailsTable)
        .set({ agreementRequestedAt: ctx.now, agreementRemindedAt: null })
        .where(eq(schoolRequestDetailsTable.requestId, updated.id));
    }
    const locale = localeOf(updated);
    const schedule = await schoolScheduleOf(tx.db, updated);
    await tellRequester(tx, updated, 'scheduled', {
      when: schedule ? scheduleText(locale, schedule.dayList) : whenText(locale, start, end),
      ...(schedule?.confirmBy ? { deadline: formatDate(schedule.confirmBy, locale) } : {}),
    });
  });
}

async function insertCoopMessage(ctx: ServiceContext, request: PlacementRequest, body: string) {
  await ctx.db.insert(requestMessagesTable).values({
    requestId: request.id,
    author: 'coop',
    authorUserId: actorOf(ctx).userId,
    body,
    createdAt: ctx.now,
  });
}

/** Offers other dates (up to three); a held slot place is given back. */
export async function proposeDates(
  ctx: ServiceContext,
  requestId: number,
  times: RequestTime[],
  note: string,
) {
  await inTransaction(ctx, async (tx) => {
    const request = await ownRequest(tx, requestId);
    await releasePlace(tx.db, request.id, ctx.now);
    const updated = await changeState(
      tx,
      request,
      'propose',
      'coop',
      { proposedTimes: times, slotId: null },
      { proposedTimes: times.length },
    );
    if (note) await insertCoopMessage(tx, updated, note);
    await tellRequester(tx, updated, 'proposed', {
      dates: times
        .map((time) =>
          whenText(localeOf(updated), tokyoInstant(time.date, time.start), tokyoInstant(time.date, time.end)),
        )
        .join('\n'),
    });
  });
}

export async function declineRequest(ctx: ServiceContext, requestId: number, reason: string, note: string) {
  await inTransaction(ctx, async (tx) => {
    const request = await ownRequest(tx, requestId);
    const updated = await changeState(
      tx,
      request,
      'decline',
      'coop',
      { declineReason: reason, declineNote: note },
      { reason },
    );
    const locale = localeOf(updated);
    await tellRequester(tx, updated, 'declined', {
      reason: translator(locale)(`requests.decline.template.${reason}` as MessageKey, {
        kind: kindWord(locale, updated.kind),
      }),
      note,
    });
  });
}

export async function markHappened(ctx: ServiceContext, requestId: number, event: 'complete' | 'no_show') {
  await inTransaction(ctx, async (tx) => {
    const request = await ownRequest(tx, requestId);
    const updated = await changeState(tx, request, event, 'coop');
    await tellRequester(tx, updated, event === 'complete' ? 'completed' : 'noShow');
  });
}

export async function recordOutcome(ctx: ServiceContext, requestId: number, outcome: RequestOutcome) {
  await inTransaction(ctx, async (tx) => {
    const request = await ownRequest(tx, requestId);
    await changeState(tx, request, 'record_outcome', 'coop', { outcome }, { outcome });
  });
}

// ---------------------------------------------------------------------------------------------------
// Slots

export async function workplacesOf(ctx: ServiceContext) {
  const organisation = organisationOf(ctx);
  return ctx.db
    .select({ id: workplacesTable.id, name: workplacesTable.name })
    .from(workplacesTable)
    .where(eq(workplacesTable.organisationId, organisation.id))
    .orderBy(asc(workplacesTable.id));
}

/** The organisation's slots from today on (and cancelled ones, marked), soonest first. */
export async function listSlots(ctx: ServiceContext) {
  const organisation = organisationOf(ctx);
  const rows = await ctx.db
    .select({ slot: availabilitySlotsTable, workplaceName: workplacesTable.name })
    .from(availabilitySlotsTable)
    .innerJoin(workplacesTable, eq(workplacesTable.id, availabilitySlotsTable.workplaceId))
    .where(
      and(
        eq(availabilitySlotsTable.organisationId, organisation.id),
        gt(availabilitySlotsTable.endsAt, tokyoInstant(todayInTokyo(ctx.now), '00:00')),
      ),
    )
    .orderBy(asc(availabilitySlotsTable.startsAt), asc(availabilitySlotsTable.id))
    .limit(300);
  return rows.map((row) => ({ ...slotView(ctx, row.slot), workplaceName: row.workplaceName }));
}

export async function findSlot(ctx: ServiceContext, slotId: number): Promise<AvailabilitySlot> {
  const organisation = organisationOf(ctx);
  const [slot] = await ctx.db
    .select()
    .from(availabilitySlotsTable)
    .where(
      and(eq(availabilitySlotsTable.id, slotId), eq(availabilitySlotsTable.organisationId, organisation.id)),
    );
  if (!slot) throw new NotFoundError();
  return slot;
}

async function ownWorkplace(ctx: ServiceContext, workplaceId: number) {
  const organisation = organisationOf(ctx);
  const [workplace] = await ctx.db
    .select({ id: workplacesTable.id })
    .from(workplacesTable)
    .where(and(eq(workplacesTable.id, workplaceId), eq(workplacesTable.organisationId, organisation.id)));
  if (!workplace) throw new NotFoundError();
  return workplace;
}

function slotValues(input: SlotInput) {
  return {
    workplaceId: input.workplaceId,
    capacity: input.capacity,
    kinds: input.kinds,
    whatToBring: input.whatToBring,
    whatToWear: input.whatToWear,
    paid: input.paid,
    payYen: input.paid ? (input.payYen ?? null) : null,
    transportCosts: input.transportCosts,
    insurance: input.insurance,
    meetingPoint: input.meetingPoint,
  };
}

/** One slot, or the same time each week for `weeks` weeks. The same form sent twice creates nothing more. */
export async function createSlots(ctx: ServiceContext, input: SlotInput): Promise<number> {
  const organisation = organisationOf(ctx);
  await ownWorkplace(ctx, input.workplaceId);
  if (input.date < todayInTokyo(ctx.now)) throw new ConflictError('requests.error.pastDate');
  return inTransaction(ctx, async (tx) => {
    // Serialises the same form id, on PostgreSQL and PGlite alike (released at commit).
    await tx.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`slot:${input.formId}`}, 0))`);
    const [already] = await tx.db
      .select({ id: availabilitySlotsTable.id })
      .from(availabilitySlotsTable)
      .where(eq(availabilitySlotsTable.formId, input.formId))
      .limit(1);
    if (already) return 0;
    const rows = Array.from({ length: input.weeks }, (_unused, week) => {
      const date = addDays(input.date, week * 7);
      return {
        ...slotValues(input),
        organisationId: organisation.id,
        startsAt: tokyoInstant(date, input.start),
        endsAt: tokyoInstant(date, input.end),
        formId: input.formId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      };
    });
    const created = await tx.db
      .insert(availabilitySlotsTable)
      .values(rows)
      .returning({ id: availabilitySlotsTable.id });
    await audit(tx, {
      action: 'slot.create',
      subject: { type: 'availability_slot', id: created[0]?.id ?? null },
      details: { count: created.length, capacity: input.capacity, kinds: input.kinds },
    });
    return created.length;
  });
}

/** The people holding a place in a slot, for telling them of a change. */
async function holdersOf(db: Db, slotId: number) {
  return db
    .select()
    .from(placementRequestsTable)
    .where(and(eq(placementRequestsTable.slotId, slotId), eq(placementRequestsTable.holdsPlace, true)));
}

/** Edits a slot; capacity cannot go below the places taken. Booked people are told of the change. */
export async function updateSlot(ctx: ServiceContext, slotId: number, input: SlotInput) {
  await ownWorkplace(ctx, input.workplaceId);
  await inTransaction(ctx, async (tx) => {
    const slot = await findSlot(tx, slotId);
    if (slot.status !== 'open') throw new ConflictError('requests.error.slotCancelled');
    const startsAt = tokyoInstant(input.date, input.start);
    const endsAt = tokyoInstant(input.date, input.end);
    const [updated] = await tx.db
      .update(availabilitySlotsTable)
      .set({ ...slotValues(input), startsAt, endsAt, updatedAt: ctx.now })
      .where(
        and(
          eq(availabilitySlotsTable.id, slot.id),
          sql`${availabilitySlotsTable.booked} <= ${input.capacity}`,
        ),
      )
      .returning();
    if (!updated) throw new ConflictError('requests.error.capacityBelowBooked');
    const moved =
      slot.startsAt.getTime() !== startsAt.getTime() || slot.endsAt.getTime() !== endsAt.getTime();
    for (const holder of await holdersOf(tx.db, slot.id)) {
      if ((holder.state === 'accepted' || holder.state === 'agreement_pending') && moved)
        await tx.db
          .update(placementRequestsTable)
          .set({
            scheduledStart: startsAt,
            scheduledEnd: endsAt,
            dayBeforeReminderAt: null,
            updatedAt: ctx.now,
          })
          .where(eq(placementRequestsTable.id, holder.id));
      if (holder.state !== 'unconfirmed')
        await tellRequester(tx, holder, 'slotChanged', {
          when: whenText(localeOf(holder), startsAt, endsAt),
        });
    }
    await audit(tx, {
      action: 'slot.update',
      subject: { type: 'availability_slot', id: slot.id },
      details: { moved, capacity: input.capacity },
    });
  });
}

/** Cancels a slot: every place is given back and each booked person is told; the co-op answers them again. */
export async function cancelSlot(ctx: ServiceContext, slotId: number) {
  await inTransaction(ctx, async (tx) => {
    const slot = await findSlot(tx, slotId);
    const [cancelled] = await tx.db
      .update(availabilitySlotsTable)
      .set({ status: 'cancelled', updatedAt: ctx.now })
      .where(and(eq(availabilitySlotsTable.id, slot.id), eq(availabilitySlotsTable.status, 'open')))
      .returning();
    if (!cancelled) throw new ConflictError('requests.error.slotCancelled');
    const holders = await holdersOf(tx.db, slot.id);
    for (const holder of holders) {
      await releasePlace(tx.db, holder.id, ctx.now);
      if (allowed(holder.state, 'slot_cancelled', 'coop')) {
        await changeState(tx, { ...holder, holdsPlace: false }, 'slot_cancelled', 'coop', {
          slotId: null,
          scheduledStart: null,
          scheduledEnd: null,
          waitingSince: ctx.now,
          remindedAt: null,
          escalatedAt: null,
        });
      } else {
        await tx.db
          .update(placementRequestsTable)
          .set({ slotId: null, updatedAt: ctx.now })
          .where(eq(placementRequestsTable.id, holder.id));
      }
      if (holder.state !== 'unconfirmed')
        await tellRequester(tx, holder, 'slotCancelled', {
          when: whenText(localeOf(holder), slot.startsAt, slot.endsAt),
        });
    }
    await audit(tx, {
      action: 'slot.cancel',
      subject: { type: 'availability_slot', id: slot.id },
      details: { told: holders.filter((holder) => holder.state !== 'unconfirmed').length },
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// The secretariat and the account page

/** Requests the co-ops have left unanswered past the escalation point: no personal data. */
export async function escalationQueue(ctx: ServiceContext) {
  return ctx.db
    .select({
      id: placementRequestsTable.id,
      kind: placementRequestsTable.kind,
      waitingSince: placementRequestsTable.waitingSince,
      escalatedAt: placementRequestsTable.escalatedAt,
      organisationId: organisationsTable.id,
      organisationName: organisationsTable.name,
      contactEmail: organisationsTable.contactEmail,
      contactPhone: organisationsTable.contactPhone,
      workplaceName: workplacesTable.name,
    })
    .from(placementRequestsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, placementRequestsTable.organisationId))
    .innerJoin(workplacesTable, eq(workplacesTable.id, placementRequestsTable.workplaceId))
    .where(and(eq(placementRequestsTable.state, 'submitted'), isNotNull(placementRequestsTable.escalatedAt)))
    .orderBy(asc(placementRequestsTable.waitingSince))
    .limit(200);
}

/** A signed-in seeker's own requests, for the account page. */
export async function requestsOfUser(ctx: ServiceContext) {
  const actor = actorOf(ctx);
  const rows = await ctx.db
    .select({
      id: placementRequestsTable.id,
      kind: placementRequestsTable.kind,
      state: placementRequestsTable.state,
      scheduledStart: placementRequestsTable.scheduledStart,
      createdAt: placementRequestsTable.createdAt,
      organisationName: organisationsTable.name,
      workplaceName: workplacesTable.name,
    })
    .from(placementRequestsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, placementRequestsTable.organisationId))
    .innerJoin(workplacesTable, eq(workplacesTable.id, placementRequestsTable.workplaceId))
    .where(
      and(
        eq(placementRequestsTable.requesterUserId, actor.userId),
        isNull(placementRequestsTable.anonymisedAt),
      ),
    )
    .orderBy(desc(placementRequestsTable.createdAt))
    .limit(100);
  return rows.map((row) => ({
    ...row,
    when: row.scheduledStart ? whenText(ctx.locale, row.scheduledStart, null) : '',
  }));
}

// ---------------------------------------------------------------------------------------------------
// A counselor asks for a client (issue 9). The same request, slots and inbox as a seeker's; the client's
// data reaches the co-op only while the consent it was made on holds, and each showing is recorded.

/** The client's items a consent may cover, as the request stores them. */
type BehalfItem = 'contact_name' | 'notes' | 'accommodations';

export interface CounselorRequestInput {
  formId: string;
  kind: EngagementKind;
  intent: RequestFormInput['intent'];
  slotId?: number | undefined;
  notes: string;
  accommodations: string;
  accompanied: boolean;
}

export interface OnBehalf {
  /** The counselor's (support) organisation: the co-op's contact for the request. */
  organisationId: number;
  client: { id: number; displayName: string };
  consent: { id: number; items: BehalfItem[] };
}

/**
 * Records a counselor's request for a client. The consent was recorded first, so there is no mailed
 * confirmation: it reaches the co-op at once (its staff are told). A chosen slot's place is taken as
 * for a seeker (`takePlace`), and the same form sent twice makes one request (`oncePerForm`). Only the
 * items the consent covers are stored; the counselor's organisation is the contact.
 */
export async function createCounselorRequest(
  ctx: ServiceContext,
  target: RequestTarget,
  input: CounselorRequestInput,
  preferredTimes: RequestTime[],
  behalf: OnBehalf,
): Promise<CreateResult> {
  const covers = (item: BehalfItem) => behalf.consent.items.includes(item);
  return oncePerForm(ctx, input.formId, () =>
    inTransaction(ctx, async (tx) => {
      const slot = input.slotId ? await takePlace(tx.db, input.slotId, target.workplace.id, ctx.now) : null;
      const accommodations = covers('accommodations') ? input.accommodations : '';
      const [request] = await tx.db
        .insert(placementRequestsTable)
        .values({
          kind: input.kind,
          intent: input.intent,
          state: 'submitted',
          requesterKind: 'counselor',
          onBehalfOrganisationId: behalf.organisationId,
          clientId: behalf.client.id,
          consentId: behalf.consent.id,
          organisationId: target.organisation.id,
          workplaceId: target.workplace.id,
          postingId: target.posting?.id ?? null,
          slotId: slot?.id ?? null,
          holdsPlace: slot !== null,
          preferredTimes: slot ? [] : preferredTimes,
          contactName: covers('contact_name') ? behalf.client.displayName : '',
          contactEmail: null,
          contactPhone: null,
          locale: ctx.locale,
          notes: covers('notes') ? input.notes : '',
          accommodations,
          // The consent record names this item: that is its own explicit consent (要配慮個人情報).
          sensitiveConsentAt: accommodations ? ctx.now : null,
          formId: input.formId,
          createdAt: ctx.now,
          confirmedAt: ctx.now,
          waitingSince: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
      if (!request) throw new Error('insert returned nothing');
      await tx.db.insert(clientBookingsTable).values({
        requestId: request.id,
        clientId: behalf.client.id,
        accompanied: input.accompanied,
        createdAt: ctx.now,
      });
      await audit(tx, {
        action: 'request.create',
        subject: { type: 'placement_request', id: request.id },
        organisationId: target.organisation.id,
        details: {
          kind: input.kind,
          slot: slot !== null,
          preferredTimes: preferredTimes.length,
          requesterKind: 'counselor',
          accompanied: input.accompanied,
        },
      });
      const place = await placeOf(tx.db, request);
      await tellStaff(tx, request, 'requests.mail.staffNew', place.workplaceName);
      return { created: true as const, id: request.id };
    }),
  );
}

export interface BehalfView {
  organisation: Pick<Organisation, 'id' | 'name' | 'contactEmail' | 'contactPhone'>;
  accompanied: boolean;
  /** False once the consent has expired or been revoked: the personal fields are not shown. */
  consentHolds: boolean;
  consentEndedOn: string | null;
}

/** Whether a consent holds on `today` (Asia/Tokyo): not revoked, and not past its last day. */
export function consentHoldsOn(
  consent: Pick<ClientConsent, 'revokedAt' | 'expiresOn'> | null | undefined,
  today: string,
): boolean {
  return Boolean(consent && !consent.revokedAt && consent.expiresOn >= today);
}

/**
 * A counselor's request for the co-op's staff. The consent is checked on this read: while it holds, the
 * client's fields are shown and a provision record is written for this showing (個人情報保護法: who, to
 * whom, which items, when, on what consent); once it has ended, the fields are left out, nothing is
 * recorded, and the counselor is told (once).
 */
async function counselorRequestForStaff(
  ctx: ServiceContext,
  request: PlacementRequest,
): Promise<RequestDetails> {
  const [consent] = request.consentId
    ? await ctx.db.select().from(clientConsentsTable).where(eq(clientConsentsTable.id, request.consentId))
    : [];
  const [booking] = await ctx.db
    .select({ accompanied: clientBookingsTable.accompanied })
    .from(clientBookingsTable)
    .where(eq(clientBookingsTable.requestId, request.id));
  const [arranger] = request.onBehalfOrganisationId
    ? await ctx.db
        .select({
          id: organisationsTable.id,
          name: organisationsTable.name,
          contactEmail: organisationsTable.contactEmail,
          contactPhone: organisationsTable.contactPhone,
        })
        .from(organisationsTable)
        .where(eq(organisationsTable.id, request.onBehalfOrganisationId))
    : [];
  const holds =
    consentHoldsOn(consent, todayInTokyo(ctx.now)) &&
    consent?.recipientOrganisationId === request.organisationId &&
    !request.anonymisedAt;
  const shown = holds
    ? request
    : { ...request, contactName: '', contactEmail: null, contactPhone: null, notes: '', accommodations: '' };
  const items = holds ? providedItems(request).filter((item) => item !== 'contact_email') : [];
  if (holds && !request.contactName) items.splice(items.indexOf('contact_name'), 1);
  await inTransaction(ctx, async (tx) => {
    if (!request.anonymisedAt)
      await audit(tx, {
        action: 'request.view',
        subject: { type: 'placement_request', id: request.id },
        details: { accommodations: shown.accommodations !== '', consentHolds: holds },
      });
    if (holds && consent && items.length > 0)
      await tx.db.insert(requestProvisionsTable).values({
        requestId: request.id,
        recipientOrganisationId: request.organisationId,
        items,
        consentBasis: items.includes('accommodations')
          ? ['client_consent', 'sensitive_consent']
          : ['client_consent'],
        consentAt: consent.confirmedByClientAt ?? consent.createdAt,
        providedAt: ctx.now,
      });
    if (!holds && consent && !consent.endedNoticeAt) await tellCounselorConsentEnded(tx, request, consent);
  });
  const details = await requestDetails(ctx, shown);
  return {
    ...details,
    behalf: {
      organisation: arranger ?? { id: 0, name: '', contactEmail: null, contactPhone: null },
      accompanied: booking?.accompanied ?? false,
      consentHolds: holds,
      consentEndedOn: holds ? null : (consent?.revokedOn ?? consent?.expiresOn ?? null),
    },
  };
}

/** The counselor in charge of the client, or else every staff member of the counselor's organisation. */
async function counselorsOf(db: Db, request: Pick<PlacementRequest, 'clientId' | 'onBehalfOrganisationId'>) {
  if (request.clientId) {
    const [counselor] = await db
      .select({ email: usersTable.email, locale: usersTable.locale })
      .from(clientsTable)
      .innerJoin(usersTable, eq(usersTable.id, clientsTable.counselorUserId))
      .where(eq(clientsTable.id, request.clientId));
    if (counselor) return [counselor];
  }
  return request.onBehalfOrganisationId ? staffOf(db, request.onBehalfOrganisationId) : [];
}

/**
 * What the requester would be mailed goes to the counselor instead, without the client's data: which
 * request, what happened (the requester mail's subject line), and the link to the client's page.
 */
async function tellCounselor(
  ctx: ServiceContext,
  request: PlacementRequest,
  mail: string,
  params: Record<string, string | number>,
) {
  if (!request.onBehalfOrganisationId) return;
  const place = await placeOf(ctx.db, request);
  for (const person of await counselorsOf(ctx.db, request)) {
    const t = translator(person.locale);
    const what = t(`requests.mail.${mail}.subject` as MessageKey, {
      organisation: place.organisationName,
      kind: kindWord(person.locale, request.kind),
      ...params,
    });
    await sendMail(ctx, {
      to: person.email,
      locale: person.locale,
      subjectKey: 'requests.mail.counselorUpdate.subject',
      bodyKey: 'requests.mail.counselorUpdate.body',
      params: {
        number: request.id,
        kind: kindWord(person.locale, request.kind),
        organisation: place.organisationName,
        what,
        ...(typeof params.when === 'string' ? { when: params.when } : { when: '' }),
        link: absoluteUrl(
          ctx,
          `/workspace/${request.onBehalfOrganisationId}/clients${request.clientId ? `/${request.clientId}` : ''}`,
        ),
      },
    });
  }
}

/** The co-op read a request whose consent has ended: the counselor is told once per consent. */
async function tellCounselorConsentEnded(
  ctx: ServiceContext,
  request: PlacementRequest,
  consent: ClientConsent,
) {
  const [claimed] = await ctx.db
    .update(clientConsentsTable)
    .set({ endedNoticeAt: ctx.now })
    .where(and(eq(clientConsentsTable.id, consent.id), isNull(clientConsentsTable.endedNoticeAt)))
    .returning({ id: clientConsentsTable.id });
  if (!claimed) return;
  const place = await placeOf(ctx.db, request);
  for (const person of await counselorsOf(ctx.db, request))
    await sendMail(ctx, {
      to: person.email,
      locale: person.locale,
      subjectKey: 'requests.mail.consentEnded.subject',
      bodyKey: 'requests.mail.consentEnded.body',
      params: {
        number: request.id,
        organisation: place.organisationName,
        link: absoluteUrl(
          ctx,
          `/workspace/${request.onBehalfOrganisationId}/clients/${request.clientId ?? ''}`,
        ),
      },
    });
}

/**
 * The client takes the request over with their own contact details (a one-time link from the
 * counselor): from now on it is their own request, followed by their own private link, and what the
 * co-op sees rests on their own submission. Returns the follow-up link's token, shown once.
 */
export async function takeOverRequest(
  ctx: ServiceContext,
  requestId: number,
  contact: { contactName: string; contactEmail: string; contactPhone: string | null },
): Promise<{ followToken: string }> {
  const [request] = await ctx.db
    .select()
    .from(placementRequestsTable)
    .where(
      and(eq(placementRequestsTable.id, requestId), eq(placementRequestsTable.requesterKind, 'counselor')),
    )
    .for('update');
  if (!request || request.anonymisedAt || isClosed(request.state)) throw new NotFoundError();
  const followToken = randomToken(24);
  const [updated] = await ctx.db
    .update(placementRequestsTable)
    .set({
      requesterKind: 'seeker',
      consentId: null,
      contactName: contact.contactName,
      contactEmail: contact.contactEmail,
      contactPhone: contact.contactPhone || null,
      followTokenHash: sha256(followToken),
      locale: ctx.locale,
      updatedAt: ctx.now,
    })
    .where(eq(placementRequestsTable.id, request.id))
    .returning();
  if (!updated) throw new NotFoundError();
  await recordProvision(ctx, updated, providedItems(updated));
  await audit(ctx, {
    action: 'request.take_over',
    subject: { type: 'placement_request', id: request.id },
    organisationId: request.organisationId,
  });
  const place = await placeOf(ctx.db, updated);
  await sendMail(ctx, {
    to: contact.contactEmail,
    locale: ctx.locale,
    subjectKey: 'requests.mail.received.subject',
    bodyKey: 'requests.mail.received.body',
    params: {
      name: contact.contactName,
      kind: kindWord(ctx.locale, updated.kind),
      organisation: place.organisationName,
      link: absoluteUrl(ctx, `/requests/follow?token=${followToken}`),
    },
  });
  await tellStaff(ctx, updated, 'requests.mail.staffUpdate', place.workplaceName, {
    what: 'requests.staffWhat.takenOver',
  });
  return { followToken };
}

/** A counselor's requests for the clients of their organisation, for the caseload (no co-op's data). */
export async function requestsOfClients(ctx: ServiceContext, organisationId: number) {
  const rows = await ctx.db
    .select({
      id: placementRequestsTable.id,
      clientId: placementRequestsTable.clientId,
      consentId: placementRequestsTable.consentId,
      kind: placementRequestsTable.kind,
      state: placementRequestsTable.state,
      outcome: placementRequestsTable.outcome,
      requesterKind: placementRequestsTable.requesterKind,
      scheduledStart: placementRequestsTable.scheduledStart,
      scheduledEnd: placementRequestsTable.scheduledEnd,
      preferredTimes: placementRequestsTable.preferredTimes,
      proposedTimes: placementRequestsTable.proposedTimes,
      slotStart: availabilitySlotsTable.startsAt,
      slotEnd: availabilitySlotsTable.endsAt,
      createdAt: placementRequestsTable.createdAt,
      closedAt: placementRequestsTable.closedAt,
      updatedAt: placementRequestsTable.updatedAt,
      organisationName: organisationsTable.name,
      workplaceName: workplacesTable.name,
      postingTitle: jobPostingsTable.title,
      accompanied: clientBookingsTable.accompanied,
    })
    .from(placementRequestsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, placementRequestsTable.organisationId))
    .innerJoin(workplacesTable, eq(workplacesTable.id, placementRequestsTable.workplaceId))
    .leftJoin(jobPostingsTable, eq(jobPostingsTable.id, placementRequestsTable.postingId))
    .leftJoin(availabilitySlotsTable, eq(availabilitySlotsTable.id, placementRequestsTable.slotId))
    .leftJoin(clientBookingsTable, eq(clientBookingsTable.requestId, placementRequestsTable.id))
    .where(
      and(
        eq(placementRequestsTable.onBehalfOrganisationId, organisationId),
        isNotNull(placementRequestsTable.clientId),
      ),
    )
    .orderBy(desc(placementRequestsTable.createdAt))
    .limit(1000);
  return rows.map((row) => {
    // The next date: the scheduled one, else the slot asked for, else the first date asked or offered.
    const time = row.state === 'alternative_proposed' ? row.proposedTimes[0] : row.preferredTimes[0];
    const start = row.scheduledStart ?? row.slotStart ?? (time ? tokyoInstant(time.date, time.start) : null);
    const end = row.scheduledStart
      ? row.scheduledEnd
      : row.slotStart
        ? row.slotEnd
        : time
          ? tokyoInstant(time.date, time.end)
          : null;
    return {
      ...row,
      next: start && start > ctx.now && !isClosed(row.state) ? whenText(ctx.locale, start, end) : '',
      scheduled: row.scheduledStart ? whenText(ctx.locale, row.scheduledStart, row.scheduledEnd) : '',
    };
  });
}

// Used by the maintenance job.
export const internals = {
  takePlace,
  releasePlace,
  changeState,
  tellStaff,
  tellRequester,
  anonymise,
  placeOf,
  secretariatStaff,
  localeOf,
  kindWord,
  schoolScheduleOf,
};
