import { and, asc, desc, eq, exists, gt, gte, lt, or, sql } from 'drizzle-orm';
import {
  absoluteUrl,
  actorOf,
  inTransaction,
  organisationOf,
  type ServiceContext,
} from '../../auth/context.js';
import { sqlStateOf } from '../../db/errors.js';
import {
  type AvailabilitySlot,
  availabilitySlotsTable,
  jobPostingsTable,
  organisationsTable,
  type PlacementRequest,
  placementRequestsTable,
  type RequestTime,
  requestProvisionsTable,
  type SchoolRequestDetails,
  schoolRequestDetailsTable,
  usersTable,
  workplacesTable,
} from '../../db/schema/index.js';
import { translator } from '../../i18n/index.js';
import { todayInTokyo } from '../../lib/dates.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { audit } from '../audit/audit.service.js';
import { sendMail } from '../mail/outbox.service.js';
import { tokyoInstant } from '../requests/requests.rules.js';
import {
  calendarFile,
  internals,
  nextOpenSlots,
  postMessage,
  type RequestDetails,
  requestDetails,
  type SchoolSchedule,
  SlotFullError,
  type SlotView,
  scheduleOfSchoolRequest,
  workplaceTarget,
} from '../requests/requests.service.js';
import {
  type SchoolKind,
  type SchoolRequestInput,
  schoolKinds,
  studentNameList,
} from './school-requests.forms.js';
import { scheduleText } from './school-requests.rules.js';

// A school's group visit or internship (issue 9) on the same placement requests, slots and inbox as a
// seeker's: the school's staff ask signed in (so there is no mailed confirmation link), the co-op answers
// in its inbox, and the three-way agreement (requests.rules.ts: accept_group → agreement_pending →
// confirm_agreement) makes it scheduled only once the school confirms.

/** Only a school's own workspace asks; any other organisation's staff find nothing here. */
function schoolOf(ctx: ServiceContext) {
  const organisation = organisationOf(ctx);
  if (organisation.kind !== 'school' || organisation.approvalState !== 'approved') throw new NotFoundError();
  return organisation;
}

/** Which engagement kinds a slot must offer for what a school asks. */
function slotFits(slot: Pick<AvailabilitySlot, 'kinds'>, kind: SchoolKind): boolean {
  return kind === 'visit'
    ? slot.kinds.includes('visit')
    : slot.kinds.includes('experience') || slot.kinds.includes('short_trial');
}

/**
 * Workplaces of approved co-ops that take requests (an open posting accepting some kind, or an open slot
 * with places), for the school's choice of whom to ask; by prefecture, then name.
 */
export async function askableWorkplaces(ctx: ServiceContext) {
  schoolOf(ctx);
  const today = todayInTokyo(ctx.now);
  return ctx.db
    .select({
      id: workplacesTable.id,
      name: workplacesTable.name,
      prefectureCode: workplacesTable.prefectureCode,
      organisationName: organisationsTable.name,
    })
    .from(workplacesTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, workplacesTable.organisationId))
    .where(
      and(
        eq(organisationsTable.kind, 'coop'),
        eq(organisationsTable.approvalState, 'approved'),
        or(
          exists(
            ctx.db
              .select({ one: sql`1` })
              .from(jobPostingsTable)
              .where(
                and(
                  eq(jobPostingsTable.workplaceId, workplacesTable.id),
                  eq(jobPostingsTable.status, 'published'),
                  gte(jobPostingsTable.validThrough, today),
                  sql`(${jobPostingsTable.acceptsVisit} or ${jobPostingsTable.acceptsExperience} or ${jobPostingsTable.acceptsShortTrial})`,
                ),
              ),
          ),
          exists(
            ctx.db
              .select({ one: sql`1` })
              .from(availabilitySlotsTable)
              .where(
                and(
                  eq(availabilitySlotsTable.workplaceId, workplacesTable.id),
                  eq(availabilitySlotsTable.status, 'open'),
                  gt(availabilitySlotsTable.startsAt, ctx.now),
                  lt(availabilitySlotsTable.booked, availabilitySlotsTable.capacity),
                ),
              ),
          ),
        ),
      ),
    )
    .orderBy(asc(workplacesTable.prefectureCode), asc(organisationsTable.nameKana), asc(workplacesTable.name))
    .limit(300);
}

