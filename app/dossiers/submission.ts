/**
 * Receiving a dossier (online or at the desk) in two steps:
 * - submitDossier, inside the caller's transaction: the procedure in force today, the units checked, a
 *   dossier code from the unit's gapless daily sequence, the application kept under that code
 *   (received_applications) and the workflow's start input beside it (dossier_starts). If anything fails the transaction rolls back and the number goes back to the sequence.
 * - startReceivedDossier, after the commit: the dossier workflow started with the code as its id. No
 *   Postgres connection (nor the sequence's row lock) waits on Temporal; if Temporal is out of reach the
 *   dossier stays received and startPendingDossiers starts it when Temporal answers again. The code is never
 *   lost or given twice either way.
 */
import { countOnlineAttempt, takeOnlinePlace } from './submission-limits';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { PoolClient } from 'pg';
import { loadWorkingCalendar } from '../../db/calendar';
import { allocateDossierCode, DossierCodesExhaustedError } from '../../db/dossier-codes';
import {
  deleteDossierStart,
  findDossierStart,
  insertDossierStart,
  pendingDossierStarts,
} from '../../db/dossier-starts';
import { loadProcedureVersions, procedureInForce } from '../../db/procedures';
import type { Queryable } from '../../db/queryable';
import { insertReceivedApplication } from '../../db/received-applications';
import { insertChangeRequest } from '../../db/entitlement-changes';
import type { EntitlementChangeRequest } from '../../domain/entitlement-changes';
import type { Application } from '../../domain/application';
import { DomainError } from '../../domain/domain-error';
import { eligibilityProblems } from '../../domain/eligibility';
import { routeDeadlineTotals, selectProcedure, type ProcedureDefinition } from '../../domain/procedures';
import { unitAt } from '../../domain/roles';
import type { dossierWorkflow } from '../../workflows/dossier/workflow';
import type { Channel, DossierInput } from '../../workflows/dossier/types';
import { clockOf, legalToday, temporalClientOf, type AppDeps } from '../deps';
import { AppError, validationFailed, type FieldError } from '../errors';
import { assertUnitsOfApplication } from './unit-check';
import { callWorkflow } from './workflow-errors';

export interface SubmissionInput {
  procedureId: string;
  application: Application;
  channel: Channel;
  /** The desk clerk's user id for a walk-in dossier. */
  receivedBy?: string;
  /** Where an online submission came from: online submissions are limited per address (submission-limits.ts). */
  clientAddress?: string;
  /**
   * For a change to an entitlement (app/entitlements/changes.ts): the request, kept under the new code in the
   * same transaction. Procedures with `entitlementChange` take no submission without it.
   */
  entitlementChange?: { entitlementCode: string; request: EntitlementChangeRequest; requestedBy: string };
}

/** What a submission produced; stored with its idempotency key, so it must be plain JSON. */
export interface Submission {
  code: string;
  channel: Channel;
  receivedOn: string;
  procedure: { id: string; version: number; title: string; tier: string };
  /**
   * Today + the route's planned time on the working calendar. The workflow sets the real appointment date
   * when the dossier is accepted (at once at the desk, after the completeness check online).
   */
  plannedAppointmentDate: string;
}

export async function submitDossier(
  deps: AppDeps,
  db: PoolClient,
  input: SubmissionInput,
): Promise<Submission> {
  const now = clockOf(deps)();
  const receivedOn = legalToday(now);
  if (input.channel === 'online') {
    await countOnlineAttempt(deps, db, {
      clientAddress: input.clientAddress ?? 'unknown',
      phone: input.application.applicant.phone,
      now,
    });
  }
  const procedure = await procedureReceivable(db, input.procedureId, receivedOn);
  if (procedure.entitlementChange !== input.entitlementChange?.request.kind) {
    throw new AppError(
      422,
      'PROCEDURE_STARTED_BY_OFFICER',
      'Thủ tục này do cán bộ khởi tạo từ hồ sơ của người đang hưởng trợ cấp, không nộp trực tiếp',
    );
  }
  const units = input.application.unit;
  await assertAcceptable(db, procedure, input.application, receivedOn);
  const plannedAppointmentDate = await plannedAppointment(db, procedure, receivedOn, units.provinceCode);
  const deskUnit = unitAt(procedure.intake.level, units);
  if (input.channel === 'online') await takeOnlinePlace(deps, db, deskUnit, receivedOn, now);

  const code = await allocateCode(db, deskUnit, receivedOn);
  const workflowInput: DossierInput = {
    code,
    procedureId: procedure.id,
    // The workflow snapshots the version in force on this day even if it starts later (startPendingDossiers).
    receivedOn,
    channel: input.channel,
    units: { ...units },
    ...(input.receivedBy ? { receivedBy: input.receivedBy } : {}),
  };
  // The application stays in Postgres; the workflow (and so Temporal's history) gets the code and units.
  await insertReceivedApplication(db, code, input.application);
  if (input.entitlementChange) {
    await insertChangeRequest(db, { dossierCode: code, ...input.entitlementChange, requestedAt: now });
  }
  await insertDossierStart(db, code, workflowInput);
  return {
    code,
    channel: input.channel,
    receivedOn,
    procedure: {
      id: procedure.id,
      version: procedure.version,
      title: procedure.title,
      tier: procedure.tier,
    },
    plannedAppointmentDate,
  };
}

