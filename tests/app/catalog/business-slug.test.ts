import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessSlug, SLUG_PATTERN, slugVariants, suggestSlug } from '../../../src/app/catalog/business-slug.ts';

describe('suggestSlug', () => {
  it.each([
    ['Салон красоты «Лето»', undefined, 'salon-krasoty-leto'],
    ['Щукин и сыновья', undefined, 'shchukin-i-synovya'],
    ['Ёлка', 'ru', 'yolka'],
    ['Гарна Їжа', undefined, 'harna-yizha'],
    ['Перукарня Гліб', undefined, 'perukarnya-hlib'],
    ['Гриль', 'uk', 'hryl'],
    ['Гриль', 'ru', 'gril'],
    ['Қызыл Әлем', undefined, 'qyzyl-alem'],
    ['Шаштараз Іңкәр', undefined, 'shashtaraz-ingkar'],
    ['Café Zürich', undefined, 'cafe-zurich'],
    ['Straße 5', undefined, 'strasse-5'],
    ['  --Studio 42--  ', undefined, 'studio-42'],
    ['!!!', undefined, 'business'],
    ['Я', undefined, 'ya'],
    ['A', undefined, 'a-business'],
    ['中文', undefined, 'business'],
  ])('%s (%s) → %s', (name, language, slug) => {
    expect(suggestSlug(name, language)).toBe(slug);
  });

  it('cuts long names to 63 characters without a trailing dash', () => {
    const slug = suggestSlug(`${'a'.repeat(62)} b`);
    expect(slug).toBe('a'.repeat(62));
    expect(suggestSlug('x'.repeat(100))).toHaveLength(63);
  });

  it('always gives a slug the database accepts, whatever the name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.constantFrom(undefined, 'en', 'ru', 'uk', 'kk'), (name, language) => {
        expect(suggestSlug(name, language)).toMatch(SLUG_PATTERN);
      }),
    );
  });

  it('offers numbered variants that are still valid slugs', () => {
    expect(slugVariants('salon', 3)).toEqual(['salon-2', 'salon-3', 'salon-4']);
    for (const variant of slugVariants('s'.repeat(63), 12)) expect(variant).toMatch(SLUG_PATTERN);
  });
});

describe('BusinessSlug', () => {
  it.each([
    ['salon', true],
    [' Salon-2 ', true],
    ['a', false],
    ['-salon', false],
    ['салон', false],
    ['salon_1', false],
    ['s'.repeat(64), false],
  ])('%j valid: %s', (text, valid) => {
    expect(BusinessSlug.safeParse(text).success).toBe(valid);
  });
});