/**
 * Where a school asks: a workplace that takes requests. A visit when it takes visits; an internship when
 * it takes 就労体験 or 短時間就労. Its open slots with places are offered too.
 */
export async function schoolTarget(ctx: ServiceContext, workplaceId: number) {
  schoolOf(ctx);
  const target = await workplaceTarget(ctx, workplaceId);
  const kinds = schoolKinds.filter((kind) =>
    kind === 'visit'
      ? target.kinds.includes('visit')
      : target.kinds.includes('experience') || target.kinds.includes('short_trial'),
  );
  if (kinds.length === 0) throw new NotFoundError();
  const slots: SlotView[] = (await nextOpenSlots(ctx, workplaceId, 20)).filter((slot) =>
    kinds.some((kind) => slotFits(slot, kind)),
  );
  return { ...target, schoolKinds: kinds, slots };
}
export type SchoolTarget = Awaited<ReturnType<typeof schoolTarget>>;

/** The personal items a school's request passes to the co-op (the provision record lists them). */
function providedItems(input: Pick<SchoolRequestInput, 'teacherPhone' | 'studentNames' | 'notes'>) {
  const items = ['teacher_name', 'teacher_email', 'emergency_contact'];
  if (input.teacherPhone) items.push('teacher_phone');
  if (input.studentNames) items.push('student_names');
  if (input.notes) items.push('notes');
  return items;
}

export type CreateResult = { created: boolean; id: number };

/**
 * Records a school's request and sends it to the co-op at once: a chosen slot's places (the group size)
 * are held from now, the co-op's staff are told, the teacher in charge gets a copy. The same form sent
 * twice finds the first request (the unique form id).
 */
