import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Locale, Translate } from '../../i18n/index.js';
import { csvDocument } from '../../lib/csv.js';
import { todayInTokyo } from '../../lib/dates.js';
import type { FormErrors } from '../../lib/forms.js';
import { prefectureName, prefectures } from '../../lib/regions.js';
import { errorSummary, renderPrivatePage } from '../../plugins/form-page.js';
import { access } from '../../plugins/guards.js';
import { serviceContext } from '../../plugins/service-context.js';
import { chartLayout } from './figures.chart.js';
import { type FiguresFilter, readFilter } from './figures.filters.js';
import { figureSections, loadFigures, loadSection, type SectionFigures } from './figures.service.js';

const englishMonth = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });

/** A month's words: in full for the table ("2026年11月", "Nov 2026") and short under a bar. */
function monthWords(month: string, locale: Locale) {
  const [year, index] = month.split('-').map(Number) as [number, number];
  const short = locale === 'ja' ? `${index}月` : englishMonth.format(new Date(Date.UTC(year, index - 1, 1)));
  return { full: locale === 'ja' ? `${year}年${index}月` : `${short} ${year}`, short, year: String(year) };
}

/**
 * A section's table as the page and the CSV both show it: the same header, rows and totals, so the file
 * a funder receives says exactly what the page said.
 */
function tableOf(figures: SectionFigures, t: Translate, locale: Locale) {
  const { section } = figures;
  const rowLabel = (key: string) =>
    section.rows === 'months' ? monthWords(key, locale).full : t(section.rows.label(key));
  const head = [
    section.rows === 'months' ? t('figures.month') : t(section.rows.heading),
    ...section.columns.keys.map((key) => t(section.columns.label(key))),
    ...(section.rowTotals ? [t('figures.total')] : []),
  ];
  const withTotal = (cells: number[]) =>
    section.rowTotals ? [...cells, cells.reduce((a, b) => a + b, 0)] : cells;
  const rows = figures.rowKeys.map((key, index) => ({
    label: rowLabel(key),
    cells: withTotal(figures.values[index] ?? []),
  }));
  const columnTotals = section.columns.keys.map((_, column) =>
    figures.values.reduce((sum, row) => sum + (row[column] ?? 0), 0),
  );
  return { head, rows, totals: { label: t('figures.total'), cells: withTotal(columnTotals) } };
}

function summaryOf(
  figures: SectionFigures,
  charted: number[],
  categoryNames: string[],
  t: Translate,
): string {
  const { section } = figures;
  const sums = (column: number) => figures.values.map((row) => row[column] ?? 0);
  const top = (values: number[]) => {
    const max = Math.max(...values);
    return { max, at: categoryNames[values.indexOf(max)] ?? '' };
  };
  const all = figures.values.map((row) => charted.reduce((sum, column) => sum + (row[column] ?? 0), 0));
  if (all.every((value) => value === 0)) return t('figures.summary.empty');
  if (section.chart === 'stacked') {
    const { max, at } = top(all);
    const total = all.reduce((a, b) => a + b, 0);
    return t(section.unit === 'people' ? 'figures.summary.stackedPeople' : 'figures.summary.stackedRecords', {
      total,
      top: at,
      max,
    });
  }
  return charted
    .map((column) => {
      const values = sums(column);
      const { max, at } = top(values);
      return t(
        section.unit === 'people' ? 'figures.summary.groupedPeople' : 'figures.summary.groupedRecords',
        {
          series: t(section.columns.label(section.columns.keys[column] as string)),
          total: values.reduce((a, b) => a + b, 0),
          top: at,
          max,
        },
      );
    })
    .join(t('figures.summary.separator'));
}

