import { z } from 'zod';
import { isMessageKey, type MessageKey } from '../i18n/index.js';

/** An error to show beside one field: a catalogue key and the numbers it mentions. */
export interface FieldError {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export type FormErrors = Record<string, FieldError>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; values: Record<string, unknown>; errors: FormErrors };

/**
 * Validates a submitted form. Schemas give catalogue keys as their messages ({ error: 'form.required' }),
 * so the page can show each error beside its field in the reader's language.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FormErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    if (errors[field]) continue;
    const key = isMessageKey(issue.message) ? issue.message : 'form.required';
    const params: Record<string, string | number> = {};
    if ('minimum' in issue && typeof issue.minimum === 'number') params.min = issue.minimum;
    if ('maximum' in issue && typeof issue.maximum === 'number') params.max = issue.maximum;
    errors[field] = { key, params };
  }
  return { ok: false, values, errors };
}

/** Text from a form field: trimmed, and a missing field reads as empty so "required" is reported. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

// ---------------------------------------------------------------------------------------------------
// Field parsers: one meaning each, for every form of the site. Values arrive as strings (or arrays of
// strings for a repeated name). Full-width digits, letters and punctuation are common on Japanese
// keyboards, so what is not free prose is NFKC-folded first.

/** The largest id PostgreSQL's `integer` holds: a larger number can name no row. */
export const MAX_ID = 2_147_483_647;

/** A submitted value as one string: the last of a repeated name, "" when missing. */
export function single(value: unknown): string {
  const last = Array.isArray(value) ? value.at(-1) : value;
  return typeof last === 'string' ? last : '';
}

/** Width-folded and trimmed. */
export function folded(value: unknown): string {
  return single(value).normalize('NFKC').trim();
}

/** A positive database id from a path parameter or a field, or null for anything else. */
export function idFrom(value: unknown): number | null {
  const raw = typeof value === 'number' ? String(value) : folded(value);
  if (!/^[0-9]{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id > 0 && id <= MAX_ID ? id : null;
}

/** A checkbox is on when sent with any value but "" or "0" (the last one, if the name repeats). */
export const checkbox = z.preprocess((value) => {
  const raw = Array.isArray(value) ? value.at(-1) : value;
  return typeof raw === 'string' ? raw !== '' && raw !== '0' : raw === true;
}, z.boolean());

/** One of a fixed set of values (radios, a select without an empty option). */
export const choice = <const T extends readonly [string, ...string[]]>(values: T, error: MessageKey) =>
  z.preprocess((value) => single(value), z.enum(values, { error }));

/** A select with an empty first option: null when nothing is chosen. */
export const optionalChoice = <const T extends readonly [string, ...string[]]>(
  values: T,
  error: MessageKey,
) =>
  z.preprocess(
    (value) => (single(value) === '' ? null : single(value)),
    z.enum(values, { error }).nullable(),
  );

/** One line of text, required: width-folded, runs of spaces made one, trimmed. */
export const singleLine = (max: number) =>
  z.preprocess(
    (value) => folded(value).replace(/\s+/g, ' '),
    z.string().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' }),
  );

/** Free text that keeps its line breaks (as \n), required. Prose is kept as typed, not width-folded. */
export const paragraph = (max: number) =>
  z.preprocess(
    (value) => single(value).replace(/\r\n?/g, '\n').trim(),
    z.string().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' }),
  );

/** Free text that may be left empty ("" then). */
export const optionalText = (max: number) =>
  z.preprocess(
    (value) => single(value).replace(/\r\n?/g, '\n').trim(),
    z.string().max(max, { error: 'form.tooLong' }),
  );

/** A whole number, or null when left empty; "1,200" and "１２００" read as 1200. */
export const optionalInteger = (min: number, max: number, error: MessageKey) =>
  z.preprocess((value) => {
    const raw = folded(value).replace(/[,\s円]/g, '');
    if (raw === '') return null;
    return /^-?[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  }, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).nullable());

/** An e-mail address, compared and stored in lower case. */
export const email = z.preprocess(
  (value) => folded(value).toLowerCase(),
  z
    .string()
    .min(1, { error: 'form.required' })
    .max(254, { error: 'form.tooLong' })
    .pipe(z.email({ error: 'form.invalidEmail' })),
);

/** An e-mail address that may be left empty (null then). */
export const optionalEmail = z.preprocess(
  (value) => {
    const raw = folded(value).toLowerCase();
    return raw === '' ? null : raw;
  },
  z
    .string()
    .max(254, { error: 'form.tooLong' })
    .pipe(z.email({ error: 'form.invalidEmail' }))
    .nullable(),
);

/**
 * A phone number as people write it ("03-1234-5678", "０３（１２３４）５６７８", "+81 3 1234 5678"):
 * 10 to 15 digits (a Japanese number with its area code, up to the longest international one), kept as
 * written but width-folded, with every kind of dash made "-". Null when empty.
 */
export const optionalPhone = z.preprocess(
  (value) => {
    const raw = folded(value).replace(/[\u2010-\u2015\u2212\u30fc\uff70]/g, '-');
    return raw === '' ? null : raw;
  },
  z
    .string()
    .max(20, { error: 'form.invalidPhone' })
    .regex(/^\+?[0-9()\- ]+$/, { error: 'form.invalidPhone' })
    .refine((value) => /^[0-9]{10,15}$/.test(value.replace(/[^0-9]/g, '')), { error: 'form.invalidPhone' })
    .nullable(),
);

/** The reading of a name in kana, as stored for sorting: katakana folded to hiragana (ア → あ). */
export function foldKana(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\u30a1-\u30f6]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0x60));
}

/** Hiragana after folding, with the long-vowel mark, the middle dot, digits and spaces (no romaji). */
const KANA_READING = /^[\u3041-\u3096\u309d\u309e\u30fc\u30fb0-9 ]+$/;

/** A required kana reading (hiragana or katakana as typed; stored in hiragana so lists sort together). */
export const kana = (max: number) =>
  z.preprocess(
    (value) => foldKana(single(value)),
    z
      .string()
      .min(1, { error: 'form.required' })
      .max(max, { error: 'form.tooLong' })
      .regex(KANA_READING, { error: 'form.invalidKana' }),
  );

/** A web address that may be left empty: http or https only, so a stored link can never run script. */
export const optionalUrl = z.preprocess(
  (value) => {
    const raw = folded(value);
    return raw === '' ? null : raw;
  },
  z
    .string()
    .max(300, { error: 'form.tooLong' })
    .regex(/^https?:\/\/[^\s<>"]+$/i, { error: 'form.invalidUrl' })
    .pipe(z.url({ protocol: /^https?$/, error: 'form.invalidUrl' }))
    .nullable(),
);
