import { z } from 'zod';
import { legalForms } from '../../db/schema/index.js';
import {
  checkbox,
  choice,
  type FormErrors,
  type FormResult,
  folded,
  kana,
  optionalEmail,
  optionalInteger,
  optionalPhone,
  optionalText,
  optionalUrl,
  parseForm,
  requiredText,
  single,
  singleLine,
} from '../../lib/forms.js';
import { postalCodeFitsPrefecture } from '../../lib/postal-codes.js';
import { findMunicipality, prefectures } from '../../lib/regions.js';

/** Kinds an organisation may apply as; the secretariat is never applied for. */
export const applicationKinds = ['coop', 'school', 'support'] as const;
export type ApplicationKind = (typeof applicationKinds)[number];

const prefectureCodes = prefectures.map((prefecture) => prefecture.code) as [string, ...string[]];

// ---------------------------------------------------------------------------------------------------
// 参加申請

const applicationSchema = z.object({
  kind: choice(applicationKinds, 'membership.apply.chooseOne'),
  legalForm: choice(legalForms, 'membership.apply.chooseOne'),
  name: singleLine(100),
  nameKana: kana(100),
  prefectureCode: choice(prefectureCodes, 'membership.apply.chooseOne'),
  description: requiredText(2000),
  website: optionalUrl,
  contactEmail: optionalEmail,
  contactPhone: optionalPhone,
});

export type ApplicationInput = z.output<typeof applicationSchema>;

/**
 * The application form. The desk needs at least one way to be reached; that is checked here rather than
 * with a refinement so it is reported together with the other fields' problems.
 */
export function parseApplicationForm(body: unknown): FormResult<ApplicationInput> {
  const result = parseForm(applicationSchema, body);
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if (folded(values.contactEmail) || folded(values.contactPhone)) return result;
  const errors = result.ok ? {} : result.errors;
  errors.contactEmail ??= { key: 'membership.apply.contactRequired' };
  return { ok: false, values, errors };
}

// ---------------------------------------------------------------------------------------------------
// Profile and governance card

/** The same fields, read the same way, as the application: the name and its kana are written by both. */
export const organisationForm = z.object({
  name: singleLine(100),
  nameKana: kana(100),
  description: optionalText(2000),
  website: optionalUrl,
  contactEmail: optionalEmail,
  contactPhone: optionalPhone,
});

export type OrganisationFormData = z.output<typeof organisationForm>;

export const governanceForm = z.object({
  memberCount: optionalInteger(0, 10_000_000, 'workspace.form.count'),
  workerCount: optionalInteger(0, 10_000_000, 'workspace.form.count'),
  decisionMaking: optionalText(1000),
  oneMemberOneVote: checkbox,
  shareAmountYen: optionalInteger(0, 100_000_000, 'posting.form.yen'),
  sharesRequired: optionalInteger(0, 1_000_000, 'workspace.form.count'),
  instalmentsAllowed: checkbox,
  payrollDeduction: checkbox,
  refundedOnLeaving: checkbox,
  surplusByWorkShare: checkbox,
  surplusNotes: optionalText(1000),
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

/** "〒100ー0001", "1000001" → "100-0001"; anything else is kept for the error message. */
function postalCode(value: unknown): string {
  const raw = folded(value)
    .replace(/[\s〒]/g, '')
    .replace(/[ー−–—―‐]/g, '-');
  const match = raw.match(/^([0-9]{3})-?([0-9]{4})$/);
  return match ? `${match[1]}-${match[2]}` : raw;
}

export const workplaceForm = z.object({
  name: singleLine(100),
  postalCode: z.preprocess(
    postalCode,
    z
      .string()
      .min(1, { error: 'form.required' })
      .regex(/^[0-9]{3}-[0-9]{4}$/, { error: 'workspace.form.postalCode' }),
  ),
  prefectureCode: choice(prefectureCodes, 'workspace.form.choosePrefecture'),
  municipalityCode: z.preprocess((value) => folded(value), z.string().max(6)),
  addressLine: singleLine(200),
  nearestStation: z.preprocess((value) => folded(value).replace(/\s+/g, ' '), z.string().max(50)),
  walkMinutes: optionalInteger(0, 180, 'workspace.form.walkMinutes'),
  accessNotes: optionalText(500),
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
  const municipalityCode = folded(values.municipalityCode);
  if (municipalityCode === '') return { municipalityCode: { key: 'workspace.form.chooseMunicipality' } };
  const municipality = findMunicipality(municipalityCode);
  if (!municipality || municipality.prefectureCode !== single(values.prefectureCode))
    return { municipalityCode: { key: 'workspace.form.municipalityNotInPrefecture' } };
  return {};
}

/**
 * A postal code outside the chosen prefecture is almost always a typo (a wrong digit, or the office's
 * old address), so saving it is refused once, with the message beside the field. The ranges count the
 * few three-digit areas that straddle a border for one prefecture (lib/postal-codes.ts), so a real
 * address there must still be savable: ticking "this postal code is right" (`postalCodeConfirmed`)
 * saves it as typed.
 */
export function postalCodeProblems(
  data: Pick<WorkplaceFormData, 'postalCode' | 'prefectureCode'>,
  values: { postalCodeConfirmed?: unknown },
  saved: Pick<WorkplaceFormData, 'postalCode' | 'prefectureCode'> | null = null,
): FormErrors {
  if (postalCodeFitsPrefecture(data.postalCode, data.prefectureCode)) return {};
  if (checkbox.parse(values.postalCodeConfirmed)) return {};
  if (saved && saved.postalCode === data.postalCode && saved.prefectureCode === data.prefectureCode)
    return {};
  return { postalCode: { key: 'workspace.form.postalCodeOtherPrefecture' } };
}

// ---------------------------------------------------------------------------------------------------
// The secretariat's decisions

export const approveForm = z.object({ trusted: checkbox });
export const trustForm = z.object({ trusted: checkbox });
/** The reason is shown to the applicant and mailed to the organisation's admins. */
export const declineForm = z.object({ reason: requiredText(1000) });
