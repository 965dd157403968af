import { createBroadcast } from '../../../../src/app/broadcasts/create-broadcast.ts';
import type { AccessTable } from './access-entry.ts';

const one = (slug: string, id: string) => `/admin/b/${slug}/broadcasts/${id}`;

/**
 * Broadcasts: admins and owners. The new one posted has no text (refused); the send
 * goes to a broadcast nobody opted in to (it reaches no one), and a second send is a no-op.
 */
export const table: AccessTable = {
  prepare: async (h) => {
    const { id } = await createBroadcast(h.world.ctx, h.world.business.id, { kind: 'business', userId: null }, { text: 'Access check', tag: 'no-such-tag-anywhere' });
    return { broadcastId: id };
  },
  entries: [
    { route: 'GET /b/:slug/broadcasts', access: 'admin' },
    { route: 'POST /b/:slug/broadcasts', access: 'admin', form: () => ({ text: '' }) },
    { route: 'GET /b/:slug/broadcasts/:id', access: 'admin', url: (h, ids) => one(h.world.business.slug, ids['broadcastId']!) },
    { route: 'POST /b/:slug/broadcasts/:id/send', access: 'admin', url: (h, ids) => `${one(h.world.business.slug, ids['broadcastId']!)}/send`, form: () => ({}) },
  ],
};
