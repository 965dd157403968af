import { deleteBusiness, DeleteBusinessInput } from '../../app/accounts/delete-business.ts';
import { OWNER } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { parseForm } from './panel-form.ts';
import type { PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';

/** Deleting a business for good (owners only, after typing its slug). */
export function deleteBusinessRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/b/:slug/delete',
      access: OWNER,
      handler: async (request, reply) => renderPage(reply, request, 'team/delete', { title: request.panel.t('panel.team.delete.title') }, { values: { confirm: '' } }),
    },
    {
      method: 'POST',
      url: '/b/:slug/delete',
      access: OWNER,
      handler: async (request, reply) => {
        const { business, user, t } = request.panel;
        const page = { title: t('panel.team.delete.title') };
        const form = parseForm(DeleteBusinessInput, request.body);
        if (!form.ok) return renderPage(reply, request, 'team/delete', page, { status: 422, errors: { confirm: 'team_slug_mismatch' }, values: form.values });
        if (deps.bots && form.data.confirm === business!.slug) {
          // Its bot stops first: once the business is gone, nothing is left to stop it by.
          await deps.bots.disconnectTelegram(business!.businessId, { kind: 'business', userId: user!.id }).catch((error: unknown) => {
            request.log.warn({ err: error, businessId: business!.businessId }, 'could not stop the bot of a business being deleted');
          });
        }
        const outcome = await deleteBusiness(deps.ctx, business!.businessId, user!.id, form.data);
        if (outcome.kind === 'not_allowed') return renderPage(reply, request, 'team/delete', page, { status: 403, errors: { _form: 'team_not_allowed' }, values: { confirm: form.data.confirm } });
        if (outcome.kind === 'slug_mismatch') return renderPage(reply, request, 'team/delete', page, { status: 422, errors: { confirm: 'team_slug_mismatch' }, values: { confirm: form.data.confirm } });
        // Its audit log went with it: the service log is where the deletion is recorded.
        request.log.warn(
          { event: 'business.deleted', businessId: business!.businessId, slug: outcome.slug, name: outcome.name, userId: user!.id, bookings: outcome.bookings, customers: outcome.customers },
          'business deleted by its owner',
        );
        return seeOther(reply, '/admin');
      },
    },
  ];
}
