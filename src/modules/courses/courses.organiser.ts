import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { courseTypes, type Organisation } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { csvDocument } from '../../lib/csv.js';
import { ConflictError } from '../../lib/errors.js';
import { formIdFrom, idParam, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { prefectureName, prefectures } from '../../lib/regions.js';
import { randomToken } from '../../lib/secrets.js';
import { errorSummary, renderPrivatePage } from '../../plugins/form-page.js';
import type { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { attendanceForm, courseForm, newCourseForm, sessionForm } from './courses.forms.js';
import {
  addSession,
  cancelCourse,
  certificate,
  createCourse,
  listOrganiserCourses,
  markAttendance,
  organiserCourse,
  publishCourse,
  removeSession,
  updateCourse,
  viewRoster,
} from './courses.service.js';

/**
 * What differs between the two places a course is organised from: a co-op's workspace and the
 * secretariat's console. The pages and rules are the same; the guard, the organiser and the menu are not.
 */
export interface OrganiserArea {
  area: 'workspace' | 'console';
  guard: ReturnType<typeof access>;
  /** The organisation whose courses these pages manage. */
  organiser(request: FastifyRequest): Promise<Organisation>;
  /** The path of the courses list, e.g. /workspace/3/courses or /console/courses. */
  base(request: FastifyRequest, organiser: Organisation): string;
}

export const courseLabels: Record<string, MessageKey> = {
  type: 'course.form.typeLabel',
  title: 'course.form.title',
  audience: 'course.form.audience',
  description: 'course.form.description',
  prefectureCode: 'course.form.prefectureLabel',
  capacity: 'course.form.capacityLabel',
  feeYen: 'course.form.feeLabel',
  feeWaiver: 'course.form.feeWaiver',
};

const sessionLabels: Record<string, MessageKey> = {
  date: 'course.session.date',
  startTime: 'course.session.start',
  endTime: 'course.session.end',
  venueName: 'course.session.venueName',
  address: 'course.session.address',
  access: 'course.session.access',
  onlineUrl: 'course.session.onlineUrl',
};

const notices: Record<string, MessageKey> = {
  created: 'course.manage.notice.created',
  saved: 'course.manage.notice.saved',
  sessionAdded: 'course.manage.notice.sessionAdded',
  sessionRemoved: 'course.manage.notice.sessionRemoved',
  published: 'course.manage.notice.published',
  cancelled: 'course.manage.notice.cancelled',
  attendance: 'course.manage.notice.attendance',
};

/** What was typed, exactly as sent, for a page shown again after a refusal. */
function sentValues(request: FastifyRequest): Record<string, unknown> {
  return request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
}

/** The organiser's course pages, registered inside an area (registerArea sets the prefix). */
export function registerOrganiserRoutes(app: FastifyInstance, area: OrganiserArea) {
  const { guard } = area;

  async function context(request: FastifyRequest) {
    const organiser = await area.organiser(request);
    return { organiser, base: area.base(request, organiser), ctx: serviceContext(request) };
  }

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    data: Record<string, unknown>,
    status = 200,
  ) {
    return renderPrivatePage(
      reply,
      page,
      {
        area: area.area,
        section: 'courses',
        // The workspace menu needs the organisation and its base path.
        organisation: request.organisation,
        typeOptions: courseTypes.map((type) => ({ value: type, label: request.t(`course.type.${type}`) })),
        prefectureOptions: prefectures.map((prefecture) => ({
          value: prefecture.code,
          label: prefectureName(prefecture.code, request.locale),
        })),
        notice: noticeFrom(request, notices),
        ...data,
      },
      status,
    );
  }

  app.get('/courses', guard, async (request, reply) => {
    const { organiser, base, ctx } = await context(request);
    return render(request, reply, 'courses/manage/list.eta', {
      organiser,
      base,
      courses: await listOrganiserCourses(ctx, organiser.id),
    });
  });

  app.get('/courses/new', guard, async (request, reply) => {
    const { organiser, base } = await context(request);
    return render(request, reply, 'courses/manage/new.eta', {
      organiser,
      base,
      formId: randomToken(18),
      values: { prefectureCode: organiser.prefectureCode, feeYen: '0' },
    });
  });

  app.post('/courses', guard, async (request, reply) => {
    const { organiser, base, ctx } = await context(request);
    const form = parseForm(newCourseForm, request.body);
    if (!form.ok) {
      const sent = form.values.formId;
      return render(
        request,
        reply,
        'courses/manage/new.eta',
        {
          organiser,
          base,
          formId: formIdFrom(sent) ?? randomToken(18),
          values: form.values,
          errors: form.errors,
          errorList: errorSummary(request, form.errors, courseLabels),
        },
        422,
      );
    }
    const courseId = await createCourse(ctx, organiser.id, form.data);
    return reply.redirect(`${base}/${courseId}?notice=created`, 303);
  });

  async function managePage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const { organiser, base, ctx } = await context(request);
    const detail = await organiserCourse(ctx, organiser.id, idParam(request.params, 'courseId'));
    const { formId: _formId, ...course } = detail.course;
    return render(
      request,
      reply,
      'courses/manage/course.eta',
      {
        organiser,
        base,
        ...detail,
        values: { ...course, capacity: String(course.capacity), feeYen: String(course.feeYen) },
        sessionValues: { required: '1' },
        sessionErrors: {},
        canPublish: organiser.approvalState === 'approved',
        ...extra,
      },
      status,
    );
  }

  app.get('/courses/:courseId', guard, async (request, reply) => managePage(request, reply));

  app.post('/courses/:courseId', guard, async (request, reply) => {
    const { organiser, base, ctx } = await context(request);
    const courseId = idParam(request.params, 'courseId');
    const form = parseForm(courseForm, request.body);
    if (!form.ok)
      return managePage(
        request,
        reply,
        {
          values: form.values,
          errors: form.errors,
          errorList: errorSummary(request, form.errors, courseLabels),
        },
        422,
      );
    try {
      await updateCourse(ctx, organiser.id, courseId, form.data);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return managePage(request, reply, { values: sentValues(request), formError: error.messageKey }, 409);
    }
    return reply.redirect(`${base}/${courseId}?notice=saved`, 303);
  });

  app.post('/courses/:courseId/sessions', guard, async (request, reply) => {
    const { organiser, base, ctx } = await context(request);
    const courseId = idParam(request.params, 'courseId');
    const form = parseForm(sessionForm, request.body);
    if (!form.ok)
      return managePage(
        request,
        reply,
        {
          sessionValues: form.values,
          sessionErrors: form.errors,
          errorList: errorSummary(request, form.errors, sessionLabels),
        },
        422,
      );
    try {
      await addSession(ctx, organiser.id, courseId, form.data);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return managePage(
        request,
        reply,
        { sessionValues: sentValues(request), formError: error.messageKey },
        409,
      );
    }
    return reply.redirect(`${base}/${courseId}?notice=sessionAdded#sessions`, 303);
  });

  app.post('/courses/:courseId/sessions/:sessionId/remove', guard, async (request, reply) => {
    const { organiser, base, ctx } = await context(request);
    const courseId = idParam(request.params, 'courseId');
    try {
      await removeSession(ctx, organiser.id, courseId, idParam(request.params, 'sessionId'));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return managePage(request, reply, { formError: error.messageKey }, 409);
    }
    return reply.redirect(`${base}/${courseId}?notice=sessionRemoved#sessions`, 303);
  });

  app.post('/courses/:courseId/publish', guard, async (request, reply) => {
    const { organiser, base, ctx } = await context(request);
    const courseId = idParam(request.params, 'courseId');
    try {
      if (organiser.approvalState !== 'approved') throw new ConflictError('course.manage.notApproved');
      await publishCourse(ctx, organiser.id, courseId);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return managePage(request, reply, { formError: error.messageKey }, 409);
    }
    return reply.redirect(`${base}/${courseId}?notice=published`, 303);
  });

  app.post('/courses/:courseId/cancel', guard, async (request, reply) => {
    const { organiser, base, ctx } = await context(request);
    const courseId = idParam(request.params, 'courseId');
    await cancelCourse(ctx, organiser.id, courseId);
    return reply.redirect(`${base}/${courseId}?notice=cancelled`, 303);
  });

  app.get('/courses/:courseId/roster', guard, async (request, reply) => {
    const { organiser, base, ctx } = await context(request);
    const roster = await viewRoster(ctx, organiser.id, idParam(request.params, 'courseId'));
    return render(request, reply, 'courses/manage/roster.eta', { organiser, base, ...roster });
  });

  app.post('/courses/:courseId/sessions/:sessionId/attendance', guard, async (request, reply) => {
    const { organiser, base, ctx } = await context(request);
    const courseId = idParam(request.params, 'courseId');
    const sessionId = idParam(request.params, 'sessionId');
    const form = parseForm(attendanceForm, request.body);
    // Ticks arrive as a list of ids; anything else is simply not a tick, so this form cannot be invalid.
    const present = form.ok ? form.data.attended : [];
    await markAttendance(ctx, organiser.id, courseId, sessionId, present);
    return reply.redirect(`${base}/${courseId}/roster?notice=attendance#session-${sessionId}`, 303);
  });

  app.get('/courses/:courseId/roster.csv', guard, async (request, reply) => {
    const { organiser, ctx } = await context(request);
    const courseId = idParam(request.params, 'courseId');
    const roster = await viewRoster(ctx, organiser.id, courseId, 'export');
    const t = request.t;
    const mark = (value: boolean | undefined) =>
      value === undefined ? '' : value ? t('course.roster.present') : t('course.roster.absent');
    const rows = [...roster.confirmed, ...roster.waitlisted].map((person) => [
      person.queueNumber ?? '',
      t(`course.state.${person.state}`),
      person.nickname,
      person.email,
      person.accommodations,
      ...roster.sessions.map((session) => mark(roster.attended(person.id, session.id))),
      person.completedAt ? t('course.roster.completed') : '',
    ]);
    // UTF-8 with a BOM, formulas escaped: names are typed by the public (lib/csv.ts says why).
    const csv = csvDocument(
      [
        t('course.roster.queue'),
        t('course.roster.state'),
        t('course.enrol.nickname'),
        t('course.enrol.email'),
        t('course.enrol.accommodations'),
        ...roster.sessions.map((session) => `${session.date} ${session.startTime.slice(0, 5)}`),
        t('course.roster.completion'),
      ],
      rows,
    );
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="course-${courseId}-roster.csv"`)
      .send(csv);
  });

  app.get('/courses/:courseId/enrolments/:enrolmentId/certificate', guard, async (request, reply) => {
    const { organiser, base, ctx } = await context(request);
    const detail = await certificate(
      ctx,
      organiser.id,
      idParam(request.params, 'courseId'),
      idParam(request.params, 'enrolmentId'),
    );
    return render(request, reply, 'courses/manage/certificate.eta', { organiser, base, ...detail });
  });
}
