import type { Db } from '../db/client.js';
import type { Organisation } from '../db/schema/index.js';
import type { Locale } from '../i18n/index.js';
import { ForbiddenError, NotFoundError } from '../lib/errors.js';

/** The signed-in person a service acts for. */
export interface Actor {
  userId: number;
}

/**
 * Everything a service needs to know about the request it serves, built once per request
 * (plugins/service-context.ts) or once per maintenance run (`systemContext`). Services take it first and
 * know nothing of HTTP; every read and write takes `now` from it, so a test clock moves everything.
 */
export interface ServiceContext {
  readonly db: Db;
  /** Who acts: null for a visitor without an account and for the app's own maintenance. */
  readonly actor: Actor | null;
  /** The organisation whose workspace the request is in (guarded workspace routes); null elsewhere. */
  readonly organisation: Organisation | null;
  readonly now: Date;
  /** The reader's language: mails to the actor and labels written now use it. */
  readonly locale: Locale;
  /** Absolute base of the links mails carry. */
  readonly publicUrl: string;
}

/** A context for work the app does by itself (hourly maintenance, command-line tools, the demo seed). */
export function systemContext(options: {
  db: Db;
  now: Date;
  publicUrl: string;
  locale?: Locale;
}): ServiceContext {
  return {
    db: options.db,
    actor: null,
    organisation: null,
    now: options.now,
    locale: options.locale ?? 'ja',
    publicUrl: options.publicUrl,
  };
}

/**
 * Runs `work` in one transaction with a context whose `db` is the transaction, so the change, its audit
 * entry and its mail commit together or not at all.
 */
export function inTransaction<T>(ctx: ServiceContext, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  return ctx.db.transaction((db) => work({ ...ctx, db }));
}

/** The acting person on a path whose guard already required one. */
export function actorOf(ctx: ServiceContext): Actor {
  if (!ctx.actor) throw new ForbiddenError();
  return ctx.actor;
}

/** The organisation on a workspace path whose guard already loaded it. */
export function organisationOf(ctx: ServiceContext): Organisation {
  if (!ctx.organisation) throw new NotFoundError();
  return ctx.organisation;
}

/** An absolute link for a mail: `absoluteUrl(ctx, '/requests/abc')`. */
export function absoluteUrl(ctx: Pick<ServiceContext, 'publicUrl'>, path: string): string {
  return new URL(path, ctx.publicUrl).toString();
}
