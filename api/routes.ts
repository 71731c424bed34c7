/**
 * Every route module of the API, in mount order. A new audience (dossiers, tasks, tracking) adds its
 * RouteModule here; its routes are then mounted and documented in /api/openapi.json with no other wiring.
 */
import { auditRoutes } from './admin/audit-routes';
import { incidentRoutes } from './admin/incidents-routes';
import { baseLevelRoutes } from './admin/base-levels-routes';
import { calendarRoutes } from './admin/calendar-routes';
import { procedureRoutes } from './admin/procedures-routes';
import { referenceProposalRoutes } from './admin/reference-proposals-routes';
import { templateRoutes } from './admin/templates-routes';
import { unitRoutes } from './admin/units-routes';
import { userRoutes } from './admin/users-routes';
import { warningRoutes } from './admin/warnings-routes';
import { authRoutes } from './auth/routes';
import { entitlementRoutes } from './entitlements/routes';
import { attachmentRoutes } from './dossiers/attachment-routes';
import { officerDossierRoutes } from './dossiers/officer-routes';
import { postingRoutes } from './dossiers/posting-routes';
import { searchRoutes } from './dossiers/search-routes';
import { submissionRoutes } from './dossiers/submission-routes';
import { taskRoutes } from './dossiers/task-routes';
import { trackingRoutes } from './dossiers/tracking-routes';
import { notificationRoutes } from './notifications/routes';
import { deliveryRoutes } from './notifications/delivery-routes';
import { payrollRoutes } from './payrolls/routes';
import { registerRoutes } from './registers/register-routes';
import { payeeRoutes } from './payments/payee-routes';
import { reportRoutes } from './reports/routes';
import type { RouteModule } from './route-registry';

export const ROUTE_MODULES: readonly RouteModule[] = [
  authRoutes,
  unitRoutes,
  userRoutes,
  procedureRoutes,
  calendarRoutes,
  baseLevelRoutes,
  referenceProposalRoutes,
  templateRoutes,
  auditRoutes,
  incidentRoutes,
  warningRoutes,
  submissionRoutes,
  trackingRoutes,
  postingRoutes,
  taskRoutes,
  officerDossierRoutes,
  entitlementRoutes,
  searchRoutes,
  attachmentRoutes,
  registerRoutes,
  notificationRoutes,
  deliveryRoutes,
  reportRoutes,
  payrollRoutes,
  payeeRoutes,
];
