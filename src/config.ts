import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalUrl = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(
      z
        .url({ protocol: new RegExp(`^(${protocols.join('|')})$`), error: `must be a ${protocols[0]} URL` })
        .optional(),
    )
    .optional();

/** Every setting the app reads from the environment, with its default. Documented in README.md. */
const settingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: the embedded PGlite database in PGLITE_DIR. Set: a PostgreSQL server. */
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  PGLITE_DIR: z.string().min(1).default('./data/pglite'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** PostgreSQL cancels any statement that runs longer (57014), so one slow query cannot hold a connection. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** How long a request waits for a free pool connection before it is answered 503. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** The public origin, used in sitemap.xml, canonical links and JSON-LD. */
  /** Unset: http://localhost:PORT (or http://HOST:PORT when HOST names one address), see derivedPublicUrl. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://example.jp' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Seed a small demo data set (with demo accounts whose passwords are in the README) when the database
   * has no organisations yet. Unset: on outside production, off in production; asking for it in
   * production stops start-up (see loadConfig).
   */
  SEED_DEMO: booleanFromEnv.optional(),
  /** Behind a reverse proxy, trust its X-Forwarded-* headers. */
  TRUST_PROXY: booleanFromEnv.default(false),
  /** SMTP server for outgoing mail (smtp:// or smtps://). Unset: mail stays in the outbox, readable at /dev/mailbox. */
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: z.string().min(3).default('よいしごとステーション <no-reply@yoishigoto.example.jp>'),
  /** How often the outbox is checked for mail to send. */
  MAIL_POLL_SECONDS: z.coerce.number().min(1).max(3600).default(5),
  /**
   * Redis for the rate-limit counters (redis:// or rediss://, with a database number as its path if
   * wanted). Unset: the counters live in PostgreSQL (in memory on PGlite).
   */
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  /** What every rate-limit key in Redis starts with, so that deployments sharing one Redis count apart. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:._-]{1,100}$/, { error: 'must be 1 to 100 letters, digits or : . _ -' })
    .default('yss:rate-limit:'),
  /** Sign-in attempts one client address may make in 5 minutes (each account also gets 5 in 15 minutes). */
  SIGNIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
  /**
   * Seconds that search counts and anonymous posting pages are reused (0 turns the caches off). Every change
   * that shows on them (a workspace or console form, a booking, the hourly expiry) clears them at once, in
   * every process, so this only bounds how long a page could be stale if a clearing message were lost.
   */
  PUBLIC_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
  /** Unknown URLs one client may request per minute before getting 429. */
  NOT_FOUND_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
  /** Who runs the station, shown on the operator, privacy and contact pages. */
  OPERATOR_NAME: z.string().trim().min(1).max(200).default('よいしごとステーション事務局'),
  /** Where people write to the secretariat (contact page, privacy requests). */
  CONTACT_EMAIL: z.email({ error: 'must be an e-mail address' }).default('info@yoishigoto.example.jp'),
  /** Business days (weekends and Japanese holidays excluded) before a co-op is reminded of an unanswered request. */
  REQUEST_REMINDER_BUSINESS_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  /** Business days before an unanswered request goes to the secretariat's escalation queue. */
  REQUEST_ESCALATION_BUSINESS_DAYS: z.coerce.number().int().min(1).max(120).default(6),
  /** Months after a request closes before its personal data is erased. */
  REQUEST_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /** Months after a course's last session before its enrolments' names and contacts are erased. */
  COURSE_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /**
   * Months a counselor's closed case (支援終了) is kept, counted from the closing or from the end of the
   * client's last request, whichever is later; then the client's record, notes, consents and links are erased.
   */
  CLIENT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
});

/**
 * The demo accounts have published passwords, so a production deployment never gets them: asking for
 * them there stops start-up, and leaving SEED_DEMO unset means "no demo" in production, "demo" elsewhere.
 * Links in mail, canonical URLs and the start-up line must point where the app really listens, so an unset
 * PUBLIC_URL follows PORT (and HOST, unless HOST is a wildcard address).
 */
export const configSchema = settingsSchema
  .superRefine((settings, context) => {
    if (settings.NODE_ENV === 'production' && settings.SEED_DEMO === true)
      context.addIssue({
        code: 'custom',
        path: ['SEED_DEMO'],
        message:
          'demo data and its accounts with published passwords are never created in production; unset SEED_DEMO and create the first secretariat account with `npm run admin:create -- --email you@example.jp`',
      });
  })
  .transform((settings) => ({
    ...settings,
    SEED_DEMO: settings.SEED_DEMO ?? settings.NODE_ENV !== 'production',
    PUBLIC_URL: settings.PUBLIC_URL ?? derivedPublicUrl(settings.HOST, settings.PORT),
  }));

function derivedPublicUrl(host: string, port: number): string {
  const wildcard = ['0.0.0.0', '::', '[::]'].includes(host);
  const name = wildcard ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once at start; a bad value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const given = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
        // Never echo DATABASE_URL or REDIS_URL back: they may hold a password.
        const secret = name === 'DATABASE_URL' || name === 'REDIS_URL';
        const shown = given === undefined || secret ? '' : ` (got "${given}")`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  return result.data;
}

/** A config for tests and tools: defaults plus overrides, without reading process.env. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // Every test request comes from 127.0.0.1, so the per-address sign-in limit is raised, and the public
  // caches are off so each test sees its own data at once; the tests of those features set them back.
  return {
    ...configSchema.parse({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      SIGNIN_RATE_LIMIT_PER_IP: '10000',
      PUBLIC_CACHE_SECONDS: '0',
    }),
    ...overrides,
  };
}