/** What the page shows of one section: its words, its chart's geometry, its table and its CSV link. */
function sectionView(request: FastifyRequest, figures: SectionFigures, query: string) {
  const { section } = figures;
  const t = request.t;
  const locale = request.locale;
  const charted = section.columns.keys.flatMap((key, index) =>
    section.chartOmits?.includes(key) ? [] : [index],
  );
  const categories = figures.rowKeys.map((key, index) => {
    if (section.rows !== 'months') {
      const label = t(section.rows.label(key));
      return { label, full: label };
    }
    const words = monthWords(key, locale);
    const first = index === 0 || key.endsWith('-01');
    return { label: words.short, full: words.full, ...(first ? { sub: words.year } : {}) };
  });
  const numbers = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB');
  const chart = chartLayout(
    {
      mode: section.chart,
      categories,
      series: charted.map((column) => ({
        label: t(section.columns.label(section.columns.keys[column] as string)),
      })),
      values: figures.values.map((row) => charted.map((column) => row[column] ?? 0)),
      wideLabels: section.rows !== 'months',
    },
    (value) => numbers.format(value),
  );
  return {
    id: section.id,
    title: t(section.title),
    lead: t(section.lead),
    chart,
    summary: summaryOf(
      figures,
      charted,
      categories.map((category) => category.full),
      t,
    ),
    table: tableOf(figures, t, locale),
    csvHref: `/console/figures/${section.id}.csv${query}`,
  };
}

function queryString(filter: FiguresFilter): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.prefectureCode) params.set('prefecture', filter.prefectureCode);
  return `?${params.toString()}`;
}

/**
 * /console/figures: what the station did, per month and per prefecture — the figures the secretariat
 * reports to members and funders. Each section has a chart (SVG drawn here, no script), the same numbers
 * as a table, a summary in words for screen readers, and the table as CSV.
 */
export default async function figuresConsoleRoutes(app: FastifyInstance) {
  const secretariat = access('secretariat');

  function page(request: FastifyRequest, reply: FastifyReply, data: Record<string, unknown>, status = 200) {
    return renderPrivatePage(
      reply,
      'figures/dashboard.eta',
      {
        section: 'figures',
        prefectureOptions: prefectures.map((prefecture) => ({
          value: prefecture.code,
          label: prefectureName(prefecture.code, request.locale),
        })),
        ...data,
      },
      status,
    );
  }

  function filterOf(request: FastifyRequest) {
    return readFilter(request.query, todayInTokyo(serviceContext(request).now));
  }

  const filterLabels = {
    from: 'figures.filter.from',
    to: 'figures.filter.to',
    prefecture: 'figures.filter.prefecture',
  } as const;

  function refusedFilter(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { values: Record<string, string>; errors: FormErrors },
  ) {
    return page(
      request,
      reply,
      {
        values: form.values,
        errors: form.errors,
        errorList: errorSummary(request, form.errors, filterLabels),
        sections: [],
      },
      422,
    );
  }

  app.get('/figures', secretariat, async (request, reply) => {
    const read = filterOf(request);
    if (!read.ok) return refusedFilter(request, reply, read);
    const figures = await loadFigures(serviceContext(request), read.filter);
    const query = queryString(read.filter);
    return page(request, reply, {
      values: read.values,
      period: {
        from: monthWords(read.filter.from, request.locale).full,
        to: monthWords(read.filter.to, request.locale).full,
        area: read.filter.prefectureCode
          ? prefectureName(read.filter.prefectureCode, request.locale)
          : request.t('figures.filter.allPrefectures'),
      },
      sections: figures.map((section) => sectionView(request, section, query)),
    });
  });

  for (const section of figureSections) {
    app.get(`/figures/${section.id}.csv`, secretariat, async (request, reply) => {
      const read = filterOf(request);
      if (!read.ok) return refusedFilter(request, reply, read);
      const figures = await loadSection(serviceContext(request), section, read.filter);
      const table = tableOf(figures, request.t, request.locale);
      const csv = csvDocument(table.head, [
        ...table.rows.map((row) => [row.label, ...row.cells]),
        [table.totals.label, ...table.totals.cells],
      ]);
      const area = read.filter.prefectureCode ? `-${read.filter.prefectureCode}` : '';
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="figures-${section.id}-${read.filter.from}-${read.filter.to}${area}.csv"`,
        )
        .send(csv);
    });
  }
}
