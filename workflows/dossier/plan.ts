/**
 * Pure helpers the dossier workflow uses to read its procedure snapshot. Kept apart from the workflow so
 * they can be unit-tested without Temporal.
 */
import { roleTitleOn } from '../../domain/procedures/paperwork';
import type { ProcedureDefinition, Role, Step } from '../../domain/procedures';
import { ROLE_TITLES, levelOfRole, unitAt, type DossierUnits } from '../../domain/roles';

/** Working days a step plans for, as counted for the appointment date; calendar-day steps count as 0. */
export function plannedWorkingDays(step: Step): number {
  const duration = step.kind === 'task' ? step.deadline : step.duration;
  return duration.unit === 'working_days' ? duration.amount : 0;
}

/** Working days the route still plans after the step at `index`. */
export function workingDaysAfter(steps: readonly Step[], index: number): number {
  return steps.slice(index + 1).reduce((sum, step) => sum + plannedWorkingDays(step), 0);
}

export function stepIndex(steps: readonly Step[], key: string): number {
  return steps.findIndex((step) => step.key === key);
}

/** Where notifications about a task go: each role at its own unit for this dossier. */
export function addressees(
  roles: readonly Role[],
  units: DossierUnits,
): Array<{ role: Role; unitCode: string }> {
  return roles.map((role) => ({ role, unitCode: unitAt(levelOfRole(role), units) }));
}

/**
 * "Chủ tịch Ủy ban nhân dân cấp xã (26734)": how a party appears on the process-control slip (form 06), with
 * the post's title on the dossier's route (a two-tier route names no post that no longer exists).
 */
export function partyLabel(role: Role, unitCode: string, procedure?: ProcedureDefinition): string {
  return `${procedure ? roleTitleOn(procedure, role) : ROLE_TITLES[role]} (${unitCode})`;
}

export const CITIZEN_PARTY = 'Tổ chức, cá nhân nộp hồ sơ';

/** Whether a route needs a district and the application has none (a three-tier route in a two-tier unit). */
export function missingDistrict(definition: ProcedureDefinition, units: DossierUnits): boolean {
  return !units.districtCode && definition.steps.some((step) => step.actor.level === 'district');
}
