import { DisconnectReason, type AnyMessageContent, type BaileysEventMap, type WAMessage } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import QRCode from 'qrcode';
import type { WhatsAppState } from '../../db/entities/index.ts';
import type { AppSecrets } from '../../db/secret-box.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { NumberLocks } from './number-locks.ts';
import type { OutboundPace } from './outbound-pace.ts';
import { openPostgresAuthState, type PostgresAuthState } from './postgres-auth-state.ts';
import { RecentMessages } from './recent-messages.ts';
import { recordWhatsAppState, type WhatsAppAccountRef } from './whatsapp-accounts.ts';
import type { WhatsAppSocket, WhatsAppSocketFactory } from './whatsapp-socket.ts';
import { bounded, closeCode, phoneOfJid, reconnectDelay, SEND_TIMEOUT_MS, type ReconnectPolicy } from './connection-rules.ts';

/** Where a number stands in this process, beside its stored state. */
export type NumberActivity = 'starting' | 'waiting_lock' | 'open' | 'retrying' | 'stopped';

/** What every number of a channel shares. */
export interface NumberDeps {
  ctx: UseCaseContext;
  logger: Logger;
  secrets: AppSecrets;
  locks: NumberLocks;
  socketFactory: WhatsAppSocketFactory;
  pace: OutboundPace;
  reconnect: ReconnectPolicy;
  random: () => number;
  /** Inbound messages (`messages.upsert`), handed over as Baileys emits them. */
  onMessages(number: WhatsAppNumber, upsert: BaileysEventMap['messages.upsert']): void;
  /** The number was logged out on the phone: creds are wiped already; the team is told here. */
  onLoggedOut(number: WhatsAppNumber): Promise<void>;
  /** A new QR to scan, as terminal text (the demo prints it until the panel shows the image). */
  onQr?(number: WhatsAppNumber, terminalText: string): void;
}

/**
 * One linked number driven by this process: the advisory lock, the socket, the QR or
 * pairing code while linking, and what a closed connection means —
 * 515 (restart required, after a scan) → a new socket at once; 401 (logged out) → creds
 * and keys wiped, `logged_out` stored, the team told, no reconnect; anything else → a
 * new socket after a backoff with jitter.
 */
export class WhatsAppNumber {
  readonly account: WhatsAppAccountRef;
  readonly recent = new RecentMessages();
  state: WhatsAppState;
  activity: NumberActivity = 'starting';
  phone: string | null;
  since: number;
  lastError: string | null = null;
  /** While linking: the QR to scan, as PNG data URL and as the text it encodes. */
  qr: { text: string; png: string } | null = null;
  pairingCode: string | null = null;
  readonly #deps: NumberDeps;
  #pairingPhone: string | null;
  #socket: WhatsAppSocket | undefined;
  #auth: PostgresAuthState | undefined;
  #timer: NodeJS.Timeout | undefined;
  #attempt = 0;
  #stopped = false;
  #pairingAsked = false;
  #updates: Promise<void> = Promise.resolve();

  constructor(deps: NumberDeps, account: WhatsAppAccountRef, stored: { state: WhatsAppState; phone: string | null; since: number }, options: { pairingPhone?: string } = {}) {
    this.#deps = deps;
    this.account = account;
    this.state = stored.state;
    this.phone = stored.phone;
    this.since = stored.since;
    this.#pairingPhone = options.pairingPhone ?? null;
  }

  /** Stopped for good (detached, logged out, or linking ended): a new linking makes a new one. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Sending is possible now. */
  get connected(): boolean {
    return this.activity === 'open' && this.state === 'connected' && this.#socket !== undefined;
  }

