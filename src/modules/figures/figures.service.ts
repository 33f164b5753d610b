import { type SQL, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../auth/context.js';
import { queryRows } from '../../db/client.js';
import {
  consultationEventOutcomesTable,
  consultationEventsTable,
  courseEnrolmentsTable,
  coursesTable,
  eventOutcomeKinds,
  foundingGroupsTable,
  foundingStages,
  jobPostingsTable,
  placementRequestsTable,
  requestKinds,
  requestStates,
  workplacesTable,
} from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { addMonths, type FiguresFilter, monthsBetween, tokyoMonthStart } from './figures.filters.js';

/**
 * The secretariat's figures, one section per table. A section is one SQL aggregate returning
 * `{ row, column, n }` triples, the keys of its rows (months, or a fixed list) and columns, and how its
 * chart is drawn. The page, the chart, the table and the CSV are all made from what `load` returns, so a
 * new section is one more entry in `figureSections`.
 */
export interface FigureSection {
  id: string;
  title: MessageKey;
  /** What is counted and when it counts, in a sentence under the heading. */
  lead: MessageKey;
  /** Counts of people (人) or of records (件). */
  unit: 'people' | 'records';
  /** Rows are the filter's months, or a fixed list (kinds) with its labels' keys. */
  rows: 'months' | { keys: readonly string[]; label: (key: string) => MessageKey; heading: MessageKey };
  columns: { keys: readonly string[]; label: (key: string) => MessageKey };
  /** How the chart stacks the columns: parts of one whole (stacked), or side by side (grouped). */
  chart: 'stacked' | 'grouped';
  /** Columns the chart leaves out (a count of events beside counts of people); the table keeps them. */
  chartOmits?: readonly string[];
  /** Whether the table ends with a column of row totals (only when the columns add up). */
  rowTotals: boolean;
  query(filter: FiguresFilter): SQL;
}

export interface SectionFigures {
  section: FigureSection;
  rowKeys: string[];
  /** values[row][column], zeros filled in. */
  values: number[][];
}

/** The half-open instant range of the filter's months, for timestamps. */
function instantRange(filter: FiguresFilter) {
  return { start: tokyoMonthStart(filter.from), end: tokyoMonthStart(addMonths(filter.to, 1)) };
}

/** The half-open range of calendar days, for dates. */
function dayRange(filter: FiguresFilter) {
  return { start: `${filter.from}-01`, end: `${addMonths(filter.to, 1)}-01` };
}

/** The Tokyo month of an instant, "2026-11": a visit at 00:30 on 1 December in Tokyo counts in December. */
const tokyoMonth = (column: SQL | unknown) => sql`to_char(${column} at time zone 'Asia/Tokyo', 'YYYY-MM')`;

const inPrefecture = (column: unknown, filter: FiguresFilter) =>
  filter.prefectureCode === null ? sql`true` : sql`${column} = ${filter.prefectureCode}`;

/** When a visit or trial happened: its scheduled start, or (without one) when it was marked done. */
const happenedAt = sql`coalesce(${placementRequestsTable.scheduledStart}, ${placementRequestsTable.closedAt})`;

const countedStates = requestStates.filter((state) => state !== 'unconfirmed');
const countedOutcomes = ['joined_member', 'employed', 'continuing_trials', 'not_proceeding'] as const;

export const figureSections: FigureSection[] = [
  {
    id: 'postings',
    title: 'figures.postings.title',
    lead: 'figures.postings.lead',
    unit: 'records',
    rows: 'months',
    columns: { keys: ['published'], label: () => 'figures.postings.published' },
    chart: 'stacked',
    rowTotals: false,
    query(filter) {
      const { start, end } = dayRange(filter);
      // Ever published: closed and filled postings were published first; a draft or one in review was not.
      return sql`select to_char(${jobPostingsTable.postedOn}, 'YYYY-MM') as row_key, 'published' as column_key, count(*)::int as n
        from ${jobPostingsTable} join ${workplacesTable} on ${workplacesTable.id} = ${jobPostingsTable.workplaceId}
        where ${jobPostingsTable.status} in ('published', 'closed', 'filled')
          and ${jobPostingsTable.postedOn} >= ${start} and ${jobPostingsTable.postedOn} < ${end}
          and ${inPrefecture(workplacesTable.prefectureCode, filter)}
        group by 1`;
    },
  },
  {
    id: 'requests',
    title: 'figures.requests.title',
    lead: 'figures.requests.lead',
    unit: 'records',
    rows: 'months',
    columns: { keys: requestKinds, label: (kind) => `requests.kind.${kind}` as MessageKey },
    chart: 'stacked',
    rowTotals: true,
    query(filter) {
      const { start, end } = instantRange(filter);
      return sql`select ${tokyoMonth(placementRequestsTable.createdAt)} as row_key, ${placementRequestsTable.kind}::text as column_key, count(*)::int as n
        from ${placementRequestsTable} join ${workplacesTable} on ${workplacesTable.id} = ${placementRequestsTable.workplaceId}
        where ${placementRequestsTable.state} <> 'unconfirmed'
          and ${placementRequestsTable.createdAt} >= ${start} and ${placementRequestsTable.createdAt} < ${end}
          and ${inPrefecture(workplacesTable.prefectureCode, filter)}
        group by 1, 2`;
    },
  },
  {
    id: 'request-states',
    title: 'figures.requestStates.title',
    lead: 'figures.requestStates.lead',
    unit: 'records',
    rows: {
      keys: requestKinds,
      label: (kind) => `requests.kind.${kind}` as MessageKey,
      heading: 'figures.requestStates.kind',
    },
    columns: { keys: countedStates, label: (state) => `figures.state.${state}` as MessageKey },
    chart: 'stacked',
    rowTotals: true,
    query(filter) {
      const { start, end } = instantRange(filter);
      return sql`select ${placementRequestsTable.kind}::text as row_key, ${placementRequestsTable.state}::text as column_key, count(*)::int as n
        from ${placementRequestsTable} join ${workplacesTable} on ${workplacesTable.id} = ${placementRequestsTable.workplaceId}
        where ${placementRequestsTable.state} <> 'unconfirmed'
          and ${placementRequestsTable.createdAt} >= ${start} and ${placementRequestsTable.createdAt} < ${end}
          and ${inPrefecture(workplacesTable.prefectureCode, filter)}
        group by 1, 2`;
    },
  },
  {
    id: 'done',
    title: 'figures.done.title',
    lead: 'figures.done.lead',
    unit: 'records',
    rows: 'months',
    columns: { keys: requestKinds, label: (kind) => `requests.kind.${kind}` as MessageKey },
    chart: 'stacked',
    rowTotals: true,
    query(filter) {
      const { start, end } = instantRange(filter);
      return sql`select ${tokyoMonth(happenedAt)} as row_key, ${placementRequestsTable.kind}::text as column_key, count(*)::int as n
        from ${placementRequestsTable} join ${workplacesTable} on ${workplacesTable.id} = ${placementRequestsTable.workplaceId}
        where ${placementRequestsTable.state} = 'completed'
          and ${happenedAt} >= ${start} and ${happenedAt} < ${end}
          and ${inPrefecture(workplacesTable.prefectureCode, filter)}
        group by 1, 2`;
    },
  },
  {
    id: 'outcomes',
    title: 'figures.outcomes.title',
    lead: 'figures.outcomes.lead',
    unit: 'records',
    rows: 'months',
    columns: { keys: countedOutcomes, label: (outcome) => `figures.outcome.${outcome}` as MessageKey },
    chart: 'stacked',
    rowTotals: true,
    query(filter) {
      const { start, end } = instantRange(filter);
      return sql`select ${tokyoMonth(happenedAt)} as row_key, ${placementRequestsTable.outcome}::text as column_key, count(*)::int as n
        from ${placementRequestsTable} join ${workplacesTable} on ${workplacesTable.id} = ${placementRequestsTable.workplaceId}
        where ${placementRequestsTable.outcome} in ('joined_member', 'employed', 'continuing_trials', 'not_proceeding')
          and ${happenedAt} >= ${start} and ${happenedAt} < ${end}
          and ${inPrefecture(workplacesTable.prefectureCode, filter)}
        group by 1, 2`;
    },
  },
  {
    id: 'courses',
    title: 'figures.courses.title',
    lead: 'figures.courses.lead',
    unit: 'people',
    rows: 'months',
    columns: { keys: ['enrolled', 'completed'], label: (key) => `figures.courses.${key}` as MessageKey },
    chart: 'grouped',
    rowTotals: false,
    query(filter) {
      const { start, end } = instantRange(filter);
      const counted = (
        column: unknown,
        name: string,
      ) => sql`select ${tokyoMonth(column)} as row_key, ${name} as column_key, count(*)::int as n
        from ${courseEnrolmentsTable} join ${coursesTable} on ${coursesTable.id} = ${courseEnrolmentsTable.courseId}
        where ${column} >= ${start} and ${column} < ${end}
          and ${inPrefecture(coursesTable.prefectureCode, filter)}
        group by 1`;
      // Enrolled: given a place or a waitlist number (an address never confirmed is not an enrolment).
      return sql`${counted(courseEnrolmentsTable.placedAt, 'enrolled')} union all ${counted(courseEnrolmentsTable.completedAt, 'completed')}`;
    },
  },
  {
    id: 'founding',
    title: 'figures.founding.title',
    lead: 'figures.founding.lead',
    unit: 'records',
    rows: 'months',
    columns: { keys: foundingStages, label: (stage) => `founding.stage.${stage}` as MessageKey },
    chart: 'stacked',
    rowTotals: true,
    query(filter) {
      const { start, end } = instantRange(filter);
      // Each group once, in the month its accompaniment began, under the stage it has reached today.
      return sql`select ${tokyoMonth(foundingGroupsTable.createdAt)} as row_key, ${foundingGroupsTable.stage}::text as column_key, count(*)::int as n
        from ${foundingGroupsTable}
        where ${foundingGroupsTable.createdAt} >= ${start} and ${foundingGroupsTable.createdAt} < ${end}
          and ${inPrefecture(foundingGroupsTable.prefectureCode, filter)}
        group by 1, 2`;
    },
  },
  {
    id: 'events',
    title: 'figures.events.title',
    lead: 'figures.events.lead',
    unit: 'people',
    rows: 'months',
    columns: {
      keys: ['events', 'participants', 'consulted'],
      label: (key) => `figures.events.${key}` as MessageKey,
    },
    chart: 'grouped',
    chartOmits: ['events'],
    rowTotals: false,
    query(filter) {
      const { start, end } = dayRange(filter);
      const month = sql`to_char(${consultationEventsTable.heldOn}, 'YYYY-MM')`;
      const where = sql`${consultationEventsTable.heldOn} >= ${start} and ${consultationEventsTable.heldOn} < ${end}
          and ${inPrefecture(consultationEventsTable.prefectureCode, filter)}`;
      return sql`select ${month} as row_key, 'events' as column_key, count(*)::int as n from ${consultationEventsTable} where ${where} group by 1
        union all select ${month}, 'participants', sum(${consultationEventsTable.participants})::int from ${consultationEventsTable} where ${where} group by 1
        union all select ${month}, 'consulted', sum(${consultationEventsTable.consulted})::int from ${consultationEventsTable} where ${where} group by 1`;
    },
  },
  {
    id: 'event-outcomes',
    title: 'figures.eventOutcomes.title',
    lead: 'figures.eventOutcomes.lead',
    unit: 'people',
    rows: 'months',
    columns: { keys: eventOutcomeKinds, label: (kind) => `event.outcome.${kind}` as MessageKey },
    chart: 'stacked',
    rowTotals: true,
    query(filter) {
      const { start, end } = dayRange(filter);
      return sql`select to_char(${consultationEventsTable.heldOn}, 'YYYY-MM') as row_key, ${consultationEventOutcomesTable.kind}::text as column_key, sum(${consultationEventOutcomesTable.people})::int as n
        from ${consultationEventOutcomesTable} join ${consultationEventsTable} on ${consultationEventsTable.id} = ${consultationEventOutcomesTable.eventId}
        where ${consultationEventsTable.heldOn} >= ${start} and ${consultationEventsTable.heldOn} < ${end}
          and ${inPrefecture(consultationEventsTable.prefectureCode, filter)}
        group by 1, 2`;
    },
  },
];

export function findSection(id: string): FigureSection | undefined {
  return figureSections.find((section) => section.id === id);
}

/** One section's counts for the filter, with a zero for every month and column nothing was counted in. */
export async function loadSection(
  ctx: Pick<ServiceContext, 'db'>,
  section: FigureSection,
  filter: FiguresFilter,
): Promise<SectionFigures> {
  const rowKeys = section.rows === 'months' ? monthsBetween(filter.from, filter.to) : [...section.rows.keys];
  const columnKeys = section.columns.keys;
  const values = rowKeys.map(() => columnKeys.map(() => 0));
  const found = await queryRows<{ row_key: string; column_key: string; n: number }>(
    ctx.db,
    section.query(filter),
  );
  for (const { row_key: row, column_key: column, n } of found) {
    const r = rowKeys.indexOf(row);
    const c = columnKeys.indexOf(column);
    if (r >= 0 && c >= 0) (values[r] as number[])[c] = ((values[r] as number[])[c] ?? 0) + Number(n);
  }
  return { section, rowKeys, values };
}

export async function loadFigures(ctx: Pick<ServiceContext, 'db'>, filter: FiguresFilter) {
  const figures: SectionFigures[] = [];
  // One after another: the pool is small, and PGlite answers one query at a time anyway.
  for (const section of figureSections) figures.push(await loadSection(ctx, section, filter));
  return figures;
}
