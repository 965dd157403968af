import type { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { businessLogo } from '../../app/catalog/business-logo.ts';
import { brandStylesheet } from '../panel/brand-stylesheet.ts';
import type { VisitorInput, WebChatBusiness } from '../../app/channels/web-chat.ts';
import { DEFAULT_WEB_CHAT_LIMITS, type WebChatDeps, type WebChatLimits } from './web-chat-deps.ts';
import { chatProblem, chatRefusal, fromPageScript } from './web-chat-errors.ts';
import { browserLanguage, pageLanguage } from './web-chat-language.ts';
import { ensureVisitor, formTokenMatches, visitorFormToken, visitorOf } from './web-chat-visitor.ts';
import { chatViewContext, pageEventId, type ChatPageData } from './web-chat-views.ts';

/** Largest form a visitor may post (a 1000-character message in Cyrillic, URL-encoded, fits): larger → 413. */
export const MAX_CHAT_BODY_BYTES = 8 * 1024;
/** The longest message a visitor may type. */
export const MAX_VISITOR_TEXT = 1000;
// How much history a page shows, and an answer carries at most.
const PAGE_HISTORY = 200;
const BATCH = 100;

const SlugParams = z.object({ slug: z.string().max(64) });
const PageQuery = z.object({ service: z.uuid().optional() }).catch({});
/** A message's `seq` as the page sends it back: digits only (no blank, sign, fraction or exponent). */
const Seq = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number);
const PollQuery = z.object({ after: Seq });
const EventId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** The form token every post carries (checked before anything else in the post is looked at). */
const FormToken = z.object({ _token: z.string().max(128) });

/** A visitor's post: the page's id of this send, and exactly one of text, a choice or Start. */
const VisitorPost = z
  .object({
    event: EventId.optional(),
    after: Seq.optional(),
    text: z.string().max(MAX_VISITOR_TEXT).optional(),
    choice: z.string().max(80).optional(),
    start: z.string().max(64).optional(),
    /** The browser's time zone, sent by the page's script; one that is no zone is ignored. */
    tz: z
      .string()
      .max(64)
      .refine((zone) => isTimeZone(zone))
      .optional()
      .catch(undefined),
  })
  .refine((p) => [p.text, p.choice, p.start].filter((v) => v !== undefined).length === 1);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function inputOf(post: z.output<typeof VisitorPost>): VisitorInput {
  if (post.choice !== undefined) return { kind: 'choice', value: post.choice };
  if (post.start !== undefined) return { kind: 'start', ...(z.uuid().safeParse(post.start).success ? { serviceId: post.start } : {}) };
  return { kind: 'text', text: post.text ?? '' };
}

/**
 * The web chat's routes under `/chat`: the page, a visitor's posts, the long poll that
 * brings later messages, and the business's logo and colours. `closing` aborts waiting
 * polls when the server shuts down.
 */