  get #log(): Logger {
    return this.#deps.logger;
  }

  /** Takes the number's lock and opens its socket; another process driving it → looked at again later. */
  async start(): Promise<void> {
    if (this.#stopped || this.#socket) return;
    let locked: boolean;
    try {
      locked = await this.#deps.locks.tryAcquire(this.account.accountId);
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.#log.warn({ err: error, business: this.account.businessId }, 'WhatsApp number lock could not be asked for; trying again');
      this.#later(this.#deps.reconnect.lockRetryMs, 'waiting_lock');
      return;
    }
    if (this.#stopped) {
      if (locked) await this.#deps.locks.release(this.account.accountId);
      return;
    }
    if (!locked) {
      this.#log.info({ business: this.account.businessId }, 'another process drives this WhatsApp number; leaving it alone');
      this.#later(this.#deps.reconnect.lockRetryMs, 'waiting_lock');
      return;
    }
    await this.#open();
  }

  /** Stops the socket (after logging the device out when `logout`) and gives the lock back. */
  async stop(options: { logout?: boolean } = {}): Promise<void> {
    this.#stopped = true;
    this.activity = 'stopped';
    clearTimeout(this.#timer);
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket && options.logout) await bounded(socket.logout(), 5_000).catch((error: unknown) => this.#log.warn({ err: error }, 'WhatsApp logout failed; unlinking anyway'));
    if (socket) await Promise.resolve(socket.end(undefined)).catch(() => undefined);
    this.#deps.pace.forget(this.account.accountId);
    await this.#deps.locks.release(this.account.accountId);
  }

  /** The connection holding the locks broke: this socket must stop now and try the lock again later. */
  lockLost(): void {
    if (this.#stopped || !this.#socket) return;
    void Promise.resolve(this.#socket.end(new Error('the number lock was lost'))).catch(() => undefined);
  }

  /**
   * Sends one message at the number's pace (see `outbound-pace.ts`) and keeps it for
   * WhatsApp's retry requests. With `maxWaitMs`, a pace slot further away is not waited
   * for: the result says how long the number is busy.
   */
  async send(jid: string, content: AnyMessageContent, maxWaitMs?: number): Promise<{ sent: WAMessage | undefined } | { busyForMs: number }> {
    const slot = this.#deps.pace.reserve(this.account.accountId, jid, Date.now(), maxWaitMs);
    if ('busyForMs' in slot) return slot;
    if (slot.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, slot.waitMs));
    const socket = this.#socket;
    if (!socket || !this.connected) throw new Error('the WhatsApp number is not connected');
    const sent = await bounded(socket.sendMessage(jid, content), SEND_TIMEOUT_MS);
    this.recent.remember(sent?.key.id, sent?.message);
    return { sent };
  }

  /** The bytes of an inbound image or document. */
  async download(message: WAMessage): Promise<Buffer> {
    if (!this.#socket) throw new Error('the WhatsApp number is not connected');
    return bounded(this.#socket.downloadMedia(message), SEND_TIMEOUT_MS);
  }

  /** A group's name, or undefined when WhatsApp does not say in time. */
  async groupSubject(jid: string): Promise<string | undefined> {
    if (!this.#socket) return undefined;
    return bounded(this.#socket.groupSubject(jid), 5_000).catch(() => undefined);
  }

  /**
   * Opens a socket. `reuse`: with the auth state in memory (a restart WhatsApp asked
   * for); otherwise read afresh from PostgreSQL once pending writes landed — another
   * process may have driven the number while this one had no lock.
   */
  async #open(reuse = false): Promise<void> {
    if (this.#stopped) return;
    this.activity = 'starting';
    try {
      if (!reuse || !this.#auth) {
        await this.#auth?.settled();
        this.#auth = await openPostgresAuthState(this.#deps.ctx, this.account, this.#deps.secrets, this.#log);
      }
    } catch (error) {
      // Creds sealed under an APP_SECRET this service no longer has: only a new link helps.
      this.#log.error({ err: error, business: this.account.businessId }, 'WhatsApp creds cannot be opened; link the number again');
      await this.#record('disconnected', { lastError: 'the stored WhatsApp login cannot be opened (APP_SECRET changed?): link the number again' });
      await this.stop();
      return;
    }
    const auth = this.#auth;
    const socket = this.#deps.socketFactory({ auth: auth.state, logger: this.#log, getMessage: async (key) => this.recent.get(key.id) });
    this.#socket = socket;
    socket.ev.on('creds.update', () => void auth.saveCreds().catch((error: unknown) => this.#log.error({ err: error }, 'WhatsApp creds could not be saved')));
    // One update at a time, in order: an "open" still being stored must not land after the "close" that followed it.
    socket.ev.on('connection.update', (update) => {
      this.#updates = this.#updates.then(() => this.#onUpdate(socket, update)).catch((error: unknown) => this.#log.error({ err: error }, 'WhatsApp connection update failed'));
    });
    socket.ev.on('messages.upsert', (upsert) => this.#deps.onMessages(this, upsert));
  }

  async #onUpdate(socket: WhatsAppSocket, update: BaileysEventMap['connection.update']): Promise<void> {
    if (socket !== this.#socket || this.#stopped) return;
    if (update.qr) await this.#onQr(socket, update.qr);
    if (update.connection === 'open') {
      this.#attempt = 0;
      this.activity = 'open';
      this.qr = null;
      this.pairingCode = null;
      this.#pairingPhone = null;
      this.phone = phoneOfJid(socket.user?.id) ?? this.phone;
      await this.#record('connected', { phone: this.phone, lastError: null });
      this.#log.info({ business: this.account.businessId, phone: this.phone }, 'WhatsApp number connected');
    }
    if (update.connection === 'close') await this.#onClose(update.lastDisconnect?.error);
  }

  async #onQr(socket: WhatsAppSocket, qr: string): Promise<void> {
    if (this.#pairingPhone) {
      // The first QR means WhatsApp waits for a device: ask for a code instead, once.
      if (this.#pairingAsked) return;
      this.#pairingAsked = true;
      const digits = this.#pairingPhone.replace(/\D/g, '');
      try {
        this.pairingCode = await socket.requestPairingCode(digits);
      } catch (error) {
        this.pairingCode = null;
        await this.#record('disconnected', { lastError: `no pairing code: ${error instanceof Error ? error.message : String(error)}` });
        await this.stop();
        return;
      }
      this.#log.info({ business: this.account.businessId }, 'WhatsApp pairing code ready: type it on the phone (Linked devices → Link with phone number)');
    } else {
      this.qr = { text: qr, png: await QRCode.toDataURL(qr, { margin: 2, width: 320 }) };
      this.#deps.onQr?.(this, await QRCode.toString(qr, { type: 'terminal', small: true }));
    }
    this.activity = 'open';
    await this.#record('linking');
  }

  async #onClose(error: Error | undefined): Promise<void> {
    this.#socket = undefined;
    if (this.#stopped) return;
    const code = closeCode(error);
    const reason = error?.message ?? 'connection closed';
    if (code === DisconnectReason.loggedOut) return this.#loggedOut();
    if (code === DisconnectReason.restartRequired) {
      // After a scan WhatsApp asks for a fresh connection with the new creds.
      this.#log.info({ business: this.account.businessId }, 'WhatsApp asks for a restart; reconnecting');
      return this.#open(true);
    }
    if (!this.#linked()) {
      // A QR nobody scanned (or a pairing code nobody typed) ends the attempt: the panel starts another.
      this.qr = null;
      this.pairingCode = null;
      await this.#record('disconnected', { lastError: code === DisconnectReason.timedOut ? 'linking timed out: the QR code was not scanned' : reason });
      await this.stop();
      return;
    }
    const waitMs = this.#backoff();
    this.#log.warn({ business: this.account.businessId, code, reason, retryInMs: waitMs }, 'WhatsApp connection closed; reconnecting');
    await this.#record('disconnected', { lastError: code === undefined ? reason : `${code} ${reason}` });
    this.#later(waitMs, 'retrying');
  }

  async #loggedOut(): Promise<void> {
    this.#log.warn({ business: this.account.businessId, phone: this.phone }, 'WhatsApp number logged out on the phone: creds wiped, the team is told');
    this.#stopped = true;
    this.activity = 'stopped';
    this.qr = null;
    this.pairingCode = null;
    await this.#auth?.wipe();
    // The team is told before the state says logged out: whoever sees that state (the
    // panel, a test, a restart) can count on the notice being queued already.
    await this.#deps.onLoggedOut(this);
    await this.#record('logged_out', { lastError: 'logged out on the phone' });
    this.#deps.pace.forget(this.account.accountId);
    await this.#deps.locks.release(this.account.accountId);
  }

  // Linked once WhatsApp signed this device into the account (`account` comes with pair-success).
  #linked(): boolean {
    return Boolean(this.#auth?.state.creds.account);
  }

  #backoff(): number {
    const waitMs = reconnectDelay(this.#deps.reconnect, this.#attempt, this.#deps.random());
    this.#attempt += 1;
    return waitMs;
  }

  #later(ms: number, activity: NumberActivity): void {
    if (this.#stopped) return;
    this.activity = activity;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.start().catch((error: unknown) => this.#log.error({ err: error }, 'WhatsApp number could not start')), ms);
    this.#timer.unref();
  }

  async #record(state: WhatsAppState, details: { phone?: string | null; lastError?: string | null } = {}): Promise<void> {
    if (this.state !== state) this.since = this.#deps.ctx.now();
    this.state = state;
    if (details.lastError !== undefined) this.lastError = details.lastError;
    await recordWhatsAppState(this.#deps.ctx, this.account, state, details);
  }
}
