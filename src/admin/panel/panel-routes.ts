import { accountRoutes } from './account-routes.ts';
import { bookingCardRoutes } from './booking-card-routes.ts';
import { bookingSeriesRoutes } from './booking-series-routes.ts';
import { bookingsRoutes } from './bookings-routes.ts';
import { todayRoutes } from './today-routes.ts';
import { calendarRoutes } from './calendar-routes.ts';
import { walkInRoutes } from './walk-in-routes.ts';
import { paymentsListRoutes } from './payments-list-routes.ts';
import { deleteBusinessRoutes } from './delete-business-routes.ts';
import { invitationRoutes } from './invitation-routes.ts';
import { passwordResetRoutes } from './password-reset-routes.ts';
import { teamRoutes } from './team-routes.ts';
import { channelsRoutes } from './channels-routes.ts';
import { channelsNumberRoutes } from './channels-number-routes.ts';
import { paymentsRoutes } from './payments-routes.ts';
import { brandingRoutes } from './branding-routes.ts';
import { businessProfileRoutes } from './business-profile-routes.ts';
import { onboardingCatalogRoutes } from './onboarding-catalog-routes.ts';
import { onboardingRoutes } from './onboarding-routes.ts';
import { policiesRoutes } from './policies-routes.ts';
import { servicesRoutes } from './services-routes.ts';
import { resourcesRoutes } from './resources-routes.ts';
import { promoCodeRoutes } from './promo-code-routes.ts';
import { staffHoursRoutes } from './staff-hours-routes.ts';
import { calendarSyncRoutes } from './calendar-sync-routes.ts';
import { calendarConnectRoutes } from './calendar-connect-routes.ts';
import { staffRoutes } from './staff-routes.ts';
import { customersRoutes } from './customers-routes.ts';
import { customerActionsRoutes } from './customer-actions-routes.ts';
import { activityRoutes } from './activity-routes.ts';
import { reportsRoutes } from './reports-routes.ts';
import { templatesRoutes } from './templates-routes.ts';
import { broadcastsRoutes } from './broadcasts-routes.ts';
import { apiKeysRoutes } from './api-keys-routes.ts';
import { webhooksRoutes } from './webhooks-routes.ts';
import type { PanelDeps } from './panel-deps.ts';
import type { PanelRoute } from './panel-route.ts';

/**
 * Every route of the web panel, area by area. The route-access test walks this list:
 * a route added here without an entry in its access table fails that test.
 */
export function panelRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    ...accountRoutes(deps),
    ...todayRoutes(deps),
    ...bookingsRoutes(deps),
    ...bookingCardRoutes(deps),
    ...bookingSeriesRoutes(deps),
    ...calendarRoutes(deps),
    ...walkInRoutes(deps),
    ...paymentsListRoutes(deps),
    ...passwordResetRoutes(deps),
    ...invitationRoutes(deps),
    ...teamRoutes(deps),
    ...deleteBusinessRoutes(deps),
    ...channelsRoutes(deps),
    ...channelsNumberRoutes(deps),
    ...paymentsRoutes(deps),
    ...policiesRoutes(deps),
    ...brandingRoutes(deps),
    ...onboardingRoutes(deps),
    ...onboardingCatalogRoutes(deps),
    ...businessProfileRoutes(deps),
    ...staffRoutes(deps),
    ...staffHoursRoutes(deps),
    ...calendarSyncRoutes(deps),
    ...calendarConnectRoutes(deps),
    ...servicesRoutes(deps),
    ...resourcesRoutes(deps),
    ...promoCodeRoutes(deps),
    ...customersRoutes(deps),
    ...customerActionsRoutes(deps),
    ...activityRoutes(deps),
    ...reportsRoutes(deps),
    ...templatesRoutes(deps),
    ...broadcastsRoutes(deps),
    ...apiKeysRoutes(deps),
    ...webhooksRoutes(deps),
  ];
}
