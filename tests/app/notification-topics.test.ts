import { beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_TOPIC_NAMES, NOTIFICATION_TOPICS, topicsFor, wordingOf, type Audience } from '../../src/app/notifications/notification-topics.ts';
import { LANGUAGES, loadMessages } from '../../src/i18n/translator.ts';

type Messages = { [key: string]: string | Messages };
let messages: Awaited<ReturnType<typeof loadMessages>>;

beforeAll(async () => {
  messages = await loadMessages();
});

// A key's text in one language, or undefined when the language lacks it.
function text(language: string, key: string): string | undefined {
  let node: string | Messages | undefined = messages[language as keyof typeof messages] as Messages | undefined;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** Every (topic, audience, language, key) the registry promises, and whether the language has it. */
function missingWording(topics: Record<string, { audiences: readonly Audience[]; wording: Partial<Record<Audience, Readonly<Record<string, string>>>> }>): string[] {
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(topics)) {
    for (const audience of spec.audiences) {
      const keys = Object.values(spec.wording[audience] ?? {});
      if (keys.length === 0) missing.push(`${name} → ${audience}: no wording`);
      for (const key of keys) for (const language of LANGUAGES) if (text(language, key) === undefined) missing.push(`${name} → ${audience}: ${key} missing in ${language}`);
    }
  }
  return missing;
}

describe('notification topic registry', () => {
  it('words every topic for each of its audiences in all four languages', () => {
    expect(LANGUAGES).toEqual(['en', 'ru', 'uk', 'kk']);
    expect(missingWording(NOTIFICATION_TOPICS)).toEqual([]);
  });

  it('fails for a topic whose wording is missing for an audience or a language', () => {
    const broken = {
      'booking.example': { audiences: ['customer', 'team'] as const, wording: { customer: { main: 'notify.customer.confirmed', other: 'notify.customer.no_such_key' } } },
    };
    expect(missingWording(broken)).toEqual([
      ...LANGUAGES.map((l) => `booking.example → customer: notify.customer.no_such_key missing in ${l}`),
      'booking.example → team: no wording',
    ]);
  });

  it('derives the fan-out audiences from the registry', () => {
    expect(topicsFor('customer')).toContain('booking.reminder');
    expect(topicsFor('team')).toContain('business.daily_digest');
    expect(topicsFor('customer')).not.toContain('booking.no_show');
    // Audit-only topics reach no chat; every other topic's audiences have wording.
    for (const name of NOTIFICATION_TOPIC_NAMES) {
      for (const audience of ['customer', 'team'] as const) {
        expect(topicsFor(audience).includes(name)).toBe(wordingOf(name, audience) !== undefined);
      }
    }
  });
});