export function addWebChatRoutes(scope: FastifyInstance, deps: WebChatDeps, views: Eta, closing: AbortSignal): void {
  const limits: WebChatLimits = { ...DEFAULT_WEB_CHAT_LIMITS, ...deps.limits };
  const pollWaitMs = deps.pollWaitMs ?? 25_000;
  const perAddress = (max: number) => scope.createRateLimit({ max, timeWindow: 60_000, keyGenerator: (request) => `address:${request.ip}` });
  const perVisitor = (max: number) => scope.createRateLimit({ max, timeWindow: 60_000, keyGenerator: (request) => `visitor:${visitorOf(request) ?? request.ip}` });
  // Checked narrowest first and stopped at the first refusal: a visitor over their own
  // cap does not use up what the rest of their address (a family, an office) may send.
  const limited = (...checks: ReturnType<typeof perAddress>[]) =>
    async (request: FastifyRequest) => {
      for (const check of checks) {
        const result = await check(request);
        if (!result.isAllowed && result.isExceeded) throw chatRefusal(429, 'too many requests');
      }
    };
  const pageLimit = limited(perAddress(limits.pagesPerMinutePerAddress));
  const sendLimit = limited(perVisitor(limits.sendsPerMinutePerVisitor), perAddress(limits.sendsPerMinutePerAddress));
  const pollLimit = limited(perVisitor(limits.pollsPerMinutePerVisitor), perAddress(limits.pollsPerMinutePerAddress));

  const businessOf = async (request: FastifyRequest): Promise<WebChatBusiness | null> => deps.visitors.business(SlugParams.parse(request.params).slug);
  const fragment = (request: FastifyRequest, business: WebChatBusiness, visitorId: string, entries: ChatPageData['entries']) =>
    views.render('/messages', {
      ...chatViewContext(deps.translator, pageLanguage(request.headers['accept-language'], business.defaultLocale)),
      business,
      base: `/chat/${business.slug}`,
      entries,
      token: visitorFormToken(deps.appSecret, visitorId),
      eventId: pageEventId(),
      after: 0,
    } satisfies ChatPageData);

  scope.get('/:slug', { onRequest: pageLimit }, async (request, reply) => {
    const business = await businessOf(request);
    if (!business) return chatProblem(deps, views, request, reply, 404);
    const visitorId = ensureVisitor(request);
    const entries = await deps.visitors.recent({ businessId: business.id, visitorId }, PAGE_HISTORY);
    const { service } = PageQuery.parse(request.query);
    const data: ChatPageData = {
      ...chatViewContext(deps.translator, pageLanguage(request.headers['accept-language'], business.defaultLocale)),
      business,
      base: `/chat/${business.slug}`,
      entries,
      token: visitorFormToken(deps.appSecret, visitorId),
      eventId: pageEventId(),
      after: entries.at(-1)?.seq ?? 0,
      ...(service ? { serviceId: service } : {}),
    };
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(views.render('/page', data));
  });

  scope.post(
    '/:slug/messages',
    {
      bodyLimit: MAX_CHAT_BODY_BYTES,
      onRequest: [
        async (request) => {
          // Only the page's forms post here: anything else is refused before it is read.
          const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
          if (type !== 'application/x-www-form-urlencoded') throw chatRefusal(415, 'forms only');
        },
        sendLimit,
      ],
    },
    async (request, reply) => {
      const business = await businessOf(request);
      if (!business) return chatProblem(deps, views, request, reply, 404);
      const back = `/chat/${business.slug}`;
      // No visitor cookie, or not this visitor's token (another site posting): refused as
      // an expired page before the rest of the post is read.
      const visitorId = visitorOf(request);
      const token = FormToken.safeParse(request.body);
      if (!visitorId || !token.success || !formTokenMatches(deps.appSecret, visitorId, token.data._token)) return chatProblem(deps, views, request, reply, 403, back);
      const post = VisitorPost.safeParse(request.body);
      if (!post.success) return chatProblem(deps, views, request, reply, 400, back);
      const chat = { businessId: business.id, visitorId };
      const browser = browserLanguage(request.headers['accept-language']);
      const outcome = await deps.visitors.send(chat, inputOf(post.data), { eventId: post.data.event ?? null, ...(browser ? { language: browser } : {}), ...(post.data.tz ? { timeZone: post.data.tz } : {}) });
      if (outcome === 'invalid') return chatProblem(deps, views, request, reply, 400, back);
      if (!fromPageScript(request)) return reply.code(303).header('location', `${back}#last`).send();
      const entries = await deps.visitors.after(chat, post.data.after ?? 0, BATCH);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(fragment(request, business, visitorId, entries));
    },
  );

  scope.get('/:slug/messages', { onRequest: pollLimit }, async (request, reply) => {
    const business = await businessOf(request);
    if (!business) return chatProblem(deps, views, request, reply, 404);
    const visitorId = visitorOf(request);
    if (!visitorId) return chatProblem(deps, views, request, reply, 403);
    const { after } = PollQuery.parse(request.query);
    const chat = { businessId: business.id, visitorId };
    await deps.visitors.waitForNews(chat, after, pollWaitMs, abortedWhenGone(reply, closing));
    const entries = await deps.visitors.after(chat, after, BATCH);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(fragment(request, business, visitorId, entries));
  });

  scope.get('/:slug/logo', { onRequest: pageLimit }, async (request, reply) => {
    const business = await businessOf(request);
    const logo = business?.hasLogo ? await businessLogo(deps.ctx, business.id) : null;
    if (!logo) return chatProblem(deps, views, request, reply, 404);
    return reply.type(logo.type).header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=300').send(logo.data);
  });

  scope.get('/:slug/brand.css', { onRequest: pageLimit }, async (request, reply) => {
    const business = await businessOf(request);
    if (!business) return chatProblem(deps, views, request, reply, 404);
    return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(brandStylesheet(business.primaryColor, business.accentColor));
  });
}

/** A signal that aborts when the visitor goes away (the connection closes) or the server shuts down. */
function abortedWhenGone(reply: FastifyReply, closing: AbortSignal): AbortSignal {
  const gone = new AbortController();
  reply.raw.once('close', () => gone.abort());
  return AbortSignal.any([gone.signal, closing]);
}