/**
 * Starts the workflow of a received dossier, once the transaction that received it has committed (a no-op
 * when it already runs). Answers false, with the error logged, when Temporal could not start it now: the
 * dossier is received all the same and startPendingDossiers tries again.
 */
export async function startReceivedDossier(deps: AppDeps, code: string): Promise<boolean> {
  try {
    const input = await findDossierStart<DossierInput>(deps.pool, code);
    if (!input) return true;
    try {
      await callWorkflow(deps, () =>
        temporalClientOf(deps).workflow.start<typeof dossierWorkflow>('dossierWorkflow', {
          taskQueue: deps.taskQueue,
          workflowId: code,
          args: [input],
          // One workflow per code, ever: a second start with the same id fails instead of running twice.
          workflowIdConflictPolicy: 'FAIL',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      );
    } catch (error) {
      // An earlier attempt started it and its answer was lost (or another API process got there first).
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    await deleteDossierStart(deps.pool, code);
    return true;
  } catch (error) {
    (deps.logError ?? console.error)(`starting the workflow of dossier ${code} failed; will retry`, error);
    return false;
  }
}

/** Starts the workflows of dossiers received while Temporal was out of reach; answers how many started. */
export async function startPendingDossiers(deps: AppDeps, limit = 100): Promise<number> {
  let started = 0;
  for (const code of await pendingDossierStarts(deps.pool, limit)) {
    if (!(await startReceivedDossier(deps, code))) break;
    started += 1;
  }
  return started;
}

/**
 * The version in force on the day of receipt. When none is (every version has ended, e.g. the two-tier route
 * after Decree 147/2025 lapses with no successor published, or none has started yet) the dossier is refused
 * here with 422 NO_PROCEDURE_IN_FORCE, before a code is taken or a workflow start is queued: nothing is
 * received, so no workflow can fail or retry on it later.
 */
async function procedureReceivable(
  db: PoolClient,
  procedureId: string,
  receivedOn: string,
): Promise<ProcedureDefinition> {
  try {
    return await procedureInForce(db, procedureId, receivedOn);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NO_PROCEDURE_IN_FORCE') {
      throw new AppError(422, 'NO_PROCEDURE_IN_FORCE', error.messageVi);
    }
    throw error;
  }
}

/**
 * For the application pages: when `procedureId` exists but no version of it is in force on `on` because they
 * have all ended, the last version (to lay the form out) and the refusal a submission would get; undefined
 * when a version is in force, or when the procedure is unknown or not yet in force (the pages answer 404).
 */
export async function endedProcedure(
  db: Queryable,
  procedureId: string,
  on: string,
): Promise<{ procedure: ProcedureDefinition; message: string } | undefined> {
  const versions = (await loadProcedureVersions(db, procedureId)).map((record) => record.definition);
  if (
    versions.length === 0 ||
    versions.some((version) => version.effectiveTo === undefined || version.effectiveTo >= on)
  ) {
    return undefined;
  }
  try {
    selectProcedure(procedureId, on, versions);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'NO_PROCEDURE_IN_FORCE') throw error;
    const last = [...versions].sort((a, b) => a.effectiveTo!.localeCompare(b.effectiveTo!)).at(-1)!;
    return { procedure: last, message: error.messageVi };
  }
}

/**
 * The application must be one that can be decided under the procedure in force today (the checks the
 * decision itself makes: ages, clauses listed twice or closed to new decisions, facts a payment kind needs)
 * and name units that exist and nest. Both are reported together, as one 400, before anything is written:
 * no code is taken, no workflow started, no idempotency key kept (the caller's transaction rolls back).
 */
async function assertAcceptable(
  db: PoolClient,
  procedure: ProcedureDefinition,
  application: Application,
  on: string,
): Promise<void> {
  // A change to an entitlement rests on the decision that granted it: today's eligibility is not asked again.
  const problems = procedure.entitlementChange ? [] : eligibilityProblems({ procedure, application, on });
  const errors: FieldError[] = problems.map((problem) => ({
    path: `body.application.${problem.path}`,
    message: problem.message,
  }));
  try {
    await assertUnitsOfApplication(db, application.unit, procedure);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
    errors.unshift(...(error.fieldErrors ?? []));
  }
  if (errors.length > 0) throw validationFailed(errors);
}

async function allocateCode(db: PoolClient, unitCode: string, receivedOn: string): Promise<string> {
  try {
    return await allocateDossierCode(db, unitCode, receivedOn);
  } catch (error) {
    if (error instanceof DossierCodesExhaustedError) {
      throw new AppError(
        503,
        'DOSSIER_CODES_EXHAUSTED',
        'Đơn vị đã tiếp nhận tối đa 9999 hồ sơ trong ngày, vui lòng nộp hồ sơ vào ngày làm việc tiếp theo',
      );
    }
    throw error;
  }
}

/** The appointment the workflow will give if the dossier is accepted today (same sum as its accept()). */
export async function plannedAppointment(
  db: PoolClient,
  procedure: ProcedureDefinition,
  from: string,
  provinceCode: string,
): Promise<string> {
  const calendar = await loadWorkingCalendar(db, { province: provinceCode });
  const totals = routeDeadlineTotals(procedure);
  let date = from;
  if (totals.working_days > 0) date = calendar.addWorkingDays(date, totals.working_days);
  if (totals.calendar_days > 0) date = calendar.addCalendarDays(date, totals.calendar_days);
  return date;
}
