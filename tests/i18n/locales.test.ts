import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChangeCutoffPassed, SlotTaken, type PromoRejection, type SlotRejection } from '../../src/domain/index.ts';
import { PromoNotApplicable, SlotUnavailable } from '../../src/app/app-errors.ts';
import { createTranslator, LANGUAGES, loadMessages, type Translator } from '../../src/i18n/translator.ts';

type Messages = { [key: string]: string | Messages };
let messages: Awaited<ReturnType<typeof loadMessages>>;
let translator: Translator;

beforeAll(async () => {
  messages = await loadMessages();
  translator = await createTranslator(messages);
});

function flatten(tree: Messages, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[full] = value;
    else Object.assign(out, flatten(value, full));
  }
  return out;
}
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has exactly the English keys, with the same {{variables}}', (language) => {
    const en = flatten(messages.en);
    const other = flatten(messages[language]);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(variables(other[key] ?? ''), `${language}:${key}`).toEqual(variables(en[key] ?? ''));
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s is a real translation, not an English copy', (language) => {
    const en = flatten(messages.en);
    const copies = Object.entries(flatten(messages[language])).filter(([key, text]) => text === en[key]);
    expect(copies).toEqual([]);
  });

  it('has every message key the code uses', async () => {
    const root = path.resolve(import.meta.dirname, '..', '..', 'src');
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts'));
    const keys = new Set<string>();
    for (const file of files) {
      const text = await readFile(path.join(root, file), 'utf8');
      for (const m of text.matchAll(/'(errors\.[a-z_.]+)'/g)) keys.add(m[1]!);
    }
    // Keys built from a value: every value the code can produce.
    const slotReasons: SlotRejection[] = ['too_soon', 'beyond_horizon', 'no_staff', 'outside_working_hours', 'daily_cap_reached', 'staff_busy', 'resource_unavailable', 'session_full'];
    const promoReasons: (PromoRejection | 'unknown')[] = ['unknown', 'not_started', 'expired', 'used_up', 'customer_limit_reached', 'not_for_service'];
    for (const r of slotReasons) keys.add(new SlotUnavailable(r).i18nKey);
    for (const r of promoReasons) keys.add(new PromoNotApplicable(r).i18nKey);
    for (const c of ['cancel', 'reschedule'] as const) keys.add(new ChangeCutoffPassed(c, 120).i18nKey);
    expect(keys.size).toBeGreaterThan(30);
    expect([...keys].filter((k) => !translator.has(k))).toEqual([]);
  });

  it('describes an expected outcome in the customer language, with its numbers', () => {
    const late = new ChangeCutoffPassed('cancel', 120);
    expect(translator.describe(late, 'en')).toContain('120 minutes');
    expect(translator.describe(late, 'ru')).toContain('за 120 мин');
    expect(translator.describe(late, 'uk-UA')).toContain('за 120 хв');
    expect(translator.describe(late, 'kk')).toContain('120 минут');
    expect(translator.describe(new SlotTaken(), 'de')).toBe(flatten(messages.en)['errors.slot_taken']);
  });
});
