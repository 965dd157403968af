import { queueNotification } from '../../app/notifications/queue-notification.ts';
import type { WhatsAppLinking, WhatsAppLinkStatus } from '../../app/channels/whatsapp-linking.ts';
import { normalizePhone } from '../../app/customers/phone-number.ts';
import { InvalidRequest } from '../../app/shared/app-errors.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { ChannelCapabilities, ChatChannel } from '../channels/chat-channel.ts';
import { postgresNumberLocks, type NumberLocks } from './number-locks.ts';
import { DEFAULT_PACE, OutboundPace, type PaceSettings } from './outbound-pace.ts';
import { postgresKeyStore } from './postgres-auth-state.ts';
import { deleteWhatsAppAccount, ensureWhatsAppAccount, linkedWhatsAppAccounts, recordWhatsAppState, saveCreds, storedWhatsAppAccount, type StoredWhatsAppAccount } from './whatsapp-accounts.ts';
import { handleWhatsAppMessage, WHATSAPP_MAX_TEXT, type WhatsAppInboundDeps } from './whatsapp-inbound.ts';
import { WhatsAppNumber, type NumberDeps } from './whatsapp-number.ts';
import type { ReconnectPolicy } from './connection-rules.ts';
import { whatsAppSender } from './whatsapp-sender.ts';
import { ChatWorkQueue } from '../channels/chat-work-queue.ts';
import { baileysSocketFactory, type WhatsAppSocketFactory } from './whatsapp-socket.ts';

/** What the WhatsApp channel needs from the composition root. */
export interface WhatsAppChannelDeps extends WhatsAppInboundDeps {
  /** APP_SECRET_PREVIOUS during a rotation: creds and keys sealed under it still open. */
  previousAppSecret?: string | undefined;
  /** The ORM role's connection URL: the number locks hold a connection of their own to it. */
  databaseUrl: string;
}

/** Choices with defaults; tests put a fake socket and a fast pace here. */
export interface WhatsAppChannelOptions {
  socketFactory?: WhatsAppSocketFactory;
  pace?: PaceSettings;
  reconnect?: Partial<ReconnectPolicy>;
  random?: () => number;
  /** A new QR as terminal text (the demo prints it); by default it is logged. */
  onQr?: (businessId: string, terminalText: string) => void;
  /** Instead of locks on their own connection to `databaseUrl`. */
  locks?: NumberLocks;
  /**
   * Start every linked number at start-up (default true). Off where the channels
   * process drives the numbers (web, worker): a number is then driven here only when
   * the panel links it here.
   */
  startLinked?: boolean;
}

/** The channel of linked WhatsApp numbers: a `ChatChannel` for the registry and the panel's `WhatsAppLinking`. */
export type WhatsAppChannel = ChatChannel &
  WhatsAppLinking & {
    /** Resolves once every inbound message received so far has been answered (shutdown, tests). */
    inboundSettled(): Promise<void>;
  };

/** What WhatsApp Web delivers from an unofficial client: no buttons or lists, no edits. */
export const WHATSAPP_WEB_CAPABILITIES: ChannelCapabilities = {
  buttons: false,
  edits: false,
  images: true,
  documents: true,
  maxTextLength: WHATSAPP_MAX_TEXT,
  startsConversations: false,
};

const DEFAULT_RECONNECT: ReconnectPolicy = { baseMs: 2_000, maxMs: 300_000, lockRetryMs: 30_000 };
// One chat's messages are handled in order; a flood beyond this many waiting is dropped.
const MAX_QUEUED_PER_CHAT = 20;
const STOP_WAIT_MS = 15_000;

/**
 * Starts every linked number (`whatsapp_account` with creds, not logged out) — each in
 * the background, under its advisory lock — and serves linking, attaching and
 * detaching while running. Inbound messages of one chat are handled one at a time, in
 * order.
 */
