import type { PageModule } from './app';
import { adminAuditPages } from './admin/audit';
import { adminBaseLevelPages } from './admin/base-levels';
import { adminPlanInputPages } from './admin/plan-inputs';
import { adminOutboxPages } from './admin/outbox';
import { adminIncidentPages } from './admin/incidents';
import { adminCalendarPages } from './admin/calendar';
import { adminIndexPage } from './admin/index';
import { adminProcedurePages } from './admin/procedures';
import { adminReferenceProposalPages } from './admin/reference-proposals';
import { adminTemplatePages } from './admin/templates';
import { adminUnitPages } from './admin/units';
import { adminUserPages } from './admin/users';
import { applyPages } from './citizen/apply';
import { homePage } from './citizen/home';
import { postingPages } from './citizen/posting';
import { trackingPages } from './citizen/tracking';
import { accountPage } from './officer/account';
import { officerAuthPages } from './officer/auth';
import { deskPages } from './officer/desk';
import { dossierPage } from './officer/dossier';
import { entitlementChangePages } from './officer/entitlement-change';
import { inboxPage } from './officer/inbox';
import { payeePages } from './officer/payee';
import { payrollPages } from './officer/payrolls';
import { registerPage } from './officer/register';
import { reportsPage } from './officer/reports';
import { searchPage } from './officer/search';

/** Every page module, in mount order — add new pages here. */
export const WEB_PAGES: readonly PageModule[] = [
  homePage,
  applyPages,
  trackingPages,
  postingPages,
  officerAuthPages,
  inboxPage,
  dossierPage,
  entitlementChangePages,
  payeePages,
  payrollPages,
  deskPages,
  searchPage,
  registerPage,
  reportsPage,
  accountPage,
  adminIndexPage,
  adminPlanInputPages,
  adminProcedurePages,
  adminBaseLevelPages,
  adminIncidentPages,
  adminReferenceProposalPages,
  adminUserPages,
  adminCalendarPages,
  adminUnitPages,
  adminTemplatePages,
  adminOutboxPages,
  adminAuditPages,
];
