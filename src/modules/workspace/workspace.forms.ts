import { z } from 'zod';
import { checkbox, folded, optionalInteger, requiredText, str, text } from '../../lib/form-fields.js';
import type { FormErrors } from '../../lib/forms.js';
import { findMunicipality, prefectures } from '../../lib/regions.js';

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
