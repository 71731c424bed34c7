/**
 * Dossiers stuck on an error no retry cures (activities/dossier/incidents.ts): the admins of their province
 * list them, oldest first, and once the cause is cured (a procedure version published, a constraint fixed)
 * ask the workflow to try again now rather than at its next hourly retry. The request is audited.
 */
import { incidentExists, listOpenIncidents, type OpenIncident } from '../../db/dossier-incidents';
import { parseDossierCode } from '../../domain/dossier-code';
import { retryIncidentSignal } from '../../workflows/dossier/messages';
import { audit, type Actor } from '../audit';
import { callerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import { temporalClientOf, type AppDeps } from '../deps';
import { callWorkflow } from '../dossiers/workflow-errors';
import { notFound } from '../errors';

export async function listIncidents(deps: AppDeps, user: AuthenticatedUser): Promise<OpenIncident[]> {
  const scope = await callerScope(deps, user);
  return listOpenIncidents(deps.pool, scope.unitCodes());
}

/** Signals the dossier's workflow to retry the failing call now; 404 when the dossier has no open incident. */
export async function retryIncidentNow(deps: AppDeps, actor: Actor, dossierCode: string): Promise<void> {
  const { unitCode } = parseDossierCode(dossierCode);
  const scope = await callerScope(deps, actor);
  scope.assertAccess(unitCode, 'Hồ sơ này thuộc đơn vị ngoài phạm vi quản lý của bạn');
  if (!(await incidentExists(deps.pool, dossierCode))) throw notFound('Hồ sơ này không có sự cố đang mở');
  // A closed workflow answers 409 DOSSIER_CLOSED (workflow-errors.ts).
  await callWorkflow(deps, () =>
    temporalClientOf(deps).workflow.getHandle(dossierCode).signal(retryIncidentSignal),
  );
  await audit(deps.pool, deps, actor, {
    action: 'incident.retry',
    target: { kind: 'dossier', id: dossierCode },
    dossierCode,
  });
}
