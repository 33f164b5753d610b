import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { courseTypes } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { AppError, ConflictError, NotFoundError } from '../../lib/errors.js';
import { formIdFrom, idParam, parseForm, tokenFrom } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { paginate } from '../../lib/pagination.js';
import { prefectureName, prefectures } from '../../lib/regions.js';
import { randomToken } from '../../lib/secrets.js';
import { renderRefusedForm } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { serialiseJsonLd } from '../jobs/jobs.jsonld.js';
import { catalogueQuery, catalogueQueryString, enrolForm, outreachForm } from './courses.forms.js';
import { courseJsonLd } from './courses.jsonld.js';
import {
  CATALOGUE_PAGE_SIZE,
  cancelEnrolmentByToken,
  cancelOwnEnrolment,
  confirmEnrolment,
  courseCalendar,
  enrolmentKeptUntil,
  enrolmentsOfUser,
  findPendingByToken,
  getEnrolmentByToken,
  getPublicCourse,
  listPublishedCourses,
  outreachRequestByToken,
  requestEnrolment,
  submitOutreachRequest,
} from './courses.service.js';

/** The labels of the enrolment form's fields, in its order (the error summary links to them). */
const enrolLabels: Record<string, MessageKey> = {
  nickname: 'course.enrol.nickname',
  email: 'course.enrol.email',
  accommodations: 'course.enrol.accommodations',
  accommodationsConsent: 'course.enrol.consent',
  formId: 'course.enrol.submit',
};

const outreachLabels: Record<string, MessageKey> = {
  groupName: 'outreach.form.groupName',
  contactName: 'outreach.form.contactName',
  contactEmail: 'outreach.form.contactEmail',
  topic: 'outreach.form.topic',
  audience: 'outreach.form.audience',
  audienceSize: 'outreach.form.audienceSize.label',
  preferredDates: 'outreach.form.preferredDates',
  venue: 'outreach.form.venue',
  prefectureCode: 'outreach.form.prefecture',
  notes: 'outreach.form.notes',
  formId: 'outreach.form.submit',
};

const enrolmentNotices: Record<string, MessageKey> = {
  confirmed: 'course.notice.confirmed',
  waitlisted: 'course.notice.waitlisted',
  cancelled: 'course.notice.cancelled',
};

