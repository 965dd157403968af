import { z } from 'zod';

/** What a business's slug looks like (the database checks the same). */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** A slug typed in a form: lower-cased and trimmed, 2–63 of `a-z`, `0-9` and `-`, not starting with `-`. */
export const BusinessSlug = z.string().trim().toLowerCase().regex(SLUG_PATTERN, 'business_slug_format');

// Letters shared by Russian, Ukrainian and Kazakh Cyrillic, read the Russian way.
const COMMON: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

// Ukrainian reads г, и, й and х its own way (the national romanisation) and has four letters of its own.
const UKRAINIAN: Readonly<Record<string, string>> = { ...COMMON, г: 'h', ґ: 'g', и: 'y', й: 'i', є: 'ye', і: 'i', ї: 'yi', '\u2019': '', "'": '' };

// Kazakh's own letters (the 2021 Latin alphabet, without its diacritics).
const KAZAKH: Readonly<Record<string, string>> = { ...COMMON, ә: 'a', ғ: 'gh', қ: 'q', ң: 'ng', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i' };

/** Which Cyrillic reading a name needs: its own letters decide, then the business's language. */
function alphabetFor(name: string, language: string | undefined): Readonly<Record<string, string>> {
  if (/[әғқңөұүһ]/.test(name)) return KAZAKH;
  if (/[ґєї]/.test(name)) return UKRAINIAN;
  if (/і/.test(name)) return language === 'kk' ? KAZAKH : UKRAINIAN;
  if (language === 'uk') return UKRAINIAN;
  return COMMON;
}

/**
 * A slug made from a business's name (`Салон «Красота»` → `salon-krasota`,
 * `Гарна Їжа` → `harna-yizha`, `Café Zürich` → `cafe-zurich`): Cyrillic letters
 * transliterated (Russian, Ukrainian or Kazakh, by the letters used and `language`),
 * accents dropped, anything else a dash. Always matches {@link SLUG_PATTERN}: a name
 * with nothing usable gives `business`.
 */
export function suggestSlug(name: string, language?: string): string {
  const lower = name.toLowerCase();
  const alphabet = alphabetFor(lower, language);
  const latin = [...lower].map((ch) => alphabet[ch] ?? ch).join('');
  const slug = latin
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return SLUG_PATTERN.test(slug) ? slug : slug.length === 1 ? `${slug}-business` : 'business';
}

/** Free variants of a slug that is taken: `salon-2`, `salon-3`, … (each still a valid slug). */
export function slugVariants(slug: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const suffix = `-${i + 2}`;
    return `${slug.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
  });
}
