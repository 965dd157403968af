import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessProfile } from '../../../src/app/catalog/business-profile.ts';
import type { ConversationStore } from '../../../src/app/conversations/conversation-store.ts';
import { businessProfile } from '../../../src/app/catalog/business-profile.ts';
import { memoryConversationStore } from '../../../src/bots/engine/memory-conversation-store.ts';
import { postgresConversationStore } from '../../../src/bots/engine/postgres-conversation-store.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { watchStatements } from '../../support/statement-watch.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';

// The same contract, for the PostgreSQL store and the in-memory one the engine's unit tests use.
let db: TestDatabase;
let w: BookingWorld;
let profile: BusinessProfile;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  profile = await businessProfile(w.ctx, w.business.id);
});
afterAll(async () => db.drop());

const stores: [string, (options?: { newChatsPerMinute?: number }) => ConversationStore][] = [
  ['postgres', (options) => postgresConversationStore(db.orm, options)],
  ['memory', (options) => memoryConversationStore((id) => (id === profile.id ? profile : undefined), options)],
];

describe.each(stores)('conversation store: %s', (_name, make) => {
  const NOW = 1_900_000_000_000;
  const address = () => ({ businessId: w.business.id, channel: 'telegram' as const, chatId: randomUUID() });

  it('claims a new chat, saves versions, and remembers handled events', async () => {
    const store = make();
    const chat = address();
    const first = await store.claim(chat, { token: 'a', now: NOW, leaseMs: 30_000, eventKey: 'e1' });
    expect(first).toMatchObject({ kind: 'claimed', stored: null, business: { id: w.business.id, name: profile.name } });
    expect(await store.save(chat, { step: 'one' }, { token: 'a', now: NOW, eventKey: 'e1' })).toBe(1);

    const again = await store.claim(chat, { token: 'b', now: NOW + 1, leaseMs: 30_000, eventKey: 'e1' });
    expect(again).toEqual({ kind: 'duplicate' });

    const second = await store.claim(chat, { token: 'b', now: NOW + 2, leaseMs: 30_000, eventKey: 'e2' });
    expect(second).toMatchObject({ kind: 'claimed', stored: { state: { step: 'one' }, version: 1 } });
    expect(await store.save(chat, { step: 'two' }, { token: 'b', now: NOW + 2, eventKey: 'e2' })).toBe(2);
  });

  it('keeps a chat busy while leased, frees it on release or when the lease runs out, and refuses a stale save', async () => {
    const store = make();
    const chat = address();
    await store.claim(chat, { token: 'a', now: NOW, leaseMs: 1_000, eventKey: null });
    expect(await store.claim(chat, { token: 'b', now: NOW + 10, leaseMs: 1_000, eventKey: null })).toEqual({ kind: 'busy' });
    await store.release(chat, 'a');
    expect((await store.claim(chat, { token: 'b', now: NOW + 20, leaseMs: 1_000, eventKey: null })).kind).toBe('claimed');
    // b crashed; after its lease c takes the chat, and b's late save changes nothing.
    expect((await store.claim(chat, { token: 'c', now: NOW + 2_000, leaseMs: 1_000, eventKey: null })).kind).toBe('claimed');
    expect(await store.save(chat, { by: 'b' }, { token: 'b', now: NOW + 2_001, eventKey: null })).toBeNull();
    expect(await store.save(chat, { by: 'c' }, { token: 'c', now: NOW + 2_002, eventKey: null })).toBe(1);
  });

  it('moves the open chats of a merged customer card to the surviving one', async () => {
    const store = make();
    const [from, into, other] = [randomUUID(), randomUUID(), randomUUID()];
    const chats = [address(), address()];
    const states = [{ customerId: from, step: 'x' }, { customerId: other, step: 'y' }];
    for (const [i, chat] of chats.entries()) {
      await store.claim(chat, { token: 't', now: NOW, leaseMs: 30_000, eventKey: null });
      await store.save(chat, states[i], { token: 't', now: NOW, eventKey: null });
    }
    await emForBusiness(db.orm, w.business.id).transactional((em) => store.moveCustomer(em, w.business.id, from, into));
    const read = async (chat: (typeof chats)[number]) => {
      const claim = await store.claim(chat, { token: 'r', now: NOW + 1, leaseMs: 30_000, eventKey: null });
      await store.release(chat, 'r');
      return claim.kind === 'claimed' ? claim.stored?.state : undefined;
    };
    expect(await read(chats[0]!)).toEqual({ customerId: into, step: 'x' });
    expect(await read(chats[1]!)).toEqual({ customerId: other, step: 'y' });
  });

  it('takes at most so many new chats a minute per business, and stores nothing for one refused', async () => {
    const store = make({ newChatsPerMinute: 2 });
    // Days after the other tests' chats, so only this test's count.
    const at = NOW + 10 * 86_400_000;
    const claim = (chat: ReturnType<typeof address>, now: number) => store.claim(chat, { token: 't', now, leaseMs: 1_000, eventKey: null });
    const [a, b, c] = [address(), address(), address()];
    expect((await claim(a, at)).kind).toBe('claimed');
    expect((await claim(b, at + 1)).kind).toBe('claimed');
    expect(await claim(c, at + 2)).toEqual({ kind: 'too_many_new' });
    // Known chats carry on; the refused one left nothing behind and gets in a minute later.
    await store.release(a, 't');
    expect((await claim(a, at + 3)).kind).toBe('claimed');
    expect((await claim(c, at + 61_000)).kind).toBe('claimed');
  });

  it('refuses an unknown business', async () => {
    await expect(make().claim({ businessId: randomUUID(), channel: 'telegram', chatId: '1' }, { token: 'a', now: NOW, leaseMs: 1, eventKey: null })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('conversation store: postgres, per update', () => {
  it('sends one prepared statement to claim a known chat and one to save it', async () => {
    const store = postgresConversationStore(db.orm);
    const chat = { businessId: w.business.id, channel: 'telegram' as const, chatId: randomUUID() };
    const now = 1_900_000_000_000;
    await store.claim(chat, { token: 'a', now, leaseMs: 30_000, eventKey: null });
    await store.save(chat, { step: 'one' }, { token: 'a', now, eventKey: null });
    const update = await watchStatements(db.orm, async () => {
      const claim = await store.claim(chat, { token: 'b', now: now + 1, leaseMs: 30_000, eventKey: 'e1' });
      const version = await store.save(chat, { step: 'two' }, { token: 'b', now: now + 1, eventKey: 'e1' });
      return { claim, version };
    });
    expect(update.result.claim).toMatchObject({ kind: 'claimed', stored: { state: { step: 'one' }, version: 1 }, business: { id: w.business.id } });
    expect(update.result.version).toBe(2);
    expect(update.statements).toBe(2);
    expect(update.preparedNames).toEqual(['conversations.claim', 'conversations.save']);
  });
});
