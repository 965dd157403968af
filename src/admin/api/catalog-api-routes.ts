import { z } from 'zod';
import { listAvailability, ListAvailabilityInput } from '../../app/availability/list-availability.ts';
import { listServices } from '../../app/catalog/list-services.ts';
import { listStaff } from '../../app/catalog/list-staff.ts';
import type { ApiDeps } from './api-deps.ts';
import { apiRoute, type ApiRoute } from './api-route.ts';
import { AvailabilityBody, listOf, ServiceBody, StaffBody } from './api-schemas.ts';

// The use case's own fields; its range check (positive, at most 62 days) runs when it parses them again.
const AvailabilityQuery = z.object(ListAvailabilityInput.shape);

/** What can be booked, by whom, and when. */
export function catalogApiRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    apiRoute({
      method: 'GET',
      path: '/services',
      summary: 'Every service of the business, hidden ones included (active: false), in their order.',
      scope: 'read',
      response: listOf(ServiceBody),
      handler: async ({ caller }) => ({ data: await listServices(deps.ctx, caller.businessId) }),
    }),
    apiRoute({
      method: 'GET',
      path: '/staff',
      summary: 'The specialists, with how many services they do and their weekly hours.',
      scope: 'read',
      response: listOf(StaffBody),
      handler: async ({ caller }) => ({ data: await listStaff(deps.ctx, caller.businessId) }),
    }),
    apiRoute({
      method: 'GET',
      path: '/availability',
      summary: 'Free slots of a service in [from, to) (at most 62 days), for one specialist or anyone (staffId left out). Local labels in labelZone, the business zone by default.',
      scope: 'read',
      query: AvailabilityQuery,
      response: AvailabilityBody,
      errors: [404, 422],
      example: { path: '/availability?serviceId=…&from=1930000000000&to=1930086400000' },
      handler: async ({ caller, query }) => listAvailability(deps.ctx, caller.businessId, query),
    }),
  ];
}
