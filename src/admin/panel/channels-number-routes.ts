import { z } from 'zod';
import { TwilioAccountInput } from '../../app/channels/twilio-account.ts';
import { refuseOnChannelsPage, channelsPageUrl, whatsAppView } from './channels-page.ts';
import { ADMIN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { blankToUndefined, formValues, parseForm, type FormValues } from './panel-form.ts';
import { InvalidRequest } from '../../app/shared/app-errors.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { seeOther } from './panel-view.ts';
import type { FastifyReply } from 'fastify';

// The longest templates field taken: a line per topic is far less.
const MAX_TEMPLATES_TEXT = 4_000;

/**
 * `topic = HX…` per line (or `topic HX…`), blank lines ignored, into topic → SID; a line
 * that is neither is kept under its own text, so the schema refuses it.
 */
function templatesFromText(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  // Far more than a line per topic: refused as one unreadable entry.
  if (text.length > MAX_TEMPLATES_TEXT) return { [text.slice(0, 20)]: '' };
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const match = /^([a-z_.]+)\s*(?:=|:|\s)\s*(\S+)$/.exec(trimmed);
    if (match) out[match[1]!] = match[2]!;
    else out[trimmed.slice(0, 60)] = '';
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const blank = (value: string | undefined) => (value?.trim() ? value : undefined);

// The form's fields as posted (strings); TwilioAccountInput then checks what they mean.
const TwilioFormFields = z.object({
  accountSid: z.string().default(''),
  authToken: z.string().default(''),
  smsFrom: z.string().optional(),
  whatsappFrom: z.string().optional(),
  templates: z.string().optional(),
});

/** The Twilio form: blank numbers are absent; templates come as text lines. */
const TwilioForm = z.preprocess((raw) => {
  const fields = TwilioFormFields.safeParse(raw);
  if (!fields.success) return raw;
  const f = fields.data;
  return { accountSid: f.accountSid, authToken: f.authToken, smsFrom: blank(f.smsFrom), whatsappFrom: blank(f.whatsappFrom), whatsappTemplates: templatesFromText(f.templates) };
}, TwilioAccountInput);

// Linking by phone: digits with the country code, in whatever format people type them.
const PairingForm = z.object({ phone: z.preprocess(blankToUndefined, z.string().trim().max(32, 'too_big').optional()) });


const refuse = (deps: PanelDeps, request: PanelRequest, reply: FastifyReply, status: number, errors: Record<string, string>, values: FormValues) =>
  refuseOnChannelsPage(deps, request, reply, { status, errors, values, writeOnly: ['authToken'] });

/**
 * The Channels page's numbers: the business's own WhatsApp number linked by QR or
 * pairing code (the status fragment is polled while linking), and its Twilio account
 * for SMS and WhatsApp Business. Both serve at once, no restart. Admins and owners only.
 */
export function channelsNumberRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'POST',
      url: '/b/:slug/channels/twilio',
      access: ADMIN,
      handler: async (request, reply) => {
        const values = formValues(request.body);
        const form = parseForm(TwilioForm, request.body);
        if (!form.ok) {
          // Template errors name the topic's path; the form has one field for them.
          const errors = Object.fromEntries(Object.entries(form.errors).map(([field, key]) => [field.startsWith('whatsappTemplates') ? 'templates' : field, key]));
          return refuse(deps, request, reply, 422, errors, values);
        }
        if (!deps.twilio) return refuse(deps, request, reply, 503, { accountSid: 'channels_unavailable' }, values);
        const outcome = await deps.twilio.connectTwilio(request.panel.business!.businessId, form.data, panelActor(request));
        if (outcome.kind === 'number_taken') {
          const field = outcome.number === form.data.whatsappFrom ? 'whatsappFrom' : 'smsFrom';
          return refuse(deps, request, reply, 422, { [field]: 'channels_twilio_number_taken' }, values);
        }
        return seeOther(reply, channelsPageUrl(request, 'twilio_connected'));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/channels/twilio/disconnect',
      access: ADMIN,
      handler: async (request, reply) => {
        const done = deps.twilio ? await deps.twilio.disconnectTwilio(request.panel.business!.businessId, panelActor(request)) : false;
        return seeOther(reply, channelsPageUrl(request, done ? 'twilio_disconnected' : undefined));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/channels/whatsapp/link',
      access: ADMIN,
      handler: async (request, reply) => {
        const values = formValues(request.body);
        const form = parseForm(PairingForm, request.body);
        if (!form.ok) return refuse(deps, request, reply, 422, form.errors, values);
        if (!deps.whatsapp) return refuse(deps, request, reply, 503, { phone: 'channels_unavailable' }, values);
        const business = request.panel.business!;
        const options = { actor: panelActor(request), ...(form.data.phone ? { phone: form.data.phone } : {}) };
        try {
          await deps.whatsapp.startWhatsAppLinking(business.businessId, options);
        } catch (error) {
          // The one expected refusal: a phone number that is not one.
          if (error instanceof InvalidRequest) {
            return refuse(deps, request, reply, 422, { phone: 'channels_whatsapp_phone' }, values);
          }
          throw error;
        }
        return seeOther(reply, `${channelsPageUrl(request)}#whatsapp`);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/channels/whatsapp/status',
      access: ADMIN,
      handler: async (request, reply) => {
        // The fragment the page polls while linking: the QR changes every ~20 s.
        const html = await reply.viewAsync('channels/whatsapp-status', { t: request.panel.t, base: `/admin/b/${request.panel.business!.slug}`, csrf: reply.generateCsrf(), errors: {}, values: {}, whatsapp: await whatsAppView(deps, request) });
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/channels/whatsapp/unlink',
      access: ADMIN,
      handler: async (request, reply) => {
        const done = deps.whatsapp ? await deps.whatsapp.unlinkWhatsApp(request.panel.business!.businessId, { actor: panelActor(request) }) : false;
        return seeOther(reply, channelsPageUrl(request, done ? 'whatsapp_unlinked' : undefined));
      },
    },
  ];
}
