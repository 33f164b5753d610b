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
  type FormErrors,
  optionalChoice,
  optionalDate,
  optionalDecimal,
  optionalId,
  optionalInteger,
  optionalText,
  optionalTime,
  parseForm,
  repeated,
  requiredText,
  yesNo,
} from '../../lib/forms.js';

/** The workplace chosen in the form: null until one is chosen. */
const workplaceChoice = optionalId('posting.form.chooseWorkplace').transform((id) => id ?? null);

const welcomeTagList = z.preprocess(
  repeated,
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
  occupation: optionalText(100),
  field: optionalChoice(jobFields, 'posting.form.choose'),
  duties: optionalText(4000),
  changeScope: optionalText(1000),
  // 雇用形態・契約期間
  employmentForm: optionalChoice(employmentForms, 'posting.form.choose'),
  contractType: optionalChoice(contractTypes, 'posting.form.choose'),
  contractDetails: optionalText(1000),
  // 就業場所
  workplaceId: workplaceChoice,
  // 賃金
  wageMin: optionalInteger(1, 10_000_000, 'posting.form.yen'),
  wageMax: optionalInteger(1, 10_000_000, 'posting.form.yen'),
  wageUnit: optionalChoice(wageUnits, 'posting.form.choose'),
  allowances: optionalText(1000),
  commutingPay: optionalText(500),
  // 労働時間
  workStart: optionalTime('posting.form.time'),
  workEnd: optionalTime('posting.form.time'),
  breakMinutes: optionalInteger(0, 600, 'posting.form.minutes'),
  shiftNotes: optionalText(1000),
  weeklyHours: optionalDecimal(0.5, 80, 'posting.form.weeklyHours'),
  workDays: optionalText(200),
  overtime: optionalText(500),
  // 休日
  daysOff: optionalText(500),
  // 加入保険
  insuranceEmployment: yesNo,
  insuranceWorkersComp: yesNo,
  insuranceHealth: yesNo,
  insurancePension: yesNo,
  // 応募条件・歓迎
  requirements: optionalText(2000),
  welcomeTags: welcomeTagList,
  openings: optionalInteger(1, 999, 'posting.form.openings'),
  // 協同労働
  membershipTerms: optionalText(2000),
  // 見学・体験
  acceptsVisit: checkbox,
  acceptsExperience: checkbox,
  acceptsShortTrial: checkbox,
  // 掲載期間
  validThrough: optionalDate('posting.form.date'),
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

export const renewForm = z.object({ validThrough: optionalDate('posting.form.date') });

/** The note tells the organisation's staff what to change before sending the posting again. */
export const returnForm = z.object({ note: requiredText(2000) });

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
