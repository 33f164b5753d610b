import { constants as zlibConstants } from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import { postgresRateLimitStore } from './db/rate-limit-store.js';
import { assetFingerprints, staticDirectory } from './lib/assets.js';
import { type Clock, systemClock } from './lib/clock.js';
import { PublicCache } from './lib/public-cache.js';
import { readingAnalyser } from './lib/readings.js';
import accountsRoutes from './modules/accounts/accounts.routes.js';
import auditConsoleRoutes from './modules/audit/audit.console.routes.js';
import clientsRoutes from './modules/clients/clients.routes.js';
import clientsWorkspaceRoutes from './modules/clients/clients.workspace.routes.js';
import consoleRoutes from './modules/console/console.routes.js';
import coursesConsoleRoutes from './modules/courses/courses.console.routes.js';
import coursesRoutes from './modules/courses/courses.routes.js';
import coursesWorkspaceRoutes from './modules/courses/courses.workspace.routes.js';
import eventsConsoleRoutes from './modules/figures/events.console.routes.js';
import figuresConsoleRoutes from './modules/figures/figures.console.routes.js';
import cofoundersRoutes from './modules/founding/cofounders.routes.js';
import foundingConsoleRoutes from './modules/founding/founding.console.routes.js';
import foundingRoutes from './modules/founding/founding.routes.js';
import homeRoutes from './modules/home/home.routes.js';
import jobsRoutes from './modules/jobs/jobs.routes.js';
import mailboxRoutes from './modules/mail/mailbox.routes.js';
import membershipRoutes from './modules/membership/membership.routes.js';
import membershipWorkspaceRoutes from './modules/membership/membership.workspace.routes.js';
import minimumWagesConsoleRoutes from './modules/minimum-wages/minimum-wages.console.routes.js';
import organisationsConsoleRoutes from './modules/organisations/organisations.console.routes.js';
import organisationsRoutes from './modules/organisations/organisations.routes.js';
import organisationsWorkspaceRoutes from './modules/organisations/organisations.workspace.routes.js';
import postingsConsoleRoutes from './modules/postings/postings.console.routes.js';
import postingsWorkspaceRoutes from './modules/postings/postings.workspace.routes.js';
import requestsConsoleRoutes from './modules/requests/requests.console.routes.js';
import requestsRoutes from './modules/requests/requests.routes.js';
import requestsWorkspaceRoutes from './modules/requests/requests.workspace.routes.js';
import schoolRequestsWorkspaceRoutes from './modules/school-requests/school-requests.workspace.routes.js';
import pagesRoutes from './modules/site/pages.routes.js';
import siteRoutes from './modules/site/site.routes.js';
import workspaceRoutes from './modules/workspace/workspace.routes.js';
import { registerArea } from './plugins/areas.js';
import authPlugin from './plugins/auth.js';
import csrfPlugin from './plugins/csrf.js';
import errorsPlugin from './plugins/errors.js';
import { clientErrorHandler, frameworkErrors } from './plugins/framework-errors.js';
import i18nPlugin from './plugins/i18n.js';
import inputHygienePlugin from './plugins/input-hygiene.js';
import languageSwitchPlugin from './plugins/language-switch.js';
import { loggerOptions } from './plugins/logger.js';
import pageCachePlugin from './plugins/page-cache.js';
import securityPlugin from './plugins/security.js';
import viewsPlugin from './plugins/views.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    db: Db;
    /** Recent search counts and anonymous pages; call publicCache.invalidate() after changing postings. */
    publicCache: PublicCache;
    /** Fingerprinted static file URLs (lib/assets.ts). */
    assets: ReturnType<typeof assetFingerprints>;
  }
}

/** The NOTIFY channel on which processes tell each other that public pages changed. */
const PUBLIC_CACHE_CHANNEL = 'yss_public_cache';

export interface BuildAppOptions {
  config: Config;
  database: Database;
  /** The time source; tests pass a controllable one. */
  clock?: Clock;
  /** Where logs go instead of stdout (tests read what would be logged). */
  logStream?: NodeJS.WritableStream;
  /** Called for every route as it is registered (the access-matrix test reads the route table). */
  onRoute?: (route: RouteOptions) => void;
  /** Extra Fastify options (tests). */
  fastify?: FastifyServerOptions;
}

async function rateLimitStore(
  app: FastifyInstance,
  config: Config,
  database: Database,
): Promise<Pick<RateLimitPluginOptions, 'store' | 'skipOnError'>> {
  if (config.REDIS_URL) {
    // Loaded only with Redis: a process without it does not carry the client.
    const { openRedisRateLimit } = await import('./db/redis-rate-limit-store.js');
    const redis = openRedisRateLimit(
      config.REDIS_URL,
      config.REDIS_KEY_PREFIX,
      app.log.child({ name: 'rate-limit' }),
    );
    app.addHook('onClose', () => redis.close());
    // Serving starts counted when Redis answers; when it does not, start-up waits no longer than a connect.
    await redis.firstConnection;
    return { store: redis.store, skipOnError: true };
  }
  if (database.engine === 'postgres')
    return { store: postgresRateLimitStore(database.db), skipOnError: true };
  return {};
}

