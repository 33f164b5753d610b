/**
 * Database errors, classified once so the error handler can map them (plugins/errors.ts) and the logger
 * can describe them without their parameters (plugins/logger.ts). Drizzle wraps every failed query in a
 * DrizzleQueryError whose message and `params` carry the bound values — e-mails, names, password hashes,
 * session ids — so neither may reach a log; the SQL state, the query text and the driver's message may.
 */

/** SQL states and socket errors that mean "the database cannot answer now", not "this request is wrong". */
const UNAVAILABLE_SQL_STATES = new Set([
  '57P01', // admin_shutdown (a restart or a terminated backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '57014', // query_canceled (the statement timeout)
  '55P03', // lock_not_available (lock_timeout)
  '53300', // too_many_connections
  '40001', // serialization_failure: retrying later succeeds
  '40P01', // deadlock_detected: likewise
]);

const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** Messages node-postgres gives without a code when a connection ends or none can be had in time. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /client has encountered a connection error/i,
  /client was closed and is not queryable/i,
  /cannot use a pool after calling end/i,
  /^PGlite is closed$/,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/** The chain of causes, outermost first (DrizzleQueryError → pg DatabaseError, or AggregateError members). */
function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    yield current;
    if (current instanceof AggregateError) for (const inner of current.errors) yield* causes(inner);
    current = (current as { cause?: unknown }).cause;
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The SQL state of the first error in the chain that has one (e.g. '23505'). */
export function sqlStateOf(error: unknown): string | undefined {
  for (const inner of causes(error)) {
    const code = codeOf(inner);
    if (code && /^[0-9A-Z]{5}$/.test(code) && (inner as { severity?: unknown }).severity !== undefined)
      return code;
  }
  return undefined;
}

/**
 * True when the database is away, restarting, overloaded or too slow — the request may succeed if tried
 * again shortly, so the answer is 503 with Retry-After rather than 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const inner of causes(error)) {
    const code = codeOf(inner);
    if (
      code &&
      (UNAVAILABLE_SQL_STATES.has(code) || code.startsWith('08') || UNAVAILABLE_SOCKET_CODES.has(code))
    )
      return true;
    const message = (inner as { message?: unknown }).message;
    // DrizzleQueryError's own message holds the parameters; only the driver's messages are read.
    if (
      typeof message === 'string' &&
      !('params' in (inner as object)) &&
      UNAVAILABLE_MESSAGES.some((p) => p.test(message))
    )
      return true;
  }
  return false;
}

/** Seconds a client is asked to wait after a 503 for an unavailable database. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export interface LoggedError {
  type: string;
  message: string;
  code?: string;
  sqlState?: string;
  /** The query text with its placeholders ($1, $2…), never the values bound to them. */
  query?: string;
  /** Constraint, table and column names help find the cause and name no person. */
  constraint?: string;
  table?: string;
  column?: string;
  stack?: string;
  cause?: LoggedError;
}

const MAX_QUERY_LOGGED = 2000;

/**
 * The pino serializer for `err`: the type, the SQL state, the query text and the stack, and the cause
 * chain the same way. Parameters, row values (`detail` of a unique violation names the duplicated
 * e-mail) and `where` (which can quote values) are dropped.
 */
export function serializeError(error: unknown, depth = 0): LoggedError {
  if (!error || typeof error !== 'object') return { type: typeof error, message: String(error) };
  const e = error as Record<string, unknown> & { name?: string; stack?: string };
  const isQueryError = 'params' in e && typeof e.query === 'string';
  const logged: LoggedError = {
    type: e.constructor?.name ?? e.name ?? 'Error',
    message: isQueryError ? 'Failed query' : redactMessage(String(e.message ?? '')),
  };
  const code = codeOf(e);
  if (code) logged.code = code;
  const state = sqlStateOf(e);
  if (state) logged.sqlState = state;
  if (isQueryError) logged.query = String(e.query).slice(0, MAX_QUERY_LOGGED);
  for (const key of ['constraint', 'table', 'column'] as const) {
    if (typeof e[key] === 'string') logged[key] = e[key] as string;
  }
  if (typeof e.stack === 'string') {
    // The first line of a stack repeats the message: for a query error, that is the parameters.
    const frames = e.stack.split('\n').filter((line) => /^\s+at /.test(line));
    logged.stack = [`${logged.type}: ${logged.message}`, ...frames].join('\n');
  }
  if (e.cause !== undefined && depth < 5) logged.cause = serializeError(e.cause, depth + 1);
  return logged;
}

/**
 * PostgreSQL quotes values in some messages ('invalid input syntax for type integer: "…"', 'Key (email)=(…)');
 * quoted parts are replaced so a value typed by a person never reaches the log.
 */
function redactMessage(message: string): string {
  return message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/=\([^)]*\)/g, '=(…)')
    .slice(0, 500);
}
