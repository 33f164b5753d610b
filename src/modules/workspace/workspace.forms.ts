import { z } from 'zod';
import {
  contractTypes,
  employmentForms,
  jobFields,
  type WelcomeTag,
  wageUnits,
  welcomeTags,
} from '../../db/schema/enums.js';
import { type FormErrors, parseForm } from '../../lib/forms.js';
import { findMunicipality, prefectures } from '../../lib/regions.js';

// Form values arrive as strings (or arrays of strings for repeated names). Full-width digits and
// punctuation are common on Japanese keyboards, so numbers, times, dates and codes are NFKC-folded first.

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const folded = (value: unknown) => str(value).normalize('NFKC').trim();

const text = (max: number) =>
  z.preprocess((value) => str(value).trim(), z.string().max(max, { error: 'form.tooLong' }));

const requiredText = (max: number) =>
  z.preprocess(
    (value) => str(value).trim(),
    z.string().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' }),
  );

/** A whole number, or null when left empty; "1,200" and "１２００" read as 1200. */
const optionalInteger = (min: number, max: number, error: string) =>
  z.preprocess((value) => {
    const raw = folded(value).replace(/[,\s円]/g, '');
    if (raw === '') return null;
    return /^-?[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  }, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).nullable());

/** A number with decimals (weekly hours: 37.5), or null when empty. */
const optionalDecimal = (min: number, max: number, error: string) =>
  z.preprocess((value) => {
    const raw = folded(value);
    if (raw === '') return null;
    return /^[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) : Number.NaN;
  }, z.number({ error }).min(min, { error }).max(max, { error }).nullable());

/** A checkbox is on when sent with any value but "" or "0". */
const checkbox = z.preprocess((value) => {
  const raw = Array.isArray(value) ? value.at(-1) : value;
  return typeof raw === 'string' ? raw !== '' && raw !== '0' : raw === true;
}, z.boolean());

/** A select with an empty first option: null when nothing is chosen. */
const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T, error: string) =>
  z.preprocess((value) => (str(value) === '' ? null : str(value)), z.enum(values, { error }).nullable());

/** A yes/no radio pair with nothing chosen beforehand: null until answered. */
const yesNo = z.preprocess(
  (value) => (str(value) === 'yes' ? true : str(value) === 'no' ? false : null),
  z.boolean().nullable(),
);

/** "9:00", "０９：００" → "09:00"; null when empty. */
const optionalTime = z.preprocess(
  (value) => {
    const raw = folded(value);
    if (raw === '') return null;
    const match = raw.match(/^([01]?[0-9]|2[0-3]):([0-5][0-9])(?::00)?$/);
    return match ? `${(match[1] as string).padStart(2, '0')}:${match[2]}` : 'invalid';
  },
  z
    .string()
    .regex(/^[0-2][0-9]:[0-5][0-9]$/, { error: 'posting.form.time' })
    .nullable(),
);

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** "2026-12-01" or "2026/12/1" → "2026-12-01"; null when empty. */
const optionalDate = z.preprocess((value) => {
  const raw = folded(value);
  if (raw === '') return null;
  const match = raw.match(/^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})$/);
  if (!match) return 'invalid';
  return `${match[1]}-${(match[2] as string).padStart(2, '0')}-${(match[3] as string).padStart(2, '0')}`;
}, z.string().refine(isCalendarDate, { error: 'posting.form.date' }).nullable());

const idValue = z.preprocess((value) => {
  const raw = folded(value);
  if (raw === '') return null;
  return /^[0-9]{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
}, z.number({ error: 'posting.form.chooseWorkplace' }).int().positive().nullable());

const welcomeTagList = z.preprocess(
  (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]),
  z
    .array(z.unknown())
    .transform((tags) => welcomeTags.filter((tag): tag is WelcomeTag => tags.includes(tag))),
);

/** The one-time id a form carries so a second submission of it is recognised (see postings.service.ts). */
export const formIdField = z.preprocess(
  (value) => str(value).trim(),
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
);

// ---------------------------------------------------------------------------------------------------
// 求人票

/**
 * A posting as typed into the form, in the blocks of the Hello Work 求人票. Drafts may leave most of it
 * empty (null); publishing checks it is complete (lib/posting-rules.ts).
 */
