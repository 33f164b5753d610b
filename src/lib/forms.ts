import type { z } from 'zod';
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
