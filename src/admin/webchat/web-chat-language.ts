import { supportedLanguage, type Language } from '../../i18n/translator.ts';

/**
 * The first language we speak among the browser's (`Accept-Language`, by preference),
 * or null. `ru-RU,ru;q=0.9,en;q=0.8` → `ru`; `de-DE,uk;q=0.5` → `uk`.
 */
export function browserLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  const ranked = header
    .slice(0, 512)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{1,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((l) => l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const language = supportedLanguage(tag);
    if (language) return language;
  }
  return null;
}

/** The page's own words: the browser's language, then the business's, then English. */
export function pageLanguage(header: string | undefined, businessLocale: string): Language {
  return browserLanguage(header) ?? supportedLanguage(businessLocale) ?? 'en';
}
