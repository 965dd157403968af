import {
  Browsers,
  downloadMediaMessage,
  makeWASocket,
  type AnyMessageContent,
  type AuthenticationState,
  type BaileysEventEmitter,
  type WAMessage,
  type WAMessageKey,
  type proto,
} from '@whiskeysockets/baileys';
import type { Logger } from 'pino';

/**
 * The part of a Baileys socket the channel uses: its events, sending, pairing by
 * code, media download and closing. The seam the tests stand on — a fake whose `ev` is
 * Baileys' own event buffer and whose `sendMessage` records what is sent — since no
 * fake WhatsApp server is practical.
 */
export interface WhatsAppSocket {
  ev: BaileysEventEmitter;
  /** The linked account (`<number>:<device>@s.whatsapp.net`), once connected. */
  readonly user?: { id: string } | undefined;
  sendMessage(jid: string, content: AnyMessageContent): Promise<WAMessage | undefined>;
  /** Asks WhatsApp for an 8-character code to type on the phone (Linked devices → Link with phone number). */
  requestPairingCode(phoneDigits: string): Promise<string>;
  /** The bytes of an inbound image or document. */
  downloadMedia(message: WAMessage): Promise<Buffer>;
  /** A group's name (shown in the team's `/chats`). */
  groupSubject(jid: string): Promise<string | undefined>;
  /** Closes the connection (a `connection.update` close follows). */
  end(error: Error | undefined): Promise<void> | void;
  /** Unlinks this device from the phone's account. */
  logout(): Promise<void>;
}

/** What the channel gives each new socket. */
export interface WhatsAppSocketOptions {
  auth: AuthenticationState;
  /** A recently sent message by its key, for WhatsApp's retry requests. */
  getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined>;
  logger: Logger;
}

/** Makes a socket for one number (Baileys in production, a fake in tests). */
export type WhatsAppSocketFactory = (options: WhatsAppSocketOptions) => WhatsAppSocket;

/**
 * Real sockets, configured to protect the number: not shown "online" on connect (the
 * phone keeps its notifications), no full history download, only what was sent
 * recently offered again for retries. Status broadcasts and newsletters are ignored
 * before they are even decrypted.
 */
export const baileysSocketFactory: WhatsAppSocketFactory = ({ auth, getMessage, logger }) => {
  // Baileys logs every frame at debug; its warnings are what matters to an operator.
  const quiet = logger.child({ component: 'baileys' }, { level: 'warn' });
  const sock = makeWASocket({
    auth,
    logger: quiet,
    browser: Browsers.ubuntu('BookChat'),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    shouldSyncHistoryMessage: () => false,
    getMessage,
    shouldIgnoreJid: (jid) => jid === 'status@broadcast' || jid.endsWith('@newsletter') || jid.endsWith('@broadcast'),
  });
  return {
    ev: sock.ev,
    get user() {
      return sock.user;
    },
    sendMessage: (jid, content) => sock.sendMessage(jid, content),
    requestPairingCode: (phone) => sock.requestPairingCode(phone),
    groupSubject: async (jid) => (await sock.groupMetadata(jid)).subject,
    downloadMedia: (message) => downloadMediaMessage(message, 'buffer', {}, { logger: quiet, reuploadRequest: sock.updateMediaMessage }),
    end: (error) => sock.end(error),
    logout: () => sock.logout(),
  };
};
