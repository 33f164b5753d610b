import { and, asc, count, desc, eq, exists, gte, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { absoluteUrl, inTransaction, type ServiceContext } from '../../auth/context.js';
import type { Db } from '../../db/client.js';
import {
  type Course,
  type CourseEnrolment,
  type CourseSession,
  courseAttendanceTable,
  courseEnrolmentsTable,
  courseSessionsTable,
  coursesTable,
  membershipsTable,
  type OutreachRequest,
  organisationsTable,
  outreachRequestsTable,
  usersTable,
} from '../../db/schema/index.js';
import { isLocale, type Locale, type MessageKey, translator } from '../../i18n/index.js';
import { calendarFile, tokyoInstant } from '../../lib/calendar.js';
import { addDays, formatDate, todayInTokyo } from '../../lib/dates.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { randomToken, sha256 } from '../../lib/secrets.js';
import { audit } from '../audit/audit.service.js';
import { sendMail } from '../mail/outbox.service.js';
import type {
  CatalogueFilters,
  CourseInput,
  EnrolInput,
  OutreachInput,
  SessionInput,
} from './courses.forms.js';
import { oneAtATimePerCourse } from './courses.queue.js';
import {
  CONFIRM_LINK_HOURS,
  enrolmentOpen,
  hasCompleted,
  publishProblems,
  remainingPlaces,
} from './courses.rules.js';

// ---------------------------------------------------------------------------------------------------
// Reading

const confirmedCount = sql<number>`(select count(*)::int from ${courseEnrolmentsTable} e where e.course_id = ${coursesTable.id} and e.state = 'confirmed')`;
const waitlistedCount = sql<number>`(select count(*)::int from ${courseEnrolmentsTable} e where e.course_id = ${coursesTable.id} and e.state = 'waitlisted')`;
const firstUpcomingDate = (today: string) =>
  sql<
    string | null
  >`(select min(s.date)::text from ${courseSessionsTable} s where s.course_id = ${coursesTable.id} and s.date >= ${today})`;
const hasOnlineSession = sql<boolean>`exists (select 1 from ${courseSessionsTable} s where s.course_id = ${coursesTable.id} and s.online)`;

export interface CourseCard {
  id: number;
  type: Course['type'];
  title: string;
  audience: string;
  prefectureCode: string;
  capacity: number;
  feeYen: number;
  feeWaiver: string;
  organiserName: string;
  nextDate: string | null;
  online: boolean;
  remaining: number;
  waitlisted: number;
}

/** Courses a catalogue page shows. */
export const CATALOGUE_PAGE_SIZE = 20;

/**
 * The public catalogue: published courses with a session still to come, soonest first, one page of
 * them, and how many match in all.
 */
export async function listPublishedCourses(
  ctx: ServiceContext,
  filters: CatalogueFilters,
  page = 1,
): Promise<{ courses: CourseCard[]; total: number }> {
  const today = todayInTokyo(ctx.now);
  const conditions = [
    eq(coursesTable.status, 'published'),
    exists(
      ctx.db
        .select({ one: sql`1` })
        .from(courseSessionsTable)
        .where(and(eq(courseSessionsTable.courseId, coursesTable.id), gte(courseSessionsTable.date, today))),
    ),
  ];
  if (filters.type) conditions.push(eq(coursesTable.type, filters.type));
  if (filters.prefecture) conditions.push(eq(coursesTable.prefectureCode, filters.prefecture));
  if (filters.free)
    conditions.push(
      or(eq(coursesTable.feeYen, 0), sql`${coursesTable.feeWaiver} <> ''`) as ReturnType<typeof eq>,
    );
  if (filters.online) conditions.push(hasOnlineSession as unknown as ReturnType<typeof eq>);
  if (filters.month) {
    const start = `${filters.month}-01`;
    const [year, month] = filters.month.split('-').map(Number) as [number, number];
    const end = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
    conditions.push(
      exists(
        ctx.db
          .select({ one: sql`1` })
          .from(courseSessionsTable)
          .where(
            and(
              eq(courseSessionsTable.courseId, coursesTable.id),
              gte(courseSessionsTable.date, start),
              lt(courseSessionsTable.date, end),
            ),
          ),
      ),
    );
  }
  const [counted] = await ctx.db
    .select({ total: count() })
    .from(coursesTable)
    .where(and(...conditions));
  const total = counted?.total ?? 0;
  const rows = await ctx.db
    .select({
      id: coursesTable.id,
      type: coursesTable.type,
      title: coursesTable.title,
      audience: coursesTable.audience,
      prefectureCode: coursesTable.prefectureCode,
      capacity: coursesTable.capacity,
      feeYen: coursesTable.feeYen,
      feeWaiver: coursesTable.feeWaiver,
      organiserName: organisationsTable.name,
      nextDate: firstUpcomingDate(today),
      online: hasOnlineSession,
      confirmed: confirmedCount,
      waitlisted: waitlistedCount,
    })
    .from(coursesTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, coursesTable.organisationId))
    .where(and(...conditions))
    .orderBy(firstUpcomingDate(today), asc(coursesTable.id))
    .limit(CATALOGUE_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * CATALOGUE_PAGE_SIZE);
  const courses = rows.map(({ confirmed, ...row }) => ({
    ...row,
    remaining: remainingPlaces(row.capacity, Number(confirmed)),
    waitlisted: Number(row.waitlisted),
  }));
  return { courses, total };
}

/** Published courses with a session still to come, for the sitemap (the catalogue's own rule). */
export async function coursesForSitemap(db: Db, today: string) {
  return db
    .select({ id: coursesTable.id, updatedAt: coursesTable.updatedAt })
    .from(coursesTable)
    .where(
      and(
        eq(coursesTable.status, 'published'),
        exists(
          db
            .select({ one: sql`1` })
            .from(courseSessionsTable)
            .where(
              and(eq(courseSessionsTable.courseId, coursesTable.id), gte(courseSessionsTable.date, today)),
            ),
        ),
      ),
    )
    .orderBy(asc(coursesTable.id))
    .limit(50_000);
}

export async function sessionsOf(db: Db, courseId: number): Promise<CourseSession[]> {
  return db
    .select()
    .from(courseSessionsTable)
    .where(eq(courseSessionsTable.courseId, courseId))
    .orderBy(asc(courseSessionsTable.date), asc(courseSessionsTable.startTime), asc(courseSessionsTable.id));
}

async function placeCounts(db: Db, courseId: number) {
  const rows = await db
    .select({ state: courseEnrolmentsTable.state, total: count() })
    .from(courseEnrolmentsTable)
    .where(eq(courseEnrolmentsTable.courseId, courseId))
    .groupBy(courseEnrolmentsTable.state);
  const of = (state: string) => rows.find((row) => row.state === state)?.total ?? 0;
  return { confirmed: of('confirmed'), waitlisted: of('waitlisted') };
}