export const postingForm = z.object({
  // 仕事内容
  title: requiredText(100),
  occupation: text(100),
  field: optionalChoice(jobFields, 'posting.form.choose'),
  duties: text(4000),
  changeScope: text(1000),
  // 雇用形態・契約期間
  employmentForm: optionalChoice(employmentForms, 'posting.form.choose'),
  contractType: optionalChoice(contractTypes, 'posting.form.choose'),
  contractDetails: text(1000),
  // 就業場所
  workplaceId: idValue,
  // 賃金
  wageMin: optionalInteger(1, 10_000_000, 'posting.form.yen'),
  wageMax: optionalInteger(1, 10_000_000, 'posting.form.yen'),
  wageUnit: optionalChoice(wageUnits, 'posting.form.choose'),
  allowances: text(1000),
  commutingPay: text(500),
  // 労働時間
  workStart: optionalTime,
  workEnd: optionalTime,
  breakMinutes: optionalInteger(0, 600, 'posting.form.minutes'),
  shiftNotes: text(1000),
  weeklyHours: optionalDecimal(0.5, 80, 'posting.form.weeklyHours'),
  workDays: text(200),
  overtime: text(500),
  // 休日
  daysOff: text(500),
  // 加入保険
  insuranceEmployment: yesNo,
  insuranceWorkersComp: yesNo,
  insuranceHealth: yesNo,
  insurancePension: yesNo,
  // 応募条件・歓迎
  requirements: text(2000),
  welcomeTags: welcomeTagList,
  openings: optionalInteger(1, 999, 'posting.form.openings'),
  // 協同労働
  membershipTerms: text(2000),
  // 見学・体験
  acceptsVisit: checkbox,
  acceptsExperience: checkbox,
  acceptsShortTrial: checkbox,
  // 掲載期間
  validThrough: optionalDate,
});

export type PostingDraft = z.output<typeof postingForm>;

/**
 * Reads the posting form field by field: a field that does not parse is reported and read as empty, so
 * the checks on the rest of the form (draftGaps, the publishing rules) can run in the same round and
 * every problem is shown at once.
 */
export function readPostingForm(body: unknown): { draft: PostingDraft; errors: FormErrors } {
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const draft: Record<string, unknown> = {};
  const errors: FormErrors = {};
  for (const [name, schema] of Object.entries(postingForm.shape)) {
    const result = parseForm(z.object({ [name]: schema }), { [name]: values[name] });
    if (result.ok) {
      draft[name] = result.data[name];
    } else {
      Object.assign(errors, result.errors);
      const empty = (schema as z.ZodType).safeParse(undefined);
      draft[name] = empty.success ? empty.data : '';
    }
  }
  return { draft: draft as PostingDraft, errors };
}

/** What the submit button asked for: keep as a draft, or publish (submit for review). */
export function intentOf(body: unknown): 'save' | 'publish' {
  const intent = (body as { intent?: unknown } | undefined)?.intent;
  return intent === 'publish' ? 'publish' : 'save';
}

/**
 * What even a draft needs: the database cannot hold "not answered yet" for these choices (they are
 * NOT NULL enums and booleans), so they are asked before anything is saved.
 */
export function draftGaps(draft: PostingDraft): FormErrors {
  const errors: FormErrors = {};
  if (draft.workplaceId === null) errors.workplaceId = { key: 'posting.form.chooseWorkplace' };
  for (const name of ['field', 'employmentForm', 'contractType', 'wageUnit'] as const) {
    if (draft[name] === null) errors[name] = { key: 'posting.form.choose' };
  }
  for (const name of [
    'insuranceEmployment',
    'insuranceWorkersComp',
    'insuranceHealth',
    'insurancePension',
  ] as const) {
    if (draft[name] === null) errors[name] = { key: 'posting.form.chooseYesNo' };
  }
  // Start and end are kept together: an empty pair is stored as 00:00–00:00, meaning "not yet".
  if (draft.workStart === null && draft.workEnd !== null) errors.workStart = { key: 'posting.form.timePair' };
  if (draft.workEnd === null && draft.workStart !== null) errors.workEnd = { key: 'posting.form.timePair' };
  if (draft.workStart !== null && draft.workStart === draft.workEnd)
    errors.workEnd = { key: 'posting.form.timeSame' };
  return errors;
}

export const renewForm = z.object({ validThrough: optionalDate });

// ---------------------------------------------------------------------------------------------------
// Organisation profile and governance card

const kana = z.preprocess(
  (value) => folded(value),
  z
    .string()
    .min(1, { error: 'form.required' })
    .max(100, { error: 'form.tooLong' })
    .regex(/^[\p{Script=Hiragana}\p{Script=Katakana}ー・ 0-9A-Za-z]+$/u, { error: 'workspace.form.kana' }),
);

