import { z } from 'zod';
import {
  contractTypes,
  employmentForms,
  jobFields,
  type WelcomeTag,
  wageUnits,
  welcomeTags,
} from '../../db/schema/enums.js';
import type { MessageKey } from '../../i18n/index.js';
import {
  checkbox,
  folded,
  optionalChoice,
  optionalInteger,
  paragraph,
  requiredText,
  str,
  text,
} from '../../lib/form-fields.js';
import { type FormErrors, parseForm } from '../../lib/forms.js';

/** A number with decimals (weekly hours: 37.5), or null when empty. */
const optionalDecimal = (min: number, max: number, error: string) =>
  z.preprocess((value) => {
    const raw = folded(value);
    if (raw === '') return null;
    return /^[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) : Number.NaN;
  }, z.number({ error }).min(min, { error }).max(max, { error }).nullable());

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

/** The note tells the organisation's staff what to change before sending the posting again. */
export const returnForm = z.object({ note: paragraph(2000) });

/** A posting's id in a path; anything else is a page that does not exist. */
export const postingParams = z.object({ postingId: z.coerce.number().int().positive().max(2_147_483_647) });

/** The page of a list: anything unexpected reads as the first. */
export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

/** Labels of the posting form's fields in form order, for the list of problems at the top of the form. */
export const postingLabels: Record<string, MessageKey> = {
  title: 'job.title',
  occupation: 'job.occupation',
  field: 'job.field',
  duties: 'job.duties',
  changeScope: 'job.changeScope',
  employmentForm: 'job.employmentForm',
  contractType: 'job.contractType',
  contractDetails: 'job.contractDetails',
  workplaceId: 'posting.label.workplace',
  wageUnit: 'posting.label.wageUnit',
  wageMin: 'posting.label.wageMin',
  wageMax: 'posting.label.wageMax',
  allowances: 'job.allowances',
  commutingPay: 'job.commutingPay',
  workStart: 'posting.label.workStart',
  workEnd: 'posting.label.workEnd',
  breakMinutes: 'posting.label.breakMinutes',
  shiftNotes: 'job.shiftNotes',
  weeklyHours: 'job.weeklyHours',
  workDays: 'job.workDays',
  overtime: 'job.overtime',
  daysOff: 'job.daysOff',
  insuranceEmployment: 'job.insurance.employment',
  insuranceWorkersComp: 'job.insurance.workersComp',
  insuranceHealth: 'job.insurance.health',
  insurancePension: 'job.insurance.pension',
  requirements: 'job.requirements',
  welcomeTags: 'job.welcome',
  openings: 'job.openings',
  membershipTerms: 'job.membershipTerms',
  acceptsVisit: 'job.accepts.visit',
  acceptsExperience: 'job.accepts.experience',
  acceptsShortTrial: 'job.accepts.short_trial',
  validThrough: 'job.validThrough',
};

/** The values a form shows for a draft (strings, as a browser would send them back). */
export function formValues(draft: PostingDraft): Record<string, unknown> {
  const yesNo = (value: boolean | null) => (value === null ? '' : value ? 'yes' : 'no');
  const numberText = (value: number | null) => (value === null ? '' : String(value));
  return {
    ...draft,
    field: draft.field ?? '',
    employmentForm: draft.employmentForm ?? '',
    contractType: draft.contractType ?? '',
    wageUnit: draft.wageUnit ?? '',
    workplaceId: numberText(draft.workplaceId),
    wageMin: numberText(draft.wageMin),
    wageMax: numberText(draft.wageMax),
    workStart: draft.workStart ?? '',
    workEnd: draft.workEnd ?? '',
    breakMinutes: numberText(draft.breakMinutes),
    weeklyHours: numberText(draft.weeklyHours),
    openings: numberText(draft.openings),
    insuranceEmployment: yesNo(draft.insuranceEmployment),
    insuranceWorkersComp: yesNo(draft.insuranceWorkersComp),
    insuranceHealth: yesNo(draft.insuranceHealth),
    insurancePension: yesNo(draft.insurancePension),
    acceptsVisit: draft.acceptsVisit ? '1' : '',
    acceptsExperience: draft.acceptsExperience ? '1' : '',
    acceptsShortTrial: draft.acceptsShortTrial ? '1' : '',
    validThrough: draft.validThrough ?? '',
  };
}
