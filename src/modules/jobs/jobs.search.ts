import { z } from 'zod';
import { employmentForms, jobFields } from '../../db/schema/enums.js';
import { checkbox, optionalId } from '../../lib/forms.js';

export const PAGE_SIZE = 20;
/** Results are counted up to this many; beyond it the page says "more than N" and paging stops. */
export const COUNT_CAP = 10_000;
export const MAX_PAGE = COUNT_CAP / PAGE_SIZE;

/** A value from a select: anything unexpected (a stale link, a hand-edited URL) means "any". */
const optionalChoice = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional()).catch(undefined);

export const searchQuerySchema = z.object({
  q: z
    .string()
    .catch('')
    .default('')
    .transform((value) => value.trim().slice(0, 100)),
  pref: optionalChoice(z.string().regex(/^\d{2}$/)),
  muni: optionalChoice(z.string().regex(/^\d{6}$/)),
  field: optionalChoice(z.enum(jobFields)),
  form: optionalChoice(z.enum(employmentForms)),
  org: optionalId().catch(undefined),
  /** Kept as text here: an invalid number is reported beside the field, not silently dropped. */
  wage: z
    .string()
    .catch('')
    .default('')
    .transform((value) => value.normalize('NFKC').replace(/[,\s円]/g, '')),
  wageUnit: z.enum(['hour', 'month']).catch('hour').default('hour'),
  short: checkbox,
  visit: checkbox,
  trial: checkbox,
  beginner: checkbox,
  /** The co-op's governance card: 1人1票, paying the contribution over time, the 2022 law, 従事分量配当. */
  oneVote: checkbox,
  payOverTime: checkbox,
  law2022: checkbox,
  workShare: checkbox,
  /** The most a member contributes in total (yen), kept as text like the wage. */
  capital: z
    .string()
    .catch('')
    .default('')
    .transform((value) => value.normalize('NFKC').replace(/[,\s円]/g, '')),
  closed: checkbox,
  sort: z.enum(['newest', 'wage']).catch('newest').default('newest'),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1).default(1),
});

export type SearchQuery = z.infer<typeof searchQuerySchema>;

export interface SearchFilters extends Omit<SearchQuery, 'wage' | 'capital'> {
  wage: number | undefined;
  capital: number | undefined;
}

export interface ParsedSearch {
  filters: SearchFilters;
  /** The values to put back into the form, exactly as typed. */
  raw: SearchQuery;
  errors: Partial<{ wage: 'search.wageInvalid'; capital: 'search.capitalInvalid' }>;
}

export function parseSearchQuery(query: unknown): ParsedSearch {
  const raw = searchQuerySchema.parse(query ?? {});
  const errors: ParsedSearch['errors'] = {};
  let wage: number | undefined;
  if (raw.wage !== '') {
    const parsed = Number(raw.wage);
    if (Number.isInteger(parsed) && parsed >= 0 && parsed <= 10_000_000) wage = parsed;
    else errors.wage = 'search.wageInvalid';
  }
  let capital: number | undefined;
  if (raw.capital !== '') {
    const parsed = Number(raw.capital);
    if (Number.isInteger(parsed) && parsed >= 0 && parsed <= 100_000_000) capital = parsed;
    else errors.capital = 'search.capitalInvalid';
  }
  // A municipality only makes sense inside the chosen prefecture.
  const muni = raw.muni && raw.pref && raw.muni.startsWith(raw.pref) ? raw.muni : undefined;
  return { filters: { ...raw, muni, wage, capital }, raw: { ...raw, muni }, errors };
}

/** The query string for a search, leaving out defaults so links stay short and shareable. */
export function searchQueryString(raw: Partial<SearchQuery>, overrides: Partial<SearchQuery> = {}): string {
  const merged: Partial<SearchQuery> = { ...raw, ...overrides };
  const params = new URLSearchParams();
  const put = (name: string, value: string | number | boolean | undefined) => {
    if (value === undefined || value === '' || value === false) return;
    params.set(name, value === true ? '1' : String(value));
  };
  put('q', merged.q);
  put('pref', merged.pref);
  put('muni', merged.muni);
  put('field', merged.field);
  put('form', merged.form);
  put('org', merged.org);
  put('wage', merged.wage);
  if (merged.wage) put('wageUnit', merged.wageUnit);
  put('short', merged.short);
  put('visit', merged.visit);
  put('trial', merged.trial);
  put('beginner', merged.beginner);
  put('oneVote', merged.oneVote);
  put('payOverTime', merged.payOverTime);
  put('law2022', merged.law2022);
  put('workShare', merged.workShare);
  put('capital', merged.capital);
  put('closed', merged.closed);
  if (merged.sort && merged.sort !== 'newest') put('sort', merged.sort);
  if (merged.page && merged.page > 1) put('page', merged.page);
  const query = params.toString();
  return query ? `?${query}` : '';
}
