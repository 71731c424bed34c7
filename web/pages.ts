import type { PageModule } from './app';
import { applyPages } from './citizen/apply';
import { homePage } from './citizen/home';
import { trackingPages } from './citizen/tracking';
import { officerAuthPages } from './officer/auth';
import { inboxPage } from './officer/inbox';

/** Every page module, in mount order — add new pages here. */
export const WEB_PAGES: readonly PageModule[] = [
  homePage,
  applyPages,
  trackingPages,
  officerAuthPages,
  inboxPage,
];
