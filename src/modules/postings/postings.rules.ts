/**
 * What a job posting (求人票) must say before it is published, and what it may not say. Pure functions:
 * the workspace gives them the posting and the minimum wages, and shows each problem beside its field.
 *
 * - Content the law requires employers to show (職業安定法第5条の3, 施行規則第4条の2): duties, the
 *   scope of change of duties and place (2024-04), contract period and renewal, place, hours and
 *   breaks, days off, wage, social insurance.
 * - No age limits (労働施策総合推進法第9条; the exceptions of 施行規則第1条の3 that fit a co-op posting
 *   are kept: limits set by law for minors, and postings aimed at people aged 60 and over).
 * - No questions about matters outside the applicant's responsibility or about beliefs (職業安定法第5条の5,
 *   厚生労働省「公正な採用選考の基本」).
 * - Wages not below the regional minimum wage (最低賃金法第4条) in force at the workplace.
 */
import type { ContractType, EmploymentForm, WageUnit } from '../../db/schema/enums.js';
import type { Locale, MessageKey } from '../../i18n/index.js';
import { formatDate } from '../../lib/dates.js';
import type { FieldError, FormErrors } from '../../lib/forms.js';
import { prefectureName } from '../../lib/regions.js';
import { dailyWorkingHours, hourlyEquivalent } from '../../lib/wages.js';

/** A posting may be open for at most this many months from its posted date. */
export const MAX_VALIDITY_MONTHS = 6;

/** A posting as the rules read it: null means "not answered yet" (drafts may be incomplete). */
export interface PostingRuleInput {
  title: string;
  occupation: string;
  duties: string;
  changeScope: string;
  employmentForm: EmploymentForm | null;
  contractType: ContractType | null;
  contractDetails: string;
  /** The workplace's prefecture, or null when no workplace is chosen. */
  workplacePrefectureCode: string | null;
  wageMin: number | null;
  wageMax: number | null;
  wageUnit: WageUnit | null;
  allowances: string;
  commutingPay: string;
  workStart: string | null;
  workEnd: string | null;
  breakMinutes: number | null;
  shiftNotes: string;
  weeklyHours: number | null;
  workDays: string;
  overtime: string;
  daysOff: string;
  insuranceEmployment: boolean | null;
  insuranceWorkersComp: boolean | null;
  insuranceHealth: boolean | null;
  insurancePension: boolean | null;
  requirements: string;
  membershipTerms: string;
  /** The date the posting is (or will be) published. */
  postedOn: string;
  validThrough: string | null;
}

/** Free-text fields, in form order: every one is checked for age limits and forbidden questions. */
export const freeTextFields = [
  'title',
  'occupation',
  'duties',
  'changeScope',
  'contractDetails',
  'allowances',
  'commutingPay',
  'shiftNotes',
  'workDays',
  'overtime',
  'daysOff',
  'requirements',
  'membershipTerms',
] as const satisfies ReadonlyArray<keyof PostingRuleInput>;

export interface MinimumWageRate {
  hourlyYen: number;
  /** YYYY-MM-DD */
  effectiveFrom: string;
}

export interface PublishContext {
  /** Today in Tokyo (YYYY-MM-DD). */
  today: string;
  /** The minimum wages of the workplace's prefecture, any order. */
  minimumWages: MinimumWageRate[];
  /** For names and dates inside messages. */
  locale: Locale;
}

// ---------------------------------------------------------------------------------------------------
// Age limits

const NUMBER = '([0-9０-９]{1,3}|[〇一二三四五六七八九十]{1,4})';
const AGE_UNIT = '(?:歳|才)';
/** Words after an age that make it a limit ("35歳まで", "30歳位まで", "40歳前後"). */
const UPPER = '(?:位|くらい|ぐらい|程度)?(?:まで|迄|以下|未満|以内|前後|位|くらい|ぐらい|程度|前半|後半)';
const LOWER = '(?:以上|から|より上)';
const RANGE_SEPARATOR = '\\s*(?:〜|~|～|-|－|ー|―|‐|から)\\s*';

