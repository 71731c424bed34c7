/**
 * The monthly payroll (DOMAIN.md §8): `payrollWorkflow` builds one commune's list for one month, a batch of
 * entitlements per activity so the history grows with batches, not with entitlements, and continues as new
 * before it grows long; `scheduledPayrollWorkflow` is what the Temporal Schedule starts for a province or a
 * commune: it finds next month and builds each commune's list as a child workflow, a wave at a time.
 *
 * Building is all the workflows do: approval (two people), sending, the payer's confirmation and closing are
 * officers' acts on the read model through the API (app/payrolls).
 */
import {
  continueAsNew,
  executeChild,
  isCancellation,
  ParentClosePolicy,
  patched,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/common';
import { legalDateOf } from '../../domain/legal-time';
import { communesAfter } from '../../domain/payroll/communes';
import { monthOfDate, nextMonth } from '../../domain/payroll/month';
import type { PayrollActivities, PayrollBuildSummary } from './activity-types';

const activities = proxyActivities<PayrollActivities>({
  // A batch of 2,000 entitlements reads and writes a few thousand rows: seconds even on a loaded machine.
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 20,
  },
});

/** Entitlements per activity: 125 activities for a commune of 250,000 (a whole large province in one commune). */
export const PAYROLL_BATCH_SIZE = 2_000;
/** Batches before the workflow continues as new (each batch adds a handful of events). */
const BATCHES_PER_RUN = 500;
/** Communes built at once by a scheduled run, and communes per run before it continues as new. */
const COMMUNES_PER_WAVE = 10;
const COMMUNES_PER_RUN = 200;

export interface PayrollWorkflowInput {
  communeCode: string;
  month: string;
  /** The officer who asked for the build (build-now); null for a scheduled build. */
  preparedBy: { userId: string; username: string } | null;
  /** Carried over continue-as-new: the list being built and the last entitlement done. */
  resume?: { payrollId: number; afterCode: string | null };
  /** Tests make the bounds small to see them work; production uses the defaults. */
  bounds?: { batchSize: number; batchesPerRun: number };
}

export function payrollWorkflowId(communeCode: string, month: string): string {
  return `payroll-${communeCode}-${month}`;
}

export async function payrollWorkflow(input: PayrollWorkflowInput): Promise<PayrollBuildSummary> {
  let payrollId: number;
  let afterCode: string | null = null;
  if (input.resume) {
    ({ payrollId, afterCode } = input.resume);
  } else {
    const started = await activities.startPayrollBuild({
      communeCode: input.communeCode,
      month: input.month,
      preparedBy: input.preparedBy,
    });
    if (started.final) {
      const summary = await activities.finishPayrollBuild({ payrollId: started.payrollId });
      return { ...summary, built: false };
    }
    payrollId = started.payrollId;
  }
  const { batchSize, batchesPerRun } = input.bounds ?? {
    batchSize: PAYROLL_BATCH_SIZE,
    batchesPerRun: BATCHES_PER_RUN,
  };
  for (let batch = 0; ; batch += 1) {
    if (batch >= batchesPerRun) {
      return continueAsNew<typeof payrollWorkflow>({ ...input, resume: { payrollId, afterCode } });
    }
    const { lastCode } = await activities.buildPayrollBatch({
      payrollId,
      communeCode: input.communeCode,
      month: input.month,
      afterCode,
      limit: batchSize,
    });
    if (lastCode === undefined) break;
    afterCode = lastCode;
  }
  return activities.finishPayrollBuild({ payrollId });
}

export interface ScheduledPayrollInput {
  /** A province (all its communes) or one commune. */
  unitCode: string;
  /**
   * The month to pay; default the month after the one the Schedule fired in (its scheduled time, legal date),
   * or after today's for a run started by hand.
   */
  month?: string;
  /** Carried over continue-as-new: the last commune code built (communes are built in code order). */
  afterCommune?: string;
  /** Carried over continue-as-new by runs before the patch `payroll-resume-by-commune`: communes done, by position. */
  offset?: number;
}

