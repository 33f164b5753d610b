/**
 * A module's catalogue: Japanese first, and an English entry required for every Japanese key
 * (the type fails to compile if one is missing).
 */
export function defineMessages<const Ja extends Record<string, string>>(
  ja: Ja,
  en: { [K in keyof Ja]: string },
) {
  return { ja, en };
}
