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
  const numberFormat = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB');
  const pluralRules = new Intl.PluralRules(locale === 'ja' ? 'ja-JP' : 'en-GB');
  return (key, params) => {
    const template = catalogue[key];
    if (!params) return template;
    const withPlurals = template.replace(
      /\{(\w+):([^|{}]*)\|([^{}]*)\}/g,
      (match, name: string, one: string, other: string) => {
        const value = params[name];
        if (typeof value !== 'number') return match;
        return pluralRules.select(value) === 'one' ? one : other;
      },
    );
    return withPlurals.replace(/\{(\w+)\}/g, (match, name: string) => {
      const value = params[name];
      if (value === undefined) return match;
      return typeof value === 'number' ? numberFormat.format(value) : value;
    });
  };
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