/**
 * A commune the run did not build: its list's workflow was already running (an officer's build-now, or an
 * earlier run still at it — that one builds it), or its build failed once its activities gave up.
 */
export interface CommuneNotBuilt {
  communeCode: string;
  reason: 'already_running' | 'failed';
}

export interface ScheduledPayrollSummary {
  month: string;
  communes: number;
  lineCount: number;
  total: number;
  /** Communes of this run (of its last continue-as-new segment) left to their running build or to an officer. */
  notBuilt: CommuneNotBuilt[];
}

/**
 * One commune's build as a child; a child that cannot start (the same id is running) or fails is reported, not
 * thrown, so one commune never fails the province's run. Cancelling the run still cancels it.
 *
 * No patched() around this: the scheduled payroll workflows are new this session and were never deployed, so no
 * running history can have taken the old path (Promise.all failing the run).
 */
async function buildCommune(
  communeCode: string,
  month: string,
): Promise<PayrollBuildSummary | CommuneNotBuilt> {
  try {
    return await executeChild(payrollWorkflow, {
      workflowId: payrollWorkflowId(communeCode, month),
      args: [{ communeCode, month, preparedBy: null }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      taskQueue: workflowInfo().taskQueue,
    });
  } catch (error) {
    if (isCancellation(error)) throw error;
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      return { communeCode, reason: 'already_running' };
    }
    return { communeCode, reason: 'failed' };
  }
}

/** Set by the Temporal server on every workflow a Schedule starts: the action's nominal time. */
const SCHEDULED_START_TIME = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);
export const SCHEDULED_TIME_PATCH = 'payroll-month-from-scheduled-time';
export const RESUME_BY_COMMUNE_PATCH = 'payroll-resume-by-commune';

/**
 * The instant whose month the run builds after. The Schedule's scheduled time, not the run's clock: a run the
 * Schedule catches up late (the server was down on the day; the catch-up window is 7 days) may run in the next
 * month: scheduled for the 24th, caught up on the 1st, from its own clock it would build the month after next.
 * Runs started before the patch took Date.now() (the deterministic time of the workflow task) and still do.
 */
function runInstant(): number {
  if (patched(SCHEDULED_TIME_PATCH)) {
    const scheduled = workflowInfo().typedSearchAttributes.get(SCHEDULED_START_TIME);
    if (scheduled) return scheduled.getTime();
  }
  return Date.now();
}

export async function scheduledPayrollWorkflow(
  input: ScheduledPayrollInput,
): Promise<ScheduledPayrollSummary> {
  const month = input.month ?? nextMonth(monthOfDate(legalDateOf(runInstant())));
  const communes = await activities.payrollCommunes({ unitCode: input.unitCode });
  const start = input.offset ?? 0;
  const remaining =
    input.afterCommune !== undefined ? communesAfter(communes, input.afterCommune) : communes.slice(start);
  const segment = remaining.slice(0, COMMUNES_PER_RUN);
  let lineCount = 0;
  let total = 0;
  const notBuilt: CommuneNotBuilt[] = [];
  for (let wave = 0; wave < segment.length; wave += COMMUNES_PER_WAVE) {
    const outcomes = await Promise.all(
      segment.slice(wave, wave + COMMUNES_PER_WAVE).map((communeCode) => buildCommune(communeCode, month)),
    );
    for (const outcome of outcomes) {
      if ('reason' in outcome) {
        notBuilt.push(outcome);
      } else {
        lineCount += outcome.lineCount;
        total += outcome.total;
      }
    }
  }
  if (segment.length < remaining.length) {
    // By the last code built: the communes listed can change before the next segment reads them again.
    if (patched(RESUME_BY_COMMUNE_PATCH)) {
      return continueAsNew<typeof scheduledPayrollWorkflow>({
        unitCode: input.unitCode,
        month,
        afterCommune: segment[segment.length - 1]!,
      });
    }
    return continueAsNew<typeof scheduledPayrollWorkflow>({
      unitCode: input.unitCode,
      month,
      offset: start + segment.length,
    });
  }
  return { month, communes: communes.length, lineCount, total, notBuilt };
}
