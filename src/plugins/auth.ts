import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { validateSessionToken } from '../auth/sessions.js';
import type { Session, User } from '../db/schema/index.js';
import type { Clock } from '../lib/clock.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    session: Session | null;
  }
  interface FastifyReply {
    setSessionCookie(token: string, expiresAt: Date): FastifyReply;
    clearSessionCookie(): FastifyReply;
  }
  interface FastifyInstance {
    clock: Clock;
  }
}

/**
 * Per-request session validation (lucia-auth.com guide). In production the cookie carries the
 * `__Host-` prefix, which browsers only accept with Secure, Path=/ and no Domain.
 */
export default fp(
  async function authPlugin(app: FastifyInstance, options: { production: boolean }) {
    const cookieName = options.production ? '__Host-session' : 'session';
    const cookieOptions = {
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: options.production,
    };

    app.decorateRequest('user', null);
    app.decorateRequest('session', null);
    app.decorateRequest('organisation', null);
    app.decorateRequest('membership', null);
    app.decorateReply(
      'setSessionCookie',
      function setSessionCookie(this: FastifyReply, token: string, expiresAt: Date) {
        // Max-Age (seconds from now) rather than an Expires date: a device whose clock is hours off keeps
        // the cookie exactly as long as the session lasts, neither dropping it early nor keeping it late.
        const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - app.clock().getTime()) / 1000));
        return this.setCookie(cookieName, token, { ...cookieOptions, maxAge });
      },
    );
    app.decorateReply('clearSessionCookie', function clearSessionCookie(this: FastifyReply) {
      return this.clearCookie(cookieName, cookieOptions);
    });

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const token = request.cookies[cookieName];
      if (!token) return;
      const valid = await validateSessionToken(app.db, token, app.clock());
      if (!valid) {
        reply.clearSessionCookie();
        return;
      }
      request.user = valid.user;
      request.session = valid.session;
      // Templates show the signed-in state; only the name, never the e-mail address.
      reply.locals = Object.assign(reply.locals ?? {}, {
        currentUser: { displayName: valid.user.displayName },
      });
    });
  },
  { name: 'auth', dependencies: ['@fastify/cookie'] },
);