/** "20〜35歳" – but "0〜2歳児" is the age of the children in a nursery, not of the applicant. */
const ageRange = new RegExp(`${NUMBER}${AGE_UNIT}?${RANGE_SEPARATOR}${NUMBER}${AGE_UNIT}(?!児)`, 'gu');
const ageUpper = new RegExp(`${NUMBER}${AGE_UNIT}(${UPPER})`, 'gu');
const ageLower = new RegExp(`${NUMBER}${AGE_UNIT}${LOWER}`, 'gu');
/** "20代", "30代まで" – but not 代表, 代理, 代わり, 代金, 2代目… */
const ageDecade = new RegExp(`${NUMBER}代(?!表|理|わり|替|金|目|行|謝|官|償|用|物)`, 'gu');
/** Always a preference for an age group in a posting. */
const ageWordsAlways = /若い方|アラサー|アラフォー|アラフィフ|年齢制限あり/gu;
/**
 * Words that also name the people a co-op serves (若者の就労支援, 若年者の相談): only a limit when they
 * describe whom the posting wants.
 */
const ageWordsWanted =
  /(?:若い(?:人|力|スタッフ|仲間|世代の方)|若手|若者|若年(?:者|層)?|ヤング)(?:の方)?[、,\s]*(?:を|も|が|は|のみ|限定|向け)?[、,\s]*(?:大)?(?:歓迎|募集|求む|求め|限定|希望|優遇|積極|活躍|中心|のみ)/gu;
/** Turning away older people is a limit too; 「シニア歓迎」 is welcome. */
const olderRefused =
  /(?:高齢|高年齢|シニア|中高年|年配|ミドル)(?:者|層)?(?:の方)?(?:は)?[、,\s]*(?:不可|お断り|NG|ご遠慮)/gu;