/** A published course's public page: the course, its sessions (without online links), places left. */
export async function getPublicCourse(ctx: ServiceContext, courseId: number) {
  const [row] = await ctx.db
    .select({ course: coursesTable, organiser: organisationsTable })
    .from(coursesTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, coursesTable.organisationId))
    .where(and(eq(coursesTable.id, courseId), inArray(coursesTable.status, ['published', 'cancelled'])));
  if (!row) throw new NotFoundError();
  const sessions = (await sessionsOf(ctx.db, courseId)).map(({ onlineUrl: _hidden, ...session }) => session);
  const counts = await placeCounts(ctx.db, courseId);
  const today = todayInTokyo(ctx.now);
  return {
    course: row.course,
    organiser: { id: row.organiser.id, name: row.organiser.name, kind: row.organiser.kind },
    sessions,
    remaining: remainingPlaces(row.course.capacity, counts.confirmed),
    waitlisted: counts.waitlisted,
    open: enrolmentOpen(row.course.status, sessions, today),
  };
}

// ---------------------------------------------------------------------------------------------------
// Enrolment: pending (address not confirmed) → confirmed while places remain, else waitlisted (FIFO)

export type EnrolmentOutcome = 'mail_sent' | 'confirmed' | 'waitlisted';

const enrolmentLink = (ctx: ServiceContext, token: string) =>
  absoluteUrl(ctx, `/courses/enrolment?token=${token}`);

function localeOf(value: string): Locale {
  return isLocale(value) ? value : 'ja';
}

/** Locks the course row: every change to its places runs behind this lock, so they happen one at a time. */
async function lockCourse(tx: ServiceContext, courseId: number): Promise<Course> {
  const [course] = await tx.db.select().from(coursesTable).where(eq(coursesTable.id, courseId)).for('update');
  if (!course) throw new NotFoundError();
  return course;
}

/**
 * Gives an enrolment a place or the next waitlist number. Runs under the course's row lock, so the count
 * of confirmed places and the queue number are read and written by one transaction at a time: capacity is
 * never exceeded and the waitlist is in the order placements committed.
 */
async function place(
  tx: ServiceContext,
  course: Course,
  enrolment: CourseEnrolment,
  alreadyKey: MessageKey = 'course.confirm.alreadyEnrolled',
) {
  // Under the lock, so two forms sent with one address cannot both get a place or a number.
  if (await holdsLiveEnrolment(tx.db, course.id, enrolment.email, enrolment.id))
    throw new ConflictError(alreadyKey);
  const { confirmed } = await placeCounts(tx.db, course.id);
  const state = confirmed < course.capacity ? 'confirmed' : 'waitlisted';
  const [counter] = await tx.db
    .update(coursesTable)
    .set({ placementCounter: sql`${coursesTable.placementCounter} + 1` })
    .where(eq(coursesTable.id, course.id))
    .returning({ value: coursesTable.placementCounter });
  const manageToken = randomToken();
  await tx.db
    .update(courseEnrolmentsTable)
    .set({
      state,
      queueNumber: counter?.value ?? null,
      placedAt: tx.now,
      confirmTokenHash: null,
      confirmTokenExpiresAt: null,
      manageTokenHash: sha256(manageToken),
    })
    .where(eq(courseEnrolmentsTable.id, enrolment.id));
  await audit(tx, {
    action: 'enrolment.place',
    subject: { type: 'course_enrolment', id: enrolment.id },
    organisationId: course.organisationId,
    details: { courseId: course.id, state },
  });
  await sendMail(tx, {
    to: enrolment.email,
    locale: localeOf(enrolment.locale),
    subjectKey: state === 'confirmed' ? 'course.mail.confirmed.subject' : 'course.mail.waitlisted.subject',
    bodyKey: state === 'confirmed' ? 'course.mail.confirmed.body' : 'course.mail.waitlisted.body',
    params: {
      nickname: enrolment.nickname,
      title: course.title,
      link: enrolmentLink(tx, manageToken),
      courseLink: absoluteUrl(tx, `/courses/${course.id}`),
      calendar: absoluteUrl(tx, `/courses/enrolment/calendar.ics?token=${manageToken}`),
    },
  });
  return { state, manageToken } as const;
}

/**
 * Whether the address already has a place or a waitlist number in the course (addresses are stored as the
 * form normalised them: NFKC, trimmed, lower case). A unique index holds the same rule in the database.
 */
