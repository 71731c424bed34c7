import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { CalendarDataInput, WorkingCalendar } from '../../domain/calendar';
import { legalDateOf } from '../../domain/legal-time';
import type { ProcedureDefinition, Step } from '../../domain/procedures';
import type { DossierUnits } from '../../domain/roles';
import { textProblem } from '../../domain/text';

import type {
  ComplaintInput,
  CompleteTaskInput,
  DossierWithdrawn,
  SupplementInput,
  WithdrawInput,
} from './messages';
import type {
  CarriedTask,
  DossierEvent,
  DossierIncident,
  DossierInput,
  RunPosition,
  TimelineEntry,
} from './types';

/**
 * The one state object of a dossier's run, shared by the modules that split the workflow by concern
 * (intake, step routing, posting and complaints, tasks, legal clock, recording, continuation): each is a set
 * of functions over this `Run`. What is here is what the state query shows and continue-as-new carries.
 */
export interface Run extends RunPosition {
  readonly input: DossierInput;
  readonly units: DossierUnits;
  procedure?: ProcedureDefinition;
  /**
   * The working calendar snapshotted at intake (legal-clock.ts), and built from it; absent in dossiers started
   * before the snapshot, which ask the calendar activities for each date.
   */
  calendarData?: CalendarDataInput;
  calendar?: WorkingCalendar;
  /** The stored calendar entries' version the snapshot was taken at, when retaken per step. */
  calendarVersion?: string;
  /** Workflow time of the last retake: not twice in one workflow task. */
  calendarTakenAt?: number;
  /** The history's length in the workflow task of the last retake (legal-clock.ts#takenInThisTask). */
  calendarTakenInTask?: number;
  steps: Step[];
  clockStopped: boolean;
  readonly tasks: Map<string, OpenTask>;
  readonly timeline: TimelineEntry[];
  readonly completedTaskIds: Set<string>;
  /** Requests for documents (form 02) made so far, by step. */
  readonly supplementRequests: Map<string, number>;
  readonly complaints: ComplaintInput[];
  /** Complaints recorded (complaint_filed) during this dossier's postings, by complaintId. */
  readonly recordedComplaints: Set<string>;
  readonly supplements: SupplementInput[];
  readonly seenMessageIds: Set<string>;
  postingOpen: boolean;
  posting?: { stepKey: string; endsOn: string };
  /** Step timers (posting end) fire once; remembered so a loop that waits again does not re-fire them. */
  readonly firedStepTimers: Set<Timer>;
  /**
   * True while the workflow waits (for a person or a timer, or to close) with all it did so far recorded in the
   * read model; shown by the state query, so an officer's action can wait for it and the page after it shows
   * the step that follows (the next task, the posting, the supplement awaited), not the state before. A plain
   * field set around `condition`, no command of its own: replays are unchanged. (Making the update itself
   * wait for it would move the update's completion in history, which replays of running dossiers refuse.)
   */
  settled: boolean;
  /**
   * Whether this run writes its events once per workflow task (recording.ts#ONE_WRITE_PER_TASK_PATCH), decided
   * once at its start: a run started before the patch writes each event as it always did, to its end.
   */
  readonly writesPerTask: boolean;
  /**
   * Events recorded and not yet written to the read model (recording.ts#flushEvents): written before the
   * workflow waits for a person or an activity, and before an update answers.
   */
  readonly unwritten: DossierEvent[];
  /** The write of events under way, if any: the next one starts after it. */
  writing?: Promise<void>;
  incident?: DossierIncident;
  retryRequested: boolean;
  /** An accepted request to withdraw the dossier (withdrawal.ts), until it is carried out. */
  withdrawal?: WithdrawInput & { requestedOn: string };
  /** Set once the withdrawal is in the read model: the update's answer. */
  withdrawn?: DossierWithdrawn;
}

/** The dossier's units: from the start input, or from the application that runs started before carried. */
function unitsOf(input: DossierInput): DossierUnits {
  const units = input.units ?? input.application?.unit;
  if (!units)
    throw ApplicationFailure.nonRetryable(`Hồ sơ ${input.code} thiếu đơn vị hành chính`, 'MISSING_UNITS');
  return units;
}

export function newRun(input: DossierInput, options: { writesPerTask: boolean }): Run {
  return {
    input,
    writesPerTask: options.writesPerTask,
    units: unitsOf(input),
    seq: 0,
    taskCounter: 0,
    status: 'received',
    steps: [],
    currentIndex: -1,
    receivedOn: input.receivedOn ?? today(),
    clockStopped: false,
    tasks: new Map(),
    timeline: [],
    completedTaskIds: new Set(),
    supplementRequests: new Map(),
    complaints: [],
    recordedComplaints: new Set(),
    supplements: [],
    seenMessageIds: new Set(),
    postingOpen: false,
    firedStepTimers: new Set(),
    settled: false,
    unwritten: [],
    retryRequested: false,
  };
}

export interface OpenTask extends CarriedTask {
  completion?: CompleteTaskInput;
  closed: boolean;
}

/** Each claim and release is an event; past this, a supervisor assigns the task (reassignTask). */
export const MAX_CLAIMS_PER_TASK = 25;
/**
 * Form 02 must list everything missing at once; a step may ask again, but not without end: a step's
 * `maxSupplementRequests` (procedure data) or this many. The desk's online completeness check has no step.
 */
export const DEFAULT_SUPPLEMENT_REQUESTS = 3;
/** Timeline entries the workflow keeps in memory and returns from its state query. */
export const TIMELINE_KEPT = 50;

export interface Timer {
  at: number;
  fire: () => Promise<void>;
}

export type StepResult =
  | { kind: 'next' }
  | { kind: 'refused'; reason: string; documentId: string }
  | { kind: 'return'; target: string };

/** The rule's failure behind an activity failure that retrying cannot cure, if that is what it is. */
export function nonRetryableCause(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  return cause instanceof ApplicationFailure && cause.nonRetryable ? cause : undefined;
}

/** A run whose status is one of these has ended (or is closing): nothing more may happen to it. */
export const FINISHED_STATUSES: ReadonlySet<string> = new Set([
  'completed',
  'refused',
  'intake_refused',
  'withdrawn',
]);

/** Whether every piece of text (absent ones aside) is what domain/text accepts from people. */
export function acceptableTexts(texts: ReadonlyArray<string | undefined>): boolean {
  return texts.every((text) => text === undefined || (typeof text === 'string' && !textProblem(text)));
}

/** Today's legal date by the workflow's clock (deterministic: replays see the same date). */
export function today(): string {
  return legalDateOf(Date.now());
}
