import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DATABASE_RETRY_AFTER_SECONDS } from '../../db/errors.js';
import { isLocale } from '../../i18n/index.js';
import { todayInTokyo } from '../../lib/dates.js';
import { NotFoundError } from '../../lib/errors.js';
import { escapeHtml } from '../../lib/html.js';
import { safeLocalPath } from '../../lib/urls.js';
import { LANGUAGE_COOKIE } from '../../plugins/i18n.js';
import { coursesForSitemap } from '../courses/courses.service.js';
import { approvedCoopIds, jobSitemapChunkCount, openJobsInChunk } from './site.service.js';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export default async function siteRoutes(app: FastifyInstance) {
  const base = app.config.PUBLIC_URL;

  /** The process is up (for a container's liveness probe). */
  app.get('/healthz', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );

  /** The database answers (for a load balancer's readiness probe). */
  app.get('/readyz', async (_request, reply) => {
    const ready = await app.database.ping();
    if (!ready) reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    return reply
      .code(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: ready ? 'ready' : 'unavailable', database: app.database.engine });
  });

  /** Language switch by a plain link, so it works without JavaScript; the choice is remembered for a year. */
  app.get('/lang/:locale', async (request, reply) => {
    const { locale } = request.params as { locale: string };
    if (!isLocale(locale)) throw new NotFoundError();
    reply.setCookie(LANGUAGE_COOKIE, locale, {
      path: '/',
      maxAge: ONE_YEAR_SECONDS,
      sameSite: 'lax',
      httpOnly: true,
      secure: app.config.NODE_ENV === 'production',
    });
    return reply.redirect(safeLocalPath((request.query as { next?: unknown }).next), 303);
  });

  app.get('/robots.txt', async (_request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .send(`User-agent: *\nAllow: /\nDisallow: /lang/\n\nSitemap: ${base}/sitemap.xml\n`),
  );

  app.get('/sitemap.xml', async (_request, reply) => {
    const chunks = await jobSitemapChunkCount(app.db);
    const entries = [`${base}/sitemaps/pages.xml`, `${base}/sitemaps/courses.xml`];
    for (let chunk = 0; chunk < chunks; chunk++) entries.push(`${base}/sitemaps/jobs-${chunk + 1}.xml`);
    const body = entries.map((loc) => `<sitemap><loc>${escapeHtml(loc)}</loc></sitemap>`).join('');
    return reply
      .type('application/xml; charset=utf-8')
      .send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${body}</sitemapindex>\n`,
      );
  });

  app.get('/sitemaps/pages.xml', async (_request, reply) => {
    const organisations = await approvedCoopIds(app.db);
    const urls = [
      `<url><loc>${base}/</loc></url>`,
      `<url><loc>${base}/jobs</loc></url>`,
      `<url><loc>${base}/organisations</loc></url>`,
      `<url><loc>${base}/courses</loc></url>`,
      `<url><loc>${base}/courses/requests/new</loc></url>`,
      `<url><loc>${base}/operator</loc></url>`,
      `<url><loc>${base}/privacy</loc></url>`,
      `<url><loc>${base}/contact</loc></url>`,
      ...organisations.map(
        (org) =>
          `<url><loc>${base}/organisations/${org.id}</loc><lastmod>${org.updatedAt.toISOString()}</lastmod></url>`,
      ),
    ];
    return reply.type('application/xml; charset=utf-8').send(urlset(urls));
  });

  // Published courses with a session still to come (the catalogue's rule): ended ones drop out.
  app.get('/sitemaps/courses.xml', async (_request, reply) => {
    const courses = await coursesForSitemap(app.db, todayInTokyo(app.clock()));
    const urls = courses.map(
      (course) =>
        `<url><loc>${base}/courses/${course.id}</loc><lastmod>${course.updatedAt.toISOString()}</lastmod></url>`,
    );
    return reply.type('application/xml; charset=utf-8').send(urlset(urls));
  });

  const chunkParams = z.object({ chunk: z.coerce.number().int().min(1).max(100_000) });
  app.get('/sitemaps/jobs-:chunk.xml', async (request, reply) => {
    const parsed = chunkParams.safeParse(request.params);
    if (!parsed.success) throw new NotFoundError();
    // Only the chunks sitemap.xml lists exist (a listed chunk may be empty while its postings are closed).
    if (parsed.data.chunk > (await jobSitemapChunkCount(app.db))) throw new NotFoundError();
    const jobs = await openJobsInChunk(app.db, parsed.data.chunk - 1, todayInTokyo(app.clock()));
    const urls = jobs.map(
      (job) =>
        `<url><loc>${base}/jobs/${job.id}</loc><lastmod>${job.updatedAt.toISOString()}</lastmod></url>`,
    );
    return reply.type('application/xml; charset=utf-8').send(urlset(urls));
  });
}

function urlset(urls: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join('')}</urlset>\n`;
}