async function holdsLiveEnrolment(db: Db, courseId: number, email: string, exceptId?: number) {
  const [row] = await db
    .select({ id: courseEnrolmentsTable.id })
    .from(courseEnrolmentsTable)
    .where(
      and(
        eq(courseEnrolmentsTable.courseId, courseId),
        eq(courseEnrolmentsTable.email, email),
        inArray(courseEnrolmentsTable.state, ['confirmed', 'waitlisted']),
        isNull(courseEnrolmentsTable.anonymisedAt),
        exceptId === undefined ? undefined : sql`${courseEnrolmentsTable.id} <> ${exceptId}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * Fills free places from the head of the waitlist, each promoted person told by mail. Called under the
 * course's lock after a cancellation or a raised capacity.
 */
async function fillFreePlaces(tx: ServiceContext, course: Course): Promise<number> {
  const { confirmed } = await placeCounts(tx.db, course.id);
  const free = course.capacity - confirmed;
  if (free <= 0 || course.status !== 'published') return 0;
  const next = await tx.db
    .select()
    .from(courseEnrolmentsTable)
    .where(and(eq(courseEnrolmentsTable.courseId, course.id), eq(courseEnrolmentsTable.state, 'waitlisted')))
    .orderBy(asc(courseEnrolmentsTable.queueNumber))
    .limit(free);
  for (const enrolment of next) {
    await tx.db
      .update(courseEnrolmentsTable)
      .set({ state: 'confirmed' })
      .where(eq(courseEnrolmentsTable.id, enrolment.id));
    await audit(tx, {
      action: 'enrolment.promote',
      subject: { type: 'course_enrolment', id: enrolment.id },
      organisationId: course.organisationId,
      details: { courseId: course.id },
    });
    await sendMail(tx, {
      to: enrolment.email,
      locale: localeOf(enrolment.locale),
      subjectKey: 'course.mail.promoted.subject',
      bodyKey: 'course.mail.promoted.body',
      params: {
        nickname: enrolment.nickname,
        title: course.title,
        courseLink: absoluteUrl(tx, `/courses/${course.id}`),
      },
    });
  }
  return next.length;
}

/**
 * An enrolment from the course page. A signed-in person whose verified account address is the contact
 * gets a place (or a waitlist number) at once; anyone else gets a mail with a single-use link, and holds
 * no place until they follow it. The form id makes a double submit find the first enrolment.
 */
export async function requestEnrolment(
  ctx: ServiceContext,
  courseId: number,
  input: EnrolInput,
): Promise<{ outcome: EnrolmentOutcome; confirmToken: string | null }> {
  const account = ctx.actor
    ? (await ctx.db.select().from(usersTable).where(eq(usersTable.id, ctx.actor.userId)))[0]
    : undefined;
  const trustedAddress = account?.emailVerifiedAt != null && account.email === input.email;
  // Only an enrolment that is placed at once waits its turn for the course; a pending one takes no place.
  const inTurn = <T>(work: () => Promise<T>) =>
    trustedAddress ? oneAtATimePerCourse(courseId, work) : work();
  return inTurn(() =>
    inTransaction(ctx, async (tx) => {
      const [course] = await tx.db.select().from(coursesTable).where(eq(coursesTable.id, courseId));
      if (!course || course.status === 'draft') throw new NotFoundError();
      const sessions = await sessionsOf(tx.db, courseId);
      if (!enrolmentOpen(course.status, sessions, todayInTokyo(tx.now)))
        throw new ConflictError('course.enrol.closed');

      if (!trustedAddress && (await holdsLiveEnrolment(tx.db, courseId, input.email))) {
        // Whoever filled the form may not own the address, so the page says only "mail sent", as for
        // anyone; the address's owner learns from the mail that they are already enrolled.
        await sendMail(tx, {
          to: input.email,
          locale: tx.locale,
          subjectKey: 'course.mail.already.subject',
          bodyKey: 'course.mail.already.body',
          params: {
            title: course.title,
            courseLink: absoluteUrl(tx, `/courses/${course.id}`),
          },
        });
        await audit(tx, {
          action: 'enrolment.refuse_duplicate',
          subject: { type: 'course', id: courseId },
          organisationId: course.organisationId,
          details: { withAccount: account !== undefined },
        });
        return { outcome: 'mail_sent' as const, confirmToken: null };
      }
      const confirmToken = trustedAddress ? null : randomToken();
      const [created] = await tx.db
        .insert(courseEnrolmentsTable)
        .values({
          courseId,
          userId: account?.id ?? null,
          nickname: input.nickname,
          email: input.email,
          accommodations: input.accommodations,
          locale: tx.locale,
          state: 'pending',
          formId: input.formId,
          confirmTokenHash: confirmToken ? sha256(confirmToken) : null,
          confirmTokenExpiresAt: confirmToken
            ? new Date(tx.now.getTime() + CONFIRM_LINK_HOURS * 60 * 60 * 1000)
            : null,
          createdAt: tx.now,
        })
        .onConflictDoNothing({ target: [courseEnrolmentsTable.courseId, courseEnrolmentsTable.formId] })
        .returning();
      if (!created) {
        // The same form sent again: report what the first submit became, and change nothing.
        const [first] = await tx.db
          .select({ state: courseEnrolmentsTable.state })
          .from(courseEnrolmentsTable)
          .where(
            and(eq(courseEnrolmentsTable.courseId, courseId), eq(courseEnrolmentsTable.formId, input.formId)),
          );
        const state = first?.state;
        return {
          outcome: state === 'confirmed' || state === 'waitlisted' ? state : 'mail_sent',
          confirmToken: null,
        };
      }
      await audit(tx, {
        action: 'enrolment.request',
        subject: { type: 'course_enrolment', id: created.id },
        organisationId: course.organisationId,
        details: {
          courseId,
          withAccount: account !== undefined,
          accommodations: input.accommodations !== '',
        },
      });
      if (!confirmToken) {
        const locked = await lockCourse(tx, courseId);
        // The signed-in owner of the address is told on the page (it tells nobody else anything).
        const placed = await place(tx, locked, created, 'course.enrol.alreadyEnrolled');
        return { outcome: placed.state, confirmToken: null };
      }
      await sendMail(tx, {
        to: input.email,
        locale: tx.locale,
        subjectKey: 'course.mail.confirm.subject',
        bodyKey: 'course.mail.confirm.body',
        params: {
          nickname: input.nickname,
          title: course.title,
          link: absoluteUrl(tx, `/courses/confirm?token=${confirmToken}`),
          hours: CONFIRM_LINK_HOURS,
        },
      });
      return { outcome: 'mail_sent', confirmToken };
    }),
  );
}

/** The pending enrolment a confirmation link names, for the page that asks to confirm; null if spent. */
export async function findPendingByToken(ctx: ServiceContext, token: string) {
  const [row] = await ctx.db
    .select({ enrolment: courseEnrolmentsTable, course: coursesTable })
    .from(courseEnrolmentsTable)
    .innerJoin(coursesTable, eq(coursesTable.id, courseEnrolmentsTable.courseId))
    .where(
      and(
        eq(courseEnrolmentsTable.confirmTokenHash, sha256(token)),
        eq(courseEnrolmentsTable.state, 'pending'),
        gte(courseEnrolmentsTable.confirmTokenExpiresAt, ctx.now),
      ),
    );
  return row ?? null;
}

/**
 * Follows the confirmation link (a POST from its page, so a mail scanner's prefetch spends nothing): the
 * address is confirmed and the enrolment gets a place or a waitlist number. Single use.
 */
export async function confirmEnrolment(ctx: ServiceContext, token: string) {
  const pending = await findPendingByToken(ctx, token);
  if (!pending) throw new NotFoundError('course.confirm.invalid');
  return oneAtATimePerCourse(pending.course.id, () =>
    inTransaction(ctx, async (tx) => {
      const course = await lockCourse(tx, pending.course.id);
      // Read again under the lock: a second click of the same link waited here and finds it spent.
      const [enrolment] = await tx.db
        .select()
        .from(courseEnrolmentsTable)
        .where(
          and(
            eq(courseEnrolmentsTable.id, pending.enrolment.id),
            eq(courseEnrolmentsTable.state, 'pending'),
            eq(courseEnrolmentsTable.confirmTokenHash, sha256(token)),
          ),
        )
        .for('update');
      if (!enrolment) throw new NotFoundError('course.confirm.invalid');
      if (course.status !== 'published') throw new ConflictError('course.enrol.closed');
      const placed = await place(tx, course, enrolment);
      return { courseId: course.id, ...placed };
    }),
  );
}

/** The enrolment a private link names, with its course, sessions (online links only with a place). */
export async function getEnrolmentByToken(ctx: ServiceContext, token: string) {
  const [row] = await ctx.db
    .select({
      enrolment: courseEnrolmentsTable,
      course: coursesTable,
      organiserName: organisationsTable.name,
    })
    .from(courseEnrolmentsTable)
    .innerJoin(coursesTable, eq(coursesTable.id, courseEnrolmentsTable.courseId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, coursesTable.organisationId))
    .where(eq(courseEnrolmentsTable.manageTokenHash, sha256(token)));
  if (!row) throw new NotFoundError('course.enrolment.invalid');
  const sessions = await sessionsOf(ctx.db, row.course.id);
  const withPlace = row.enrolment.state === 'confirmed';
  const position =
    row.enrolment.state === 'waitlisted' ? await waitlistPosition(ctx.db, row.enrolment) : null;
  return {
    ...row,
    sessions: sessions.map((session) => ({ ...session, onlineUrl: withPlace ? session.onlineUrl : '' })),
    position,
    /** The course's last session day (the retention clock starts there). */
    lastDate: sessions.at(-1)?.date ?? todayInTokyo(row.course.createdAt),
  };
}

/**
 * The person's own 修了証, by their private link: shown while their name is kept (until anonymisation),
 * to print or save as PDF. Only for an enrolment that completed.
 */
export async function ownCertificate(ctx: ServiceContext, token: string) {
  const detail = await getEnrolmentByToken(ctx, token);
  if (!detail.enrolment.completedAt) throw new NotFoundError();
  return detail;
}

/**
 * The .ics of a course's sessions. The public file never carries an online link; the file behind a
 * private link carries it only while the person has a place (as the private page does).
 */
export function courseCalendar(
  course: Pick<Course, 'id' | 'title' | 'status'>,
  sessions: Pick<
    CourseSession,
    'id' | 'date' | 'startTime' | 'endTime' | 'online' | 'venueName' | 'address' | 'access' | 'onlineUrl'
  >[],
  organiserName: string,
  options: { publicUrl: string; locale: Locale; withOnlineLinks: boolean },
): string | null {
  const t = translator(options.locale);
  const page = absoluteUrl(options, `/courses/${course.id}`);
  return calendarFile(
    sessions.map((session, index) => {
      const link = options.withOnlineLinks && session.online ? session.onlineUrl : '';
      return {
        uid: `course-${course.id}-session-${session.id}@yoishigoto`,
        start: tokyoInstant(session.date, session.startTime),
        end: tokyoInstant(session.date, session.endTime),
        title:
          sessions.length > 1
            ? t('course.ics.titleOf', { title: course.title, number: index + 1, count: sessions.length })
            : course.title,
        description: [
          t('course.ics.organiser', { organiser: organiserName }),
          session.online ? (link ? t('course.ics.onlineLink', { link }) : t('course.ics.onlineHidden')) : '',
          session.access ? t('course.ics.access', { access: session.access }) : '',
          t('course.ics.page', { link: page }),
        ]
          .filter(Boolean)
          .join('\n'),
        location: session.online ? link || t('course.ics.online') : `${session.venueName} ${session.address}`,
        ...(link ? { url: link } : {}),
        status: course.status === 'cancelled' ? ('CANCELLED' as const) : ('CONFIRMED' as const),
      };
    }),
  );
}

async function waitlistPosition(db: Db, enrolment: CourseEnrolment): Promise<number> {
  const [row] = await db
    .select({ ahead: count() })
    .from(courseEnrolmentsTable)
    .where(
      and(
        eq(courseEnrolmentsTable.courseId, enrolment.courseId),
        eq(courseEnrolmentsTable.state, 'waitlisted'),
        lt(courseEnrolmentsTable.queueNumber, enrolment.queueNumber ?? 0),
      ),
    );
  return (row?.ahead ?? 0) + 1;
}

async function cancelLocked(
  tx: ServiceContext,
  course: Course,
  enrolmentId: number,
  options: { tellPerson: boolean } = { tellPerson: true },
) {
  const [enrolment] = await tx.db
    .select()
    .from(courseEnrolmentsTable)
    .where(eq(courseEnrolmentsTable.id, enrolmentId))
    .for('update');
  if (!enrolment || enrolment.state === 'cancelled') return { cancelled: false, promoted: 0 };
  await tx.db
    .update(courseEnrolmentsTable)
    .set({ state: 'cancelled', cancelledAt: tx.now, confirmTokenHash: null })
    .where(eq(courseEnrolmentsTable.id, enrolment.id));
  await audit(tx, {
    action: 'enrolment.cancel',
    subject: { type: 'course_enrolment', id: enrolment.id },
    organisationId: course.organisationId,
    details: { courseId: course.id, from: enrolment.state },
  });
  if (options.tellPerson)
    await sendMail(tx, {
      to: enrolment.email,
      locale: localeOf(enrolment.locale),
      subjectKey: 'course.mail.cancelled.subject',
      bodyKey: 'course.mail.cancelled.body',
      params: { nickname: enrolment.nickname, title: course.title },
    });
  const promoted = enrolment.state === 'confirmed' ? await fillFreePlaces(tx, course) : 0;
  return { cancelled: true, promoted };
}

/**
 * Cancels by the private link. If it held a place, the head of the waitlist gets it in the same
 * transaction and is told. Cancelling twice changes nothing.
 */
export async function cancelEnrolmentByToken(ctx: ServiceContext, token: string) {
  const [found] = await ctx.db
    .select({ id: courseEnrolmentsTable.id, courseId: courseEnrolmentsTable.courseId })
    .from(courseEnrolmentsTable)
    .where(eq(courseEnrolmentsTable.manageTokenHash, sha256(token)));
  if (!found) throw new NotFoundError('course.enrolment.invalid');
  return oneAtATimePerCourse(found.courseId, () =>
    inTransaction(ctx, async (tx) => cancelLocked(tx, await lockCourse(tx, found.courseId), found.id)),
  );
}

/** Cancels one of the signed-in person's own enrolments (from /account/courses). */
export async function cancelOwnEnrolment(ctx: ServiceContext, enrolmentId: number) {
  const userId = ctx.actor?.userId;
  if (!userId) throw new NotFoundError();
  const [found] = await ctx.db
    .select({ id: courseEnrolmentsTable.id, courseId: courseEnrolmentsTable.courseId })
    .from(courseEnrolmentsTable)
    .where(and(eq(courseEnrolmentsTable.id, enrolmentId), eq(courseEnrolmentsTable.userId, userId)));
  if (!found) throw new NotFoundError();
  return oneAtATimePerCourse(found.courseId, () =>
    inTransaction(ctx, async (tx) => cancelLocked(tx, await lockCourse(tx, found.courseId), found.id)),
  );
}

/** The signed-in person's enrolments, newest first (the account page). */
export async function enrolmentsOfUser(ctx: ServiceContext) {
  const userId = ctx.actor?.userId;
  if (!userId) return [];
  const today = todayInTokyo(ctx.now);
  return ctx.db
    .select({
      id: courseEnrolmentsTable.id,
      state: courseEnrolmentsTable.state,
      completedAt: courseEnrolmentsTable.completedAt,
      courseId: coursesTable.id,
      title: coursesTable.title,
      type: coursesTable.type,
      nextDate: firstUpcomingDate(today),
    })
    .from(courseEnrolmentsTable)
    .innerJoin(coursesTable, eq(coursesTable.id, courseEnrolmentsTable.courseId))
    .where(and(eq(courseEnrolmentsTable.userId, userId), sql`${courseEnrolmentsTable.state} <> 'pending'`))
    .orderBy(desc(courseEnrolmentsTable.createdAt));
}

// ---------------------------------------------------------------------------------------------------
// Organisers: a co-op in its workspace, or the secretariat in the console

/** The secretariat organisation the person is staff of: the organiser of the console's courses. */
export async function secretariatOrganisationOf(db: Db, userId: number) {
  const [row] = await db
    .select({ organisation: organisationsTable })
    .from(membershipsTable)
    .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
    .where(and(eq(membershipsTable.userId, userId), eq(organisationsTable.kind, 'secretariat')))
    .orderBy(asc(organisationsTable.id))
    .limit(1);
  if (!row) throw new NotFoundError();
  return row.organisation;
}

export async function listOrganiserCourses(ctx: ServiceContext, organiserId: number) {
  const today = todayInTokyo(ctx.now);
  return ctx.db
    .select({
      id: coursesTable.id,
      title: coursesTable.title,
      type: coursesTable.type,
      status: coursesTable.status,
      capacity: coursesTable.capacity,
      confirmed: confirmedCount,
      waitlisted: waitlistedCount,
      nextDate: firstUpcomingDate(today),
    })
    .from(coursesTable)
    .where(eq(coursesTable.organisationId, organiserId))
    .orderBy(desc(coursesTable.updatedAt), desc(coursesTable.id));
}

/** One of the organiser's courses; another organiser's answers 404, as if it did not exist. */
export async function organiserCourse(ctx: ServiceContext, organiserId: number, courseId: number) {
  const [course] = await ctx.db
    .select()
    .from(coursesTable)
    .where(and(eq(coursesTable.id, courseId), eq(coursesTable.organisationId, organiserId)));
  if (!course) throw new NotFoundError();
  const sessions = await sessionsOf(ctx.db, courseId);
  const counts = await placeCounts(ctx.db, courseId);
  return { course, sessions, ...counts, problems: publishProblems(sessions, todayInTokyo(ctx.now)) };
}

async function lockOrganiserCourse(tx: ServiceContext, organiserId: number, courseId: number) {
  const course = await lockCourse(tx, courseId);
  if (course.organisationId !== organiserId) throw new NotFoundError();
  return course;
}

export async function createCourse(
  ctx: ServiceContext,
  organiserId: number,
  input: CourseInput & { formId: string },
): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const { formId, ...fields } = input;
    const [created] = await tx.db
      .insert(coursesTable)
      .values({ ...fields, organisationId: organiserId, formId, createdAt: tx.now, updatedAt: tx.now })
      .onConflictDoNothing({ target: [coursesTable.organisationId, coursesTable.formId] })
      .returning({ id: coursesTable.id });
    if (!created) {
      const [first] = await tx.db
        .select({ id: coursesTable.id })
        .from(coursesTable)
        .where(and(eq(coursesTable.organisationId, organiserId), eq(coursesTable.formId, formId)));
      if (!first) throw new ConflictError();
      return first.id;
    }
    await audit(tx, {
      action: 'course.create',
      subject: { type: 'course', id: created.id },
      organisationId: organiserId,
      details: { type: fields.type, capacity: fields.capacity },
    });
    return created.id;
  });
}

/**
 * Saves the course's details. A capacity below the places already given is refused (nobody loses a
 * confirmed place by an edit); a higher one promotes from the waitlist at once.
 */
export async function updateCourse(
  ctx: ServiceContext,
  organiserId: number,
  courseId: number,
  input: CourseInput,
) {
  return oneAtATimePerCourse(courseId, () =>
    inTransaction(ctx, async (tx) => {
      const course = await lockOrganiserCourse(tx, organiserId, courseId);
      if (course.status === 'cancelled') throw new ConflictError('course.manage.cancelledAlready');
      const { confirmed } = await placeCounts(tx.db, courseId);
      if (input.capacity < confirmed) throw new ConflictError('course.manage.capacityBelowConfirmed');
      const changed = (Object.keys(input) as (keyof CourseInput)[]).filter(
        (key) => input[key] !== course[key],
      );
      const [updated] = await tx.db
        .update(coursesTable)
        .set({ ...input, updatedAt: tx.now })
        .where(eq(coursesTable.id, courseId))
        .returning();
      await audit(tx, {
        action: 'course.update',
        subject: { type: 'course', id: courseId },
        organisationId: organiserId,
        details: { fields: changed },
      });
      const promoted = updated ? await fillFreePlaces(tx, updated) : 0;
      return { changed: changed.length, promoted };
    }),
  );
}

export async function addSession(
  ctx: ServiceContext,
  organiserId: number,
  courseId: number,
  input: SessionInput,
) {
  return inTransaction(ctx, async (tx) => {
    const course = await lockOrganiserCourse(tx, organiserId, courseId);
    if (course.status === 'cancelled') throw new ConflictError('course.manage.cancelledAlready');
    const [session] = await tx.db
      .insert(courseSessionsTable)
      .values({
        courseId,
        date: input.date,
        startTime: input.startTime,
        endTime: input.endTime,
        online: input.online,
        venueName: input.online ? '' : input.venueName,
        address: input.online ? '' : input.address,
        access: input.online ? '' : input.access,
        onlineUrl: input.online ? input.onlineUrl : '',
        required: input.required,
      })
      .returning({ id: courseSessionsTable.id });
    await tx.db.update(coursesTable).set({ updatedAt: tx.now }).where(eq(coursesTable.id, courseId));
    await audit(tx, {
      action: 'course.session_add',
      subject: { type: 'course', id: courseId },
      organisationId: organiserId,
      details: { sessionId: session?.id, online: input.online, required: input.required },
    });
  });
}

/** Removes a session nobody's attendance was recorded for. */
export async function removeSession(
  ctx: ServiceContext,
  organiserId: number,
  courseId: number,
  sessionId: number,
) {
  return inTransaction(ctx, async (tx) => {
    await lockOrganiserCourse(tx, organiserId, courseId);
    const [marked] = await tx.db
      .select({ total: count() })
      .from(courseAttendanceTable)
      .where(eq(courseAttendanceTable.sessionId, sessionId));
    if ((marked?.total ?? 0) > 0) throw new ConflictError('course.manage.sessionHasAttendance');
    const removed = await tx.db
      .delete(courseSessionsTable)
      .where(and(eq(courseSessionsTable.id, sessionId), eq(courseSessionsTable.courseId, courseId)))
      .returning({ id: courseSessionsTable.id });
    if (removed.length === 0) throw new NotFoundError();
    await audit(tx, {
      action: 'course.session_remove',
      subject: { type: 'course', id: courseId },
      organisationId: organiserId,
      details: { sessionId },
    });
  });
}

export async function publishCourse(ctx: ServiceContext, organiserId: number, courseId: number) {
  return inTransaction(ctx, async (tx) => {
    const course = await lockOrganiserCourse(tx, organiserId, courseId);
    if (course.status !== 'draft') throw new ConflictError('course.manage.notDraft');
    const problems = publishProblems(await sessionsOf(tx.db, courseId), todayInTokyo(tx.now));
    if (problems[0]) throw new ConflictError(problems[0]);
    await tx.db
      .update(coursesTable)
      .set({ status: 'published', publishedAt: tx.now, updatedAt: tx.now })
      .where(eq(coursesTable.id, courseId));
    await audit(tx, {
      action: 'course.publish',
      subject: { type: 'course', id: courseId },
      organisationId: organiserId,
    });
  });
}

/** Cancels the course: everyone with a place, on the waitlist or still confirming is told. */
export async function cancelCourse(ctx: ServiceContext, organiserId: number, courseId: number) {
  return oneAtATimePerCourse(courseId, () =>
    inTransaction(ctx, async (tx) => {
      const course = await lockOrganiserCourse(tx, organiserId, courseId);
      if (course.status === 'cancelled') return 0;
      await tx.db
        .update(coursesTable)
        .set({ status: 'cancelled', updatedAt: tx.now })
        .where(eq(coursesTable.id, courseId));
      const affected = await tx.db
        .update(courseEnrolmentsTable)
        .set({ state: 'cancelled', cancelledAt: tx.now, confirmTokenHash: null })
        .where(
          and(
            eq(courseEnrolmentsTable.courseId, courseId),
            sql`${courseEnrolmentsTable.state} <> 'cancelled'`,
          ),
        )
        .returning();
      for (const enrolment of affected) {
        await sendMail(tx, {
          to: enrolment.email,
          locale: localeOf(enrolment.locale),
          subjectKey: 'course.mail.courseCancelled.subject',
          bodyKey: 'course.mail.courseCancelled.body',
          params: { nickname: enrolment.nickname, title: course.title },
        });
      }
      await audit(tx, {
        action: 'course.cancel',
        subject: { type: 'course', id: courseId },
        organisationId: organiserId,
        details: { enrolmentsCancelled: affected.length },
      });
      return affected.length;
    }),
  );
}

/**
 * The roster: people with a place (with their attendance per session) and the waitlist in order. Never
 * public; each view by staff is audited, as it shows people's names and contacts.
 */
export async function viewRoster(
  ctx: ServiceContext,
  organiserId: number,
  courseId: number,
  purpose: 'view' | 'export' = 'view',
) {
  const { course, sessions } = await organiserCourse(ctx, organiserId, courseId);
  const enrolments = await ctx.db
    .select()
    .from(courseEnrolmentsTable)
    .where(
      and(
        eq(courseEnrolmentsTable.courseId, courseId),
        inArray(courseEnrolmentsTable.state, ['confirmed', 'waitlisted']),
      ),
    )
    .orderBy(asc(courseEnrolmentsTable.queueNumber));
  const marks = enrolments.length
    ? await ctx.db
        .select()
        .from(courseAttendanceTable)
        .where(
          inArray(
            courseAttendanceTable.enrolmentId,
            enrolments.map((enrolment) => enrolment.id),
          ),
        )
    : [];
  const attendance = new Map<string, boolean>(
    marks.map((mark) => [`${mark.enrolmentId}:${mark.sessionId}`, mark.attended]),
  );
  await inTransaction(ctx, (tx) =>
    audit(tx, {
      action: purpose === 'view' ? 'course.roster_view' : 'course.roster_export',
      subject: { type: 'course', id: courseId },
      organisationId: organiserId,
      details: { people: enrolments.length },
    }),
  );
  // Rows erased on schedule still count on the roster, under a word that says so instead of a blank.
  const erased = translator(ctx.locale)('course.roster.erased');
  const people = enrolments.map((enrolment) =>
    enrolment.anonymisedAt ? { ...enrolment, nickname: erased } : enrolment,
  );
  return {
    course,
    sessions,
    confirmed: people.filter((enrolment) => enrolment.state === 'confirmed'),
    waitlisted: people.filter((enrolment) => enrolment.state === 'waitlisted'),
    attended: (enrolmentId: number, sessionId: number) => attendance.get(`${enrolmentId}:${sessionId}`),
  };
}

/**
 * Records who was at one session (everyone with a place is marked present or absent), then settles
 * completion: a person who has now attended every required session completes and is told by mail.
 */
export async function markAttendance(
  ctx: ServiceContext,
  organiserId: number,
  courseId: number,
  sessionId: number,
  presentIds: number[],
) {
  return inTransaction(ctx, async (tx) => {
    const course = await lockOrganiserCourse(tx, organiserId, courseId);
    const sessions = await sessionsOf(tx.db, courseId);
    if (!sessions.some((session) => session.id === sessionId)) throw new NotFoundError();
    const people = await tx.db
      .select()
      .from(courseEnrolmentsTable)
      .where(and(eq(courseEnrolmentsTable.courseId, courseId), eq(courseEnrolmentsTable.state, 'confirmed')));
    const present = new Set(presentIds);
    if (people.length > 0) {
      await tx.db
        .insert(courseAttendanceTable)
        .values(
          people.map((person) => ({
            enrolmentId: person.id,
            sessionId,
            attended: present.has(person.id),
            markedAt: tx.now,
          })),
        )
        .onConflictDoUpdate({
          target: [courseAttendanceTable.enrolmentId, courseAttendanceTable.sessionId],
          set: { attended: sql`excluded.attended`, markedAt: tx.now },
        });
    }
    const marks = people.length
      ? await tx.db
          .select()
          .from(courseAttendanceTable)
          .where(
            and(
              inArray(
                courseAttendanceTable.enrolmentId,
                people.map((person) => person.id),
              ),
              eq(courseAttendanceTable.attended, true),
            ),
          )
      : [];
    let completed = 0;
    for (const person of people) {
      const attended = new Set(
        marks.filter((mark) => mark.enrolmentId === person.id).map((mark) => mark.sessionId),
      );
      const done = hasCompleted(sessions, attended);
      if (done && !person.completedAt) {
        completed++;
        await tx.db
          .update(courseEnrolmentsTable)
          .set({ completedAt: tx.now })
          .where(eq(courseEnrolmentsTable.id, person.id));
        await sendMail(tx, {
          to: person.email,
          locale: localeOf(person.locale),
          subjectKey: 'course.mail.completed.subject',
          bodyKey: 'course.mail.completed.body',
          params: { nickname: person.nickname, title: course.title },
        });
      } else if (!done && person.completedAt) {
        // A correction (marked absent after all) takes the completion back.
        await tx.db
          .update(courseEnrolmentsTable)
          .set({ completedAt: null })
          .where(eq(courseEnrolmentsTable.id, person.id));
      }
    }
    await audit(tx, {
      action: 'course.attendance',
      subject: { type: 'course', id: courseId },
      organisationId: organiserId,
      details: {
        sessionId,
        present: people.filter((person) => present.has(person.id)).length,
        of: people.length,
        completed,
      },
    });
    return { present: people.filter((person) => present.has(person.id)).length, completed };
  });
}

/** The 修了証 of one person who completed: audited like a roster view. */
export async function certificate(
  ctx: ServiceContext,
  organiserId: number,
  courseId: number,
  enrolmentId: number,
) {
  const { course, sessions } = await organiserCourse(ctx, organiserId, courseId);
  const [enrolment] = await ctx.db
    .select()
    .from(courseEnrolmentsTable)
    .where(
      and(
        eq(courseEnrolmentsTable.id, enrolmentId),
        eq(courseEnrolmentsTable.courseId, courseId),
        isNotNull(courseEnrolmentsTable.completedAt),
        // Once the name is erased there is nobody to name on a certificate.
        isNull(courseEnrolmentsTable.anonymisedAt),
      ),
    );
  if (!enrolment) throw new NotFoundError();
  const [organiser] = await ctx.db
    .select()
    .from(organisationsTable)
    .where(eq(organisationsTable.id, organiserId));
  await inTransaction(ctx, (tx) =>
    audit(tx, {
      action: 'course.certificate_view',
      subject: { type: 'course_enrolment', id: enrolmentId },
      organisationId: organiserId,
      details: { courseId },
    }),
  );
  return { course, sessions, enrolment, organiserName: organiser?.name ?? '' };
}

// ---------------------------------------------------------------------------------------------------
// Data no longer needed (hourly maintenance)

/**
 * Enrolments whose confirmation link expired without being followed held no place and never will: the
 * name and address in them are deleted a day after the link expired (DESIGN.md §4, data deleted on a
 * schedule), with one audit entry that counts them.
 */
export async function deleteUnconfirmedEnrolments(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const ctx = { db, actor: null, organisation: null, now, locale: 'ja' as const, publicUrl: '' };
  return inTransaction(ctx, async (tx) => {
    const deleted = await tx.db
      .delete(courseEnrolmentsTable)
      .where(
        and(
          eq(courseEnrolmentsTable.state, 'pending'),
          lt(courseEnrolmentsTable.confirmTokenExpiresAt, cutoff),
        ),
      )
      .returning({ id: courseEnrolmentsTable.id });
    if (deleted.length > 0)
      await audit(tx, {
        action: 'enrolment.delete_unconfirmed',
        subject: { type: 'course_enrolment' },
        details: { count: deleted.length },
      });
    return deleted.length;
  });
}

/** What an anonymised enrolment keeps: its state, queue number, attendance and completion, as figures. */
const erasedPersonalData = {
  nickname: '',
  email: '',
  accommodations: '',
  userId: null,
  confirmTokenHash: null,
  confirmTokenExpiresAt: null,
  manageTokenHash: null,
} as const;

/** The last day of a course's sessions (or the day it was created, if it has none), as a SQL date. */
const lastSessionDate = sql<string>`coalesce((select max(s.date) from ${courseSessionsTable} s where s.course_id = ${coursesTable.id}), (${coursesTable.createdAt} at time zone 'Asia/Tokyo')::date)`;

/** Calendar months after a Tokyo day: 12 months after 2026-03-31 is 2027-03-31. */
function monthsAfter(isoDate: string, months: number): string {
  const day = new Date(`${isoDate}T00:00:00Z`);
  day.setUTCMonth(day.getUTCMonth() + months);
  return day.toISOString().slice(0, 10);
}

/**
 * The last day an enrolment's name and contact are kept: `months` after the course's last session.
 * The private page shows it, so a person who completed knows until when they can print their 修了証.
 */
export function enrolmentKeptUntil(lastDate: string, months: number): string {
  return monthsAfter(lastDate, months);
}

/**
 * Retention (DESIGN.md §4, data deleted on a schedule): `months` after a course's last session, the
 * names, contacts, accommodations and links of its enrolments are erased. What the figures need stays
 * (state, queue number, attendance, completion), without the name; one audit entry per course counts them.
 */
export async function anonymiseEndedEnrolments(db: Db, now: Date, months: number): Promise<number> {
  const ctx = { db, actor: null, organisation: null, now, locale: 'ja' as const, publicUrl: '' };
  // Erased once the kept-until day (last session + months) has passed in Tokyo.
  const cutoff = monthsAfter(todayInTokyo(now), -months);
  const due = await db
    .select({ id: coursesTable.id, organisationId: coursesTable.organisationId })
    .from(coursesTable)
    .where(
      and(
        sql`${lastSessionDate} < ${cutoff}::date`,
        exists(
          db
            .select({ one: sql`1` })
            .from(courseEnrolmentsTable)
            .where(
              and(
                eq(courseEnrolmentsTable.courseId, coursesTable.id),
                isNull(courseEnrolmentsTable.anonymisedAt),
              ),
            ),
        ),
      ),
    );
  let anonymised = 0;
  for (const course of due) {
    anonymised += await inTransaction(ctx, async (tx) => {
      const erased = await tx.db
        .update(courseEnrolmentsTable)
        .set({ ...erasedPersonalData, anonymisedAt: tx.now })
        .where(and(eq(courseEnrolmentsTable.courseId, course.id), isNull(courseEnrolmentsTable.anonymisedAt)))
        .returning({ id: courseEnrolmentsTable.id });
      if (erased.length > 0)
        await audit(tx, {
          action: 'enrolment.anonymise',
          subject: { type: 'course', id: course.id },
          organisationId: course.organisationId,
          details: { count: erased.length, reason: 'retention' },
        });
      return erased.length;
    });
  }
  return anonymised;
}

/**
 * A person deletes their account: each enrolment made from it loses its name, contact and links. One
 * for a course still to come is cancelled first (no mail: the person is leaving), and the place it held
 * goes to the head of the waitlist, who is told. Runs in the account deletion's transaction, so the
 * account and its enrolments go together.
 */
export async function forgetEnrolmentsOfAccount(tx: ServiceContext, userId: number): Promise<number> {
  const today = todayInTokyo(tx.now);
  const rows = await tx.db
    .select({ enrolment: courseEnrolmentsTable, course: coursesTable })
    .from(courseEnrolmentsTable)
    .innerJoin(coursesTable, eq(coursesTable.id, courseEnrolmentsTable.courseId))
    .where(and(eq(courseEnrolmentsTable.userId, userId), isNull(courseEnrolmentsTable.anonymisedAt)));
  for (const { enrolment, course } of rows) {
    const ahead = (await sessionsOf(tx.db, course.id)).some((session) => session.date >= today);
    const live = enrolment.state !== 'cancelled' && !enrolment.completedAt;
    let cancelled = false;
    if (ahead && live) {
      const locked = await lockCourse(tx, course.id);
      cancelled = (await cancelLocked(tx, locked, enrolment.id, { tellPerson: false })).cancelled;
    }
    await tx.db
      .update(courseEnrolmentsTable)
      .set({ ...erasedPersonalData, anonymisedAt: tx.now })
      .where(eq(courseEnrolmentsTable.id, enrolment.id));
    await audit(tx, {
      action: 'enrolment.anonymise',
      subject: { type: 'course_enrolment', id: enrolment.id },
      organisationId: course.organisationId,
      details: { courseId: course.id, reason: 'account_deleted', cancelled },
    });
  }
  return rows.length;
}

// ---------------------------------------------------------------------------------------------------
// Reminders (hourly maintenance)

/**
 * The day before each session, everyone with a place gets a reminder. A session is claimed by setting
 * its reminder time in the same transaction as its mails, so a repeated or overlapping run sends nothing
 * twice.
 */
export async function sendSessionReminders(db: Db, now: Date, publicUrl: string): Promise<number> {
  const tomorrow = addDays(todayInTokyo(now), 1);
  const ctx = { db, actor: null, organisation: null, now, locale: 'ja' as const, publicUrl };
  const due = await db
    .select({ session: courseSessionsTable, course: coursesTable })
    .from(courseSessionsTable)
    .innerJoin(coursesTable, eq(coursesTable.id, courseSessionsTable.courseId))
    .where(
      and(
        eq(courseSessionsTable.date, tomorrow),
        isNull(courseSessionsTable.reminderSentAt),
        eq(coursesTable.status, 'published'),
      ),
    );
  let sent = 0;
  for (const { session, course } of due) {
    sent += await inTransaction(ctx, async (tx) => {
      const claimed = await tx.db
        .update(courseSessionsTable)
        .set({ reminderSentAt: tx.now })
        .where(and(eq(courseSessionsTable.id, session.id), isNull(courseSessionsTable.reminderSentAt)))
        .returning({ id: courseSessionsTable.id });
      if (claimed.length === 0) return 0;
      const people = await tx.db
        .select()
        .from(courseEnrolmentsTable)
        .where(
          and(eq(courseEnrolmentsTable.courseId, course.id), eq(courseEnrolmentsTable.state, 'confirmed')),
        );
      for (const person of people) {
        const locale = localeOf(person.locale);
        await sendMail(tx, {
          to: person.email,
          locale,
          subjectKey: 'course.mail.reminder.subject',
          bodyKey: session.online ? 'course.mail.reminder.onlineBody' : 'course.mail.reminder.body',
          params: {
            nickname: person.nickname,
            title: course.title,
            date: formatDate(session.date, locale),
            start: session.startTime.slice(0, 5),
            end: session.endTime.slice(0, 5),
            venue: session.online ? session.onlineUrl : `${session.venueName} ${session.address}`,
          },
        });
      }
      await audit(tx, {
        action: 'course.reminders',
        subject: { type: 'course', id: course.id },
        organisationId: course.organisationId,
        details: { sessionId: session.id, mails: people.length },
      });
      return people.length;
    });
  }
  return sent;
}

// ---------------------------------------------------------------------------------------------------
// Outreach and donated courses: a school or group asks, the secretariat accepts or declines

const followLink = (ctx: ServiceContext, token: string) =>
  absoluteUrl(ctx, `/courses/requests/status?token=${token}`);

export async function submitOutreachRequest(ctx: ServiceContext, input: OutreachInput) {
  return inTransaction(ctx, async (tx) => {
    const followToken = randomToken();
    const { formId, ...fields } = input;
    const [created] = await tx.db
      .insert(outreachRequestsTable)
      .values({
        ...fields,
        formId,
        locale: tx.locale,
        followTokenHash: sha256(followToken),
        createdAt: tx.now,
      })
      .onConflictDoNothing({ target: outreachRequestsTable.formId })
      .returning({ id: outreachRequestsTable.id });
    // A double submit: the first request stands and its mail already went out.
    if (!created) return { followToken: null };
    await audit(tx, {
      action: 'outreach.submit',
      subject: { type: 'outreach_request', id: created.id },
      details: { audienceSize: input.audienceSize },
    });
    await sendMail(tx, {
      to: input.contactEmail,
      locale: tx.locale,
      subjectKey: 'outreach.mail.received.subject',
      bodyKey: 'outreach.mail.received.body',
      params: { name: input.contactName, topic: input.topic, link: followLink(tx, followToken) },
    });
    return { followToken };
  });
}

export async function outreachRequestByToken(ctx: ServiceContext, token: string) {
  const [row] = await ctx.db
    .select()
    .from(outreachRequestsTable)
    .where(eq(outreachRequestsTable.followTokenHash, sha256(token)));
  if (!row) throw new NotFoundError('outreach.status.invalid');
  return row;
}

export async function listOutreachRequests(ctx: ServiceContext) {
  return ctx.db
    .select({
      id: outreachRequestsTable.id,
      state: outreachRequestsTable.state,
      groupName: outreachRequestsTable.groupName,
      topic: outreachRequestsTable.topic,
      audienceSize: outreachRequestsTable.audienceSize,
      prefectureCode: outreachRequestsTable.prefectureCode,
      createdAt: outreachRequestsTable.createdAt,
    })
    .from(outreachRequestsTable)
    .orderBy(sql`${outreachRequestsTable.state} <> 'submitted'`, desc(outreachRequestsTable.createdAt))
    .limit(200);
}

/** One request with the draft course made from it; the requester's contact is shown, so it is audited. */
export async function viewOutreachRequest(ctx: ServiceContext, requestId: number) {
  const [row] = await ctx.db
    .select()
    .from(outreachRequestsTable)
    .where(eq(outreachRequestsTable.id, requestId));
  if (!row) throw new NotFoundError();
  const [course] = await ctx.db
    .select({ id: coursesTable.id })
    .from(coursesTable)
    .where(eq(coursesTable.outreachRequestId, requestId));
  await inTransaction(ctx, (tx) =>
    audit(tx, { action: 'outreach.view', subject: { type: 'outreach_request', id: requestId } }),
  );
  return { request: row, courseId: course?.id ?? null };
}

async function lockSubmittedRequest(tx: ServiceContext, requestId: number): Promise<OutreachRequest> {
  const [row] = await tx.db
    .select()
    .from(outreachRequestsTable)
    .where(eq(outreachRequestsTable.id, requestId))
    .for('update');
  if (!row) throw new NotFoundError();
  if (row.state !== 'submitted') throw new ConflictError('outreach.decide.already');
  return row;
}

/** Accepts: a draft course prefilled from the request, organised by the secretariat; the requester is told. */
export async function acceptOutreachRequest(ctx: ServiceContext, organiserId: number, requestId: number) {
  return inTransaction(ctx, async (tx) => {
    const request = await lockSubmittedRequest(tx, requestId);
    const [course] = await tx.db
      .insert(coursesTable)
      .values({
        organisationId: organiserId,
        type: 'outreach',
        title: request.topic.slice(0, 120),
        audience: `${request.audience}（${request.audienceSize}）`.slice(0, 500),
        description: [request.topic, request.preferredDates, request.venue, request.notes]
          .filter(Boolean)
          .join('\n\n')
          .slice(0, 4000),
        prefectureCode: request.prefectureCode,
        capacity: request.audienceSize,
        feeYen: 0,
        outreachRequestId: request.id,
        createdAt: tx.now,
        updatedAt: tx.now,
      })
      .returning({ id: coursesTable.id });
    await tx.db
      .update(outreachRequestsTable)
      .set({ state: 'accepted', decidedAt: tx.now })
      .where(eq(outreachRequestsTable.id, requestId));
    await audit(tx, {
      action: 'outreach.accept',
      subject: { type: 'outreach_request', id: requestId },
      organisationId: organiserId,
      details: { courseId: course?.id },
    });
    await sendMail(tx, {
      to: request.contactEmail,
      locale: localeOf(request.locale),
      subjectKey: 'outreach.mail.accepted.subject',
      bodyKey: 'outreach.mail.accepted.body',
      params: { name: request.contactName, topic: request.topic },
    });
    return course?.id ?? 0;
  });
}

export async function declineOutreachRequest(ctx: ServiceContext, requestId: number, reason: string) {
  return inTransaction(ctx, async (tx) => {
    const request = await lockSubmittedRequest(tx, requestId);
    await tx.db
      .update(outreachRequestsTable)
      .set({ state: 'declined', declineReason: reason, decidedAt: tx.now })
      .where(eq(outreachRequestsTable.id, requestId));
    await audit(tx, {
      action: 'outreach.decline',
      subject: { type: 'outreach_request', id: requestId },
      details: { reasonLength: reason.length },
    });
    await sendMail(tx, {
      to: request.contactEmail,
      locale: localeOf(request.locale),
      subjectKey: 'outreach.mail.declined.subject',
      bodyKey: 'outreach.mail.declined.body',
      params: { name: request.contactName, topic: request.topic, reason },
    });
  });
}
