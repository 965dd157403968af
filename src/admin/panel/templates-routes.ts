import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { businessProfile } from '../../app/catalog/business-profile.ts';
import { listMessageTemplates } from '../../app/message-templates/list-message-templates.ts';
import { allowedPlaceholders, MessageTemplateInput, saveMessageTemplate } from '../../app/message-templates/save-message-template.ts';
import { fillPlaceholders, TEMPLATE_LANGUAGES, templateName, unknownPlaceholders, type DefaultWording, type TemplateLanguage } from '../../app/message-templates/template-wordings.ts';
import type { Translator } from '../../i18n/translator.ts';
import { ADMIN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';

const PageQuery = z.object({ lang: z.enum(TEMPLATE_LANGUAGES).catch('en'), saved: z.string().max(64).optional() });
// A sample instant for the preview: a Tuesday morning, shown in the business's zone.
const SAMPLE_AT = Date.UTC(2031, 2, 4, 8, 0);

/** What one message's form shows besides the stored rows: the text typed, its preview, its error. */
interface FormState {
  key: string;
  body: string;
  preview?: Preview;
  error?: string;
}

/** A rendered preview: the text with sample values, or what is wrong with the template. */
interface Preview {
  name: string;
  text: string;
  error: string | null;
}

const defaultsOf = (translator: Translator): DefaultWording => (language, key) => translator.t(language, key);

// The values a preview fills in, in the template's own language.
function sampleValues(translator: Translator, language: TemplateLanguage, zone: string, currency: string): Record<string, string> {
  const when = new Intl.DateTimeFormat(language, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(SAMPLE_AT);
  return {
    service: translator.t(language, 'panel.templates.sample_service'),
    staff: translator.t(language, 'panel.templates.sample_staff'),
    when,
    until: new Intl.DateTimeFormat(language, { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(SAMPLE_AT - 3_600_000),
    deposit: new Intl.NumberFormat(language, { style: 'currency', currency }).format(20),
  };
}

// The message as a customer would read it: the text typed (the default when blank) with sample values.
async function preview(deps: PanelDeps, request: PanelRequest, key: string, language: TemplateLanguage, body: string): Promise<Preview> {
  const { t } = request.panel;
  const profile = await businessProfile(deps.ctx, request.panel.business!.businessId);
  const text = body.trim() === '' ? deps.translator.t(language, key) : body;
  const allowed = allowedPlaceholders(defaultsOf(deps.translator), key);
  const unknown = unknownPlaceholders(text, allowed);
  const error = unknown.length > 0 ? unknownMessage(t, unknown, allowed) : null;
  return { name: templateName(key), text: fillPlaceholders(text, sampleValues(deps.translator, language, profile.timeZone, profile.currency)), error };
}

function unknownMessage(t: PanelRequest['panel']['t'], unknown: string[], allowed: string[]): string {
  const list = (names: string[]) => names.map((n) => `{{${n}}}`).join(', ');
  return t('panel.templates.unknown_placeholder', { unknown: list(unknown), allowed: allowed.length > 0 ? list(allowed) : '—' });
}

async function showPage(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, language: TemplateLanguage, state: FormState | null, status = 200, saved?: string): Promise<FastifyReply> {
  const business = request.panel.business!;
  const { t } = request.panel;
  const rows = await listMessageTemplates(deps.ctx, business.businessId, language, defaultsOf(deps.translator));
  const forms = rows.map((row) => {
    const mine = state?.key === row.key ? state : undefined;
    return {
      ...row,
      name: templateName(row.key),
      label: t(`panel.templates.message_${templateName(row.key)}`),
      body: mine ? mine.body : row.custom,
      preview: mine?.preview,
      error: mine?.error,
      saved: saved === templateName(row.key),
    };
  });
  // A message that is not one of ours has no form to show its error beside: it goes on top.
  const pageError = state?.error && !rows.some((r) => r.key === state.key) ? state.error : undefined;
  const languages = TEMPLATE_LANGUAGES.map((l) => ({ code: l, label: t(`panel.templates.language_${l}`), current: l === language }));
  return renderPage(reply, request, 'templates/page', { title: t('panel.templates.title'), language, languages, forms, pageError }, { status, ...(saved ? { notice: 'panel.templates.saved' } : {}) });
}

/** Message templates: the business's wording of its customer messages per language, checked, previewed and saved. */
export function templatesRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/b/:slug/templates',
      access: ADMIN,
      handler: async (request, reply) => {
        const query = PageQuery.safeParse(request.query);
        const { lang, saved } = query.success ? query.data : { lang: 'en' as const, saved: undefined };
        return showPage(deps, request, reply, lang, null, 200, saved);
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/templates',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const form = parseForm(MessageTemplateInput, request.body);
        const typed = formValues(request.body);
        if (!form.ok) return badForm(deps, request, reply, typed, form.errors);
        const result = await saveMessageTemplate(deps.ctx, business.businessId, panelActor(request), form.data, defaultsOf(deps.translator));
        if (!result.ok) {
          const error = unknownMessage(request.panel.t, result.unknown, result.allowed);
          return showPage(deps, request, reply, form.data.language, { key: form.data.key, body: String(typed['body'] ?? ''), error }, 422);
        }
        const name = templateName(form.data.key);
        return seeOther(reply, `/admin/b/${business.slug}/templates?lang=${form.data.language}&saved=${name}#tpl-${name}`);
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/templates/preview',
      access: ADMIN,
      handler: async (request, reply) => {
        const form = parseForm(MessageTemplateInput, request.body);
        const typed = formValues(request.body);
        if (!form.ok) return badForm(deps, request, reply, typed, form.errors);
        const shown = await preview(deps, request, form.data.key, form.data.language, form.data.body);
        if (request.headers['hx-request'] === 'true') {
          const html = await reply.viewAsync('templates/preview', { t: request.panel.t, preview: shown });
          return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
        }
        // Without JavaScript the Preview button posts the whole form: the page again, the text kept.
        return showPage(deps, request, reply, form.data.language, { key: form.data.key, body: String(typed['body'] ?? ''), preview: shown });
      },
    },
  ];
}

// A message or language that is not one of ours, or a text too long: 422 with what is wrong.
async function badForm(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, typed: Record<string, unknown>, errors: Record<string, string>): Promise<FastifyReply> {
  const language = z.enum(TEMPLATE_LANGUAGES).catch('en').parse(typed['language']);
  const key = typeof typed['key'] === 'string' ? typed['key'] : '';
  const reason = errors['body'] ?? errors['key'] ?? errors['language'] ?? 'invalid';
  return showPage(deps, request, reply, language, { key, body: String(typed['body'] ?? ''), error: request.panel.t(`panel.errors.${reason}`) }, 422);
}
