import type { FastifyInstance, FastifyRequest } from 'fastify';
import { employmentForms, jobFields } from '../../db/schema/enums.js';
import { todayInTokyo } from '../../lib/dates.js';
import { NotFoundError } from '../../lib/errors.js';
import { idParam } from '../../lib/forms.js';
import { paginate } from '../../lib/pagination.js';
import { findMunicipality, municipalitiesOf, prefectureName, prefectures } from '../../lib/regions.js';
import { serviceContext } from '../../plugins/service-context.js';
import { jobPostingJsonLd, serialiseJsonLd } from './jobs.jsonld.js';
import {
  COUNT_CAP,
  MAX_PAGE,
  PAGE_SIZE,
  type ParsedSearch,
  parseSearchQuery,
  type SearchQuery,
  searchQueryString,
} from './jobs.search.js';
import {
  acceptedEngagements,
  compileSearch,
  countJobs,
  findOrganisationName,
  getJobDetail,
  searchJobs,
} from './jobs.service.js';

/** The governance card's checkboxes, each offered for removal on its own (the terms differ a lot). */
const governanceFilters = ['oneVote', 'payOverTime', 'law2022', 'workShare'] as const;

interface Suggestion {
  label: string;
  href: string;
  count: number;
  /** More matches than are counted (the count is then COUNT_CAP). */
  capped: boolean;
}

/**
 * When nothing matches, offer the searches with one condition removed that do find something,
 * so the person is never left at a dead end.
 */
async function relaxations(
  app: FastifyInstance,
  parsed: ParsedSearch,
  today: string,
  request: FastifyRequest,
  orgName: string | null,
): Promise<Suggestion[]> {
  const { raw, filters } = parsed;
  const t = request.t;
  const candidates: Array<{ label: string; overrides: Partial<SearchQuery> }> = [];
  if (raw.q)
    candidates.push({ label: t('search.suggest.removeKeyword', { q: raw.q }), overrides: { q: '' } });
  if (raw.muni) {
    const name = findMunicipality(raw.muni)?.name ?? raw.muni;
    candidates.push({
      label: t('search.suggest.removeMunicipality', { name }),
      overrides: { muni: undefined },
    });
  }
  if (raw.pref) {
    const name = prefectureName(raw.pref, request.locale);
    candidates.push({
      label: t('search.suggest.removePrefecture', { name }),
      overrides: { pref: undefined, muni: undefined },
    });
  }
  if (raw.field) {
    candidates.push({
      label: t('search.suggest.removeField', { name: t(`field.${raw.field}`) }),
      overrides: { field: undefined },
    });
  }
  if (raw.form) {
    candidates.push({
      label: t('search.suggest.removeForm', { name: t(`employmentForm.${raw.form}`) }),
      overrides: { form: undefined },
    });
  }
  if (filters.wage !== undefined)
    candidates.push({ label: t('search.suggest.removeWage'), overrides: { wage: '' } });
  if (raw.short || raw.visit || raw.trial || raw.beginner) {
    candidates.push({
      label: t('search.suggest.removeConditions'),
      overrides: { short: false, visit: false, trial: false, beginner: false },
    });
  }
  for (const term of governanceFilters) {
    if (raw[term])
      candidates.push({
        label: t('search.suggest.removeTerm', { name: t(`search.terms.${term}`) }),
        overrides: { [term]: false },
      });
  }
  if (filters.capital !== undefined)
    candidates.push({ label: t('search.suggest.removeCapital'), overrides: { capital: '' } });
  if (raw.org && orgName)
    candidates.push({ label: t('search.suggest.removeOrganisation'), overrides: { org: undefined } });

  const suggestions: Suggestion[] = [];
  for (const candidate of candidates) {
    const relaxed = { ...raw, ...candidate.overrides, page: 1 };
    const search = compileSearch(parseSearchQuery(relaxed).filters, today);
    const count = await app.publicCache.count(search.countKey, () => countJobs(app.db, search));
    if (count > 0)
      suggestions.push({
        label: candidate.label,
        href: `/jobs${searchQueryString(relaxed)}`,
        count: Math.min(count, COUNT_CAP),
        capped: count > COUNT_CAP,
      });
  }
  return suggestions;
}

