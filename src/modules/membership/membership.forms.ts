import { z } from 'zod';
import { legalForms, membershipRoles, userLocales } from '../../db/schema/index.js';
import { type FormResult, parseForm, text } from '../../lib/forms.js';
import { prefectures } from '../../lib/regions.js';
import { emailField } from '../accounts/accounts.forms.js';

/** Kinds an organisation may apply as; the secretariat is never applied for. */
export const applicationKinds = ['coop', 'school', 'support'] as const;
export type ApplicationKind = (typeof applicationKinds)[number];

/** One line of text: width-folded (NFKC), spaces collapsed, trimmed. */
function singleLine(max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.normalize('NFKC').replace(/\s+/g, ' ').trim() : ''),
    z.string().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' }),
  );
}

/** Free text that keeps its line breaks; trimmed. */
export function paragraph(max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : ''),
    z.string().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' }),
  );
}

/** An optional field: empty (or missing) reads as undefined. */
function optional<T extends z.ZodType>(schema: T, normalise: (value: string) => string = (v) => v.trim()) {
  return z.preprocess(
    (value) => (typeof value === 'string' && normalise(value) !== '' ? normalise(value) : undefined),
    schema.optional(),
  );
}

/**
 * Kana for sorting and reading: half-width and full-width forms folded, katakana stored as hiragana so
 * organisations sort together in the list (the demo data is in hiragana too).
 */
export function normaliseKana(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\u30a1-\u30f6]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0x60));
}

const KANA_PATTERN = /^[\u3041-\u3096\u309d\u309e\u30fc\u30fb0-9 ]+$/;

const prefectureCodes = prefectures.map((prefecture) => prefecture.code) as [string, ...string[]];

const applicationSchema = z.object({
  kind: z.enum(applicationKinds, { error: 'membership.apply.chooseOne' }),
  legalForm: z.enum(legalForms, { error: 'membership.apply.chooseOne' }),
  name: singleLine(100),
  nameKana: z.preprocess(
    (value) => (typeof value === 'string' ? normaliseKana(value) : ''),
    z
      .string()
      .min(1, { error: 'form.required' })
      .max(100, { error: 'form.tooLong' })
      .regex(KANA_PATTERN, { error: 'membership.apply.kanaInvalid' }),
  ),
  prefectureCode: z.enum(prefectureCodes, { error: 'membership.apply.chooseOne' }),
  description: paragraph(2000),
  website: optional(
    z
      .string()
      .max(300, { error: 'form.tooLong' })
      .pipe(z.url({ protocol: /^https?$/, error: 'membership.apply.websiteInvalid' })),
  ),
  contactEmail: optional(
    z
      .string()
      .max(254, { error: 'form.tooLong' })
      .pipe(z.email({ error: 'form.invalidEmail' })),
    (value) => value.normalize('NFKC').trim().toLowerCase(),
  ),
  contactPhone: optional(
    z
      .string()
      .max(20, { error: 'membership.apply.phoneInvalid' })
      .regex(/^\+?[0-9()-]+$/, { error: 'membership.apply.phoneInvalid' })
      .refine((value) => /^\d{10,15}$/.test(value.replace(/\D/g, '')), {
        error: 'membership.apply.phoneInvalid',
      }),
    (value) =>
      value
        .normalize('NFKC')
        .replace(/[\s\u2010-\u2015\u2212\u30fc]/g, (char) => (/\s/.test(char) ? '' : '-'))
        .trim(),
  ),
});

export type ApplicationInput = z.output<typeof applicationSchema>;

/**
 * The application form. The desk needs at least one way to be reached; that is checked here rather than
 * with a refinement so it is reported together with the other fields' problems.
 */
export function parseApplicationForm(body: unknown): FormResult<ApplicationInput> {
  const result = parseForm(applicationSchema, body);
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if (text(values.contactEmail) || text(values.contactPhone)) return result;
  const errors = result.ok ? {} : result.errors;
  errors.contactEmail ??= { key: 'membership.apply.contactRequired' };
  return { ok: false, values, errors };
}

/** An admin's invitation: the address, the role, and the mail's language for someone not yet registered. */
export const invitationForm = z.object({
  email: emailField,
  role: z.enum(membershipRoles, { error: 'membership.apply.chooseOne' }),
  locale: z.enum(userLocales).catch('ja'),
});

export const roleForm = z.object({
  role: z.enum(membershipRoles, { error: 'membership.apply.chooseOne' }),
});

/** A mailed token as it arrives in a query string or form: anything odd reads as no token. */
export function tokenFrom(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,100}$/.test(value) ? value : null;
}

/** A positive database id from a path parameter, or null. */
export function idFrom(value: unknown): number | null {
  const id = Number(value);
  return typeof value === 'string' && /^\d{1,10}$/.test(value) && id > 0 && id <= 2_147_483_647 ? id : null;
}
