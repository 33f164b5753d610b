import closeWithGrace from 'close-with-grace';
import pino, { type Logger } from 'pino';
import { buildApp } from './app.js';
import { systemContext } from './auth/context.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import { deleteEndedRateLimitWindows } from './db/rate-limit-store.js';
import { systemClock } from './lib/clock.js';
import { runClientMaintenance } from './modules/clients/clients.maintenance.js';
import { runCourseMaintenance } from './modules/courses/courses.maintenance.js';
import { runFoundingMaintenance } from './modules/founding/founding.maintenance.js';
import { runMaintenance } from './modules/postings/postings.maintenance.js';
import { requestPolicyOf, runRequestMaintenance } from './modules/requests/requests.maintenance.js';
import { seedDemoIfEmpty } from './seed/demo.js';

async function startMailIfConfigured(
  config: Config,
  database: Database,
  logger: Pick<Logger, 'warn' | 'error'>,
): Promise<() => Promise<void>> {
  if (!config.SMTP_URL) return async () => {};
  const { createMailSender, startMailDelivery } = await import('./modules/mail/delivery.js');
  return startMailDelivery(
    database.db,
    createMailSender(config.SMTP_URL, config.MAIL_FROM),
    systemClock,
    logger,
    config.MAIL_POLL_SECONDS * 1000,
  );
}

/** The only place that reads process.env, opens the database, listens and shuts down. */
async function main() {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  // Connection losses are logged from the pool before the app (and its logger) exists.
  const bootLogger = pino({ level: config.LOG_LEVEL, base: { name: 'database' } });
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    pgliteDir: config.PGLITE_DIR,
    poolMax: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    logger: bootLogger,
  });
  await migrateDatabase(database);

  const app = await buildApp({ config, database });
  if (config.SEED_DEMO) {
    const seeded = await seedDemoIfEmpty(database.db);
    if (seeded) app.log.info(seeded, 'demo data seeded');
  }

  // Mail waits in the outbox until an SMTP server is configured (and is readable at /dev/mailbox meanwhile).
  // The SMTP client is loaded only then (about 7 MB a process does not need otherwise).
  const stopMail = await startMailIfConfigured(config, database, app.log);

  // Postings past their date close themselves and their staff are told a week ahead: checked just after
  // start and every hour (each run is idempotent).
  const maintain = () =>
    runMaintenance(systemContext({ db: database.db, now: systemClock(), publicUrl: config.PUBLIC_URL }))
      .then(async (report) => {
        if (report.closed > 0 || report.readingsAdded > 0) await app.publicCache.invalidate();
        await deleteEndedRateLimitWindows(database.db);
        if (report.closed > 0 || report.noticesSent > 0 || report.readingsAdded > 0)
          app.log.info(report, 'maintenance done');
      })
      .catch((err) => app.log.error({ err }, 'maintenance failed'));
  // Requests: reminders, escalation, expiry, the day-before mail, unconfirmed deletion and retention.
  const maintainRequests = () =>
    runRequestMaintenance(
      systemContext({ db: database.db, now: systemClock(), publicUrl: config.PUBLIC_URL }),
      requestPolicyOf(config),
    )
      .then((report) => {
        if (Object.values(report).some((count) => count > 0))
          app.log.info(report, 'request maintenance done');
      })
      .catch((err) => app.log.error({ err }, 'request maintenance failed'));
  // Courses: the day-before reminder of each session, unconfirmed enrolments deleted, and retention.
  const maintainCourses = () =>
    runCourseMaintenance(database.db, systemClock(), {
      publicUrl: config.PUBLIC_URL,
      retentionMonths: config.COURSE_RETENTION_MONTHS,
    })
      .then((report) => {
        if (Object.values(report).some((count) => count > 0)) app.log.info(report, 'course maintenance done');
      })
      .catch((err) => app.log.error({ err }, 'course maintenance failed'));
  // Founding: co-founder cards leave the board after their days (owners told a week ahead); old invitations go.
  const maintainFounding = () =>
    runFoundingMaintenance(
      systemContext({ db: database.db, now: systemClock(), publicUrl: config.PUBLIC_URL }),
    )
      .then(async (report) => {
        if (report.cardsExpired > 0) await app.publicCache.invalidate();
        if (Object.values(report).some((count) => count > 0))
          app.log.info(report, 'founding maintenance done');
      })
      .catch((err) => app.log.error({ err }, 'founding maintenance failed'));
  // Counselors' clients: closed cases erased CLIENT_RETENTION_MONTHS after closing or their last request.
  const maintainClients = () =>
    runClientMaintenance(
      systemContext({ db: database.db, now: systemClock(), publicUrl: config.PUBLIC_URL }),
      { retentionMonths: config.CLIENT_RETENTION_MONTHS },
    )
      .then((report) => {
        if (report.erased > 0) app.log.info(report, 'client maintenance done');
      })
      .catch((err) => app.log.error({ err }, 'client maintenance failed'));
  const maintenanceTimer = setInterval(
    () => {
      void maintain();
      void maintainRequests();
      void maintainCourses();
      void maintainFounding();
      void maintainClients();
    },
    60 * 60 * 1000,
  );
  maintenanceTimer.unref();

  // In-flight requests finish (Fastify stops accepting new ones and answers 503 while closing).
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an uncaught error');
    else app.log.info({ signal }, 'shutting down');
    clearInterval(maintenanceTimer);
    await app.close();
    await stopMail();
    await database.close();
  });

  await app.listen({ host: config.HOST, port: config.PORT });
  app.log.info({ engine: database.engine }, `よいしごとステーション is ready on ${config.PUBLIC_URL}`);
  // The first maintenance run starts once the app serves, not before: on a large board it reads many
  // rows (expired postings, notices due), and start-up must not grow with the data. Nothing the public
  // sees waits for it: the board already leaves out postings past their date (openPostingWhere).
  void maintain().then(maintainRequests).then(maintainCourses).then(maintainFounding).then(maintainClients);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