export default async function jobsRoutes(app: FastifyInstance) {
  app.get('/jobs', async (request, reply) => {
    const parsed = parseSearchQuery(request.query);
    const { filters, raw } = parsed;
    const today = todayInTokyo(serviceContext(request).now);
    // Compiled once: the keywords are parsed here and nowhere else on the way to the database.
    const search = compileSearch(filters, today);
    const { keywordCheck } = search;
    // Only symbols or emoji: nothing to search for, so nothing matches (never "every posting").
    const unsearchable = filters.q.trim() !== '' && !keywordCheck.searchable;
    const [result, organisationName] = await Promise.all([
      unsearchable
        ? Promise.resolve({ jobs: [], total: 0, capped: false, approximate: false, pageLimit: 1 })
        : searchJobs(app.db, search, { cache: app.publicCache }),
      filters.org ? findOrganisationName(app.db, filters.org) : Promise.resolve(null),
    ]);
    const pagination = paginate(
      filters.page,
      Math.min(result.total, result.pageLimit * PAGE_SIZE),
      PAGE_SIZE,
    );
    // The last page a search with very many matches can show says how to see the others.
    const narrowToSeeMore =
      (result.capped || result.approximate) &&
      result.pageLimit < MAX_PAGE &&
      pagination.page === pagination.pageCount;
    // A page past the last, or a page number that is not one, says so instead of quietly showing page 1.
    const askedPage = (request.query as { page?: unknown } | undefined)?.page;
    const pageIsValid =
      askedPage === undefined || askedPage === '' || String(askedPage) === String(filters.page);
    if (!pageIsValid || filters.page > pagination.pageCount) throw new NotFoundError('search.pageMissing');
    const suggestions =
      result.total === 0 && !unsearchable
        ? await relaxations(app, parsed, today, request, organisationName)
        : [];
    const hasErrors = Object.keys(parsed.errors).length > 0;
    return reply.code(hasErrors ? 422 : 200).view('jobs/index.eta', {
      raw,
      errors: parsed.errors,
      result,
      pagination,
      firstShown: result.total === 0 ? 0 : (pagination.page - 1) * PAGE_SIZE + 1,
      lastShown: (pagination.page - 1) * PAGE_SIZE + result.jobs.length,
      pageHref: (page: number) => `/jobs${searchQueryString(raw, { page })}`,
      searchQuery: searchQueryString(raw),
      suggestions,
      narrowToSeeMore,
      shownLimit: result.pageLimit * PAGE_SIZE,
      unsearchable,
      ignoredKeywords: keywordCheck.ignored.join(' '),
      romaji: search.romaji,
      // Sorted by wage, the list is in order of the hourly equivalent, so each card shows it.
      showHourlyEquivalent: filters.sort === 'wage',
      startOverHref: '/jobs',
      organisationName,
      clearOrganisationHref: `/jobs${searchQueryString(raw, { org: undefined, page: 1 })}`,
      prefectures,
      municipalities: raw.pref ? municipalitiesOf(raw.pref) : [],
      fields: jobFields,
      employmentForms,
    });
  });

  app.get('/jobs/:id', { config: { pageCache: true } }, async (request, reply) => {
    const { nextSlots, ...detail } = await getJobDetail(
      serviceContext(request),
      idParam(request.params, 'id'),
    );
    // Expired or closed postings carry no JobPosting data: search engines should drop them.
    const jsonLd = detail.open ? serialiseJsonLd(jobPostingJsonLd(detail, app.config.PUBLIC_URL)) : null;
    return reply.view('jobs/show.eta', {
      ...detail,
      jsonLd,
      engagements: acceptedEngagements(detail.posting),
      // The request entry: the workplace's next open slots and the places left in each.
      requestSlots: nextSlots,
      canonical: `${app.config.PUBLIC_URL}/jobs/${detail.posting.id}`,
    });
  });
}
