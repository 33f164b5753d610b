import type { MessageKey } from '../i18n/index.js';

/** Errors typed where they happen and mapped to a page or status in one place (plugins/errors.ts). */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    /** A message catalogue key shown to the person; never internal detail. */
    readonly messageKey: MessageKey,
  ) {
    super(messageKey);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(messageKey: MessageKey = 'error.notFound.body') {
    super(404, messageKey);
  }
}

export class ForbiddenError extends AppError {
  constructor(messageKey: MessageKey = 'error.forbidden.body') {
    super(403, messageKey);
  }
}

export class ConflictError extends AppError {
  constructor(messageKey: MessageKey = 'error.conflict.body') {
    super(409, messageKey);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    /** Seconds until the client may try again, sent as Retry-After. */
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'error.tooManyRequests.body');
  }
}
