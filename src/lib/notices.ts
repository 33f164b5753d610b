import type { FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n/index.js';

/**
 * The notice to show after a redirect, named in the query string (?notice=password_changed). Only the
 * names a module lists can be shown, so a link cannot put arbitrary text on the page.
 */
export function noticeFrom(request: FastifyRequest, notices: Record<string, MessageKey>): MessageKey | null {
  const name = (request.query as { notice?: unknown } | undefined)?.notice;
  return typeof name === 'string' ? (notices[name] ?? null) : null;
}
