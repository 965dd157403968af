import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { businessProfile } from '../../app/catalog/business-profile.ts';
import { formatMoney, minorToMajorText } from '../../app/catalog/currency-amount.ts';
import { getPromoCode } from '../../app/catalog/get-promo-code.ts';
import { listPromoCodes, type PromoCodeRow } from '../../app/catalog/list-promo-codes.ts';
import { listServices } from '../../app/catalog/list-services.ts';
import { instantToLocalDay } from '../../app/catalog/local-date-time.ts';
import { PromoCodeInput, savePromoCode } from '../../app/catalog/save-promo-code.ts';
import { DISCOUNT_KINDS } from '../../db/entities/index.ts';
import { submitCatalogForm } from './catalog-form.ts';
import { panelActor } from './panel-route.ts';
import { ADMIN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import type { FormValues } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { renderPage, type PageOptions } from './panel-view.ts';

const IdParam = z.object({ id: z.string().max(64) });
const SavedQuery = z.object({ saved: z.string().max(64).optional() });
const NEW_PROMO_CODE: FormValues = { discountKind: 'percent', active: 'on' };

/** Basis points as the percent typed in the form (`1250` → `12.5`). */
function percentText(basisPoints: number): string {
  return String(basisPoints / 100);
}

/** The edit form's values for a stored code: local days in the business's zone, the last one included. */
function formFrom(p: PromoCodeRow, zone: string, currency: string): FormValues {
  return {
    code: p.code,
    discountKind: p.discountKind,
    discountAmount: p.discountKind === 'percent' ? percentText(p.discountValue) : minorToMajorText(p.discountValue, currency),
    validFrom: p.validFrom ? instantToLocalDay(p.validFrom, zone) : '',
    validUntil: p.validUntil ? instantToLocalDay(p.validUntil, zone, -1) : '',
    maxUses: p.maxUses === null ? '' : String(p.maxUses),
    maxUsesPerCustomer: p.maxUsesPerCustomer === null ? '' : String(p.maxUsesPerCustomer),
    serviceIds: p.serviceIds ?? [],
    active: p.active ? 'on' : '',
  };
}

/** The form page, with the business's services (hidden ones too) to limit the code to. */
async function showForm(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, promoCodeId: string | undefined, page: PageOptions): Promise<FastifyReply> {
  const business = request.panel.business!;
  const { t } = request.panel;
  const [services, profile] = await Promise.all([listServices(deps.ctx, business.businessId), businessProfile(deps.ctx, business.businessId)]);
  const ticked = new Set([page.values?.['serviceIds'] ?? []].flat());
  return renderPage(
    reply,
    request,
    'promo-codes/form',
    {
      title: t(promoCodeId ? 'panel.promo_codes.edit_title' : 'panel.promo_codes.new_title'),
      action: `/admin/b/${business.slug}/promo-codes${promoCodeId ? `/${promoCodeId}` : ''}`,
      currency: profile.currency,
      zone: profile.timeZone,
      kindOptions: DISCOUNT_KINDS.map((k) => ({ value: k, label: t(`panel.promo_codes.kind_${k}`, { currency: profile.currency }) })),
      services: services.map((s) => ({ id: s.id, name: s.name, active: s.active, checked: ticked.has(s.id) })),
    },
    page,
  );
}

/** Promo codes: the list with their uses, a new one, and each one's edit form. */
export function promoCodeRoutes(deps: PanelDeps): PanelRoute[] {
  const submit = (request: PanelRequest, reply: FastifyReply, promoCodeId: string | undefined) => {
    const business = request.panel.business!;
    return submitCatalogForm(request, reply, {
      schema: PromoCodeInput,
      checkboxes: ['active'],
      save: (values) => savePromoCode(deps.ctx, business.businessId, panelActor(request), values, promoCodeId),
      show: (page) => showForm(deps, request, reply, promoCodeId, page),
      savedUrl: (id) => `/admin/b/${business.slug}/promo-codes?saved=${id}`,
    });
  };
  return [
    {
      method: 'GET',
      url: '/b/:slug/promo-codes',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const { t, language } = request.panel;
        const [codes, profile] = await Promise.all([listPromoCodes(deps.ctx, business.businessId), businessProfile(deps.ctx, business.businessId)]);
        const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 2 });
        const day = new Intl.DateTimeFormat(language, { timeZone: profile.timeZone, dateStyle: 'medium' });
        const now = deps.ctx.now();
        const rows = codes.map((p) => ({
          ...p,
          discount: p.discountKind === 'percent' ? percent.format(p.discountValue / 10_000) : formatMoney(p.discountValue, profile.currency, language),
          from: p.validFrom ? day.format(p.validFrom) : '',
          // The last valid day is the one before the stored (exclusive) end.
          until: p.validUntil ? day.format(new Date(p.validUntil.getTime() - 1)) : '',
          state: !p.active ? 'off' : p.validUntil && p.validUntil.getTime() <= now ? 'expired' : p.maxUses !== null && p.uses >= p.maxUses ? 'used_up' : 'on',
        }));
        const saved = SavedQuery.safeParse(request.query).data?.saved;
        return renderPage(reply, request, 'promo-codes/list', { title: t('panel.promo_codes.title'), rows, saved }, saved ? { notice: 'panel.promo_codes.saved' } : {});
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/promo-codes/new',
      access: ADMIN,
      handler: async (request, reply) => showForm(deps, request, reply, undefined, { values: NEW_PROMO_CODE }),
    },
    {
      method: 'POST',
      url: '/b/:slug/promo-codes',
      access: ADMIN,
      handler: async (request, reply) => submit(request, reply, undefined),
    },
    {
      method: 'GET',
      url: '/b/:slug/promo-codes/:id',
      access: ADMIN,
      handler: async (request, reply) => {
        const { id } = IdParam.parse(request.params);
        const business = request.panel.business!;
        const [promo, profile] = await Promise.all([getPromoCode(deps.ctx, business.businessId, id), businessProfile(deps.ctx, business.businessId)]);
        return showForm(deps, request, reply, promo.id, { values: formFrom(promo, profile.timeZone, profile.currency) });
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/promo-codes/:id',
      access: ADMIN,
      handler: async (request, reply) => {
        const { id } = IdParam.parse(request.params);
        // An id of another business is not found before anything is checked.
        await getPromoCode(deps.ctx, request.panel.business!.businessId, id);
        return submit(request, reply, id);
      },
    },
  ];
}
