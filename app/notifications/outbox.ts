/**
 * The outbox as admins read it (GET /api/admin/outbox and the page /quan-tri/hop-thu): every message of the
 * dossiers in their scope, newest first, with its attempts. Without SMTP_URL or SMS_GATEWAY_URL this is the
 * development mailbox — the messages the system would have sent, marked delivered to 'dev-mailbox'.
 */
import { listOutbox, type OutboxFilter } from '../../db/outbox';
import type { AuthenticatedUser } from '../auth/session';
import { callerScope } from '../auth/caller-scope';
import type { AppDeps } from '../deps';

// The one list of statuses and attempt outcomes, for the API's schemas and the page's filters.
export { ATTEMPT_OUTCOMES, OUTBOX_STATUSES, type OutboxStatus } from '../../db/outbox';

export type OutboxQuery = Omit<OutboxFilter, 'unitCodes'>;

export async function readOutbox(deps: AppDeps, user: AuthenticatedUser, query: OutboxQuery) {
  const scope = await callerScope(deps, user);
  return listOutbox(deps.pool, { ...query, unitCodes: scope.unitCodes() });
}
