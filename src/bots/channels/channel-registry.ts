import type { Channel } from '../../db/entities/index.ts';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../../app/notifications/channel-sender.ts';
import type { ChannelReadinessCounts, ChannelRoute, ChatChannel } from './chat-channel.ts';

// How soon a message for a business no implementation serves yet is tried again.
const NOT_READY_RETRY_MS = 5_000;

/**
 * The running chat channels. The composition root registers each; the HTTP layer mounts
 * their routes, the outbox takes one sender per channel name, the panel attaches and
 * detaches a business's accounts, `/ready` sums their readiness, and shutdown stops
 * them all.
 */
export class ChannelRegistry {
  readonly #channels = new Map<string, ChatChannel>();

  /** Adds a channel; its id must be new. */
  register(channel: ChatChannel): void {
    if (this.#channels.has(channel.id)) throw new Error(`channel ${channel.id} is registered already`);
    this.#channels.set(channel.id, channel);
  }

  /** The channel registered under an id. */
  get(id: string): ChatChannel | undefined {
    return this.#channels.get(id);
  }

  /** Every registered channel. */
  all(): ChatChannel[] {
    return [...this.#channels.values()];
  }

  /** Every channel's webhook routes. */
  routes(): ChannelRoute[] {
    return this.all().flatMap((channel) => channel.routes);
  }

  /**
   * One outbox sender per channel name. Where two implementations share a name (a
   * linked WhatsApp number, Twilio WhatsApp), the message goes through the one ready
   * for its business.
   */
  senders(): Map<string, ChannelSender> {
    const byName = new Map<Channel, ChatChannel[]>();
    for (const channel of this.#channels.values()) byName.set(channel.name, [...(byName.get(channel.name) ?? []), channel]);
    const senders = new Map<string, ChannelSender>();
    for (const [name, channels] of byName) senders.set(name, channels.length === 1 ? channels[0]!.sender : sharedSender(name, channels.map((c) => c.sender)));
    return senders;
  }

  /** Serves the business's stored account on every channel of that id at once (after the panel saved it). */
  async attach(id: string, businessId: string): Promise<void> {
    await this.#required(id).attach(businessId);
  }

  /** Stops serving the business's account on a channel. */
  async detach(id: string, businessId: string): Promise<void> {
    await this.#required(id).detach(businessId);
  }

  /** How the accounts of every channel stand, summed. */
  readiness(): ChannelReadinessCounts {
    const total = { connected: 0, connecting: 0, failing: 0 };
    for (const channel of this.#channels.values()) {
      const counts = channel.readiness();
      total.connected += counts.connected;
      total.connecting += counts.connecting;
      total.failing += counts.failing;
    }
    return total;
  }

  /** Stops every channel; one failing to stop does not keep the others running. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.all().map((channel) => channel.stop()));
  }

  #required(id: string): ChatChannel {
    const channel = this.#channels.get(id);
    if (!channel) throw new Error(`no channel ${id} is registered`);
    return channel;
  }
}

// Several implementations of one channel name: each business is served by the one ready for it.
function sharedSender(name: Channel, senders: ChannelSender[]): ChannelSender {
  const pick = (businessId: string) => senders.find((s) => s.readyFor?.(businessId) ?? false);
  return {
    channel: name,
    // The slowest pace and the longest send of the group: safe for every one of them.
    limits: { perSecond: Math.min(...senders.map((s) => s.limits.perSecond)), perChatIntervalMs: Math.max(...senders.map((s) => s.limits.perChatIntervalMs)) },
    maxSendMs: Math.max(...senders.map((s) => s.maxSendMs)),
    readyFor: (businessId) => pick(businessId) !== undefined,
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const sender = pick(message.businessId);
      if (!sender) return { ok: false, error: `no ${name} account of this business is connected`, notReadyForMs: NOT_READY_RETRY_MS };
      return sender.send(message);
    },
  };
}
