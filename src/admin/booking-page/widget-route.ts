import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PAGE_ASSETS_DIR } from './booking-page-views.ts';

/**
 * `GET /widget.js`: the script a business pastes into its own site
 * (`<script src="https://<host>/widget.js" data-business="<slug>" async></script>`). It
 * loads nothing but our booking page in a frame. Read once; served to any site (it is
 * public and the same for everyone).
 */
export function registerWidgetScript(app: FastifyInstance): void {
  const script = readFileSync(path.join(PAGE_ASSETS_DIR, 'widget.js'));
  app.get('/widget.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(script),
  );
}
