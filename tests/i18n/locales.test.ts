import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChangeCutoffPassed, SlotTaken, type PromoRejection, type SlotRejection } from '../../src/domain/index.ts';
import { PromoNotApplicable, SlotUnavailable } from '../../src/app/shared/app-errors.ts';
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

const PLURAL = /_(zero|one|two|few|many|other)$/;
/** Keys with i18next plural suffixes folded into their base (`list_one`, `list_few` → `list`). */
function baseKeys(flat: Record<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of Object.keys(flat)) {
    const base = key.replace(PLURAL, '');
    out.set(base, [...(out.get(base) ?? []), key]);
  }
  return out;
}

describe('locales', () => {
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has exactly the English keys, with the same {{variables}}', (language) => {
    const en = flatten(messages.en);
    const other = flatten(messages[language]);
    const enBases = baseKeys(en);
    const otherBases = baseKeys(other);
    expect([...otherBases.keys()].sort()).toEqual([...enBases.keys()].sort());
    for (const [base, enKeys] of enBases) {
      const reference = variables(en[enKeys.find((k) => k.endsWith('_other')) ?? enKeys[0]!] ?? '');
      for (const key of otherBases.get(base) ?? []) expect(variables(other[key] ?? ''), `${language}:${key}`).toEqual(reference);
    }
  });

  it.each(LANGUAGES)('%s has every plural form its grammar needs', (language) => {
    const flat = flatten(messages[language]);
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const plurals = [...baseKeys(flat)].filter(([, keys]) => keys.some((k) => PLURAL.test(k)));
    expect(plurals.length).toBeGreaterThan(0);
    for (const [base, keys] of plurals) {
      for (const category of categories) expect(keys, `${language}:${base}`).toContain(`${base}_${category}`);
    }
  });

  it('picks the right plural form by number', () => {
    expect(translator.t('ru', 'chat.my.list', { count: 1 })).toContain('1');
    const ru = [1, 2, 5, 21].map((count) => translator.t('ru', 'chat.my.list', { count }));
    expect(new Set(ru).size).toBe(4);
    expect(ru[0]!.replace('1', '21')).toBe(ru[3]);
    expect(translator.t('en', 'chat.my.list', { count: 1 })).not.toBe(translator.t('en', 'chat.my.list', { count: 2 }).replace('2', '1'));
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s is a real translation, not an English copy', (language) => {
    const en = flatten(messages.en);
    // Language names are written in their own language everywhere (endonyms).
    const copies = Object.entries(flatten(messages[language])).filter(([key, text]) => text === en[key] && !key.startsWith('panel.languages.'));
    expect(copies).toEqual([]);
  });

  it('has every message key the code uses', async () => {
    const root = path.resolve(import.meta.dirname, '..', '..', 'src');
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts'));
    const keys = new Set<string>();
    for (const file of files) {
      const text = await readFile(path.join(root, file), 'utf8');
      for (const m of text.matchAll(/'((?:errors|chat|notify|telegram)\.[a-z_.]+[a-z_])'/g)) keys.add(m[1]!);
    }
    // Keys built from a value: every value the code can produce.
    const slotReasons: SlotRejection[] = ['too_soon', 'beyond_horizon', 'no_staff', 'outside_working_hours', 'daily_cap_reached', 'staff_busy', 'resource_unavailable', 'session_full'];
    const promoReasons: (PromoRejection | 'unknown' | 'not_accepted')[] = ['unknown', 'not_started', 'expired', 'used_up', 'customer_limit_reached', 'not_for_service', 'not_accepted'];
    for (const r of slotReasons) keys.add(new SlotUnavailable(r).i18nKey);
    for (const r of promoReasons) keys.add(new PromoNotApplicable(r).i18nKey);
    for (const c of ['cancel', 'reschedule'] as const) keys.add(new ChangeCutoffPassed(c, 120).i18nKey);
    for (const status of ['held', 'awaiting_approval', 'awaiting_payment', 'confirmed', 'cancelled', 'completed', 'no_show']) keys.add(`notify.team.status.${status}`);
    expect(keys.size).toBeGreaterThan(150);
    expect([...keys].filter((k) => !translator.has(k) && !translator.has(`${k}_other`))).toEqual([]);
  });

  it('has every panel message key the code and the templates name', async () => {
    const root = path.resolve(import.meta.dirname, '..', '..', 'src');
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts') || f.endsWith('.eta'));
    const keys = new Set<string>();
    for (const file of files) {
      const text = await readFile(path.join(root, file), 'utf8');
      // Whole keys only: a key built from a value ('panel.roles.' + role) ends with a dot or _.
      for (const m of text.matchAll(/['"`](panel\.[a-z0-9_]+(?:\.[a-z0-9_]*[a-z0-9])+)['"`]/g)) keys.add(m[1]!);
    }
    expect(keys.size).toBeGreaterThan(100);
    expect([...keys].filter((k) => !translator.has(k) && !translator.has(`${k}_other`))).toEqual([]);
  });

  it('describes an expected outcome in the customer language, with its numbers', () => {
    const late = new ChangeCutoffPassed('cancel', 120);
    // The policy is in hours, and so are the words: "2 hr", not "120 minutes".
    expect(translator.describe(late, 'en')).toContain('close 2 hr before');
    expect(translator.describe(late, 'ru')).toContain('за 2 ч до');
    expect(translator.describe(late, 'uk-UA')).toContain('за 2 год до');
    expect(translator.describe(late, 'kk')).toContain('басталуға 2 сағ');
    expect(translator.describe(new ChangeCutoffPassed('reschedule', 90), 'en')).toContain('1 hr 30 min');
    expect(translator.describe(new SlotTaken(), 'de')).toBe(flatten(messages.en)['errors.slot_taken']);
  });

  // What customers read, not the team's own chat: the words issue 16 found reading like
  // translated software stay out of it.
  const customerKeys = (language: (typeof LANGUAGES)[number]) =>
    Object.entries(flatten(messages[language])).filter(([key]) => /^(chat|notify\.customer|errors|sms|text|telegram\.error)\b/u.test(key) && !key.startsWith('chat.team.'));

  it.each([
    // "the team" for the business's staff: the administrator ("Команды: /book" are the bot's commands).
    ['ru', /(?<!\p{L})команд(?:а|е|у|ой)(?!\p{L})/iu],
    ['uk', /(?<!\p{L})команд(?:а|і|у|ою)(?!\p{L})/iu],
    ['kk', /(?<!\p{L})команда(?:ға|ның|мен|сы)?(?!\p{L})/iu],
    // "записали" after the phone step reads as "you're booked".
    ['ru', /записали/iu],
    ['uk', /записали/iu],
    ['kk', /жазып алдық/iu],
    // Ukrainian ranges run "з … до …"; no calque "прийде просто сюди".
    ['uk', /(?<!\p{L})по \{\{|просто сюди/iu],
    // Kazakh: "жойылды" is "deleted", not "cancelled"; payment details are "төлем деректемелері".
    ['kk', /жойылды|(?<!төлем )деректемел/iu],
  ] as const)('%s customer wording has no %s', (language, unwanted) => {
    expect(customerKeys(language).filter(([, text]) => unwanted.test(text))).toEqual([]);
  });
});

