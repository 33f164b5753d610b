import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalidateSession } from '../../auth/sessions.js';
import type { MessageKey } from '../../i18n/index.js';
import { TooManyRequestsError } from '../../lib/errors.js';
import { type FormErrors, parseForm } from '../../lib/forms.js';
import { noticeFrom } from '../../lib/notices.js';
import { PASSWORD_MIN_LENGTH } from '../../lib/passwords.js';
import { safeLocalPath } from '../../lib/urls.js';
import { access, currentUser } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { requestsOfUser } from '../requests/requests.service.js';
import {
  changePasswordForm,
  deleteAccountForm,
  forgotPasswordForm,
  resetPasswordForm,
  signInForm,
  signUpForm,
} from './accounts.forms.js';
import {
  changePassword,
  deleteAccount,
  membershipsOf,
  requestPasswordReset,
  resetPassword,
  signIn,
  signUp,
  verifyEmail,
} from './accounts.service.js';

/** Notices shown after a redirect, named in the query string; only these keys can be shown. */
const notices: Record<string, MessageKey> = {
  password_reset: 'notice.passwordReset',
  password_changed: 'notice.passwordChanged',
  signed_out: 'notice.signedOut',
  account_deleted: 'notice.accountDeleted',
  signed_in: 'notice.signedIn',
};

function render(
  reply: FastifyReply,
  page: string,
  data: Record<string, unknown>,
  form?: { values: Record<string, unknown>; errors: FormErrors },
  status = 200,
) {
  // Passwords are never sent back into a form.
  const values = { ...(form?.values ?? {}) };
  delete values.password;
  delete values.currentPassword;
  delete values.newPassword;
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .view(page, {
      values,
      errors: form?.errors ?? {},
      passwordMin: PASSWORD_MIN_LENGTH,
      noindex: true,
      ...data,
    });
}

/** Sign-up or reset mails to one e-mail address per 15 minutes. */
const MAIL_PER_ADDRESS = 3;
/** Sign-up or reset requests from one client address per 15 minutes (a classroom behind one IP). */
const MAIL_PER_CLIENT = 100;

function emailOf(request: FastifyRequest): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.normalize('NFKC').trim().toLowerCase() : '';
}

