import { z } from 'zod';
import { textField } from '../shared/input-schemas.ts';
import { BUSINESS_LANGUAGES, type BusinessLanguage } from './business-settings.ts';

// A service's or specialist's name (and a service's description) in the customer's
// language. The business types its names in its default language; the others are
// optional translations, stored as `{ ru: { name, description } }` on the row. Forms post
// them as `name_ru`, `description_ru`, … (blank: none).

/** Texts of one row in one other language; missing ones fall back to the main ones. */
export interface CatalogTranslation {
  name?: string;
  description?: string;
}

/** A row's translations by language (`{ kk: { name: 'Шаш қию' } }`). */
export type CatalogTranslations = Record<string, CatalogTranslation>;

/** The languages a business may translate its names into: every one but its default. */
export function translationLanguages(defaultLanguage: string): BusinessLanguage[] {
  return BUSINESS_LANGUAGES.filter((l) => l !== defaultLanguage);
}

const nameField = (tooLong: string) => textField(200, { tooLong }).default('');

/** Optional `name_<language>` fields, one per language, ≤ 200 characters like a name. */
export function translatedNameFields(tooLong: string): Record<`name_${BusinessLanguage}`, ReturnType<typeof nameField>> {
  return Object.fromEntries(BUSINESS_LANGUAGES.map((l) => [`name_${l}`, nameField(tooLong)])) as Record<`name_${BusinessLanguage}`, ReturnType<typeof nameField>>;
}

/**
 * Refuses translation fields in a language the business cannot speak (`name_de`) before
 * the form's own schema runs: a field the form never offered means a forged or stale
 * form, and dropping it silently would lose what someone typed. The error is the form's
 * `translations` section's (`translation_language_unknown`).
 */
export function refusingUnknownLanguages<S extends z.ZodType>(schema: S, prefixes: readonly string[]) {
  const known = new Set(BUSINESS_LANGUAGES.flatMap((l) => prefixes.map((p) => `${p}_${l}`)));
  const pattern = new RegExp(`^(?:${prefixes.join('|')})_[A-Za-z-]{2,8}$`);
  return z.preprocess((raw, ctx) => {
    if (typeof raw === 'object' && raw !== null && Object.keys(raw).some((k) => pattern.test(k) && !known.has(k))) {
      ctx.addIssue({ code: 'custom', path: ['translations'], message: 'translation_language_unknown' });
    }
    return raw;
  }, schema);
}

/**
 * The translations to store from parsed form fields: only the languages other than
 * the business's default (its own language is the main text), and only those typed.
 */
export function translationsFrom(input: object, defaultLanguage: string, fields: readonly (keyof CatalogTranslation)[]): CatalogTranslations {
  const typed = new Map(Object.entries(input));
  const out: CatalogTranslations = {};
  for (const language of translationLanguages(defaultLanguage)) {
    const entry: CatalogTranslation = {};
    for (const field of fields) {
      const text: unknown = typed.get(`${field}_${language}`);
      if (typeof text === 'string' && text !== '') entry[field] = text;
    }
    if (Object.keys(entry).length > 0) out[language] = entry;
  }
  return out;
}

/**
 * A row's text in `language`: its translation when there is one and the language is not
 * the business's default (whose text is the main one, whatever an old translation says).
 */
export function inLanguage(main: string, translations: CatalogTranslations, field: keyof CatalogTranslation, language: string | null, defaultLanguage: string): string {
  if (language === null || language === defaultLanguage) return main;
  return translations[language]?.[field] || main;
}

/** Stored translations read back from SQL (`json` is whatever was written: keep the texts only). */
export const StoredTranslations = z
  .record(z.string(), z.object({ name: z.string().optional(), description: z.string().optional() }).catch({}))
  .catch({});