/** Builds the app without listening: server.ts listens, tests inject or use supertest. */
export async function buildApp({
  config,
  database,
  clock = systemClock,
  logStream,
  onRoute,
  fastify,
}: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, logStream),
    trustProxy: config.TRUST_PROXY,
    // Search forms and ids never need more; anything longer is refused before a handler runs.
    bodyLimit: 256 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A client that trickles its request (or a handler stuck behind the database) cannot hold a socket
    // forever: the request must arrive within 30 s, and idle sockets are closed after the keep-alive.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    // Errors raised before our hooks run still get our page and security headers, not Fastify's JSON.
    frameworkErrors,
    clientErrorHandler,
    ...fastify,
  });

  if (onRoute) app.addHook('onRoute', onRoute);
  // The reading analyser's worker (lib/readings.ts) ends with the app; the next document built restarts it.
  app.addHook('onClose', () => readingAnalyser.close());
  const assets = assetFingerprints(config.NODE_ENV === 'production');
  app.decorate('assets', assets);
  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('db', database.db);
  app.decorate('clock', clock);
  const publicCache = new PublicCache(config.PUBLIC_CACHE_SECONDS);
  app.decorate('publicCache', publicCache);
  // Several processes on one PostgreSQL: a change made through any of them clears every process's public
  // caches (NOTIFY), and a process that lost the message while the database was away clears its own.
  if (config.PUBLIC_CACHE_SECONDS > 0 && database.engine === 'postgres') {
    publicCache.broadcastWith(() => database.notify(PUBLIC_CACHE_CHANNEL));
    const stopListening = await database.listen(PUBLIC_CACHE_CHANNEL, {
      onMessage: () => publicCache.clearLocal(),
      onMissed: () => publicCache.clearLocal(),
    });
    app.addHook('onClose', stopListening);
  }

  // Graceful shutdown: close() stops new connections and waits for requests in flight. A keep-alive
  // connection that finishes its request after close() began would otherwise hold the server open until
  // its keep-alive timeout, so responses sent while closing ask the client to close the connection.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  // 1. Cross-cutting plugins, in dependency order.
  await app.register(securityPlugin, { production: config.NODE_ENV === 'production' });
  await app.register(cookie);
  await app.register(inputHygienePlugin);
  await app.register(formbody);
  // The counters live where every app process sees them, so that a limit holds however many serve the
  // site: in Redis when REDIS_URL is set, else in PostgreSQL. A counter that cannot be reached lets the
  // request through rather than failing it (on PostgreSQL the request then meets the same outage and
  // answers 503). PGlite serves one process, and without Redis its counters stay in memory.
  await app.register(rateLimit, { global: false, ...(await rateLimitStore(app, config, database)) });
  await app.register(i18nPlugin);
  await app.register(viewsPlugin, { config, assetUrl: assets.url });
  await app.register(languageSwitchPlugin);
  // After the language and the view locals are set, so that a refusal renders as the real page (in the
  // reader's language, with the site header) rather than failing inside the layout; before auth, so a
  // forged request costs no session query.
  await app.register(csrfPlugin, { publicUrl: config.PUBLIC_URL });
  await app.register(authPlugin, { production: config.NODE_ENV === 'production' });
  await app.register(pageCachePlugin, { cache: app.publicCache });
  // After the page cache, so it stores pages before they are compressed. Brotli at a low quality: pages are
  // rendered per request, and quality 4 gives most of the saving at a small part of the CPU of the default 11.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(fastifyStatic, {
    root: staticDirectory,
    prefix: '/static/',
    cacheControl: false,
    setHeaders(response, path) {
      // A fingerprinted URL never changes content; anything else is checked again on every use.
      const relative = path
        .slice(staticDirectory.length + 1)
        .split('\\')
        .join('/');
      const version = (response.request.query as { v?: unknown } | undefined)?.v;
      response.header(
        'cache-control',
        assets.isCurrent(relative, version) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });

  // 2. Error and not-found handling before the routes: Fastify binds a route to the error handler in force
  //    when the route is registered.
  await app.register(errorsPlugin, { notFoundRateLimit: config.NOT_FOUND_RATE_LIMIT });

  // 3. Domain modules.
  await app.register(siteRoutes);
  await app.register(pagesRoutes);
  await app.register(homeRoutes);
  await app.register(jobsRoutes);
  await app.register(organisationsRoutes);
  await app.register(accountsRoutes);
  await app.register(membershipRoutes);
  await registerArea(app, 'workspace', workspaceRoutes);
  await registerArea(app, 'console', consoleRoutes);
  await registerArea(app, 'workspace', postingsWorkspaceRoutes);
  await registerArea(app, 'console', postingsConsoleRoutes);
  await registerArea(app, 'console', minimumWagesConsoleRoutes);
  await registerArea(app, 'console', auditConsoleRoutes);
  await registerArea(app, 'workspace', organisationsWorkspaceRoutes);
  await registerArea(app, 'workspace', membershipWorkspaceRoutes);
  await registerArea(app, 'console', organisationsConsoleRoutes);
  await app.register(requestsRoutes);
  await registerArea(app, 'workspace', requestsWorkspaceRoutes);
  await registerArea(app, 'console', requestsConsoleRoutes);
  await app.register(clientsRoutes);
  await registerArea(app, 'workspace', clientsWorkspaceRoutes);
  await registerArea(app, 'workspace', schoolRequestsWorkspaceRoutes);
  await app.register(coursesRoutes);
  await registerArea(app, 'workspace', coursesWorkspaceRoutes);
  await registerArea(app, 'console', coursesConsoleRoutes);
  await app.register(foundingRoutes);
  await app.register(cofoundersRoutes);
  await registerArea(app, 'console', foundingConsoleRoutes);
  await registerArea(app, 'console', eventsConsoleRoutes);
  await registerArea(app, 'console', figuresConsoleRoutes);
  // Without an SMTP server, development shows the outbox in the browser; never in production.
  if (config.NODE_ENV !== 'production' && !config.SMTP_URL) await app.register(mailboxRoutes);

  return app;
}
