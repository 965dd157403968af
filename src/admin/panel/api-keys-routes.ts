import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { createApiKey, CreateApiKeyInput } from '../../app/api-keys/create-api-key.ts';
import { listApiKeys } from '../../app/api-keys/list-api-keys.ts';
import { revokeApiKey } from '../../app/api-keys/revoke-api-key.ts';
import { API_KEY_SCOPES } from '../../db/entities/index.ts';
import { ADMIN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { parseForm } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { renderPage, seeOther, type PageOptions } from './panel-view.ts';

const IdParam = z.object({ id: z.string().max(64) });
const RevokedQuery = z.object({ revoked: z.string().max(64).optional() });

// The list with the form to make a key; the business's zone is not needed: times show in the viewer's language, UTC offset included.
async function showList(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, page: PageOptions = {}): Promise<FastifyReply> {
  const business = request.panel.business!;
  const { t, language } = request.panel;
  const when = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const keys = (await listApiKeys(deps.ctx, business.businessId)).map((k) => ({
    ...k,
    created: when.format(k.createdAt),
    lastUsed: k.lastUsedAt === null ? t('panel.api_keys.never') : when.format(k.lastUsedAt),
    revoked: k.revokedAt === null ? null : when.format(k.revokedAt),
  }));
  return renderPage(
    reply,
    request,
    'api-keys/list',
    { title: t('panel.api_keys.title'), keys, scopes: API_KEY_SCOPES.map((s) => ({ value: s, label: t(`panel.api_keys.scope_${s}`) })), docsUrl: '/api/v1/docs' },
    { values: { scope: 'read' }, ...page },
  );
}

/** The API keys page (admins and owners): make a key (shown once), see when each was last used, revoke one. */
export function apiKeysRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/b/:slug/api-keys',
      access: ADMIN,
      handler: async (request, reply) => (RevokedQuery.safeParse(request.query).data?.revoked ? showList(deps, request, reply, { notice: 'panel.api_keys.revoked_notice' }) : showList(deps, request, reply)),
    },
    {
      method: 'POST',
      url: '/b/:slug/api-keys',
      access: ADMIN,
      handler: async (request, reply) => {
        const form = parseForm(CreateApiKeyInput, request.body);
        if (!form.ok) return showList(deps, request, reply, { status: 422, errors: form.errors, values: form.values });
        const business = request.panel.business!;
        const created = await createApiKey(deps.ctx, business.businessId, request.panel.user!.id, form.data);
        // Shown on this answer only (never stored, never in a URL); the page is not cached.
        return renderPage(reply, request, 'api-keys/created', { title: request.panel.t('panel.api_keys.created_title'), created: created.apiKey, plainKey: created.plainKey, docsUrl: '/api/v1/docs' });
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/api-keys/:id/revoke',
      access: ADMIN,
      handler: async (request, reply) => {
        const { id } = IdParam.parse(request.params);
        const business = request.panel.business!;
        await revokeApiKey(deps.ctx, business.businessId, request.panel.user!.id, id);
        return seeOther(reply, `/admin/b/${business.slug}/api-keys?revoked=${id}`);
      },
    },
  ];
}
