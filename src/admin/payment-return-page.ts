import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { paymentReturn, type PaymentReturnView } from '../app/payments/payment-return.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import type { Translator } from '../i18n/translator.ts';
import { pageLanguage } from './webchat/web-chat-language.ts';

const Params = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/), bookingId: z.uuid() });
const Query = z.object({ done: z.literal('1').optional() }).catch({});

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * `GET /pay/<slug>/<booking id>`: where a customer lands after a payment page (Stripe's
 * success and cancel URLs). A small page in the business's colour, in the browser's
 * language, saying where the payment stands, with a way back to the chat. Unknown
 * business or booking → 404, the same page for both.
 */
export function registerPaymentReturnPage(app: FastifyInstance, deps: { ctx: UseCaseContext; translator: Translator }): void {
  app.get('/pay/:slug/:bookingId', async (request, reply) => {
    const params = Params.safeParse(request.params);
    const view = params.success ? await paymentReturn(deps.ctx, params.data.slug, params.data.bookingId, Query.parse(request.query).done === '1') : null;
    const language = pageLanguage(request.headers['accept-language'], view?.defaultLocale ?? 'en');
    const t = (key: string, values?: Record<string, string>) => deps.translator.t(language, `pay_page.${key}`, values);
    return reply
      .code(view ? 200 : 404)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
      .header('referrer-policy', 'no-referrer')
      .send(page(language, t, view));
  });
}

function page(language: string, t: (key: string, values?: Record<string, string>) => string, view: PaymentReturnView | null): string {
  const colour = view && /^#[0-9A-Fa-f]{6}$/.test(view.brandColor) ? view.brandColor : '#1E90FF';
  const title = view ? t(`${view.state}.title`) : t('unknown.title');
  const text = view ? t(`${view.state}.text`) : t('unknown.text');
  const links = view
    ? [view.botLink ? `<a class="button" href="${escape(view.botLink)}">${escape(t('back_to_telegram'))}</a>` : '', `<a class="button secondary" href="${escape(view.chatPath)}">${escape(t('back_to_chat'))}</a>`].join('')
    : '';
  return `<!doctype html>
<html lang="${escape(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}${view ? ` — ${escape(view.businessName)}` : ''}</title>
<style>
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f6f7f9;color:#1b1f24}
header{background:${colour};color:#fff;padding:14px 20px;font-weight:700}
main{max-width:32rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d8dde3;border-radius:12px}
h1{font-size:1.4rem;margin:0 0 .5rem}
.button{display:inline-block;margin:1rem .6rem 0 0;padding:.6rem 1rem;border-radius:8px;background:${colour};color:#fff;text-decoration:none;font-weight:600}
.button.secondary{background:#fff;color:${colour};border:1px solid ${colour}}
</style></head>
<body><header>${escape(view?.businessName ?? 'BookChat')}</header>
<main><h1>${escape(title)}</h1><p>${escape(text)}</p>${links}</main></body></html>`;
}
