import { z } from 'zod';

// Form values arrive as strings (or arrays of strings for repeated names). Full-width digits and
// punctuation are common on Japanese keyboards, so numbers, times, dates and codes are NFKC-folded first.
// These are the field schemas more than one module's forms use, with one meaning each.

export const str = (value: unknown) => (typeof value === 'string' ? value : '');
export const folded = (value: unknown) => str(value).normalize('NFKC').trim();

export const text = (max: number) =>
  z.preprocess((value) => str(value).trim(), z.string().max(max, { error: 'form.tooLong' }));

export const requiredText = (max: number) =>
  z.preprocess(
    (value) => str(value).trim(),
    z.string().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' }),
  );

/** A whole number, or null when left empty; "1,200" and "１２００" read as 1200. */
export const optionalInteger = (min: number, max: number, error: string) =>
  z.preprocess((value) => {
    const raw = folded(value).replace(/[,\s円]/g, '');
    if (raw === '') return null;
    return /^-?[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  }, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).nullable());

/** A checkbox is on when sent with any value but "" or "0". */
export const checkbox = z.preprocess((value) => {
  const raw = Array.isArray(value) ? value.at(-1) : value;
  return typeof raw === 'string' ? raw !== '' && raw !== '0' : raw === true;
}, z.boolean());

/** A select with an empty first option: null when nothing is chosen. */
export const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T, error: string) =>
  z.preprocess((value) => (str(value) === '' ? null : str(value)), z.enum(values, { error }).nullable());

/** The one-time id a form carries so a second submission of it is recognised (see postings.service.ts, alreadyCreatedFrom). */
export const formIdField = z.preprocess(
  (value) => str(value).trim(),
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
);

/** Required text of several lines, as typed (line ends made one kind). */
export function paragraph(max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : ''),
    z.string().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' }),
  );
}
