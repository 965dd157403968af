import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { unsubscribeEmail, unsubscribeLinkTarget } from '../app/notifications/email-recipients.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import type { Translator } from '../i18n/translator.ts';
import { pageLanguage } from './webchat/web-chat-language.ts';

const Params = z.object({ slug: z.string().max(63), customerId: z.string().max(64) });
const Query = z.object({ t: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) });

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The unsubscribe link of every e-mail: `GET /e/unsubscribe/<slug>/<customer id>?t=…`
 * asks (a mail scanner that opens links changes nothing), `POST` to the same address
 * stops the business's e-mails to that customer — from the page's button, or from a
 * mail app's one-click unsubscribe (RFC 8058: `List-Unsubscribe=One-Click`). A wrong
 * signature, business or customer is the same 404. Chats are not affected.
 */
export function registerEmailUnsubscribePage(app: FastifyInstance, deps: { ctx: UseCaseContext; translator: Translator }): void {
  void app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 1024 });
    const handle = (stop: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
      const params = Params.safeParse(request.params);
      const query = Query.safeParse(request.query);
      const links = deps.ctx.links;
      const target = params.success && query.success && links ? await unsubscribeLinkTarget(deps.ctx, links, params.data.slug, params.data.customerId, query.data.t) : null;
      const language = pageLanguage(request.headers['accept-language'], 'en');
      const t = (key: string) => deps.translator.t(language, `email.page.${key}`, { business: target?.businessName ?? '' });
      let body: string;
      if (!target || !params.success || !query.success || !links) body = `<p>${escape(t('invalid'))}</p>`;
      else if (stop && (await unsubscribeEmail(deps.ctx, links, params.data.slug, params.data.customerId, query.data.t))) body = `<p role="status">${escape(t('done'))}</p>`;
      else body = `<p>${escape(t('ask'))}</p><form method="post"><button type="submit">${escape(t('button'))}</button></form>`;
      return reply
        .code(target ? 200 : 404)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
        .send(`<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(t('title'))}</title><style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1rem}</style></head><body><h1>${escape(t('title'))}</h1>${body}</body></html>`);
    };
    scope.get('/e/unsubscribe/:slug/:customerId', handle(false));
    scope.post('/e/unsubscribe/:slug/:customerId', handle(true));
  });
}