const optionalUrl = z.preprocess(
  (value) => {
    const raw = folded(value);
    return raw === '' ? null : raw;
  },
  z
    .string()
    .max(200, { error: 'form.tooLong' })
    .regex(/^https?:\/\/[^\s<>"]+$/i, { error: 'workspace.form.url' })
    .refine(
      (value) => {
        try {
          new URL(value);
          return true;
        } catch {
          return false;
        }
      },
      { error: 'workspace.form.url' },
    )
    .nullable(),
);

const optionalEmail = z.preprocess((value) => {
  const raw = folded(value).toLowerCase();
  return raw === '' ? null : raw;
}, z.email({ error: 'form.invalidEmail' }).max(254, { error: 'form.tooLong' }).nullable());

/** A Japanese phone number for the desk: 10 to 13 digits, with hyphens or spaces as written. */
const optionalPhone = z.preprocess(
  (value) => {
    const raw = folded(value);
    return raw === '' ? null : raw;
  },
  z
    .string()
    .regex(/^\+?[0-9()\- ]+$/, { error: 'workspace.form.phone' })
    .refine(
      (value) => {
        const digits = value.replace(/[^0-9]/g, '').length;
        return digits >= 10 && digits <= 13;
      },
      { error: 'workspace.form.phone' },
    )
    .nullable(),
);

export const organisationForm = z.object({
  name: requiredText(100),
  nameKana: kana,
  description: text(2000),
  website: optionalUrl,
  contactEmail: optionalEmail,
  contactPhone: optionalPhone,
});

export type OrganisationFormData = z.output<typeof organisationForm>;

export const governanceForm = z.object({
  memberCount: optionalInteger(0, 10_000_000, 'workspace.form.count'),
  workerCount: optionalInteger(0, 10_000_000, 'workspace.form.count'),
  decisionMaking: text(1000),
  oneMemberOneVote: checkbox,
  shareAmountYen: optionalInteger(0, 100_000_000, 'posting.form.yen'),
  sharesRequired: optionalInteger(0, 1_000_000, 'workspace.form.count'),
  instalmentsAllowed: checkbox,
  payrollDeduction: checkbox,
  refundedOnLeaving: checkbox,
  surplusByWorkShare: checkbox,
  surplusNotes: text(1000),
  foundedUnder2022Law: checkbox,
  foundedYear: optionalInteger(1800, 2100, 'workspace.form.year'),
});

export type GovernanceFormData = z.output<typeof governanceForm>;

/** Checks between fields of the governance card. */
export function governanceProblems(data: GovernanceFormData, currentYear: number): FormErrors {
  const errors: FormErrors = {};
  if (data.foundedYear !== null && data.foundedYear > currentYear)
    errors.foundedYear = { key: 'workspace.form.year' };
  // The 労働者協同組合法 came into force on 2022-10-01: no co-op was founded under it before 2022.
  else if (data.foundedUnder2022Law && data.foundedYear !== null && data.foundedYear < 2022)
    errors.foundedYear = { key: 'workspace.governance.law2022Year' };
  return errors;
}

// ---------------------------------------------------------------------------------------------------
// 事業所

const prefectureCodes = prefectures.map((prefecture) => prefecture.code) as [string, ...string[]];

export const workplaceForm = z.object({
  name: requiredText(100),
  postalCode: z.preprocess(
    (value) => {
      const raw = folded(value)
        .replace(/[\s〒]/g, '')
        .replace(/[ー−–—―‐]/g, '-');
      const match = raw.match(/^([0-9]{3})-?([0-9]{4})$/);
      return match ? `${match[1]}-${match[2]}` : raw;
    },
    z
      .string()
      .min(1, { error: 'form.required' })
      .regex(/^[0-9]{3}-[0-9]{4}$/, { error: 'workspace.form.postalCode' }),
  ),
  prefectureCode: z.preprocess(
    (value) => str(value),
    z.enum(prefectureCodes, { error: 'workspace.form.choosePrefecture' }),
  ),
  municipalityCode: z.preprocess((value) => str(value).trim(), z.string().max(6)),
  addressLine: requiredText(200),
  nearestStation: text(50),
  walkMinutes: optionalInteger(0, 180, 'workspace.form.walkMinutes'),
  accessNotes: text(500),
  stepFree: checkbox,
  parking: checkbox,
});

export type WorkplaceFormData = z.output<typeof workplaceForm>;

/**
 * The municipality must be one of the chosen prefecture's (national local-government codes). Checked on
 * the submitted values, so it is reported together with any other problem of the form.
 */
export function workplaceProblems(values: {
  prefectureCode?: unknown;
  municipalityCode?: unknown;
}): FormErrors {
  const municipalityCode = str(values.municipalityCode).trim();
  if (municipalityCode === '') return { municipalityCode: { key: 'workspace.form.chooseMunicipality' } };
  const municipality = findMunicipality(municipalityCode);
  if (!municipality || municipality.prefectureCode !== str(values.prefectureCode))
    return { municipalityCode: { key: 'workspace.form.municipalityNotInPrefecture' } };
  return {};
}
