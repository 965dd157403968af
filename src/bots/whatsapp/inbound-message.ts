import { isJidGroup, isLidUser, isPnUser, jidNormalizedUser, normalizeMessageContent, type WAMessage } from '@whiskeysockets/baileys';
import { z } from 'zod';

/** An image, a document, a voice message (or audio) or a video someone sent, as the channel forwards it. */
export interface InboundMedia {
  kind: 'image' | 'document' | 'audio' | 'video';
  caption: string;
  fileName: string | null;
  mimetype: string | null;
  /** Bytes, as WhatsApp announced them (null when it did not). */
  size: number | null;
}

/** One inbound WhatsApp message, read: who, where, what. */
export interface InboundMessage {
  /** WhatsApp's message id: a redelivered message is handled once. */
  id: string;
  /** Where to answer: the group's JID, or the person's (the phone-number form when WhatsApp tells it). */
  chatId: string;
  isGroup: boolean;
  /** The writer's account: the phone-number JID when known, else the privacy id (`…@lid`). */
  senderId: string;
  /** The name the writer chose in WhatsApp (not verified). */
  pushName: string | null;
  /** The text, or a media's caption; empty for media without one. */
  text: string;
  media: InboundMedia | null;
  /** In a reply: the quoted message's id (`contextInfo.stanzaId`) and text. */
  quoted: { id: string; text: string | null } | null;
}

// Protobuf fields are null, undefined or (for numbers) a Long: each is read for what it must be.
const Text = z.string().nullish();
// A 64-bit protobuf number arrives as a number or as a Long (`{ low, high }`).
const Size = z.union([z.number(), z.object({ low: z.number(), high: z.number() }).loose()]).nullish();
// A quoted message comes as WhatsApp sent it; its text is all a reply needs.
const QuotedText = z
  .object({ conversation: Text, extendedTextMessage: z.object({ text: Text }).loose().nullish(), imageMessage: z.object({ caption: Text }).loose().nullish() })
  .loose()
  .nullish()
  .catch(null);
const ContextInfo = z.object({ stanzaId: Text, quotedMessage: QuotedText }).loose().nullish();
const Content = z
  .object({
    conversation: Text,
    extendedTextMessage: z.object({ text: Text, contextInfo: ContextInfo }).loose().nullish(),
    imageMessage: z.object({ caption: Text, mimetype: Text, fileLength: Size, contextInfo: ContextInfo }).loose().nullish(),
    documentMessage: z.object({ caption: Text, fileName: Text, mimetype: Text, fileLength: Size, contextInfo: ContextInfo }).loose().nullish(),
    audioMessage: z.object({ mimetype: Text, fileLength: Size, ptt: z.boolean().nullish(), contextInfo: ContextInfo }).loose().nullish(),
    videoMessage: z.object({ caption: Text, mimetype: Text, fileLength: Size, contextInfo: ContextInfo }).loose().nullish(),
  })
  .loose();
const Key = z.object({ remoteJid: z.string().min(1), fromMe: z.boolean().nullish(), id: z.string().min(1).max(128), participant: Text, remoteJidAlt: Text, participantAlt: Text }).loose();

function mediaOf(c: z.output<typeof Content>): InboundMedia | null {
  const { imageMessage: image, documentMessage: document, audioMessage: audio, videoMessage: video } = c;
  if (image) return { kind: 'image', caption: image.caption ?? '', fileName: null, mimetype: image.mimetype ?? null, size: sizeOf(image.fileLength) };
  if (document) return { kind: 'document', caption: document.caption ?? '', fileName: document.fileName ?? null, mimetype: document.mimetype ?? null, size: sizeOf(document.fileLength) };
  if (audio) return { kind: 'audio', caption: '', fileName: null, mimetype: audio.mimetype ?? null, size: sizeOf(audio.fileLength) };
  if (video) return { kind: 'video', caption: video.caption ?? '', fileName: null, mimetype: video.mimetype ?? null, size: sizeOf(video.fileLength) };
  return null;
}

function sizeOf(value: z.output<typeof Size>): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  return value.high * 2 ** 32 + (value.low >>> 0);
}

function quotedTextOf(q: z.output<typeof QuotedText>): string | null {
  return q?.conversation ?? q?.extendedTextMessage?.text ?? q?.imageMessage?.caption ?? null;
}

// The phone-number form of an account when WhatsApp gives it beside a privacy id.
function preferPhoneJid(jid: string, alt: string | null | undefined): string {
  if (isPnUser(jid)) return jidNormalizedUser(jid);
  if (alt && isPnUser(alt)) return jidNormalizedUser(alt);
  return jidNormalizedUser(jid);
}

/**
 * Reads a `messages.upsert` message: text (`conversation`, `extendedTextMessage`), or an
 * image, document or video with its caption, or a voice message; wrappers (disappearing, view-once, document with
 * caption) are opened first. Null for what the business does not answer: its own
 * messages, status and broadcast lists, channels, and messages with nothing to read.
 */
export function readInboundMessage(raw: WAMessage): InboundMessage | null {
  const key = Key.safeParse(raw.key);
  if (!key.success || key.data.fromMe) return null;
  const remote = key.data.remoteJid;
  const isGroup = isJidGroup(remote) === true;
  if (!isGroup && !isPnUser(remote) && !isLidUser(remote)) return null;
  const content = Content.safeParse(normalizeMessageContent(raw.message) ?? {});
  if (!content.success) return null;
  const c = content.data;
  const image = c.imageMessage;
  const document = c.documentMessage;
  const media = mediaOf(c);
  const text = c.conversation ?? c.extendedTextMessage?.text ?? media?.caption ?? '';
  if (text.trim() === '' && !media) return null;
  const context = c.extendedTextMessage?.contextInfo ?? image?.contextInfo ?? document?.contextInfo ?? c.videoMessage?.contextInfo ?? c.audioMessage?.contextInfo;
  const quoted = context?.stanzaId ? { id: context.stanzaId, text: quotedTextOf(context.quotedMessage) } : null;
  const chatId = isGroup ? remote : preferPhoneJid(remote, key.data.remoteJidAlt);
  const sender = isGroup ? (key.data.participant ? preferPhoneJid(key.data.participant, key.data.participantAlt) : null) : chatId;
  if (!sender) return null;
  return { id: key.data.id, chatId, isGroup, senderId: sender, pushName: z.string().max(200).nullish().catch(null).parse(raw.pushName) ?? null, text, media, quoted };
}
