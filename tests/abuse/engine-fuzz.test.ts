import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessProfile } from '../../src/app/catalog/business-profile.ts';
import type { BusinessProfile } from '../../src/app/catalog/business-profile.ts';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import { memoryConversationStore } from '../../src/bots/engine/memory-conversation-store.ts';
import { createTranslator, loadMessages, type Translator } from '../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { FUZZ_CHANNELS, type FuzzAction } from './engine-fuzz-channels.ts';

// Property-based fuzzing of the conversation engine through every channel's renderer:
// 10,000 random customer actions in all (2,000 per channel) — presses, stale and forged
// buttons, typed numbers, emoji and 10 KB texts, random /commands, contacts, locations,
// media notes — never throw, always get a reply, and every reply fits the channel
// (length, buttons, callback data, well-formed UTF-16). Conversations live in the
// in-memory store; the use cases behind the steps (services, slots, holds) run on a real
// PostgreSQL. The seed is fixed: a failure prints its shrunk counterexample and replays.
const SEED = 2_026_11_29;
const RUNS_PER_CHANNEL = 50;
const ACTIONS_PER_RUN = 40;

let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;
let ctx: UseCaseContext;
let chats = 0;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 6 });
  w = await makeBookingWorld(db.orm, { customers: 1, staff: 3 });
  translator = await createTranslator(await loadMessages());
  const profile: BusinessProfile = await businessProfile(w.ctx, w.business.id);
  // Every fuzz run is a new chat: no limit on new chats a minute here (it has its own tests).
  const conversations = memoryConversationStore((id) => (id === w.business.id ? profile : undefined), { newChatsPerMinute: Number.MAX_SAFE_INTEGER });
  ctx = { ...w.ctx, conversations };
});
afterAll(async () => db?.drop());

const emojiText = fc.string({ unit: fc.constantFrom('😀', '👍🏽', '🇰🇿', '👨‍👩‍👧', '❤️', '1️⃣', 'é', 'ё', 'қ', '\u200d', '\ufe0f', ' ', '\n', 'a', '9', '0'), maxLength: 30 });
const anyText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: emojiText },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('hi', 'book', 'menu', 'back', 'назад', 'ещё', 'help', '?', 'STOP', 'START', 'tomorrow', 'завтра 15:00', 'Olena', '+380671234567', 'cancel') },
  // 10 KB messages: Latin, emoji (surrogate pairs that a cut could split) and Cyrillic.
  { weight: 1, arbitrary: fc.constantFrom('a'.repeat(10_240), '😀'.repeat(5_120), 'щ'.repeat(10_240), `${'word '.repeat(2000)}😀`) },
);
const commandName = fc.oneof(fc.constantFrom('start', 'help', 'language', 'book', 'my', 'mybookings', 'cancel', 'menu', 'about', 'settings', 'stop'), fc.stringMatching(/^[a-z_]{1,32}$/));
const commandArg = fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.string({ unit: 'grapheme', maxLength: 20 }));

const action: fc.Arbitrary<FuzzAction> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('press' as const), pick: fc.nat(40) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stale' as const), pick: fc.nat(40), versionsBack: fc.integer({ min: 1, max: 6 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('forged_choice' as const),
      id: fc.oneof(fc.string({ minLength: 1, maxLength: 64 }), fc.constantFrom('menu', 'book', 'svc:00000000-0000-4000-8000-000000000000', 'slot:9999999999999', 'day:2031-02-30', 'lang:xx', 'cancel:x')),
      version: fc.option(fc.nat(1_000_000), { nil: null }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('number' as const), n: fc.integer({ min: -1, max: 12 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('text' as const), text: anyText }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('command' as const), name: commandName, arg: commandArg }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('contact' as const), phone: fc.oneof(fc.stringMatching(/^\+?[0-9]{3,15}$/), fc.string({ minLength: 3, maxLength: 32 })), own: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('location' as const), latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('media' as const), icon: fc.constantFrom('📷', '📄', '🎤', '🎬'), name: fc.string({ maxLength: 40 }), caption: fc.oneof(fc.constant(''), anyText) }) },
);

describe('conversation engine fuzzed through every channel renderer', () => {
  it.each(FUZZ_CHANNELS.map((c) => [c.name, c] as const))('%s: no exception, a reply within the channel’s limits for every action', async (_name, channel) => {
    let actions = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: ACTIONS_PER_RUN, maxLength: ACTIONS_PER_RUN }), async (script) => {
        chats += 1;
        // Each run a minute later: holds from earlier runs age as they would.
        w.clock.advanceMinutes(1);
        const chat = await channel.open({ ctx, translator, businessId: w.business.id }, String(700_000 + chats));
        for (const [i, step] of script.entries()) {
          actions += 1;
          const problems = await chat.act(step);
          if (problems.length > 0) throw new Error(`action ${i + 1} ${JSON.stringify(step).slice(0, 300)}: ${problems.join('; ')}`);
        }
      }),
      { seed: SEED, numRuns: RUNS_PER_CHANNEL, endOnFailure: false },
    );
    expect(actions).toBeGreaterThanOrEqual(RUNS_PER_CHANNEL * ACTIONS_PER_RUN);
  }, 600_000);
});
