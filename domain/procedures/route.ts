/**
 * Reading a route: which steps run for a dossier, and how long the route takes in total (the appointment
 * date on the receipt, form 01).
 */
import { DomainError } from '../domain-error';
import type { ProcedureDefinition, Step } from './schema';
import type { TimeUnit } from './vocabulary';

/**
 * The steps a dossier goes through, in order. Optional steps run unless skipped; the keys to skip are
 * decided at intake (e.g. from the unit's settings) and kept in the dossier's snapshot.
 */
export function stepsInRoute(
  definition: ProcedureDefinition,
  skippedOptionalSteps: readonly string[] = [],
): Step[] {
  for (const key of skippedOptionalSteps) {
    const step = definition.steps.find((candidate) => candidate.key === key);
    if (!step || !step.optional) {
      throw new DomainError(
        'CANNOT_SKIP_STEP',
        `step "${key}" of ${definition.id} v${definition.version} is not an optional step and cannot be skipped`,
        `Bước "${key}" của quy trình ${definition.id} phiên bản ${definition.version} không phải bước tùy chọn, không thể bỏ qua`,
      );
    }
  }
  return definition.steps.filter((step) => !skippedOptionalSteps.includes(step.key));
}

/** The time a step adds to the route: a task's deadline, a posting's duration. */
function plannedDuration(step: Step): { amount: number; unit: TimeUnit } {
  return step.kind === 'task' ? step.deadline : step.duration;
}

export type RouteDeadlineTotals = Record<TimeUnit, number>;

/**
 * Sum of the planned durations of the steps that run, per unit. Counted: every task's deadline and every
 * posting's duration. Not counted: the online completeness check at intake (the appointment is given after
 * it), complaint resolution (only when a complaint is filed: the due date is then moved and recorded), and
 * time stopped by a request for documents.
 */
export function routeDeadlineTotals(
  definition: ProcedureDefinition,
  skippedOptionalSteps: readonly string[] = [],
): RouteDeadlineTotals {
  const totals: RouteDeadlineTotals = { working_days: 0, calendar_days: 0 };
  for (const step of stepsInRoute(definition, skippedOptionalSteps)) {
    const { amount, unit } = plannedDuration(step);
    totals[unit] += amount;
  }
  return totals;
}

/**
 * Working days from receipt of a complete dossier to the result, as counted by routeDeadlineTotals (postings
 * counted; complaints only when filed, so not here). A route with calendar-day steps cannot be expressed in
 * working days alone: it is an error, use routeDeadlineTotals for such routes (e.g. emergency food aid).
 */
export function routeDeadlineWorkingDays(
  definition: ProcedureDefinition,
  skippedOptionalSteps: readonly string[] = [],
): number {
  const totals = routeDeadlineTotals(definition, skippedOptionalSteps);
  if (totals.calendar_days > 0) {
    throw new DomainError(
      'ROUTE_HAS_CALENDAR_DAYS',
      `${definition.id} v${definition.version} has steps counted in calendar days (${totals.calendar_days}); use routeDeadlineTotals`,
      `Quy trình ${definition.id} phiên bản ${definition.version} có bước tính theo ngày lịch (${totals.calendar_days} ngày), không quy đổi được thành ngày làm việc`,
    );
  }
  return totals.working_days;
}

/** The step that issues the decision (the schema guarantees exactly one). */
export function decidingStep(definition: ProcedureDefinition): Step {
  const step = definition.steps.find((candidate) => candidate.kind === 'task' && candidate.decides === true);
  if (!step) {
    throw new DomainError(
      'NO_DECIDING_STEP',
      `${definition.id} v${definition.version} has no step that issues the decision`,
      `Quy trình ${definition.id} phiên bản ${definition.version} không có bước ra quyết định`,
    );
  }
  return step;
}
