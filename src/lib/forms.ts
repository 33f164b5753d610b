import { z } from 'zod';
import { isMessageKey, type MessageKey } from '../i18n/index.js';
import { NotFoundError } from './errors.js';

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

/**
 * The id a route names in its path (`/postings/:postingId`). One that can name no row is a page that does
 * not exist, so the reader gets the 404 page rather than an error.
 */
export function idParam(params: unknown, name: string): number {
  const id = idFrom(
    params && typeof params === 'object' ? (params as Record<string, unknown>)[name] : undefined,
  );
  if (id === null) throw new NotFoundError();
  return id;
}

/** An id chosen in a form (a select of workplaces, slots): undefined when left empty, refused when not an id. */
export const optionalId = (error: MessageKey = 'form.required') =>
  z.preprocess(
    (value) => (folded(value) === '' ? undefined : (idFrom(value) ?? Number.NaN)),
    z.number({ error }).optional(),
  );

/** An id chosen in a form that must be there; `error` is shown beside the field otherwise. */
export const requiredId = (error: MessageKey) =>
  z.preprocess((value) => idFrom(value) ?? Number.NaN, z.number({ error }));

/**
 * The one-time id a form page carries (hidden field), so a second submission of the same page finds the
 * record the first made instead of making another. Pages mint it with randomUUID() or randomToken();
 * both fit this shape, and nothing longer or stranger is stored.
 */
export const formIdField = z.preprocess(
  (value) => single(value).trim(),
  z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: 'form.expired' }),
);

/** A mailed token (a private link's) as it arrives in a query string or a form: anything odd reads as none. */
export function tokenFrom(value: unknown): string | null {
  const raw = single(value).trim();
  return /^[A-Za-z0-9_-]{16,100}$/.test(raw) ? raw : null;
}

/** A form id the page sent back, to carry into the re-rendered page; null when it is not one. */
export function formIdFrom(value: unknown): string | null {
  const parsed = formIdField.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** What a ticked box sends: our boxes send "1" or "yes", a box without a value sends "on". */
const TICKED = new Set(['1', 'yes', 'on', 'true']);

/** A checkbox is on when sent with a ticked value (the last one, if the name repeats). */
export const checkbox = z.preprocess((value) => {
  const raw = Array.isArray(value) ? value.at(-1) : value;
  // Only what our boxes send, and the browser default "on": a consent box must not read "no" as yes.
  return typeof raw === 'string' ? TICKED.has(raw) : raw === true;
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

/**
 * Text as typed, required: trimmed, line ends made one kind (\n). Prose and names are kept as typed, not
 * width-folded. Serves one-line fields and paragraphs alike.
 */
export const requiredText = (max: number) =>
  z.preprocess(
    (value) => single(value).replace(/\r\n?/g, '\n').trim(),
    z.string().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' }),
  );

/** Text as typed that may be left empty ("" then). */
export const optionalText = (max: number) =>
  z.preprocess(
    (value) => single(value).replace(/\r\n?/g, '\n').trim(),
    z.string().max(max, { error: 'form.tooLong' }),
  );

/**
 * A whole number as people type it: "1,200", "１２００", "1200円" and "20名" read as 1200 and 20. Null when
 * empty, NaN (refused) when it is not a whole number.
 */
function wholeNumber(value: unknown): number | null {
  const raw = folded(value).replace(/[,\s円人名]/g, '');
  if (raw === '') return null;
  return /^-?[0-9]{1,12}$/.test(raw) ? Number(raw) : Number.NaN;
}

/** A whole number between min and max, required. */
export const integer = (min: number, max: number, error: MessageKey) =>
  z.preprocess(
    (value) => wholeNumber(value) ?? Number.NaN,
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );

/** A whole number between min and max, or null when left empty. */
export const optionalInteger = (min: number, max: number, error: MessageKey) =>
  z.preprocess(
    wholeNumber,
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).nullable(),
  );

/** A number with decimals (weekly hours: 37.5), or null when empty. */
export const optionalDecimal = (min: number, max: number, error: MessageKey) =>
  z.preprocess((value) => {
    const raw = folded(value);
    if (raw === '') return null;
    return /^[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) : Number.NaN;
  }, z.number({ error }).min(min, { error }).max(max, { error }).nullable());

/** A yes/no radio pair with nothing chosen beforehand: null until answered. */
export const yesNo = z.preprocess(
  (value) => (single(value) === 'yes' ? true : single(value) === 'no' ? false : null),
  z.boolean().nullable(),
);

/** Every value of a repeated name (ticked checkboxes of one group), [] when none is sent. */
export function repeated(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** "2026-12-01", "2026/12/1" or "２０２６．１２．１" → "2026-12-01"; null when empty, "invalid" otherwise. */
function calendarDateOf(value: unknown): string | null {
  const raw = folded(value);
  if (raw === '') return null;
  const match = raw.match(/^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})$/);
  if (!match) return 'invalid';
  return `${match[1]}-${(match[2] as string).padStart(2, '0')}-${(match[3] as string).padStart(2, '0')}`;
}

/** A calendar date, required; `error` beside the field when it is missing or no such day. */
export const calendarDate = (error: MessageKey) =>
  z.preprocess((value) => calendarDateOf(value) ?? 'invalid', z.string().refine(isCalendarDate, { error }));

/** A calendar date, or null when left empty. */
export const optionalDate = (error: MessageKey) =>
  z.preprocess(calendarDateOf, z.string().refine(isCalendarDate, { error }).nullable());

/** "9:00", "０９：００" → "09:00"; null when empty, "invalid" otherwise. */
function clockTimeOf(value: unknown): string | null {
  const raw = folded(value);
  if (raw === '') return null;
  const match = raw.match(/^([01]?[0-9]|2[0-3]):([0-5][0-9])(?::00)?$/);
  return match ? `${(match[1] as string).padStart(2, '0')}:${match[2]}` : 'invalid';
}

/** A time of day, required. */
export const clockTime = (error: MessageKey) =>
  z.preprocess(
    (value) => clockTimeOf(value) ?? 'invalid',
    z.string().regex(/^[0-2][0-9]:[0-5][0-9]$/, { error }),
  );

/** A time of day, or null when left empty. */
export const optionalTime = (error: MessageKey) =>
  z.preprocess(
    clockTimeOf,
    z
      .string()
      .regex(/^[0-2][0-9]:[0-5][0-9]$/, { error })
      .nullable(),
  );

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

/** The page of a long list (`?page=2`); anything that is not a page number shows the first page. */
export const pageNumber = z.preprocess((value) => idFrom(value) ?? 1, z.number().max(100_000).catch(1));

export const pageQuery = z.object({ page: pageNumber });
