import { describe, expect, it } from 'vitest';
import { ChannelRegistry } from '../../../src/bots/channels/channel-registry.ts';
import type { ChatChannel } from '../../../src/bots/channels/chat-channel.ts';
import type { OutgoingMessage } from '../../../src/app/notifications/channel-sender.ts';
import type { Channel } from '../../../src/db/entities/index.ts';

const CAPS = { buttons: false, edits: false, images: true, documents: false, maxTextLength: 4096, startsConversations: false };

/** A channel serving the given businesses, recording what it sends and what it was asked to do. */
function fakeChannel(id: string, name: Channel, serves: string[], perSecond = 10) {
  const sent: string[] = [];
  const calls: string[] = [];
  const channel: ChatChannel = {
    id,
    name,
    capabilities: CAPS,
    sender: {
      channel: name,
      limits: { perSecond, perChatIntervalMs: 1_000 * perSecond },
      maxSendMs: 100 * perSecond,
      readyFor: (businessId) => serves.includes(businessId),
      send: async (m) => (sent.push(m.deliveryId), { ok: true }),
    },
    routes: [{ method: 'POST', url: `/${id}/:x`, body: 'form', bodyLimit: 1024, handle: async () => ({ outcome: 'ok' }) }],
    attach: async (businessId) => void calls.push(`attach ${businessId}`),
    detach: async (businessId) => void calls.push(`detach ${businessId}`),
    readiness: () => ({ connected: serves.length, connecting: 1, failing: 0 }),
    stop: async () => {
      calls.push('stop');
      if (id === 'broken') throw new Error('cannot stop');
    },
  };
  return { channel, sent, calls };
}

const message = (businessId: string, deliveryId: string): OutgoingMessage => ({ deliveryId, businessId, chatId: 'c', topic: 'booking.confirmed', payload: {}, audience: 'customer', locale: 'en' });

describe('the channel registry', () => {
  it('gives one sender per channel name; two implementations of a name send each business through the one ready for it', async () => {
    const registry = new ChannelRegistry();
    const web = fakeChannel('whatsapp-web', 'whatsapp', ['b1'], 1);
    const business = fakeChannel('twilio-whatsapp', 'whatsapp', ['b2'], 5);
    const sms = fakeChannel('twilio-sms', 'sms', ['b2']);
    for (const c of [web, business, sms]) registry.register(c.channel);
    const senders = registry.senders();
    expect([...senders.keys()].sort()).toEqual(['sms', 'whatsapp']);
    expect(senders.get('sms')).toBe(sms.channel.sender);
    const whatsapp = senders.get('whatsapp')!;
    // The slower pace of the two, so neither is pushed past its own.
    expect(whatsapp.limits).toEqual({ perSecond: 1, perChatIntervalMs: 5_000 });
    expect(whatsapp.maxSendMs).toBe(500);
    expect(await whatsapp.send(message('b1', 'd1'))).toEqual({ ok: true });
    expect(await whatsapp.send(message('b2', 'd2'))).toEqual({ ok: true });
    expect(web.sent).toEqual(['d1']);
    expect(business.sent).toEqual(['d2']);
    expect(whatsapp.readyFor?.('b3')).toBe(false);
    const waiting = await whatsapp.send(message('b3', 'd3'));
    expect(waiting).toMatchObject({ ok: false, notReadyForMs: expect.any(Number) });
  });

  it('refuses a second channel with the same id, mounts every route, sums readiness and attaches by id', async () => {
    const registry = new ChannelRegistry();
    const one = fakeChannel('telegram', 'telegram', ['b1', 'b2']);
    const two = fakeChannel('twilio-sms', 'sms', ['b1']);
    registry.register(one.channel);
    registry.register(two.channel);
    expect(() => registry.register(fakeChannel('telegram', 'telegram', []).channel)).toThrow(/registered already/);
    expect(registry.routes().map((r) => r.url)).toEqual(['/telegram/:x', '/twilio-sms/:x']);
    expect(registry.readiness()).toEqual({ connected: 3, connecting: 2, failing: 0 });
    await registry.attach('twilio-sms', 'b9');
    await registry.detach('telegram', 'b1');
    expect(two.calls).toEqual(['attach b9']);
    expect(one.calls).toEqual(['detach b1']);
    await expect(registry.attach('nope', 'b1')).rejects.toThrow(/no channel nope/);
  });

  it('stops every channel even when one fails to stop', async () => {
    const registry = new ChannelRegistry();
    const broken = fakeChannel('broken', 'sms', []);
    const fine = fakeChannel('fine', 'telegram', []);
    registry.register(broken.channel);
    registry.register(fine.channel);
    await registry.stop();
    expect(broken.calls).toEqual(['stop']);
    expect(fine.calls).toEqual(['stop']);
  });
});
