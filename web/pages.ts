import type { PageModule } from './app';
import { adminBaseLevelPages } from './admin/base-levels';
import { adminProcedurePages } from './admin/procedures';
import { homePage } from './citizen/home';
import { trackingPages } from './citizen/tracking';
import { officerAuthPages } from './officer/auth';
import { inboxPage } from './officer/inbox';

/** Every page module, in mount order — add new pages here. */
export const WEB_PAGES: readonly PageModule[] = [
  homePage,
  trackingPages,
  officerAuthPages,
  inboxPage,
  adminProcedurePages,
  adminBaseLevelPages,
];
