import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { businessLogo } from '../../app/catalog/business-logo.ts';
import type { BookingPageDeps } from './booking-page-deps.ts';
import { appIcon, ICON_SIZES } from './booking-page-icon.ts';
import type { PageLimits } from './booking-page-limits.ts';
import { businessOf } from './booking-page-request.ts';

const IconParams = z.object({ slug: z.string().max(64), file: z.enum(ICON_SIZES.map((size) => `icon-${size}.png`) as [string, ...string[]]) });
// Drawn icons by business, size and version: a handful of businesses' icons in memory at most.
const ICON_CACHE_SIZE = 32;

/**
 * Makes the page installable: `GET /b/<slug>/manifest.webmanifest` (the business's name
 * and colours, the page as start URL) and its icons `GET /b/<slug>/icon-192.png` and
 * `icon-512.png`, drawn from the logo (or plain in the brand colour).
 */
export function addBookingPageAppRoutes(scope: FastifyInstance, deps: BookingPageDeps, limits: PageLimits): void {
  const icons = new Map<string, Buffer>();

  scope.get('/:slug/manifest.webmanifest', { onRequest: limits.page }, async (request, reply) => {
    const business = await businessOf(deps, request);
    if (!business) return reply.callNotFound();
    const base = `/b/${business.slug}`;
    const manifest = {
      name: business.name,
      short_name: business.name.slice(0, 24),
      start_url: base,
      scope: `${base}`,
      display: 'standalone',
      background_color: '#f3f4f6',
      theme_color: /^#[0-9a-fA-F]{6}$/.test(business.primaryColor) ? business.primaryColor : '#1E90FF',
      lang: business.defaultLocale,
      icons: ICON_SIZES.map((size) => ({ src: `${base}/icon-${size}.png?v=${business.version}`, sizes: `${size}x${size}`, type: 'image/png', purpose: 'any' })),
    };
    return reply.type('application/manifest+json; charset=utf-8').header('cache-control', 'public, max-age=300').send(JSON.stringify(manifest));
  });

  scope.get('/:slug/:file', { onRequest: limits.page }, async (request, reply) => {
    const params = IconParams.safeParse(request.params);
    const business = params.success ? await businessOf(deps, request) : null;
    if (!params.success || !business) return reply.callNotFound();
    const size = ICON_SIZES.find((s) => params.data.file === `icon-${s}.png`) ?? 192;
    const key = `${business.id}:${size}:${business.version}`;
    let png = icons.get(key);
    if (!png) {
      const logo = business.hasLogo ? await businessLogo(deps.ctx, business.id) : null;
      png = appIcon(size, business.primaryColor, business.accentColor, logo);
      if (icons.size >= ICON_CACHE_SIZE) icons.delete(icons.keys().next().value!);
      icons.set(key, png);
    }
    return reply.type('image/png').header('cache-control', 'public, max-age=86400').send(png);
  });
}
