import { readFileSync } from 'node:fs';
import { count, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';
import type { PostingStatus } from '../db/schema/enums.js';
import {
  coopGovernanceTable,
  jobPostingsTable,
  minimumWagesTable,
  type NewCoopGovernance,
  type NewJobPosting,
  type NewOrganisation,
  type NewWorkplace,
  organisationsTable,
  workplacesTable,
} from '../db/schema/index.js';
import { addDays, todayInTokyo } from '../lib/dates.js';
import { postalCodeIn } from '../lib/postal-codes.js';
import { readingAnalyser } from '../lib/readings.js';
import { municipalitiesOf, prefectures, regions } from '../lib/regions.js';
import { buildPostingRow, type JobPostingInput, searchParts } from '../modules/postings/postings.row.js';
import { seedDemoAccounts } from './accounts.js';
import { seedDemoClients } from './clients.js';
import { seedDemoCourses } from './courses.js';
import { seedDemoFigures } from './figures.js';
import { seedDemoFounding } from './founding.js';
import { seedDemoRequests } from './requests.js';
import { seedDemoSchoolRequests } from './school-requests.js';
import {
  dutyExtras,
  jobTemplates,
  namePieces,
  organisationPatterns,
  specialties,
  specialtyPhrases,
  templateWeights,
  titlePrefixes,
  titleSuffixes,
  townNames,
} from './templates.js';

/** mulberry32: a small seeded generator, so the same options always give the same data set. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (probability: number) => next() < probability,
  };
}

type Random = ReturnType<typeof createRandom>;

/** Draws items by weight (cumulative weights and a binary search: a million draws stay cheap). */
function weighted<T>(items: readonly T[], weights: readonly number[]) {
  const cumulative: number[] = [];
  let sum = 0;
  for (const weight of weights) {
    sum += weight;
    cumulative.push(sum);
  }
  return (random: Random): T => {
    const target = random.next() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    return items[low] as T;
  };
}

/** Zipf-like: the k-th item (from 1) weighs 1/k, so a list ordered common → rare has a long tail. */
const zipf = <T>(items: readonly T[]) =>
  weighted(
    items,
    items.map((_, index) => 1 / (index + 1)),
  );

const drawTemplate = weighted(jobTemplates, templateWeights);
const drawPrefix = zipf(titlePrefixes);
const drawSuffix = zipf(titleSuffixes);
const drawExtra = zipf(dutyExtras);
const drawSpecialty = zipf(specialties);

/** A posting's title and duties, composed from its template and the weighted vocabulary. */
function composeText(template: (typeof jobTemplates)[number], random: Random) {
  const title = `${random.chance(0.35) ? drawPrefix(random) : ''}${template.title}${random.chance(0.2) ? drawSuffix(random) : ''}`;
  const extras = new Set<string>();
  const extraCount = random.int(0, 3);
  for (let n = 0; n < extraCount; n++) extras.add(drawExtra(random));
  if (random.chance(0.4)) extras.add(random.pick(specialtyPhrases)(drawSpecialty(random)));
  const duties = [template.duties, ...extras].join('\n');
  return { title, duties };
}

/**
 * Text is cut into pieces where punctuation or a space is: the analyser never joins words across them
 * (lib/readings.ts breaks a run there), so the readings of a text are the readings of its pieces, and a
 * million composed postings ask the analyser only for each distinct piece once.
 */
const PIECE_BREAK = /[^\p{L}\p{N}ー]+/u;

class PieceReadings {
  #known = new Map<string, string>();

  /** Analyses, in one call, every piece of these postings' texts not seen before. */
  async learn(texts: string[]): Promise<void> {
    const unknown = new Set<string>();
    for (const text of texts)
      for (const piece of text.split(PIECE_BREAK)) if (piece && !this.#known.has(piece)) unknown.add(piece);
    if (!unknown.size) return;
    const pieces = [...unknown];
    const readings = await readingAnalyser.readingsOf(pieces);
    for (const [index, piece] of pieces.entries()) this.#known.set(piece, readings[index] ?? '');
  }

  /** The readings text of a posting's parts, as postingReadings would give it. */
  of(parts: string[]): string {
    const lines: string[] = [];
    for (const part of parts)
      for (const piece of part.split(PIECE_BREAK)) {
        const reading = piece ? this.#known.get(piece) : '';
        if (reading) lines.push(reading);
      }
    return lines.join('\n');
  }
}

/** Where co-op workplaces are, weighted towards populous prefectures as in reality. */
const prefectureWeights: Record<string, number> = {
  '13': 12,
  '14': 8,
  '27': 8,
  '11': 6,
  '12': 5,
  '23': 6,
  '01': 4,
  '28': 5,
  '40': 5,
  '26': 3,
  '22': 3,
  '34': 3,
  '04': 3,
  '08': 2,
  '20': 2,
  '15': 2,
  '33': 2,
  '43': 2,
  '47': 2,
};

/** The prefectures of the same region (Okinawa only for itself: it is a long way from Kyushu's co-ops). */
function neighboursOf(prefectureCode: string): string[] {
  const code = Number(prefectureCode);
  const region = regions.find((candidate) => code >= candidate.from && code <= candidate.to);
  if (!region || prefectureCode === '47') return [prefectureCode];
  return prefectures
    .map((prefecture) => prefecture.code)
    .filter((other) => Number(other) >= region.from && Number(other) <= region.to && other !== '47');
}

export interface DemoOptions {
  organisations: number;
  workplacesPerOrganisation: number;
  postings: number;
  /**
   * For the benchmark's million: each generated posting is stored this many times (SQL copies with their
   * own ids and posting dates), so a million rows take minutes instead of an hour on a small machine.
   * The texts' term frequencies are those of the generated set.
   */
  copies?: number;
  seed?: number;
  /** The date postings are dated around (defaults to today in Tokyo). */
  today?: string;
}

export const smallDemo: DemoOptions = { organisations: 16, workplacesPerOrganisation: 3, postings: 240 };

const BATCH_SIZE = 500;
/** From this many postings the seed loads the table before building its indexes (much faster). */
const BULK_FROM = 50_000;

/**
 * Drops the posting table's secondary indexes, returning their definitions: building a GIN index once
 * over a million rows takes minutes, while keeping it up to date row by row takes most of an hour.
 */
async function dropPostingIndexes(db: Db): Promise<string[]> {
  const rows = await queryRows<{ indexname: string; indexdef: string }>(
    db,
    sql`select indexname, indexdef from pg_indexes
        where schemaname = current_schema() and tablename = 'job_postings' and indexname <> 'job_postings_pkey'`,
  );
  for (const row of rows) await db.execute(sql.raw(`drop index "${row.indexname}"`));
  return rows.map((row) => row.indexdef);
}

/**
 * Stores every posting `copies - 1` more times, each copy posted on another day of the last 90 (never
 * later than the original, so its valid-through day still follows), in one statement per copy.
 */
async function copyPostings(db: Db, copies: number, today: string): Promise<number> {
  const columns = await queryRows<{ column_name: string }>(
    db,
    sql`select column_name from information_schema.columns
        where table_schema = current_schema() and table_name = 'job_postings' and column_name <> 'id'
        order by ordinal_position`,
  );
  const names = columns.map((column) => column.column_name);
  const countRows = async () =>
    (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from job_postings`))[0]?.n ?? 0;
  const [last] = await queryRows<{ id: number | null }>(db, sql`select max(id)::int as id from job_postings`);
  const before = await countRows();
  const quoted = names.map((name) => `"${name}"`).join(', ');
  for (let copy = 1; copy < copies; copy++) {
    const values = names.map((name) =>
      name === 'posted_on'
        ? `posted_on - mod(id * 7919 + ${copy * 104729}, 91 - greatest(0, least(90, '${today}'::date - posted_on)))::int`
        : `"${name}"`,
    );
    await db.execute(
      sql.raw(
        `insert into job_postings (${quoted}) select ${values.join(', ')} from job_postings where id <= ${last?.id ?? 0} order by id`,
      ),
    );
  }
  return (await countRows()) - before;
}

async function createIndexes(db: Db, definitions: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    // More memory for the sort and the GIN build, for this transaction only.
    await tx.execute(sql`set local maintenance_work_mem = '512MB'`);
    for (const definition of definitions) await tx.execute(sql.raw(definition));
  });
}

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let start = 0; start < rows.length; start += BATCH_SIZE)
    await insert(rows.slice(start, start + BATCH_SIZE));
}

/** Seeds minimum wages from the committed FY2025 list; the secretariat updates them later. */
export async function seedMinimumWages(db: Db): Promise<void> {
  const csv = readFileSync(new URL('./minimum-wages.csv', import.meta.url), 'utf8');
  const rows = csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [prefectureCode = '', , hourlyYen = '0', effectiveFrom = ''] = line.split(',');
      return { prefectureCode, hourlyYen: Number(hourlyYen), effectiveFrom };
    });
  await db.insert(minimumWagesTable).values(rows).onConflictDoNothing();
}

/** Generates and inserts a deterministic data set of co-ops, workplaces and postings. */
export async function seedDemo(db: Db, options: DemoOptions) {
  const random = createRandom(options.seed ?? 20221001);
  const today = options.today ?? todayInTokyo();
  const weightedPrefectures = prefectures.flatMap((prefecture) =>
    Array.from({ length: prefectureWeights[prefecture.code] ?? 1 }, () => prefecture),
  );

  await seedMinimumWages(db);

  const organisationRows: NewOrganisation[] = [];
  for (let index = 0; index < options.organisations; index++) {
    const prefecture = random.pick(weightedPrefectures);
    const [piece, pieceKana] = random.pick(namePieces);
    const pattern = organisationPatterns[
      index % organisationPatterns.length
    ] as (typeof organisationPatterns)[number];
    const placeName = prefecture.name.replace(/[都府県]$/, '');
    const placeKana = prefecture.kana.replace(/(と|ふ|けん)$/, '');
    // Numbered past the first round so names stay unique in large sets.
    const suffix = index >= namePieces.length * organisationPatterns.length ? `第${index + 1}` : '';
    organisationRows.push({
      kind: 'coop',
      legalForm: pattern.legalForm,
      name: `${pattern.name(piece, placeName)}${suffix}`,
      nameKana: `${pattern.kana(pieceKana, placeKana)}${suffix ? index + 1 : ''}`,
      description: pattern.description,
      website: `https://coop-${index + 1}.example.jp/`,
      contactEmail: `info@coop-${index + 1}.example.jp`,
      contactPhone: `0120-000-${String(index % 1000).padStart(3, '0')}`,
      prefectureCode: prefecture.code,
      approvalState: 'approved',
    });
  }
  const organisations: Array<{ id: number; name: string; nameKana: string; prefectureCode: string }> = [];
  await insertInBatches(organisationRows, async (batch) => {
    organisations.push(
      ...(await db.insert(organisationsTable).values(batch).returning({
        id: organisationsTable.id,
        name: organisationsTable.name,
        nameKana: organisationsTable.nameKana,
        prefectureCode: organisationsTable.prefectureCode,
      })),
    );
  });

  const governanceRows: NewCoopGovernance[] = organisations.map((organisation) => {
    const workers = random.int(8, 400);
    return {
      organisationId: organisation.id,
      memberCount: Math.max(3, Math.round(workers * (0.6 + random.next() * 0.4))),
      workerCount: workers,
      decisionMaking: random.pick([
        '年1回の総会と月1回の全体会議',
        '総会と事業所ごとの職場会議',
        '総会・理事会・月例の全員ミーティング',
      ]),
      oneMemberOneVote: true,
      shareAmountYen: random.pick([1000, 5000, 10000, 50000]),
      sharesRequired: random.pick([1, 2, 5, 10]),
      instalmentsAllowed: random.chance(0.8),
      payrollDeduction: random.chance(0.6),
      refundedOnLeaving: true,
      surplusByWorkShare: random.chance(0.7),
      surplusNotes: random.chance(0.5) ? '剰余金の一部は地域づくりの基金に積み立てています。' : '',
      foundedUnder2022Law: random.chance(0.35),
      foundedYear: random.int(1985, 2025),
    };
  });
  await insertInBatches(governanceRows, (batch) => db.insert(coopGovernanceTable).values(batch));
  // Each posting carries its co-op's terms as filter tokens (see governanceFilterTokens).
  const governanceByOrganisation = new Map(
    governanceRows.map((governance) => [
      governance.organisationId,
      {
        oneMemberOneVote: governance.oneMemberOneVote ?? true,
        shareAmountYen: governance.shareAmountYen ?? null,
        sharesRequired: governance.sharesRequired ?? null,
        instalmentsAllowed: governance.instalmentsAllowed ?? false,
        payrollDeduction: governance.payrollDeduction ?? false,
        surplusByWorkShare: governance.surplusByWorkShare ?? false,
        foundedUnder2022Law: governance.foundedUnder2022Law ?? false,
      },
    ]),
  );

  const workplaceRows: NewWorkplace[] = [];
  for (const organisation of organisations) {
    for (let n = 0; n < options.workplacesPerOrganisation; n++) {
      // Most workplaces are in the organisation's own prefecture; some federations span their region
      // (a co-op named for Hokkaido does not run a workplace in Tokushima).
      const prefectureCode = random.chance(0.8)
        ? organisation.prefectureCode
        : random.pick(neighboursOf(organisation.prefectureCode));
      const municipality = random.pick(
        municipalitiesOf(prefectureCode).filter((m) => m.code.slice(2, 5) !== '000'),
      );
      const placeBase = municipality.name.replace(/^.*市(?=.+区$)/, '').replace(/[市区町村]$/, '');
      workplaceRows.push({
        organisationId: organisation.id,
        name: `${organisation.name.replace(/^(労働者協同組合|企業組合|生活協同組合|NPO法人) /, '')} ${placeBase}${random.pick(['事業所', 'センター', 'ひろば', '工房'])}`,
        postalCode: postalCodeIn(prefectureCode, random.int),
        prefectureCode,
        municipalityCode: municipality.code,
        addressLine: `${random.pick(townNames)}${random.int(1, 5)}丁目${random.int(1, 30)}-${random.int(1, 20)}`,
        // No station is invented: the demo has no station data, and a made-up one misleads a visitor.
        nearestStation: null,
        walkMinutes: null,
        accessNotes: random.chance(0.5) ? 'バス停「市役所前」から徒歩3分。' : '',
        stepFree: random.chance(0.6),
        parking: random.chance(0.5),
      });
    }
  }
  const workplaces: Array<NewWorkplace & { id: number }> = [];
  await insertInBatches(workplaceRows, async (batch) => {
    workplaces.push(...(await db.insert(workplacesTable).values(batch).returning()));
  });
  const organisationById = new Map(organisations.map((organisation) => [organisation.id, organisation]));

  const pieceReadings = new PieceReadings();
  const copies = Math.max(1, Math.floor(options.copies ?? 1));
  const bulk = options.postings * copies >= BULK_FROM;
  const indexes = bulk ? await dropPostingIndexes(db) : [];
  // One insert stays in flight while the next batch is built: the database and the generator then
  // work at the same time (on two cores, that is most of the difference).
  let inFlight: Promise<unknown> = Promise.resolve();
  let pending: Array<{ input: JobPostingInput; context: Parameters<typeof buildPostingRow>[1] }> = [];
  let inserted = 0;
  const flush = async () => {
    const partsOf = pending.map(({ input, context }) =>
      searchParts(input, context).filter((part): part is string => Boolean(part)),
    );
    await pieceReadings.learn(partsOf.flat());
    const rows: NewJobPosting[] = pending.map(({ input, context }, n) =>
      buildPostingRow(input, context, pieceReadings.of(partsOf[n] as string[])),
    );
    await inFlight;
    inFlight = db.insert(jobPostingsTable).values(rows);
    inserted += rows.length;
    pending = [];
  };
  for (let index = 0; index < options.postings; index++) {
    const workplace = workplaces[index % workplaces.length] as NewWorkplace & { id: number };
    const organisation = organisationById.get(workplace.organisationId) as (typeof organisations)[number];
    const template = drawTemplate(random);
    const { title, duties } = composeText(template, random);
    const form = random.pick(template.forms);
    const roll = random.next();
    const status: PostingStatus =
      roll < 0.86 ? 'published' : roll < 0.91 ? 'closed' : roll < 0.95 ? 'filled' : 'draft';
    const postedOn = addDays(today, -random.int(0, 90));
    // A few published postings are past their date: they must not appear in search.
    const validThrough = random.chance(0.04)
      ? addDays(today, -random.int(1, 20))
      : addDays(postedOn, random.int(95, 180));
    const wageMin = template.wage.min + random.int(0, 4) * Math.round(template.wage.spread / 4 / 10) * 10;
    const input: JobPostingInput = {
      workplaceId: workplace.id,
      status,
      title,
      occupation: template.occupation,
      field: template.field,
      duties,
      changeScope: '変更の範囲：法人の定める業務／就業場所：法人の定める事業所',
      employmentForm: form,
      contractType: form === 'fixed_term' ? 'fixed' : 'indefinite',
      contractDetails:
        form === 'fixed_term'
          ? '1年ごとの更新（更新上限なし）。契約更新は勤務実績と事業の継続により判断します。'
          : '',
      wageMin,
      wageMax: random.chance(0.7) ? wageMin + template.wage.spread : null,
      wageUnit: template.wage.unit,
      allowances:
        template.wage.unit === 'month' ? '資格手当 5,000〜15,000円、夜勤手当 1回5,000円' : '処遇改善手当あり',
      commutingPay: '実費支給（上限 月20,000円）',
      workStart: template.hours.start,
      workEnd: template.hours.end,
      breakMinutes: template.hours.breakMinutes,
      shiftNotes: random.chance(0.4) ? '希望の曜日・時間を相談して決めます。' : '',
      weeklyHours: template.hours.weeklyHours,
      workDays: template.hours.days,
      overtime: random.chance(0.7) ? 'なし' : '月5時間程度',
      daysOff: '土日祝（シフトにより平日）、年末年始、夏季休暇',
      insuranceEmployment: template.hours.weeklyHours >= 20,
      insuranceWorkersComp: true,
      insuranceHealth: template.hours.weeklyHours >= 30,
      insurancePension: template.hours.weeklyHours >= 30,
      requirements: template.requirements,
      welcomeTags: template.tags.filter(() => random.chance(0.85)),
      openings: random.int(1, 4),
      membershipTerms:
        form === 'member_worker'
          ? '働く人全員が組合員になり、出資して経営に参加します。出資金は分割でも払えます。入ってから半年は試用期間で、組合員になるかどうかはその後に決められます。'
          : '',
      acceptsVisit: random.chance(0.75),
      acceptsExperience: random.chance(0.45),
      acceptsShortTrial: random.chance(0.35),
      postedOn,
      validThrough,
    };
    const context = {
      workplace: {
        id: workplace.id,
        organisationId: workplace.organisationId,
        name: workplace.name,
        prefectureCode: workplace.prefectureCode,
        municipalityCode: workplace.municipalityCode,
        nearestStation: workplace.nearestStation ?? null,
      },
      organisation,
      governance: governanceByOrganisation.get(organisation.id) ?? null,
    };
    pending.push({ input, context });
    if (pending.length === BATCH_SIZE) await flush();
  }
  if (pending.length) await flush();
  await inFlight;
  if (copies > 1) inserted += await copyPostings(db, copies, today);
  if (bulk) await createIndexes(db, indexes);
  // Fresh statistics so the planner picks the search indexes straight away.
  await db.execute(sql`analyze`);
  return { organisations: organisations.length, workplaces: workplaces.length, postings: inserted };
}

/** `npm start` on an empty database gets a small demo set; an existing database is left alone. */
export async function seedDemoIfEmpty(db: Db) {
  const [row] = await db.select({ total: count() }).from(organisationsTable);
  if ((row?.total ?? 0) > 0) return null;
  const seeded = await seedDemo(db, smallDemo);
  await seedDemoAccounts(db);
  await seedDemoRequests(db);
  await seedDemoSchoolRequests(db);
  await seedDemoCourses(db);
  await seedDemoClients(db);
  await seedDemoFounding(db);
  await seedDemoFigures(db);
  return seeded;
}
