import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { formatMoney } from '../../app/catalog/currency-amount.ts';
import { clearEmailBounce } from '../../app/customers/clear-email-bounce.ts';
import { customerEmailState } from '../../app/customers/customer-email-state.ts';
import { customerRecord, type CustomerRecord } from '../../app/customers/customer-record.ts';
import { CustomerTags, listCustomerTags } from '../../app/customers/customer-tags.ts';
import { PreferencesText, preferencesText } from '../../app/customers/customer-preferences.ts';
import { editCustomerCard } from '../../app/customers/edit-customer-card.ts';
import { exportCustomers } from '../../app/customers/export-customers.ts';
import { listCustomers, SEARCH_MAX } from '../../app/customers/list-customers.ts';
import { sendCsv, type CsvCell } from './csv-download.ts';
import { MANAGER, roleAtLeast } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { parseForm, type FormValues } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther, type PageOptions } from './panel-view.ts';

const IdParam = z.object({ id: z.string().max(64) });
const ListQuery = z.object({ q: z.string().optional().catch(undefined), tag: z.string().optional().catch(undefined), page: z.string().optional().catch(undefined) });
const NoticeQuery = z.object({ done: z.enum(['saved', 'blocked', 'unblocked', 'merged', 'bounce_cleared']) });
// The notice of each `done`: the e-mail one has its own wording file.
const noticeKey = (done: z.infer<typeof NoticeQuery>['done']) => (done === 'bounce_cleared' ? 'panel.customer_email.done_cleared' : `panel.customers.done_${done}`);

/** The customer id in the URL (any string: a malformed one is not found by the use case). */
export function customerIdParam(request: PanelRequest): string {
  return IdParam.safeParse(request.params).data?.id ?? '';
}

/** What the card form posts: notes, tags separated by commas, one `name: value` preference a line. */
const CardForm = z.object({
  notes: z.string().default(''),
  tags: CustomerTags.default([]),
  preferences: PreferencesText.default({}),
});

// Names of channels and payment providers that are brands, the same in every language.
const BRAND_NAMES: Readonly<Record<string, string>> = { telegram: 'Telegram', whatsapp: 'WhatsApp', sms: 'SMS', api: 'API', stripe: 'Stripe', kaspi: 'Kaspi' };

/** Dates, money and channel names of a business's pages in the person's language and the business's zone. */
export function panelFormats(request: PanelRequest) {
  const { language, t } = request.panel;
  const timeZone = request.panel.business!.timeZone;
  const dateTime = new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'medium' });
  return {
    dateTime: (d: Date) => dateTime.format(d),
    day: (d: Date) => day.format(d),
    money: (minor: number, currency: string) => formatMoney(minor, currency, language),
    /** A chat channel or booking source (`telegram`, `webchat`, `admin`…) by name. */
    channel: (name: string) => BRAND_NAMES[name] ?? t(`panel.customers.channel_${name}`),
    /** A payment provider (`stripe`, `kaspi`, `cash`) by name. */
    provider: (name: string) => BRAND_NAMES[name] ?? t(`panel.customers.provider_${name}`),
  };
}

/** The profile page of one customer, with the card form (typed values kept after an error). */
export async function profilePage(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, record: CustomerRecord, page: PageOptions = {}): Promise<FastifyReply> {
  const { t } = request.panel;
  const business = request.panel.business!;
  const f = panelFormats(request);
  const c = record.customer;
  const email = await customerEmailState(deps.ctx, business.businessId, c);
  const values: FormValues = page.values ?? { notes: c.notes, tags: c.tags.join(', '), preferences: preferencesText(c.preferences) };
  return renderPage(
    reply,
    request,
    'customers/profile',
    {
      title: c.name || t('panel.customers.no_name'),
      c,
      channelName: f.channel,
      providerName: f.provider,
      canAdmin: roleAtLeast(business.role, 'admin'),
      canEdit: roleAtLeast(business.role, 'manager'),
      bounced: email.bounced ? { when: f.dateTime(email.bounced.at), reason: email.bounced.reason } : null,
      unsubscribed: email.unsubscribed ? { when: email.unsubscribed.at ? f.dateTime(email.unsubscribed.at) : null } : null,
      channels: [...new Set(record.identities.map((i) => i.channel))],
      visits: record.bookings.filter((b) => b.status === 'completed').length,
      noShows: record.bookings.filter((b) => b.status === 'no_show').length,
      bookings: record.bookings.map((b) => ({ ...b, when: f.dateTime(b.startsAt), price: f.money(b.priceMinor - b.discountMinor, b.currency) })),
      payments: record.payments.map((p) => ({ ...p, when: f.dateTime(p.paidAt ?? p.createdAt), amount: f.money(p.amountMinor, p.currency), refunded: p.refundedMinor > 0 ? f.money(p.refundedMinor, p.currency) : '' })),
      reviews: record.reviews.map((r) => ({ ...r, when: f.day(r.createdAt) })),
      waitlist: record.waitlist,
      since: f.day(c.createdAt),
    },
    { ...page, values },
  );
}