/** /courses: the public catalogue, each course's page and enrolment, private links, outreach requests. */
export default async function coursesRoutes(app: FastifyInstance) {
  const prefectureOptions = (request: FastifyRequest) =>
    prefectures.map((prefecture) => ({
      value: prefecture.code,
      label: prefectureName(prefecture.code, request.locale),
    }));
  const typeOptions = (request: FastifyRequest) =>
    courseTypes.map((type) => ({ value: type, label: request.t(`course.type.${type}`) }));

  app.get('/courses', async (request, reply) => {
    const parsed = catalogueQuery.safeParse(request.query ?? {});
    const filters = parsed.success ? parsed.data : { free: false, online: false, page: 1 };
    // A page number that is not one says so (404), like the job search, instead of quietly showing page 1.
    const askedPage = (request.query as { page?: unknown } | undefined)?.page;
    if (askedPage !== undefined && askedPage !== '' && String(askedPage) !== String(filters.page))
      throw new NotFoundError('course.catalogue.pageMissing');
    const { courses, total } = await listPublishedCourses(serviceContext(request), filters, filters.page);
    const pagination = paginate(filters.page, total, CATALOGUE_PAGE_SIZE);
    if (filters.page > pagination.pageCount) throw new NotFoundError('course.catalogue.pageMissing');
    const firstShown = total === 0 ? 0 : (pagination.page - 1) * CATALOGUE_PAGE_SIZE + 1;
    return reply.view('courses/index.eta', {
      title: request.t('course.catalogue.title'),
      // Each page of the unfiltered list is its own canonical page; filtered lists point at the catalogue.
      canonical: `${app.config.PUBLIC_URL}/courses${catalogueQueryString({ free: false, online: false }, pagination.page)}`,
      courses,
      total,
      filters,
      pagination,
      firstShown,
      lastShown: firstShown === 0 ? 0 : firstShown + courses.length - 1,
      pageHref: (page: number) => `/courses${catalogueQueryString(filters, page)}`,
      typeOptions: typeOptions(request),
      prefectureOptions: prefectureOptions(request),
    });
  });

  app.get('/courses/:courseId/calendar.ics', async (request, reply) => {
    const courseId = idParam(request.params, 'courseId');
    const detail = await getPublicCourse(serviceContext(request), courseId);
    const file =
      detail.course.status === 'published'
        ? courseCalendar(
            detail.course,
            detail.sessions.map((session) => ({ ...session, onlineUrl: '' })),
            detail.organiser.name,
            {
              publicUrl: app.config.PUBLIC_URL,
              locale: request.locale,
              withOnlineLinks: false,
            },
          )
        : null;
    if (!file) throw new NotFoundError();
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="course-${courseId}.ics"`)
      .send(file);
  });

  async function coursePage(request: FastifyRequest, courseId: number) {
    const ctx = serviceContext(request);
    const detail = await getPublicCourse(ctx, courseId);
    const user = request.user;
    return {
      ...detail,
      formId: randomToken(18),
      values: { nickname: user?.displayName ?? '', email: user?.email ?? '' },
      errors: {},
      canonical: `${app.config.PUBLIC_URL}/courses/${courseId}`,
      jsonLd:
        detail.course.status === 'published'
          ? serialiseJsonLd(
              courseJsonLd(detail.course, detail.sessions, detail.organiser.name, app.config.PUBLIC_URL),
            )
          : null,
    };
  }

  app.get('/courses/:courseId', async (request, reply) => {
    const courseId = idParam(request.params, 'courseId');
    // The page carries a fresh form id; a stored copy would make a second enrolment look like a resend.
    return reply
      .header('cache-control', 'no-store')
      .view('courses/show.eta', await coursePage(request, courseId));
  });

  app.post('/courses/:courseId/enrol', async (request, reply) => {
    const courseId = idParam(request.params, 'courseId');
    const form = parseForm(enrolForm, request.body);
    if (!form.ok) {
      const page = await coursePage(request, courseId);
      const sentId = formIdFrom(form.values.formId);
      return renderRefusedForm(
        request,
        reply,
        'courses/show.eta',
        { values: form.values, errors: form.errors },
        { labels: enrolLabels, data: { ...page, formId: sentId ?? page.formId } },
      );
    }
    try {
      const result = await requestEnrolment(serviceContext(request), courseId, form.data);
      return reply.redirect(`/courses/${courseId}/thanks?result=${result.outcome}`, 303);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const page = await coursePage(request, courseId);
      return renderRefusedForm(
        request,
        reply,
        'courses/show.eta',
        { values: { ...form.data }, errors: {}, formError: error.messageKey },
        { status: 409, labels: enrolLabels, data: page },
      );
    }
  });

  app.get('/courses/:courseId/thanks', async (request, reply) => {
    const courseId = idParam(request.params, 'courseId');
    const detail = await getPublicCourse(serviceContext(request), courseId);
    const raw = (request.query as { result?: unknown }).result;
    const result = raw === 'confirmed' || raw === 'waitlisted' ? raw : 'mail_sent';
    return reply.header('cache-control', 'no-store').view('courses/thanks.eta', {
      noindex: true,
      course: detail.course,
      result,
      signedIn: request.user !== null,
    });
  });

  function invalidLink(reply: FastifyReply, titleKey: MessageKey, bodyKey: MessageKey) {
    return reply
      .code(404)
      .header('cache-control', 'no-store')
      .view('courses/message.eta', { noindex: true, titleKey, bodyKey });
  }

  app.get('/courses/confirm', async (request, reply) => {
    const token = tokenFrom((request.query as { token?: unknown }).token);
    const found = token ? await findPendingByToken(serviceContext(request), token) : null;
    if (!token || !found) return invalidLink(reply, 'course.confirm.invalidTitle', 'course.confirm.invalid');
    return reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .view('courses/confirm.eta', {
        noindex: true,
        token,
        course: found.course,
        nickname: found.enrolment.nickname,
      });
  });

  app.post('/courses/confirm', async (request, reply) => {
    const token = tokenFrom((request.body as { token?: unknown } | undefined)?.token);
    if (!token) return invalidLink(reply, 'course.confirm.invalidTitle', 'course.confirm.invalid');
    try {
      const placed = await confirmEnrolment(serviceContext(request), token);
      return reply.redirect(`/courses/enrolment?token=${placed.manageToken}&notice=${placed.state}`, 303);
    } catch (error) {
      // The person following the link owns the address, so they may learn it is already enrolled.
      if (error instanceof ConflictError && error.messageKey === 'course.confirm.alreadyEnrolled')
        return reply.code(409).header('cache-control', 'no-store').view('courses/message.eta', {
          noindex: true,
          titleKey: 'course.confirm.alreadyTitle',
          bodyKey: 'course.confirm.alreadyEnrolled',
        });
      if (error instanceof AppError && (error.statusCode === 404 || error.statusCode === 409))
        return invalidLink(reply, 'course.confirm.invalidTitle', error.messageKey);
      throw error;
    }
  });

  app.get('/courses/enrolment', async (request, reply) => {
    const token = tokenFrom((request.query as { token?: unknown }).token);
    if (!token) return invalidLink(reply, 'course.enrolment.invalidTitle', 'course.enrolment.invalid');
    let detail: Awaited<ReturnType<typeof getEnrolmentByToken>>;
    try {
      detail = await getEnrolmentByToken(serviceContext(request), token);
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 404)
        return invalidLink(reply, 'course.enrolment.invalidTitle', 'course.enrolment.invalid');
      throw error;
    }
    return reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .view('courses/enrolment.eta', {
        noindex: true,
        token,
        ...detail,
        keptUntil: enrolmentKeptUntil(detail.lastDate, app.config.COURSE_RETENTION_MONTHS),
        notice: noticeFrom(request, enrolmentNotices),
      });
  });

  /** The enrolment a private link names, or the page that says the link does not work. */
  async function byPrivateLink(request: FastifyRequest) {
    const token = tokenFrom((request.query as { token?: unknown }).token);
    if (!token) return null;
    try {
      return { token, detail: await getEnrolmentByToken(serviceContext(request), token) };
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 404) return null;
      throw error;
    }
  }

  app.get('/courses/enrolment/calendar.ics', async (request, reply) => {
    const detail = (await byPrivateLink(request))?.detail;
    const live = detail?.enrolment.state === 'confirmed' || detail?.enrolment.state === 'waitlisted';
    const file =
      detail && live
        ? courseCalendar(detail.course, detail.sessions, detail.organiserName, {
            publicUrl: app.config.PUBLIC_URL,
            locale: request.locale,
            // getEnrolmentByToken already blanked the links unless the person has a place.
            withOnlineLinks: detail.enrolment.state === 'confirmed',
          })
        : null;
    if (!detail || !file)
      return invalidLink(reply, 'course.enrolment.invalidTitle', 'course.enrolment.invalid');
    return reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('content-disposition', `attachment; filename="course-${detail.course.id}.ics"`)
      .send(file);
  });

  app.get('/courses/enrolment/certificate', async (request, reply) => {
    const found = await byPrivateLink(request);
    if (!found?.detail.enrolment.completedAt)
      return invalidLink(reply, 'course.enrolment.invalidTitle', 'course.enrolment.invalid');
    const { detail, token } = found;
    return reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .view('courses/certificate.eta', {
        noindex: true,
        token,
        course: detail.course,
        sessions: detail.sessions,
        enrolment: detail.enrolment,
        organiserName: detail.organiserName,
        keptUntil: enrolmentKeptUntil(detail.lastDate, app.config.COURSE_RETENTION_MONTHS),
      });
  });

  app.post('/courses/enrolment/cancel', async (request, reply) => {
    const token = tokenFrom((request.body as { token?: unknown } | undefined)?.token);
    if (!token) return invalidLink(reply, 'course.enrolment.invalidTitle', 'course.enrolment.invalid');
    try {
      await cancelEnrolmentByToken(serviceContext(request), token);
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 404)
        return invalidLink(reply, 'course.enrolment.invalidTitle', 'course.enrolment.invalid');
      throw error;
    }
    return reply.redirect(`/courses/enrolment?token=${token}&notice=cancelled`, 303);
  });

  // --- Outreach and donated courses: a school or group asks ---------------------------------------

  const outreachPage = (request: FastifyRequest) => ({
    noindex: false,
    formId: randomToken(18),
    prefectureOptions: prefectureOptions(request),
    values: {},
    errors: {},
  });

  app.get('/courses/requests/new', async (request, reply) =>
    reply.header('cache-control', 'no-store').view('courses/request-new.eta', outreachPage(request)),
  );

  app.post('/courses/requests', async (request, reply) => {
    const form = parseForm(outreachForm, request.body);
    if (!form.ok) {
      const page = outreachPage(request);
      return renderRefusedForm(
        request,
        reply,
        'courses/request-new.eta',
        { values: form.values, errors: form.errors },
        { labels: outreachLabels, data: { ...page, formId: formIdFrom(form.values.formId) ?? page.formId } },
      );
    }
    const { followToken } = await submitOutreachRequest(serviceContext(request), form.data);
    if (!followToken)
      return reply.header('cache-control', 'no-store').view('courses/message.eta', {
        noindex: true,
        titleKey: 'outreach.sent.title',
        bodyKey: 'outreach.sent.again',
      });
    return reply.redirect(`/courses/requests/status?token=${followToken}&notice=sent`, 303);
  });

  app.get('/courses/requests/status', async (request, reply) => {
    const token = tokenFrom((request.query as { token?: unknown }).token);
    if (!token) return invalidLink(reply, 'outreach.status.invalidTitle', 'outreach.status.invalid');
    let outreach: Awaited<ReturnType<typeof outreachRequestByToken>>;
    try {
      outreach = await outreachRequestByToken(serviceContext(request), token);
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 404)
        return invalidLink(reply, 'outreach.status.invalidTitle', 'outreach.status.invalid');
      throw error;
    }
    return reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .view('courses/request-status.eta', {
        noindex: true,
        outreach,
        notice: noticeFrom(request, { sent: 'outreach.notice.sent' }),
      });
  });

  // --- The person's own enrolments (account area) ---------------------------------------------------

  app.get('/account/courses', access('user'), async (request, reply) => {
    const enrolments = await enrolmentsOfUser(serviceContext(request));
    return reply.header('cache-control', 'no-store').view('courses/account.eta', {
      noindex: true,
      enrolments,
      notice: noticeFrom(request, { cancelled: 'course.notice.cancelled' }),
    });
  });

  app.post('/account/courses/:enrolmentId/cancel', access('user'), async (request, reply) => {
    const enrolmentId = idParam(request.params, 'enrolmentId');
    await cancelOwnEnrolment(serviceContext(request), enrolmentId);
    return reply.redirect('/account/courses?notice=cancelled', 303);
  });
}
