import { makeEventBuffer, proto, type AnyMessageContent, type WAMessage } from '@whiskeysockets/baileys';
import pino from 'pino';
import type { WhatsAppSocket, WhatsAppSocketFactory, WhatsAppSocketOptions } from '../../../src/bots/whatsapp/whatsapp-socket.ts';

/** What the channel sent through a fake socket. */
export interface SentWhatsApp {
  jid: string;
  content: AnyMessageContent;
  /** The sent message's id (what a reply quotes). */
  id: string;
  /** The text as a person would read it: `text`, or an image's or document's caption. */
  text: string;
}

let sequence = 0;

/** A Baileys close error: WhatsApp's reason as a Boom status code. */
export function closeError(statusCode: number, message = `closed ${statusCode}`): Error {
  return Object.assign(new Error(message), { isBoom: true, output: { statusCode, payload: {}, headers: {} } });
}

/**
 * The socket seam with no WhatsApp behind it: `ev` is Baileys' own event buffer (what
 * `makeWASocket` gives), `sendMessage` records what is sent, and the test plays
 * WhatsApp's part by emitting connection updates and inbound messages.
 */
export class FakeWhatsAppSocket implements WhatsAppSocket {
  readonly ev = makeEventBuffer(pino({ level: 'silent' }));
  user: { id: string } | undefined;
  readonly sent: SentWhatsApp[] = [];
  readonly pairingRequests: string[] = [];
  ended = false;
  loggedOut = false;
  media = Buffer.from('fake media bytes');
  groupNames = new Map<string, string>();

  readonly options: WhatsAppSocketOptions;

  constructor(options: WhatsAppSocketOptions) {
    this.options = options;
  }

  async sendMessage(jid: string, content: AnyMessageContent): Promise<WAMessage> {
    sequence += 1;
    const id = `3EB0FAKE${String(sequence).padStart(8, '0')}`;
    const text = 'text' in content ? content.text : 'caption' in content && typeof content.caption === 'string' ? content.caption : '';
    this.sent.push({ jid, content, id, text });
    return { key: { remoteJid: jid, fromMe: true, id }, message: proto.Message.fromObject({ conversation: text }) };
  }

  async requestPairingCode(phoneDigits: string): Promise<string> {
    this.pairingRequests.push(phoneDigits);
    return 'WZYX2345';
  }

  async downloadMedia(): Promise<Buffer> {
    return this.media;
  }

  async groupSubject(jid: string): Promise<string | undefined> {
    return this.groupNames.get(jid);
  }

  end(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
  }

  async logout(): Promise<void> {
    this.loggedOut = true;
    this.end(closeError(401, 'Intentional Logout'));
  }

  // WhatsApp's side of the conversation.

  /** The connection opens as this account (`77010000000:5@s.whatsapp.net`). */
  open(userJid: string): void {
    this.user = { id: userJid };
    this.ev.emit('connection.update', { connection: 'open' });
  }

  /** WhatsApp closes the connection with a status code (401 logged out, 515 restart required, 428 closed…). */
  close(statusCode: number): void {
    if (this.ended) return;
    this.ended = true;
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error: closeError(statusCode), date: new Date() } });
  }

  qr(text: string): void {
    this.ev.emit('connection.update', { qr: text });
  }

  /** A pair-success: Baileys signs the device into the account and saves the creds. */
  paired(phoneDigits: string): void {
    const creds = this.options.auth.creds;
    creds.me = { id: `${phoneDigits}:7@s.whatsapp.net`, name: 'Studio' };
    creds.account = { details: Buffer.from('adv details'), accountSignatureKey: Buffer.from('k'), accountSignature: Buffer.from('s'), deviceSignature: Buffer.from('d') };
    this.ev.emit('creds.update', { me: creds.me, account: creds.account });
  }

  /** A message arrives as a live notification. */
  receive(message: WAMessage): void {
    this.ev.emit('messages.upsert', { messages: [message], type: 'notify' });
  }
}

/** A factory handing out fake sockets, each kept for the test to drive. */
export function fakeSocketFactory(): { factory: WhatsAppSocketFactory; sockets: FakeWhatsAppSocket[]; last(): FakeWhatsAppSocket } {
  const sockets: FakeWhatsAppSocket[] = [];
  return {
    factory: (options) => {
      const socket = new FakeWhatsAppSocket(options);
      sockets.push(socket);
      return socket;
    },
    sockets,
    last() {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket was made yet');
      return socket;
    },
  };
}

let inboundSequence = 0;

/** A text message from a person (`77011234567@s.whatsapp.net`) or, with `participant`, in a group. */
export function textFrom(chatJid: string, text: string, options: { participant?: string; pushName?: string; quoted?: { id: string; text: string } } = {}): WAMessage {
  inboundSequence += 1;
  const id = `IN${String(inboundSequence).padStart(10, '0')}`;
  const message = options.quoted
    ? { extendedTextMessage: { text, contextInfo: { stanzaId: options.quoted.id, quotedMessage: { conversation: options.quoted.text } } } }
    : { conversation: text };
  return {
    key: { remoteJid: chatJid, fromMe: false, id, ...(options.participant ? { participant: options.participant } : {}) },
    message: proto.Message.fromObject(message),
    pushName: options.pushName ?? 'Olena',
    messageTimestamp: Math.floor(Date.now() / 1000),
  };
}

/** An image, document or video message with a caption, or a voice message (no caption). */
export function mediaFrom(chatJid: string, kind: 'image' | 'document' | 'audio' | 'video', caption: string): WAMessage {
  inboundSequence += 1;
  const id = `IN${String(inboundSequence).padStart(10, '0')}`;
  const messages = {
    image: { imageMessage: { caption, mimetype: 'image/jpeg', fileLength: 1234 } },
    document: { documentMessage: { caption, mimetype: 'application/pdf', fileName: 'referral.pdf', fileLength: 2345 } },
    audio: { audioMessage: { mimetype: 'audio/ogg; codecs=opus', fileLength: 3456, ptt: true } },
    video: { videoMessage: { caption, mimetype: 'video/mp4', fileLength: 4567 } },
  };
  const message = messages[kind];
  return { key: { remoteJid: chatJid, fromMe: false, id }, message: proto.Message.fromObject(message), pushName: 'Olena' };
}