export async function createSchoolRequest(
  ctx: ServiceContext,
  target: SchoolTarget,
  input: SchoolRequestInput,
): Promise<CreateResult> {
  const school = schoolOf(ctx);
  const actor = actorOf(ctx);
  const existing = async () => {
    const [row] = await ctx.db
      .select({ id: placementRequestsTable.id, by: placementRequestsTable.onBehalfOrganisationId })
      .from(placementRequestsTable)
      .where(eq(placementRequestsTable.formId, input.formId));
    return row ?? null;
  };
  const already = await existing();
  if (already) {
    if (already.by !== school.id) throw new ConflictError('schoolRequests.error.formUsed');
    return { created: false, id: already.id };
  }
  if (!target.schoolKinds.includes(input.kind)) throw new ConflictError('schoolRequests.error.kind');
  const slotOffered = input.slotId ? target.slots.find((slot) => slot.id === input.slotId) : undefined;
  if (input.slotId && (!slotOffered || !slotFits(slotOffered, input.kind))) throw new SlotFullError();
  try {
    return await inTransaction(ctx, async (tx) => {
      const slot = input.slotId
        ? await internals.takePlace(tx.db, input.slotId, target.workplace.id, ctx.now, input.groupSize)
        : null;
      const first: RequestTime = { date: input.periodStart, start: input.dailyStart, end: input.dailyEnd };
      const [inserted] = await tx.db
        .insert(placementRequestsTable)
        .values({
          kind: input.kind,
          // A school asks for its students' learning, not a job: the intent the form never asks.
          intent: 'try_then_decide',
          requesterKind: 'school',
          requesterUserId: null,
          onBehalfOrganisationId: school.id,
          groupSize: input.groupSize,
          organisationId: target.organisation.id,
          workplaceId: target.workplace.id,
          postingId: null,
          slotId: slot?.id ?? null,
          holdsPlace: slot !== null,
          preferredTimes: slot ? [] : [first],
          contactName: input.teacherName,
          contactEmail: input.teacherEmail,
          contactPhone: input.teacherPhone || null,
          locale: ctx.locale,
          notes: input.notes,
          formId: input.formId,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
      if (!inserted) throw new Error('insert returned nothing');
      await tx.db.insert(schoolRequestDetailsTable).values({
        requestId: inserted.id,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        dailyStart: input.dailyStart,
        dailyEnd: input.dailyEnd,
        weekdays: [...input.weekdays],
        skipHolidays: input.skipHolidays,
        days: input.days,
        schoolType: input.schoolType,
        grade: input.grade,
        learningGoals: input.learningGoals,
        insuranceConfirmed: input.insuranceConfirmed,
        insuranceKind: input.insuranceKind,
        insuranceOther: input.insuranceKind === 'other' ? input.insuranceOther : '',
        emergencyContact: input.emergencyContact,
        studentNames: studentNameList(input.studentNames).join('\n'),
        createdBy: actor.userId,
      });
      await audit(tx, {
        action: 'request.create',
        subject: { type: 'placement_request', id: inserted.id },
        organisationId: school.id,
        details: { kind: input.kind, slot: slot !== null, groupSize: input.groupSize, school: true },
      });
      // Signed-in staff need no mailed link: the request reaches the co-op now (the same `confirm` step).
      const request = await internals.changeState(tx, inserted, 'confirm', 'requester', {
        confirmedAt: ctx.now,
        waitingSince: ctx.now,
      });
      // 第三者提供の記録: the school passed its teacher's and (if given) students' data to this co-op.
      await tx.db.insert(requestProvisionsTable).values({
        requestId: request.id,
        recipientOrganisationId: request.organisationId,
        items: providedItems(input),
        consentBasis: ['school_submission'],
        consentAt: ctx.now,
        providedAt: ctx.now,
      });
      const place = await internals.placeOf(tx.db, request);
      await tellTeacher(tx, request, 'received', place.organisationName);
      await internals.tellStaff(tx, request, 'requests.mail.staffNew', place.workplaceName);
      return { created: true, id: request.id };
    });
  } catch (error) {
    if (sqlStateOf(error) === '23505') {
      const first = await existing();
      if (first && first.by === school.id) return { created: false, id: first.id };
    }
    throw error;
  }
}

/** Mails the teacher in charge (the request's contact) in the school's words. */
async function tellTeacher(
  ctx: ServiceContext,
  request: PlacementRequest,
  mail: 'received' | 'confirmed',
  organisationName: string,
  params: Record<string, string | number> = {},
) {
  if (!request.contactEmail || request.anonymisedAt) return;
  const locale = internals.localeOf(request);
  await sendMail(ctx, {
    to: request.contactEmail,
    locale,
    subjectKey: `schoolRequests.mail.${mail}.subject`,
    bodyKey: `schoolRequests.mail.${mail}.body`,
    params: {
      name: request.contactName,
      kind: internals.kindWord(locale, request.kind),
      organisation: organisationName,
      number: request.id,
      link: absoluteUrl(ctx, `/workspace/${request.onBehalfOrganisationId}/school-requests/${request.id}`),
      ...params,
    },
  });
}

/** All of the school's requests with their states, the newest first (the coordinator's one page). */
export async function schoolRequests(ctx: ServiceContext) {
  const school = schoolOf(ctx);
  return ctx.db
    .select({
      id: placementRequestsTable.id,
      kind: placementRequestsTable.kind,
      state: placementRequestsTable.state,
      groupSize: placementRequestsTable.groupSize,
      scheduledStart: placementRequestsTable.scheduledStart,
      createdAt: placementRequestsTable.createdAt,
      periodStart: schoolRequestDetailsTable.periodStart,
      periodEnd: schoolRequestDetailsTable.periodEnd,
      grade: schoolRequestDetailsTable.grade,
      organisationName: organisationsTable.name,
      workplaceName: workplacesTable.name,
    })
    .from(placementRequestsTable)
    .innerJoin(schoolRequestDetailsTable, eq(schoolRequestDetailsTable.requestId, placementRequestsTable.id))
    .innerJoin(organisationsTable, eq(organisationsTable.id, placementRequestsTable.organisationId))
    .innerJoin(workplacesTable, eq(workplacesTable.id, placementRequestsTable.workplaceId))
    .where(
      and(
        eq(placementRequestsTable.onBehalfOrganisationId, school.id),
        eq(placementRequestsTable.requesterKind, 'school'),
      ),
    )
    .orderBy(
      // What waits for the school first, then the newest.
      sql`case when ${placementRequestsTable.state} in ('agreement_pending', 'alternative_proposed') then 0 else 1 end`,
      desc(placementRequestsTable.createdAt),
    )
    .limit(300);
}

async function ownSchoolRequest(ctx: ServiceContext, requestId: number, lock = false) {
  const school = schoolOf(ctx);
  const query = ctx.db
    .select()
    .from(placementRequestsTable)
    .where(
      and(
        eq(placementRequestsTable.id, requestId),
        eq(placementRequestsTable.onBehalfOrganisationId, school.id),
        eq(placementRequestsTable.requesterKind, 'school'),
      ),
    );
  const [request] = lock ? await query.for('update') : await query;
  if (!request) throw new NotFoundError();
  return request;
}

/** The group's details of a school's request (null for anyone else's request). */
export async function groupOf(ctx: ServiceContext, requestId: number): Promise<SchoolGroup | null> {
  const [row] = await ctx.db
    .select({
      details: schoolRequestDetailsTable,
      request: placementRequestsTable,
      school: organisationsTable,
    })
    .from(schoolRequestDetailsTable)
    .innerJoin(placementRequestsTable, eq(placementRequestsTable.id, schoolRequestDetailsTable.requestId))
    .leftJoin(organisationsTable, eq(organisationsTable.id, placementRequestsTable.onBehalfOrganisationId))
    .where(eq(schoolRequestDetailsTable.requestId, requestId));
  if (!row) return null;
  const confirmer = row.details.agreementConfirmedBy
    ? (
        await ctx.db
          .select({ name: usersTable.displayName })
          .from(usersTable)
          .where(eq(usersTable.id, row.details.agreementConfirmedBy))
      )[0]
    : undefined;
  return {
    ...row.details,
    ...scheduleOfSchoolRequest(row.request, row.details),
    students: studentNameList(row.details.studentNames),
    school: row.school,
    confirmedByName: confirmer?.name ?? '',
  };
}
export type SchoolGroup = SchoolRequestDetails &
  SchoolSchedule & {
    students: string[];
    school: typeof organisationsTable.$inferSelect | null;
    confirmedByName: string;
  };

/** One of the school's requests for its staff; the view of the teacher's and students' data is audited. */
export async function schoolRequestForStaff(ctx: ServiceContext, requestId: number) {
  const request = await ownSchoolRequest(ctx, requestId);
  const group = await groupOf(ctx, requestId);
  if (!group) throw new NotFoundError();
  if (!request.anonymisedAt)
    await audit(ctx, {
      action: 'request.school_view',
      subject: { type: 'placement_request', id: request.id },
      details: { studentNames: group.students.length > 0 },
    });
  return { ...(await requestDetails(ctx, request)), group };
}

async function markConfirmed(ctx: ServiceContext, requestId: number) {
  await ctx.db
    .update(schoolRequestDetailsTable)
    .set({ agreementConfirmedAt: ctx.now, agreementConfirmedBy: actorOf(ctx).userId })
    .where(eq(schoolRequestDetailsTable.requestId, requestId));
}

async function tellBothConfirmed(ctx: ServiceContext, request: PlacementRequest) {
  const place = await internals.placeOf(ctx.db, request);
  const schedule = await internals.schoolScheduleOf(ctx.db, request);
  const when = schedule ? scheduleText(internals.localeOf(request), schedule.dayList) : '';
  await tellTeacher(ctx, request, 'confirmed', place.organisationName, { when });
  await internals.tellStaff(ctx, request, 'requests.mail.staffUpdate', place.workplaceName, {
    what: 'schoolRequests.staffWhat.confirmed',
  });
}

/** The school confirms the agreement the co-op accepted: only now it is scheduled. */
export async function confirmAgreement(ctx: ServiceContext, requestId: number) {
  await inTransaction(ctx, async (tx) => {
    const request = await ownSchoolRequest(tx, requestId, true);
    const updated = await internals.changeState(tx, request, 'confirm_agreement', 'requester');
    await markConfirmed(tx, request.id);
    await tellBothConfirmed(tx, updated);
  });
}

/** The school takes one of the dates the co-op offered: the co-op offered it, so this confirms it too. */
export async function chooseProposedDate(ctx: ServiceContext, requestId: number, choice: number) {
  await inTransaction(ctx, async (tx) => {
    const request = await ownSchoolRequest(tx, requestId, true);
    const time = request.proposedTimes[choice];
    if (!time) throw new ConflictError('requests.error.choice');
    const updated = await internals.changeState(
      tx,
      request,
      'choose_proposed',
      'requester',
      {
        scheduledStart: tokyoInstant(time.date, time.start),
        scheduledEnd: tokyoInstant(time.date, time.end),
        preferredTimes: [time],
      },
      { choice, school: true },
    );
    await markConfirmed(tx, request.id);
    await tellBothConfirmed(tx, updated);
  });
}

/** The school withdraws; the co-op is told and any held places go back to the slot. */
export async function withdrawSchoolRequest(ctx: ServiceContext, requestId: number) {
  await inTransaction(ctx, async (tx) => {
    const request = await ownSchoolRequest(tx, requestId, true);
    const updated = await internals.changeState(tx, request, 'withdraw', 'requester');
    const place = await internals.placeOf(tx.db, updated);
    await internals.tellStaff(tx, updated, 'requests.mail.staffUpdate', place.workplaceName, {
      what: 'requests.staffWhat.withdrawn',
    });
  });
}

/** The school writes to the co-op in the request's thread; the co-op's staff are told. */
export async function postSchoolMessage(
  ctx: ServiceContext,
  requestId: number,
  body: string,
  formId: string,
) {
  const request = await ownSchoolRequest(ctx, requestId);
  await postMessage(ctx, request, 'requester', body, formId);
}

export interface Agreement extends RequestDetails {
  group: SchoolGroup;
}

/**
 * The three-way agreement, for the school that asked and the co-op asked only (anyone else: not found).
 * Reading it shows the teacher's, the emergency contact's and any students' names: audited.
 */
export async function agreementFor(
  ctx: ServiceContext,
  requestId: number,
  side: 'school' | 'coop',
): Promise<Agreement> {
  const organisation = organisationOf(ctx);
  const [request] = await ctx.db
    .select()
    .from(placementRequestsTable)
    .where(
      and(
        eq(placementRequestsTable.id, requestId),
        eq(placementRequestsTable.requesterKind, 'school'),
        side === 'school'
          ? eq(placementRequestsTable.onBehalfOrganisationId, organisation.id)
          : eq(placementRequestsTable.organisationId, organisation.id),
      ),
    );
  if (!request || request.state === 'unconfirmed' || request.anonymisedAt) throw new NotFoundError();
  if (side === 'school') schoolOf(ctx);
  const group = await groupOf(ctx, requestId);
  if (!group) throw new NotFoundError();
  await audit(ctx, {
    action: 'request.agreement_view',
    subject: { type: 'placement_request', id: request.id },
    details: { side, studentNames: group.students.length > 0 },
  });
  return { ...(await requestDetails(ctx, request)), group };
}

/** Words for a school type and insurance, for pages and mails. */
export function insuranceText(
  locale: 'ja' | 'en',
  group: Pick<SchoolGroup, 'insuranceKind' | 'insuranceOther'>,
) {
  const t = translator(locale);
  return group.insuranceKind === 'other'
    ? group.insuranceOther
    : t(
        group.insuranceKind === 'gakkensai'
          ? 'schoolRequests.insurance.gakkensai'
          : 'schoolRequests.insurance.internship',
      );
}

/**
 * The school's calendar file of a scheduled request: one event for a visit, one a day for an internship
 * (school-requests.rules.ts `groupDays`). Not found until the school has confirmed.
 */
export async function schoolCalendarFile(ctx: ServiceContext, requestId: number): Promise<string> {
  const request = await ownSchoolRequest(ctx, requestId);
  if (request.state !== 'accepted' || request.anonymisedAt) throw new NotFoundError();
  const group = await groupOf(ctx, requestId);
  if (!group) throw new NotFoundError();
  const file = calendarFile(await requestDetails(ctx, request), ctx.locale, group.dayList);
  if (!file) throw new NotFoundError();
  return file;
}
