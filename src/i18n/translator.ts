import { readdir, readFile } from 'node:fs/promises';
import { createInstance, type i18n } from 'i18next';
import { z } from 'zod';
import type { DomainError } from '../domain/index.ts';

/** The languages BookChat speaks; English is the fallback. */
export const LANGUAGES = ['en', 'ru', 'uk', 'kk'] as const;
/** One of the supported languages. */
export type Language = (typeof LANGUAGES)[number];

type Messages = { [key: string]: string | Messages };
const MessagesSchema: z.ZodType<Messages> = z.lazy(() => z.record(z.string(), z.union([z.string(), MessagesSchema])));

/** Turns message keys (`errors.slot_taken`) into text in a language. */
export interface Translator {
  /** The text for `key` in `language` (English when missing there), with `{{params}}` filled in. */
  t(language: string | null | undefined, key: string, params?: Readonly<Record<string, string | number>>): string;
  /** True when `key` exists in English (every key must). */
  has(key: string): boolean;
  /** The customer-facing sentence for an expected outcome. */
  describe(error: DomainError, language: string | null | undefined): string;
}

/** The supported language of a tag (`uk-UA` → `uk`), or null for one we do not speak. */
export function supportedLanguage(tag: string | null | undefined): Language | null {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return LANGUAGES.find((l) => l === base) ?? null;
}

/**
 * Reads every language's messages: `locales/<language>/translation.json` (chats), the
 * channels' `chat-*.json` and the web panel's `panel-*.json` files beside it, merged
 * into one tree. Two files giving the
 * same key is an error, so areas cannot overwrite each other's wording.
 */
export async function loadMessages(localesDir = new URL('../../locales/', import.meta.url)): Promise<Record<Language, Messages>> {
  const entries = await Promise.all(
    LANGUAGES.map(async (language) => {
      const dir = new URL(`${language}/`, localesDir);
      const files = (await readdir(dir)).filter((name) => name === 'translation.json' || /^(panel|chat)-[a-z-]+\.json$/.test(name)).sort();
      const merged: Messages = {};
      for (const file of files) {
        const text = await readFile(new URL(file, dir), 'utf8');
        mergeMessages(merged, MessagesSchema.parse(JSON.parse(text)), `${language}/${file}`);
      }
      return [language, merged] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Language, Messages>;
}

function mergeMessages(into: Messages, from: Messages, file: string, prefix = ''): void {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (existing === undefined) into[key] = value;
    else if (typeof existing !== 'string' && typeof value !== 'string') mergeMessages(existing, value, file, `${prefix}${key}.`);
    else throw new Error(`${file}: the message ${prefix}${key} is defined twice`);
  }
}

/** A translator over the given messages (see {@link loadMessages}). */
export async function createTranslator(messages: Record<Language, Messages>): Promise<Translator> {
  const instance: i18n = createInstance();
  await instance.init({
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: messages[l] }])),
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // Messages go to chats and SMS, not HTML: nothing to escape.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const languageOf = (language: string | null | undefined): Language => supportedLanguage(language) ?? 'en';
  return {
    t: (language, key, params = {}) => instance.t(key, { ...params, lng: languageOf(language) }),
    has: (key) => instance.exists(key, { lng: 'en', fallbackLng: false }),
    describe: (error, language) => instance.t(error.i18nKey, { ...error.params, ...cutoffWords(error.params, languageOf(language)), lng: languageOf(language) }),
  };
}

// A cutoff given in minutes reads as people say it ("2 h", "1 h 30 min"): the `{{cutoff}}` of policy messages.
function cutoffWords(params: Readonly<Record<string, string | number>>, language: Language): { cutoff?: string } {
  const minutes = params['cutoffMin'];
  if (typeof minutes !== 'number') return {};
  const unit = (value: number, name: 'hour' | 'minute') => new Intl.NumberFormat(language, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return { cutoff: hours === 0 ? unit(rest, 'minute') : rest === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${unit(rest, 'minute')}` };
}
