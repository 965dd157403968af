import { savePromoCode } from '../../../../src/app/catalog/save-promo-code.ts';
import type { AccessTable } from './access-entry.ts';

const promo = (slug: string, id: string) => `/admin/b/${slug}/promo-codes/${id}`;

/** Promo codes: admins and owners set them up. Posted forms are invalid (a code too short), so nothing changes. */
export const table: AccessTable = {
  prepare: async (h) => {
    const { id } = await savePromoCode(h.world.ctx, h.world.business.id, { kind: 'business', userId: null }, { code: 'ACCESS-10', discountKind: 'percent', discountAmount: 10 });
    return { promoCodeId: id };
  },
  entries: [
    { route: 'GET /b/:slug/promo-codes', access: 'admin' },
    { route: 'GET /b/:slug/promo-codes/new', access: 'admin' },
    { route: 'POST /b/:slug/promo-codes', access: 'admin', form: () => ({ code: 'X', discountKind: 'percent', discountAmount: '10' }) },
    { route: 'GET /b/:slug/promo-codes/:id', access: 'admin', url: (h, ids) => promo(h.world.business.slug, ids['promoCodeId']!) },
    {
      route: 'POST /b/:slug/promo-codes/:id',
      access: 'admin',
      url: (h, ids) => promo(h.world.business.slug, ids['promoCodeId']!),
      form: () => ({ code: 'X', discountKind: 'percent', discountAmount: '10' }),
    },
  ],
};
