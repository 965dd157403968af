import type { proto } from '@whiskeysockets/baileys';

/**
 * The messages a number sent lately, by message id, in memory: when a recipient's phone
 * could not decrypt one, WhatsApp asks for it again and Baileys' `getMessage` answers
 * from here (otherwise the customer sees "waiting for this message"). Retries come
 * within seconds, so the last few hundred per number are enough; after a restart the
 * older ones are simply not offered again.
 */
export class RecentMessages {
  readonly #byId = new Map<string, proto.IMessage>();
  readonly #capacity: number;

  constructor(capacity = 500) {
    this.#capacity = capacity;
  }

  remember(id: string | null | undefined, content: proto.IMessage | null | undefined): void {
    if (!id || !content) return;
    this.#byId.delete(id);
    this.#byId.set(id, content);
    // A Map keeps insertion order: the first key is the oldest.
    while (this.#byId.size > this.#capacity) this.#byId.delete(this.#byId.keys().next().value!);
  }

  get(id: string | null | undefined): proto.IMessage | undefined {
    return id ? this.#byId.get(id) : undefined;
  }

  get size(): number {
    return this.#byId.size;
  }
}