/** The customers CSV's columns, in order. */
const CSV_HEADER = ['id', 'name', 'phone', 'email', 'tags', 'channels', 'visits', 'no_shows', 'last_visit', 'blocked', 'reminders_off', 'created_at'];

/** The search of the list (and its download link) as a query string. */
function searchQuery(q: string, tag: string | undefined, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q.slice(0, SEARCH_MAX));
  if (tag) params.set('tag', tag);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

/**
 * Every customer the list finds for its search, as CSV streamed from a cursor: the
 * last visit as a local day of the business, `created_at` in UTC (ISO 8601).
 */
function sendCustomersCsv(deps: PanelDeps, request: PanelRequest, reply: FastifyReply): FastifyReply {
  const business = request.panel.business!;
  const query = ListQuery.parse(request.query ?? {});
  const run = exportCustomers(deps.ctx, business.businessId, { q: query.q ?? '', tag: query.tag ?? '' });
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: business.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  async function* records(): AsyncGenerator<CsvCell[]> {
    for await (const c of run.rows) {
      yield [
        c.id,
        c.name,
        c.phone,
        c.email,
        c.tags.join(', '),
        c.channels.join(', '),
        c.visits,
        c.noShows,
        c.lastVisit ? day.format(c.lastVisit) : null,
        c.blocked ? 'yes' : 'no',
        c.remindersOff ? 'yes' : 'no',
        c.createdAt.toISOString(),
      ];
    }
  }
  return sendCsv(reply, `customers-${business.slug}.csv`, CSV_HEADER, records());
}

/**
 * Customers: the searchable list (and its CSV, every page of the same search) and each
 * customer's profile with the card form and, when their address bounced, the button that
 * clears the mark (managers and up).
 */
export function customersRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/b/:slug/customers',
      access: MANAGER,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const { t } = request.panel;
        const query = ListQuery.parse(request.query ?? {});
        const typed = query.q ?? '';
        const [list, tags] = await Promise.all([
          listCustomers(deps.ctx, business.businessId, { q: typed, tag: query.tag ?? '', page: query.page ?? '1' }),
          listCustomerTags(deps.ctx, business.businessId),
        ]);
        const f = panelFormats(request);
        const link = (page: number) => `/admin/b/${business.slug}/customers?${searchQuery(typed, query.tag, { page: String(page) })}`;
        const csvQuery = searchQuery(typed, query.tag);
        return renderPage(reply, request, 'customers/list', {
          title: t('panel.customers.title'),
          channelName: f.channel,
          q: typed.slice(0, SEARCH_MAX),
          tooLong: typed.length > SEARCH_MAX,
          tag: list.search.tag ?? '',
          tags,
          searched: list.search.name !== null || list.search.phoneDigits !== null || list.search.tag !== null,
          rows: list.rows.map((r) => ({ ...r, last: r.lastVisit ? f.day(r.lastVisit) : '' })),
          page: list.page,
          prev: list.page > 1 ? link(list.page - 1) : null,
          next: list.hasNext ? link(list.page + 1) : null,
          csvLink: `/admin/b/${business.slug}/customers.csv${csvQuery ? `?${csvQuery}` : ''}`,
        });
      },
    },
    { method: 'GET', url: '/b/:slug/customers.csv', access: MANAGER, handler: async (request, reply) => sendCustomersCsv(deps, request, reply) },
    {
      method: 'GET',
      url: '/b/:slug/customers/:id',
      access: MANAGER,
      handler: async (request, reply) => {
        const record = await customerRecord(deps.ctx, request.panel.business!.businessId, customerIdParam(request));
        const done = NoticeQuery.safeParse(request.query).data?.done;
        return profilePage(deps, request, reply, record, done ? { notice: noticeKey(done) } : {});
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/customers/:id',
      access: MANAGER,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        // Another business's customer (or no customer) is not found before the form is read.
        const record = await customerRecord(deps.ctx, business.businessId, customerIdParam(request));
        const form = parseForm(CardForm, request.body);
        if (!form.ok) return profilePage(deps, request, reply, record, { status: 422, errors: form.errors, values: form.values });
        await editCustomerCard(deps.ctx, business.businessId, panelActor(request), { customerId: record.customer.id, ...form.data });
        return seeOther(reply, `/admin/b/${business.slug}/customers/${record.customer.id}?done=saved`);
      },
    },
    {
      // The customer fixed their mailbox: mail their address again (a new hard bounce marks it again).
      method: 'POST',
      url: '/b/:slug/customers/:id/email-bounce/clear',
      access: MANAGER,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const id = customerIdParam(request);
        const cleared = await clearEmailBounce(deps.ctx, business.businessId, panelActor(request), { customerId: id });
        return seeOther(reply, `/admin/b/${business.slug}/customers/${id}${cleared ? '?done=bounce_cleared' : ''}`);
      },
    },
  ];
}