const KANJI_DIGITS: Record<string, number> = {
  〇: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** "35", "３５", "三十五", "二十" → a number (NaN when it is not one). */
export function readNumber(raw: string): number {
  const ascii = raw.normalize('NFKC');
  if (/^[0-9]+$/.test(ascii)) return Number(ascii);
  if (!ascii.includes('十')) {
    let value = 0;
    for (const char of ascii) {
      const digit = KANJI_DIGITS[char];
      if (digit === undefined) return Number.NaN;
      value = value * 10 + digit;
    }
    return value;
  }
  const [tens = '', ones = ''] = ascii.split('十');
  const tensValue = tens === '' ? 1 : KANJI_DIGITS[tens];
  const onesValue = ones === '' ? 0 : KANJI_DIGITS[ones];
  if (tensValue === undefined || onesValue === undefined) return Number.NaN;
  return tensValue * 10 + onesValue;
}

/** An age a posting may name: the limits the law sets for minors, and 60 and over (高年齢者). */
function lawfulAge(age: number): boolean {
  return age <= 18 || age >= 60;
}

/** Continued employment: "65歳まで働けます" says how long one may work, not whom the posting wants. */
const workingUntil = /^(?:まで|迄)[、,\s]*(?:働|勤|継続|再雇用|雇用|就労|活躍|更新)/u;

/**
 * The first age limit in a text, as written ("35歳以下", "20代", "若い方"), or null. 「年齢不問」 and
 * 「シニア歓迎」 are fine.
 */
export function findAgeLimit(text: string): string | null {
  if (!text) return null;
  const found: Array<{ index: number; text: string }> = [];
  const note = (match: RegExpExecArray) => found.push({ index: match.index, text: match[0] });

  for (const match of text.matchAll(ageRange)) {
    if (readNumber(match[2] ?? '') > 18) note(match);
  }
  for (const match of text.matchAll(ageUpper)) {
    const age = readNumber(match[1] ?? '');
    if (age <= 18) continue;
    const after = `${match[2] ?? ''}${text.slice(match.index + match[0].length)}`;
    if (age >= 60 && workingUntil.test(after)) continue;
    note(match);
  }
  for (const match of text.matchAll(ageLower)) {
    if (!lawfulAge(readNumber(match[1] ?? ''))) note(match);
  }
  for (const match of text.matchAll(ageDecade)) {
    // 10代 is left alone: it names the teenagers a youth project serves, and minors' work has its own law.
    const decade = readNumber(match[1] ?? '');
    if (decade >= 20 && decade <= 90 && decade % 10 === 0) note(match);
  }
  for (const pattern of [ageWordsAlways, ageWordsWanted, olderRefused]) {
    for (const match of text.matchAll(pattern)) note(match);
  }
  if (found.length === 0) return null;
  found.sort((a, b) => a.index - b.index);
  return (found[0] as { text: string }).text.trim();
}

// ---------------------------------------------------------------------------------------------------
// Forbidden questions (公正な採用選考)

export type ForbiddenCategory = 'background' | 'belief' | 'screening';

interface ForbiddenPattern {
  pattern: RegExp;
  category: ForbiddenCategory;
  /** Only a problem when asked of the applicant ("生活環境を伺います", not "利用者の生活環境を整える"). */
  askedOnly?: boolean;
}

const RELATIVES = '(?:家族|両親|父親|母親|父母|親|保護者|兄弟|姉妹|配偶者)';

/** A word's reading in hiragana and in katakana, for people who write 「ほんせき」 or 「ホンセキ」. */
function reading(hiragana: string): string {
  const katakana = [...hiragana]
    .map((char) => String.fromCodePoint((char.codePointAt(0) ?? 0) + 0x60))
    .join('');
  return `${hiragana}|${katakana}`;
}

const forbiddenPatterns: ForbiddenPattern[] = [
  // 本人に責任のない事項
  { pattern: new RegExp(`(?:本籍|${reading('ほんせき')})(?:地|ち|チ)?`, 'gu'), category: 'background' },
  {
    pattern: new RegExp(`出生地|出身地|${reading('しゅっせいち')}|${reading('しゅっしんち')}`, 'gu'),
    category: 'background',
  },
  { pattern: /家族構成/gu, category: 'background' },
  {
    pattern: new RegExp(`${RELATIVES}の(?:職業|勤務先|仕事|収入|資産|学歴|地位|健康|病歴)`, 'gu'),
    category: 'background',
  },
  {
    pattern:
      /住宅状況|住居の(?:状況|種類|間取り)|間取り|部屋数|持ち家|生活環境|家庭環境|家庭の(?:状況|事情)/gu,
    category: 'background',
    askedOnly: true,
  },
  // 本来自由であるべき事項（思想・信条）
  { pattern: new RegExp(`宗教|信仰|${reading('しゅうきょう')}`, 'gu'), category: 'belief' },
  { pattern: /支持(?:する)?政党|政党/gu, category: 'belief' },
  { pattern: /思想|人生観|生活信条/gu, category: 'belief' },
  { pattern: /尊敬する人(?:物)?/gu, category: 'belief' },
  { pattern: /購読(?:している|する)?(?:新聞|雑誌)|愛読書/gu, category: 'belief' },
  {
    pattern: /労働組合(?:へ|に)?の?(?:加入|活動)(?:状況|歴)?|組合活動歴|学生運動|社会運動/gu,
    category: 'belief',
  },
  { pattern: /信条/gu, category: 'belief', askedOnly: true },
  // 採用選考の方法
  {
    pattern: new RegExp(`身元調査|(?:戸籍|${reading('こせき')})(?:謄本|抄本|の?(?:写し|提出))`, 'gu'),
    category: 'screening',
  },
];

/** Saying a matter plays no part is fine: 「宗教不問」「宗教・思想は問いません」. */
const notAsked = /^([^。．.\n！!？?]{0,20}?)(?:不問|問いません|問わず|問わない|関係(?:あり|な|しま))/u;
/** The applicant is asked, or must write or submit it. */
const askedWords = /お?聞|伺|質問|確認|記入|記載|提出|教え|書い|尋ね|面接|調べ|調査/u;
const asked = new RegExp(`^(?:など|等)?(?:を|について|に関して|の)?[、,\\s]*(?:${askedWords.source})`, 'u');

/** "宗教不問" – unless something is asked before the 不問 ("本籍を記入、出身地は問いません"). */
function declaredIrrelevant(after: string): boolean {
  const match = notAsked.exec(after);
  return Boolean(match && !askedWords.test(match[1] ?? ''));
}

/** The first forbidden question or condition in a text, as written, with its kind; or null. */
export function findForbiddenTopic(text: string): { found: string; category: ForbiddenCategory } | null {
  if (!text) return null;
  let first: { index: number; found: string; category: ForbiddenCategory } | null = null;
  for (const { pattern, category, askedOnly } of forbiddenPatterns) {
    for (const match of text.matchAll(pattern)) {
      const after = text.slice(match.index + match[0].length);
      if (declaredIrrelevant(after)) continue;
      if (askedOnly && !asked.test(after)) continue;
      if (!first || match.index < first.index) first = { index: match.index, found: match[0], category };
      break;
    }
  }
  return first ? { found: first.found, category: first.category } : null;
}

const forbiddenKeys: Record<ForbiddenCategory, MessageKey> = {
  background: 'posting.rule.forbidden.background',
  belief: 'posting.rule.forbidden.belief',
  screening: 'posting.rule.forbidden.screening',
};

/** The content problem in one free-text field, as a message to show beside it. */
export function contentProblem(written: string): FieldError | null {
  // Width folded first (NFKC), so half-width 「ﾎﾝｾｷ」 and full-width 「３５歳まで」 meet the same patterns as
  // their usual spellings; what is quoted back is the folded text, which reads the same.
  const text = written.normalize('NFKC');
  const age = findAgeLimit(text);
  const topic = findForbiddenTopic(text);
  if (topic && (!age || text.indexOf(topic.found) < text.indexOf(age))) {
    return { key: forbiddenKeys[topic.category], params: { found: topic.found } };
  }
  if (age) return { key: 'posting.rule.ageLimit', params: { found: age } };
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Dates and wages

/** Adds calendar months to a YYYY-MM-DD date, keeping to the last day of a shorter month. */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * The minimum wage a posting must meet over the days it is open: the rate in force on its posted date
 * and any new rate taking effect before it closes (rates rise every autumn; a posting that runs past
 * the change must already pay the new rate). When no rate is known for the posted date, the next
 * known rate stands in: it is never lower. Null when the prefecture has no rates at all.
 */
export function applicableMinimumWage(
  rates: MinimumWageRate[],
  postedOn: string,
  validThrough: string,
): MinimumWageRate | null {
  const sorted = [...rates].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const inForce = sorted.filter((rate) => rate.effectiveFrom <= postedOn).at(-1);
  const later = sorted.filter((rate) => rate.effectiveFrom > postedOn && rate.effectiveFrom <= validThrough);
  const candidates = [...(inForce ? [inForce] : []), ...later];
  if (candidates.length === 0) {
    const next = sorted.find((rate) => rate.effectiveFrom > postedOn);
    return next ?? null;
  }
  return candidates.reduce((highest, rate) => (rate.hourlyYen > highest.hourlyYen ? rate : highest));
}

/** The minimum break for a working day (労働基準法第34条): 45 min over 6 hours, 60 min over 8 hours. */
export function minimumBreakMinutes(workStart: string, workEnd: string, breakMinutes: number): number {
  const workingHours = dailyWorkingHours(workStart, workEnd, breakMinutes);
  if (workingHours > 8) return 60;
  if (workingHours > 6) return 45;
  return 0;
}

// ---------------------------------------------------------------------------------------------------
// All rules

const blank = (value: string) => value.trim() === '';

/**
 * Every reason a posting cannot be published yet, one per field (keyed by the form's field names).
 * An empty result means it may be published.
 */
export function checkPublishRules(input: PostingRuleInput, context: PublishContext): FormErrors {
  const errors: FormErrors = {};
  const set = (field: string, key: MessageKey, params?: Record<string, string | number>) => {
    if (!errors[field]) errors[field] = params ? { key, params } : { key };
  };

  // 仕事内容
  if (blank(input.title)) set('title', 'posting.rule.required.title');
  if (blank(input.occupation)) set('occupation', 'posting.rule.required.occupation');
  if (blank(input.duties)) set('duties', 'posting.rule.required.duties');
  if (blank(input.changeScope)) set('changeScope', 'posting.rule.required.changeScope');

  // 雇用形態・契約期間
  if (!input.employmentForm) set('employmentForm', 'posting.rule.required.employmentForm');
  if (!input.contractType) set('contractType', 'posting.rule.required.contractType');
  else if (input.contractType === 'fixed' && blank(input.contractDetails))
    set('contractDetails', 'posting.rule.required.contractDetails');

  // 就業場所
  if (!input.workplacePrefectureCode) set('workplaceId', 'posting.rule.required.workplace');

  // 労働時間・休日
  if (!input.workStart) set('workStart', 'posting.rule.required.workStart');
  if (!input.workEnd) set('workEnd', 'posting.rule.required.workEnd');
  if (input.breakMinutes === null) set('breakMinutes', 'posting.rule.required.breakMinutes');
  else if (input.workStart && input.workEnd) {
    const needed = minimumBreakMinutes(input.workStart, input.workEnd, input.breakMinutes);
    if (input.breakMinutes < needed)
      set('breakMinutes', needed === 60 ? 'posting.rule.breakOver8' : 'posting.rule.breakOver6');
  }
  if (input.weeklyHours === null || input.weeklyHours <= 0)
    set('weeklyHours', 'posting.rule.required.weeklyHours');
  if (blank(input.workDays)) set('workDays', 'posting.rule.required.workDays');
  if (blank(input.daysOff)) set('daysOff', 'posting.rule.required.daysOff');

  // 加入保険: each answered yes or no; workers' accident insurance covers every employee.
  if (input.insuranceEmployment === null) set('insuranceEmployment', 'posting.rule.required.insurance');
  if (input.insuranceWorkersComp === null) set('insuranceWorkersComp', 'posting.rule.required.insurance');
  else if (!input.insuranceWorkersComp && input.employmentForm && input.employmentForm !== 'support_b')
    set('insuranceWorkersComp', 'posting.rule.workersCompMandatory');
  if (input.insuranceHealth === null) set('insuranceHealth', 'posting.rule.required.insurance');
  if (input.insurancePension === null) set('insurancePension', 'posting.rule.required.insurance');

  // 掲載期間
  const latest = addMonths(input.postedOn, MAX_VALIDITY_MONTHS);
  if (!input.validThrough) set('validThrough', 'posting.rule.required.validThrough');
  else if (input.validThrough <= input.postedOn)
    set('validThrough', 'posting.rule.validThroughAfterPosted', {
      date: formatDate(input.postedOn, context.locale),
    });
  else if (input.validThrough < context.today) set('validThrough', 'posting.rule.validThroughPast');
  else if (input.validThrough > latest)
    set('validThrough', 'posting.rule.validThroughTooLate', {
      months: MAX_VALIDITY_MONTHS,
      date: formatDate(latest, context.locale),
    });

  // 賃金
  if (!input.wageUnit) set('wageUnit', 'posting.rule.required.wageUnit');
  if (input.wageMin === null || input.wageMin <= 0) set('wageMin', 'posting.rule.required.wageMin');
  else {
    if (input.wageMax !== null && input.wageMax < input.wageMin)
      set('wageMax', 'posting.rule.wageMaxBelowMin');
    if (input.wageUnit && input.workplacePrefectureCode) {
      const hoursKnown = Boolean(input.workStart && input.workEnd && input.breakMinutes !== null);
      const needsHours =
        (input.wageUnit === 'day' && !hoursKnown) ||
        (input.wageUnit === 'month' && (input.weeklyHours === null || input.weeklyHours <= 0));
      const closing =
        input.validThrough && input.validThrough > input.postedOn ? input.validThrough : input.postedOn;
      const minimum = applicableMinimumWage(context.minimumWages, input.postedOn, closing);
      const prefecture = prefectureName(input.workplacePrefectureCode, context.locale);
      if (!minimum) set('wageMin', 'posting.rule.minimumWageUnknown', { prefecture });
      else if (!needsHours) {
        const hourly = hourlyEquivalent({
          wageMin: input.wageMin,
          wageUnit: input.wageUnit,
          weeklyHours: input.weeklyHours ?? 0,
          dailyHours: hoursKnown
            ? dailyWorkingHours(input.workStart as string, input.workEnd as string, input.breakMinutes ?? 0)
            : 0,
        });
        if (hourly < minimum.hourlyYen) {
          set(
            'wageMin',
            input.wageUnit === 'hour'
              ? 'posting.rule.belowMinimumWage'
              : 'posting.rule.belowMinimumWageConverted',
            {
              prefecture,
              minimum: minimum.hourlyYen,
              date: formatDate(minimum.effectiveFrom, context.locale),
              hourly,
            },
          );
        }
      }
    }
  }

  // Age limits and forbidden questions, in every free-text field.
  for (const field of freeTextFields) {
    const problem = contentProblem(input[field]);
    if (problem) set(field, problem.key, problem.params);
  }
  return errors;
}
