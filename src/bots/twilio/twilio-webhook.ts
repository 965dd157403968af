import twilio from 'twilio';
import { z } from 'zod';
import { ProcessedExternalEventSchema } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { ChannelAnswer, ChannelRequest, ChannelRoute } from '../channels/chat-channel.ts';
import { E164 } from '../../app/channels/twilio-account.ts';
import { twilioAddress, type ServedNumber, type TwilioLine } from './twilio-line.ts';

/** Twilio's answer that it should say nothing itself: replies go out through the REST API. */
const EMPTY_TWIML: ChannelAnswer = { outcome: 'ok', body: '<?xml version="1.0" encoding="UTF-8"?><Response/>', contentType: 'text/xml; charset=utf-8' };

/** A form-encoded body as the HTTP layer parses it: every field a string (a repeated one, a list). */
const FormFields = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** The fields of an inbound message we use (Twilio sends more; the signature covers them all). */
const InboundMessage = z
  .object({
    MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/),
    AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
    From: z.string().min(1).max(64),
    To: z.string().min(1).max(64),
    Body: z.string().max(1600).default(''),
    NumMedia: z.coerce.number().int().min(0).max(10).default(0),
    /** Advanced Opt-Out: Twilio read STOP/START/HELP and answered the customer itself. */
    OptOutType: z.string().max(16).optional(),
    /** WhatsApp's display name of the customer. */
    ProfileName: z.string().max(200).optional(),
  })
  .loose();

/** One inbound message, checked: who wrote what to which business. */
export interface InboundText {
  messageSid: string;
  /** The customer's number, E.164 (`whatsapp:` taken off). */
  number: string;
  body: string;
  numMedia: number;
  optOutType: string | undefined;
  profileName: string | undefined;
}

/**
 * The webhook Twilio calls for a business's inbound messages on one channel
 * (`POST /twilio/:slug/sms`, `/twilio/:slug/whatsapp`, form-encoded). The
 * `X-Twilio-Signature` is checked against the public URL plus the path with the
 * business's own auth token before anything is read or stored (wrong or missing →
 * `forbidden`); the `To` must be the business's number; a `MessageSid` seen before is
 * answered and ignored. The answer is empty TwiML at once: the message is handled after
 * it (`work`, queued per customer) and replies go out through the REST API.
 */
export function twilioWebhookRoute(line: TwilioLine, work: (served: ServedNumber, message: InboundText) => void): ChannelRoute {
  return {
    method: 'POST',
    url: `/twilio/:slug/${line.channel}`,
    body: 'form',
    bodyLimit: 64 * 1024,
    handle: (request) => answer(line, request, work),
  };
}

async function answer(line: TwilioLine, request: ChannelRequest, work: (served: ServedNumber, message: InboundText) => void): Promise<ChannelAnswer> {
  const slug = request.params['slug'] ?? '';
  const served = line.forSlug(slug);
  if (!served) return { outcome: 'not_found' };
  const fields = FormFields.safeParse(request.body ?? {});
  if (!fields.success) return { outcome: 'bad_request' };
  const signature = request.headers['x-twilio-signature'];
  const url = `${line.deps.publicUrl}/twilio/${slug}/${line.channel}`;
  if (!signature || !twilio.validateRequest(served.connection.authToken, signature, url, fields.data)) return { outcome: 'forbidden' };
  // A status callback pointed at this URL: nothing for the chat.
  if (fields.data['MessageStatus'] !== undefined) return EMPTY_TWIML;
  const parsed = InboundMessage.safeParse(fields.data);
  if (!parsed.success) return { outcome: 'bad_request' };
  const m = parsed.data;
  if (m.AccountSid !== served.connection.accountSid || m.To !== twilioAddress(line.channel, served.number)) return { outcome: 'not_found' };
  const prefix = twilioAddress(line.channel, '');
  const number = m.From.startsWith(prefix) ? E164.safeParse(m.From.slice(prefix.length)) : null;
  if (!number?.success) return { outcome: 'bad_request' };
  if (!(await firstDelivery(line, served.connection.businessId, m.MessageSid))) return EMPTY_TWIML;
  work(served, { messageSid: m.MessageSid, number: number.data, body: m.Body, numMedia: m.NumMedia, optOutType: m.OptOutType, profileName: m.ProfileName });
  return EMPTY_TWIML;
}

// Records the message once: Twilio redelivers a webhook it got no answer to in time.
async function firstDelivery(line: TwilioLine, businessId: string, messageSid: string): Promise<boolean> {
  const em = emForBusiness(line.deps.ctx.orm, businessId);
  try {
    em.create(ProcessedExternalEventSchema, { business: businessId, provider: 'twilio', eventId: messageSid, createdAt: new Date(line.deps.ctx.now()) });
    await em.flush();
    return true;
  } catch (error) {
    if (isUniqueViolation(error, 'processed_external_event_unique')) return false;
    throw error;
  }
}
