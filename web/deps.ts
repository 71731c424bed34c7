import type { AppDeps } from '../app/deps';

/** What the pages need beyond the use cases' dependencies. */
export interface WebDeps extends AppDeps {
  /**
   * Secret for the CSRF tokens' HMAC (config WEB_SECRET). Every process behind one address must share it;
   * `npm start` generates one per start when it is unset.
   */
  webSecret: string;
}