export async function startWhatsAppChannel(deps: WhatsAppChannelDeps, options: WhatsAppChannelOptions = {}): Promise<WhatsAppChannel> {
  const secrets = { current: deps.appSecret, previous: deps.previousAppSecret };
  const locks = options.locks ?? postgresNumberLocks(deps.databaseUrl, deps.logger);
  const numbers = new Map<string, WhatsAppNumber>();
  let stopped = false;
  const queue = new ChatWorkQueue({
    perChat: MAX_QUEUED_PER_CHAT,
    onError: (error) => {
      deps.logger.error({ err: error }, 'WhatsApp message failed');
      deps.ctx.metrics?.error('whatsapp');
    },
  });
  const numberDeps: NumberDeps = {
    ctx: deps.ctx,
    logger: deps.logger,
    secrets,
    locks,
    socketFactory: options.socketFactory ?? baileysSocketFactory,
    pace: new OutboundPace(options.pace ?? DEFAULT_PACE, options.random),
    reconnect: { ...DEFAULT_RECONNECT, ...options.reconnect },
    random: options.random ?? Math.random,
    onMessages(number, upsert) {
      // 'append' is history and our own echoes; only live messages are answered.
      if (upsert.type !== 'notify' || stopped) return;
      for (const message of upsert.messages) {
        const chat = message.key.remoteJid ?? '';
        const queued = queue.push(`${number.account.accountId}:${chat}`, () => handleWhatsAppMessage(deps, number, message));
        if (!queued) deps.logger.warn({ business: number.account.businessId }, 'a WhatsApp chat floods the number: a message dropped');
      }
    },
    async onLoggedOut(number) {
      await emForBusiness(deps.ctx.orm, number.account.businessId).transactional(async (em) => {
        queueNotification(em, deps.ctx.now(), { businessId: number.account.businessId, topic: 'team.whatsapp_logged_out', aggregateId: number.account.businessId, payload: { phone: number.phone } });
      });
    },
    onQr(number, text) {
      if (options.onQr) options.onQr(number.account.businessId, text);
      else deps.logger.info({ business: number.account.businessId }, 'WhatsApp QR ready: scan it in the panel (WhatsApp → Linked devices → Link a device)');
    },
  };
  locks.onLost(() => {
    for (const number of numbers.values()) number.lockLost();
  });

  const launch = async (account: StoredWhatsAppAccount, pairingPhone?: string): Promise<WhatsAppNumber> => {
    const number = new WhatsAppNumber(numberDeps, account, { state: account.state, phone: account.phone, since: account.stateSince }, pairingPhone ? { pairingPhone } : {});
    numbers.set(account.businessId, number);
    await number.start();
    return number;
  };
  const detach = async (businessId: string, options: { logout?: boolean } = {}) => {
    const number = numbers.get(businessId);
    if (!number) return;
    numbers.delete(businessId);
    await number.stop(options);
  };
  const statusOf = (number: WhatsAppNumber): WhatsAppLinkStatus => ({
    state: number.state,
    phone: number.phone,
    ...(number.qr ? { qrPng: number.qr.png } : {}),
    ...(number.pairingCode ? { pairingCode: number.pairingCode } : {}),
    since: number.since,
    lastError: number.lastError,
    drivenHere: !number.stopped && number.activity !== 'waiting_lock',
  });
  const storedStatus = (a: StoredWhatsAppAccount): WhatsAppLinkStatus => ({ state: a.state, phone: a.phone, since: a.stateSince, lastError: a.lastError, drivenHere: false });

  for (const account of options.startLinked === false ? [] : await linkedWhatsAppAccounts(deps.ctx)) {
    void launch(account).catch((error: unknown) => deps.logger.error({ err: error, business: account.businessId }, 'WhatsApp number could not start'));
  }

  return {
    id: 'whatsapp-web',
    name: 'whatsapp',
    capabilities: WHATSAPP_WEB_CAPABILITIES,
    sender: whatsAppSender({ ctx: deps.ctx, translator: deps.translator, logger: deps.logger, numberFor: (businessId) => numbers.get(businessId) }),
    routes: [],
    async attach(businessId) {
      const current = numbers.get(businessId);
      if (current && !current.stopped) return;
      const stored = await storedWhatsAppAccount(deps.ctx, businessId);
      if (!stored?.hasCreds || stored.state === 'logged_out') {
        if (current) numbers.delete(businessId);
        return;
      }
      if (!stopped) await launch(stored);
    },
    detach: (businessId) => detach(businessId),
    readiness() {
      const counts = { connected: 0, connecting: 0, failing: 0 };
      for (const n of numbers.values()) {
        if (n.connected) counts.connected += 1;
        // A QR waiting for a scan is not the service's readiness: only a number on its way to its socket counts.
        else if (n.activity === 'starting') counts.connecting += 1;
        else if (n.activity === 'retrying') counts.failing += 1;
      }
      return counts;
    },
    async startWhatsAppLinking(businessId, options = {}) {
      let pairingPhone: string | undefined;
      if (options.phone !== undefined) {
        const e164 = normalizePhone(options.phone.startsWith('+') ? options.phone : `+${options.phone.replace(/\D/g, '')}`);
        if (!e164) throw new InvalidRequest('That does not look like a phone number with its country code', 'errors.invalid_phone');
        pairingPhone = e164;
      }
      const current = numbers.get(businessId);
      if (current && !current.stopped && current.state === 'connected') return statusOf(current);
      await detach(businessId);
      const account = await ensureWhatsAppAccount(deps.ctx, businessId, options.actor);
      // Another process drives this number: it is left alone (and its login kept).
      if (!(await locks.tryAcquire(account.accountId))) return { ...storedStatus(account), lastError: 'another process drives this WhatsApp number' };
      if (account.hasCreds) {
        // Linking starts from nothing: a half-finished or dropped login is forgotten.
        await postgresKeyStore(deps.ctx, account, secrets).clear?.();
        await saveCreds(deps.ctx, account, secrets, null);
        await recordWhatsAppState(deps.ctx, account, 'linking', { lastError: null });
      }
      const fresh = (await storedWhatsAppAccount(deps.ctx, businessId)) ?? account;
      return statusOf(await launch(fresh, pairingPhone));
    },
    async whatsAppStatus(businessId) {
      const number = numbers.get(businessId);
      if (number) return statusOf(number);
      const stored = await storedWhatsAppAccount(deps.ctx, businessId);
      return stored ? storedStatus(stored) : null;
    },
    async unlinkWhatsApp(businessId, options = {}) {
      await detach(businessId, { logout: true });
      return deleteWhatsAppAccount(deps.ctx, businessId, options.actor);
    },
    inboundSettled: () => queue.idle(),
    async stop() {
      stopped = true;
      // Messages being answered finish first (bounded), then every number lets go of its socket and lock.
      await queue.stop(STOP_WAIT_MS);
      await Promise.allSettled([...numbers.values()].map((n) => n.stop()));
      numbers.clear();
      await locks.close();
    },
  };
}
