import { en, ja, type MessageKey } from './catalogue.js';

export type { MessageKey } from './catalogue.js';
export const locales = ['ja', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'ja';

const catalogues: Record<Locale, Record<MessageKey, string>> = { ja, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isLocale(value: unknown): value is Locale {
  return value === 'ja' || value === 'en';
}

export function isMessageKey(value: string): value is MessageKey {
  return value in ja;
}

/**
 * The translator for one locale, built once: building one makes Intl number and plural formatters,
 * which costs more than many translations, and services ask for one per call (a slot's date, a mail).
 */
export function translator(locale: Locale): Translate {
  let built = translators.get(locale);
  if (built === undefined) {
    built = buildTranslator(locale);
    translators.set(locale, built);
  }
  return built;
}
const translators = new Map<Locale, Translate>();

/**
 * A translator for one locale; `{name}` placeholders are filled from params (numbers get separators), and
 * `{name:one|other}` picks the word form for the number in `name` by the language's plural rules
 * ("{count} {count:job|jobs}" → "1 job", "2 jobs"; Japanese needs none).
 */
function buildTranslator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  const fill = templateFiller(locale);
  // Each message with placeholders is split into its parts the first time it is used: pages fill hundreds
  // of messages per request, and scanning each template for placeholders every time showed in profiles.
  const compiled = new Map<MessageKey, TemplatePart[]>();
  return (key, params) => {
    const template = catalogue[key];
    if (!params) return template;
    let parts = compiled.get(key);
    if (parts === undefined) {
      parts = templateParts(template);
      compiled.set(key, parts);
    }
    return fill(parts, params);
  };
}

/** Fills a message's placeholders in one locale: what a translator does with a message, uncached. */
export function formatMessage(
  locale: Locale,
  template: string,
  params: Record<string, string | number>,
): string {
  return templateFiller(locale)(templateParts(template), params);
}

function templateFiller(locale: Locale) {
  const numberFormat = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB');
  const pluralRules = new Intl.PluralRules(locale === 'ja' ? 'ja-JP' : 'en-GB');
  const fillPart = (part: TemplatePart, params: Record<string, string | number>): string => {
    if (typeof part === 'string') return part;
    const value = params[part.name];
    // A placeholder without its value stays as written, so a missing parameter shows rather than vanishes.
    if (part.plural) {
      if (typeof value !== 'number') return part.source;
      return pluralRules.select(value) === 'one' ? part.plural.one : part.plural.other;
    }
    if (value === undefined) return part.source;
    return typeof value === 'number' ? numberFormat.format(value) : value;
  };
  return (parts: TemplatePart[], params: Record<string, string | number>): string => {
    let text = '';
    for (const part of parts) text += fillPart(part, params);
    return text;
  };
}

/** Literal text, or a placeholder (`{name}`, or `{name:one|other}` with its word forms) as written. */
type TemplatePart = string | { name: string; source: string; plural: { one: string; other: string } | null };

function templateParts(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)(?::([^|{}]*)\|([^{}]*))?\}/g)) {
    const [source, name = '', one, other] = match;
    if (match.index > last) parts.push(template.slice(last, match.index));
    parts.push({ name, source, plural: one !== undefined && other !== undefined ? { one, other } : null });
    last = match.index + source.length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/** Japanese unless the person chose otherwise, or their browser prefers English over Japanese. */
export function negotiateLocale(cookieValue: unknown, acceptLanguage: string | undefined): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  if (!acceptLanguage) return defaultLocale;
  const preferred = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const quality = rest.find((p) => p.trim().startsWith('q='));
      return { language: tag.toLowerCase().split('-')[0], q: quality ? Number(quality.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.language === 'ja' || entry.language === 'en')
    .sort((a, b) => b.q - a.q)[0];
  return preferred?.language === 'en' ? 'en' : defaultLocale;
}
