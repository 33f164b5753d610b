import type { WageUnit } from '../db/schema/enums.js';
import type { Locale, Translate } from '../i18n/index.js';
import { formatDate } from './dates.js';
import { escapeHtml } from './html.js';
import { findMunicipality, prefectureName } from './regions.js';

/** Formatting helpers the templates call as `it.h.*`, bound to the request's language. */
export function viewHelpers(locale: Locale, t: Translate) {
  const numberFormat = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB');
  return {
    number: (value: number) => numberFormat.format(value),
    date: (isoDate: string) => formatDate(isoDate, locale),
    /** "時給 1,100〜1,300円" */
    wage: (wageMin: number, wageMax: number | null, unit: WageUnit) => {
      const amount =
        wageMax && wageMax > wageMin
          ? t('job.wageRange', { min: wageMin, max: wageMax })
          : t('job.wageFrom', { min: wageMin });
      return `${t(`job.wageUnit.${unit}`)} ${amount}`;
    },
    /** "09:00:00" → "9:00" */
    time: (value: string) => value.slice(0, 5).replace(/^0/, ''),
    prefecture: (code: string) => prefectureName(code, locale),
    municipality: (code: string) => findMunicipality(code)?.name ?? '',
    /** Prefecture and municipality as one place name. */
    place: (prefectureCode: string, municipalityCode: string) => {
      const municipality = findMunicipality(municipalityCode)?.name ?? '';
      return locale === 'ja'
        ? `${prefectureName(prefectureCode, locale)}${municipality}`
        : `${municipality}, ${prefectureName(prefectureCode, locale)}`;
    },
    /** A parenthetical in the language's own brackets: "（任意）" in Japanese, " (optional)" in English. */
    paren: (text: string) => (locale === 'ja' ? `（${text}）` : ` (${text})`),
    /**
     * A link target from organisation data, or null: only http(s) URLs become an href, so a stored
     * javascript: or data: URL is shown as text and never runs (OWASP XSS Cheat Sheet, URL contexts).
     */
    safeHref: (url: unknown) => safeHref(url),
    /** Multi-line text from the database, escaped, with line breaks kept. */
    lines: (text: string) => text.split(/\r?\n/).map(escapeHtml).join('<br>'),
  };
}

export type ViewHelpers = ReturnType<typeof viewHelpers>;

export function safeHref(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
