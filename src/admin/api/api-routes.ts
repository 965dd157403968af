import type { ApiDeps } from './api-deps.ts';
import type { ApiRoute } from './api-route.ts';
import { bookingApiRoutes } from './booking-api-routes.ts';
import { catalogApiRoutes } from './catalog-api-routes.ts';
import { customerApiRoutes } from './customer-api-routes.ts';
import { webhookApiRoutes } from './webhook-api-routes.ts';

/** Every endpoint of the REST API: the router and the OpenAPI document both read this list. */
export function apiRoutes(deps: ApiDeps): ApiRoute[] {
  const webhooks = deps.webhooks ? webhookApiRoutes({ ctx: deps.ctx, webhooks: deps.webhooks }) : [];
  return [...catalogApiRoutes(deps), ...bookingApiRoutes(deps), ...customerApiRoutes(deps), ...webhooks];
}
