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
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: the embedded PGlite database in PGLITE_DIR. Set: a PostgreSQL server. */
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  PGLITE_DIR: z.string().min(1).default('./data/pglite'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** The public origin, used in sitemap.xml, canonical links and JSON-LD. */
  /** Unset: http://localhost:PORT (or http://HOST:PORT when HOST names one address), see withDerivedDefaults. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://example.jp' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed a small demo data set when the database has no organisations yet. */
  SEED_DEMO: booleanFromEnv.default(true),
  /** Behind a reverse proxy, trust its X-Forwarded-* headers. */
  TRUST_PROXY: booleanFromEnv.default(false),
  /** SMTP server for outgoing mail (smtp:// or smtps://). Unset: mail stays in the outbox, readable at /dev/mailbox. */
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: z.string().min(3).default('よいしごとステーション <no-reply@yoishigoto.example.jp>'),
  /** How often the outbox is checked for mail to send. */
  MAIL_POLL_SECONDS: z.coerce.number().min(1).max(3600).default(5),
  /** Sign-in attempts one client address may make in 5 minutes (each account also gets 5 in 15 minutes). */
  SIGNIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
  /** Seconds that search counts and anonymous posting pages are reused (0 turns the caches off). */
  PUBLIC_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Unknown URLs one client may request per minute before getting 429. */
  NOT_FOUND_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
  /** Who runs the station, shown on the operator, privacy and contact pages. */
  OPERATOR_NAME: z.string().trim().min(1).max(200).default('よいしごとステーション事務局'),
  /** Where people write to the secretariat (contact page, privacy requests). */
  CONTACT_EMAIL: z.email({ error: 'must be an e-mail address' }).default('info@yoishigoto.example.jp'),
});

type ParsedConfig = z.infer<typeof configSchema>;
export type Config = Omit<ParsedConfig, 'PUBLIC_URL'> & { PUBLIC_URL: string };

/**
 * Links in mail, canonical URLs and the start-up line must point where the app really listens, so an unset
 * PUBLIC_URL follows PORT (and HOST, unless HOST is a wildcard address).
 */
function withDerivedDefaults(parsed: ParsedConfig): Config {
  if (parsed.PUBLIC_URL) return { ...parsed, PUBLIC_URL: parsed.PUBLIC_URL };
  const wildcard = ['0.0.0.0', '::', '[::]'].includes(parsed.HOST);
  const host = wildcard ? 'localhost' : parsed.HOST.includes(':') ? `[${parsed.HOST}]` : parsed.HOST;
  return { ...parsed, PUBLIC_URL: `http://${host}:${parsed.PORT}` };
}

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
        // Never echo DATABASE_URL back: it may hold a password.
        const shown = given === undefined || name === 'DATABASE_URL' ? '' : ` (got "${given}")`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  return withDerivedDefaults(result.data);
}

/** A config for tests and tools: defaults plus overrides, without reading process.env. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // Every test request comes from 127.0.0.1, so the per-address sign-in limit is raised, and the public
  // caches are off so each test sees its own data at once; the tests of those features set them back.
  return {
    ...withDerivedDefaults(
      configSchema.parse({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        SIGNIN_RATE_LIMIT_PER_IP: '10000',
        PUBLIC_CACHE_SECONDS: '0',
      }),
    ),
    ...overrides,
  };
}