export default async function accountsRoutes(app: FastifyInstance) {
  const links = { publicUrl: app.config.PUBLIC_URL };

  // Sign-in is throttled three ways, answering 429 with Retry-After (OWASP Authentication Cheat Sheet,
  // "Account lockout": lock per account *and* source, so an attacker cannot lock the owner out):
  //  - per client address (SIGNIN_RATE_LIMIT_PER_IP in 5 minutes), against one machine trying many accounts;
  //  - per account and address pair (5 in 15 minutes): guessing one account's password from one place;
  //  - per account from everywhere (50 in 15 minutes): a high ceiling against spraying from many
  //    addresses, far above what a stranger's five tries cost the owner signing in from their own device.
  // Unknown addresses are counted the same way, so the limits reveal nothing about which accounts exist.
  const accountKey = (request: FastifyRequest) => {
    const email = (request.body as { email?: unknown } | undefined)?.email;
    return typeof email === 'string' ? email.normalize('NFKC').trim().toLowerCase() : '';
  };
  const signInLimits = [
    app.createRateLimit({ max: app.config.SIGNIN_RATE_LIMIT_PER_IP, timeWindow: '5 minutes' }),
    app.createRateLimit({
      max: 5,
      timeWindow: '15 minutes',
      keyGenerator: (request) => `signin:${request.ip}:${accountKey(request)}`,
    }),
    app.createRateLimit({
      max: 50,
      timeWindow: '15 minutes',
      keyGenerator: (request) => `signin-account:${accountKey(request)}`,
    }),
  ];
  const throttleSignIn = async (request: FastifyRequest) => {
    const results = await Promise.all(signInLimits.map((limit) => limit(request)));
    const waits = results.flatMap((result) =>
      result.isAllowed || !result.isExceeded ? [] : [result.ttlInSeconds],
    );
    if (waits.length > 0) throw new TooManyRequestsError(Math.max(1, ...waits));
  };
  // Sign-up and password-reset mail is limited twice. Per e-mail address, tightly: it protects a mailbox
  // from being flooded and an account from reset spam, and counts unknown addresses the same way, so it
  // reveals nothing. Per client address, generously: a school computer room or a consultation desk sends
  // a whole class or a day's visitors from one IP.
  const mailLimits = {
    perAddress: app.createRateLimit({
      max: MAIL_PER_ADDRESS,
      timeWindow: '15 minutes',
      keyGenerator: (request) => `mail-address:${request.routeOptions.url}:${emailOf(request)}`,
    }),
    perClient: app.createRateLimit({ max: MAIL_PER_CLIENT, timeWindow: '15 minutes' }),
  };
  /** Seconds to wait before this request may send mail, or 0 when it may send now. */
  const mailWait = async (request: FastifyRequest): Promise<number> => {
    const results = await Promise.all([mailLimits.perAddress(request), mailLimits.perClient(request)]);
    const waits = results.flatMap((result) =>
      result.isAllowed || !result.isExceeded ? [] : [result.ttlInSeconds],
    );
    return waits.length > 0 ? Math.max(1, ...waits) : 0;
  };
  /** The form again with what was typed, saying when mail can be sent (429 with Retry-After). */
  const mailLater = (
    reply: FastifyReply,
    page: string,
    values: Record<string, unknown>,
    waitSeconds: number,
  ) => {
    reply.header('retry-after', String(waitSeconds));
    return render(
      reply,
      page,
      { formError: 'mail.throttled', formErrorParams: { minutes: Math.ceil(waitSeconds / 60) } },
      { values, errors: {} },
      429,
    );
  };

  app.get('/signup', async (_request, reply) => render(reply, 'accounts/signup.eta', {}));

  app.post('/signup', async (request, reply) => {
    const form = parseForm(signUpForm, request.body);
    if (!form.ok) return render(reply, 'accounts/signup.eta', {}, form, 422);
    const wait = await mailWait(request);
    if (wait > 0) return mailLater(reply, 'accounts/signup.eta', form.data, wait);
    await signUp(app.db, { ...form.data, locale: request.locale }, app.clock(), links);
    return render(reply, 'accounts/message.eta', {
      title: request.t('signup.sent.title'),
      message: request.t('signup.sent.body', { email: form.data.email }),
    });
  });

  app.get('/verify-email', async (request, reply) => {
    const token = (request.query as { token?: unknown }).token;
    const verified =
      typeof token === 'string' && token.length <= 100 && (await verifyEmail(app.db, token, app.clock()));
    return render(
      reply,
      'accounts/message.eta',
      verified
        ? { title: request.t('verify.done.title'), message: request.t('verify.done.body'), link: '/signin' }
        : {
            title: request.t('verify.invalid.title'),
            message: request.t('verify.invalid.body'),
            link: '/signin',
          },
      undefined,
      verified ? 200 : 400,
    );
  });

  app.get('/signin', async (request, reply) =>
    render(reply, 'accounts/signin.eta', {
      next: safeLocalPath((request.query as { next?: unknown }).next, ''),
      notice: noticeFrom(request, notices),
    }),
  );

  app.post('/signin', { preHandler: throttleSignIn }, async (request, reply) => {
    const next = safeLocalPath((request.body as { next?: unknown } | undefined)?.next, '/account');
    const form = parseForm(signInForm, request.body);
    if (!form.ok) return render(reply, 'accounts/signin.eta', { next }, form, 422);
    const result = await signIn(app.db, form.data.email, form.data.password, app.clock(), links);
    if (result.outcome !== 'signed_in') {
      const key: MessageKey = result.outcome === 'unverified' ? 'signin.unverified' : 'signin.failed';
      return render(
        reply,
        'accounts/signin.eta',
        { next, formError: key },
        { values: form.data, errors: {} },
        401,
      );
    }
    // A brand-new session at every sign-in: a cookie planted beforehand is never adopted (session fixation).
    if (request.session) await invalidateSession(app.db, request.session.id);
    reply.setSessionCookie(result.session.token, result.session.session.expiresAt);
    return reply.redirect(next, 303);
  });

  app.post('/signout', async (request, reply) => {
    if (request.session) await invalidateSession(app.db, request.session.id);
    reply.clearSessionCookie();
    return reply.redirect('/?notice=signed_out', 303);
  });

  app.get('/password/forgot', async (_request, reply) => render(reply, 'accounts/forgot.eta', {}));

  app.post('/password/forgot', async (request, reply) => {
    const form = parseForm(forgotPasswordForm, request.body);
    if (!form.ok) return render(reply, 'accounts/forgot.eta', {}, form, 422);
    const wait = await mailWait(request);
    if (wait > 0) return mailLater(reply, 'accounts/forgot.eta', form.data, wait);
    await requestPasswordReset(app.db, form.data.email, app.clock(), links);
    return render(reply, 'accounts/message.eta', {
      title: request.t('forgot.sent.title'),
      message: request.t('forgot.sent.body'),
    });
  });

  app.get('/password/reset', async (request, reply) => {
    const token = (request.query as { token?: unknown }).token;
    return render(reply, 'accounts/reset.eta', {
      token: typeof token === 'string' ? token.slice(0, 100) : '',
    });
  });

  app.post('/password/reset', async (request, reply) => {
    const form = parseForm(resetPasswordForm, request.body);
    const token = String((request.body as { token?: unknown } | undefined)?.token ?? '').slice(0, 100);
    if (!form.ok) return render(reply, 'accounts/reset.eta', { token }, form, 422);
    const done = await resetPassword(app.db, form.data.token, form.data.password, app.clock());
    if (!done)
      return render(
        reply,
        'accounts/reset.eta',
        { token, formError: 'reset.invalid' },
        { values: {}, errors: {} },
        400,
      );
    reply.clearSessionCookie();
    return reply.redirect('/signin?notice=password_reset', 303);
  });

  app.get('/account', access('user'), async (request, reply) => {
    const user = currentUser(request);
    return render(reply, 'accounts/account.eta', {
      account: { email: user.email, displayName: user.displayName },
      memberships: await membershipsOf(app.db, user.id),
      myRequests: await requestsOfUser(serviceContext(request)),
      notice: noticeFrom(request, notices),
    });
  });

  app.post('/account/password', access('user'), async (request, reply) => {
    const user = currentUser(request);
    const form = parseForm(changePasswordForm, request.body);
    const page = async (errors: FormErrors, status: number) =>
      render(
        reply,
        'accounts/account.eta',
        {
          account: { email: user.email, displayName: user.displayName },
          memberships: await membershipsOf(app.db, user.id),
        },
        { values: {}, errors },
        status,
      );
    if (!form.ok) return page(form.errors, 422);
    const session = await changePassword(
      app.db,
      user,
      form.data.currentPassword,
      form.data.newPassword,
      app.clock(),
      links,
    );
    if (!session) return page({ currentPassword: { key: 'account.wrongPassword' } }, 422);
    reply.setSessionCookie(session.token, session.session.expiresAt);
    return reply.redirect('/account?notice=password_changed', 303);
  });

  app.post('/account/delete', access('user'), async (request, reply) => {
    const user = currentUser(request);
    const form = parseForm(deleteAccountForm, request.body);
    const result = form.ok
      ? await deleteAccount(app.db, user, form.data.password, app.clock(), links)
      : 'wrong_password';
    if (result !== 'deleted') {
      const key: MessageKey = !form.ok
        ? 'form.required'
        : result === 'last_admin'
          ? 'account.deleteLastAdmin'
          : 'account.wrongPassword';
      return render(
        reply,
        'accounts/account.eta',
        {
          account: { email: user.email, displayName: user.displayName },
          memberships: await membershipsOf(app.db, user.id),
        },
        { values: {}, errors: { deletePassword: { key } } },
        422,
      );
    }
    reply.clearSessionCookie();
    return reply.redirect('/?notice=account_deleted', 303);
  });
}
