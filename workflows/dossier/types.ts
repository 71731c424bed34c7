import type { CalendarDataInput } from '../../domain/calendar';
import type { Application } from '../../domain/application';
import type { EntitlementChangeEffect } from '../../domain/entitlement-changes';
import type { OnTimeStatus } from '../../domain/legal-time';
import type { DossierUnits } from '../../domain/roles';
import type {
  AdministrativeLevel,
  Escalation,
  OutcomeKind,
  ProcedureDefinition,
  Role,
  TaskStep,
} from '../../domain/procedures';

export type Channel = 'walk_in' | 'online';

export interface DossierInput {
  /** Dossier code `<unit>-<YYMMDD>-<NNNN>`; also the workflow id, so a second start is refused. */
  code: string;
  procedureId: string;
  channel: Channel;
  /**
   * The dossier's units. The application itself (names, ID numbers, HIV status) is never in the start input:
   * it waits in Postgres (received_applications, then dossiers.application) and activities read it by code.
   */
  units?: DossierUnits;
  /** Only in runs started before the units above replaced it: they carry the application itself. */
  application?: Application;
  /** The desk clerk who received a walk-in dossier. */
  receivedBy?: string;
  /**
   * The legal date the dossier was received (the submission's), so the procedure snapshot is the version in
   * force that day even when the workflow starts later. Absent in dossiers started before it was passed: the
   * workflow's own date at start then.
   */
  receivedOn?: string;
  /** Optional steps ([U] in law, e.g. two-tier posting) this dossier's unit does not run. */
  skipOptionalSteps?: string[];
  /**
   * Continue as new once the history has this many events, besides when the server suggests it (tests and
   * operators use it to keep histories short).
   */
  historyLimit?: number;
  /** Set by continue-as-new: the state the previous run handed over, resumed at a task step's wait. */
  resume?: CarriedState;
}

/** Where a dossier's run stands and its dates: held by the run (state.ts `Run`) and carried to the next alike. */
export interface RunPosition {
  seq: number;
  taskCounter: number;
  status: DossierStatus;
  currentIndex: number;
  receivedOn: string;
  acceptedOn?: string;
  appointmentDate?: string;
  /**
   * The date "on time" is measured against: the appointment given at intake, moved only when the legal clock
   * stopped. A new date promised in an apology (form 04) does not make a late dossier on time.
   */
  legalDeadline?: string;
  apologyFor?: string;
  decision?: DecisionSummary;
}

/**
 * What a dossier's run hands to the next when it continues as new (at a task step, waiting for the
 * officer): everything the workflow remembers, so the new run goes on exactly where the old one stopped.
 */
export interface CarriedState extends RunPosition {
  procedure: ProcedureDefinition;
  /** The run's calendar snapshot (absent in dossiers started before it). */
  calendarData?: CalendarDataInput;
  /** The calendar version the snapshot was (re)taken at (legal-clock.ts#retakeCalendar). */
  calendarVersion?: string;
  /** The open task of the current step, with its clock (reminder, escalations, claims). */
  task: CarriedTask;
  timeline: TimelineEntry[];
  completedTaskIds: string[];
  /** Complaint and supplement ids already taken: a resent message is still not counted twice. */
  seenMessageIds: string[];
  recordedComplaints: string[];
  supplementRequests: Array<[string, number]>;
}

export interface CarriedTask extends TaskView {
  outcomeRules: TaskStep['outcomes'];
  escalation?: Escalation;
  reminderAt?: number;
  reminded: boolean;
  nextEscalationAt?: number;
  escalationRef: string;
  escalations: number;
  claims: number;
}

export type DossierStatus =
  | 'received'
  | 'awaiting_intake_check'
  | 'in_progress'
  | 'awaiting_supplement'
  | 'completed'
  | 'refused'
  | 'intake_refused'
  /** The applicant withdrew it; processing stopped (form 05). One-stop status codes 7 and 8 (DOMAIN §5). */
  | 'withdrawn';

export type TaskKind = 'intake_check' | 'step' | 'complaint';

export interface TaskView {
  id: string;
  kind: TaskKind;
  stepKey: string;
  title: string;
  role: Role;
  unitLevel: AdministrativeLevel;
  unitCode: string;
  outcomes: OutcomeKind[];
  /** Whether this task may be approved together with others of its step (the step's bulkApproval). */
  bulkAllowed?: boolean;
  openedOn: string;
  dueDate: string;
  claimedBy?: string;
  overdue: boolean;
  status: 'open' | 'done';
}

export interface TimelineEntry {
  seq: number;
  type: DossierEventType;
  at: string;
  legalDate: string;
  stepKey?: string;
  taskId?: string;
  actor?: string;
  reason?: string;
}

export interface DossierState {
  code: string;
  status: DossierStatus;
  procedure?: { id: string; version: number; title: string; tier: string };
  receivedOn: string;
  acceptedOn?: string;
  appointmentDate?: string;
  currentStepKey?: string;
  clockStopped: boolean;
  /**
   * The workflow waits (for a person, a timer, or to close) and everything it did so far is in the read model.
   * Absent from answers of workflow code older than this field.
   */
  settled?: boolean;
  openTasks: TaskView[];
  /** The most recent entries (at most TIMELINE_KEPT); the whole timeline is in the read model. */
  timeline: TimelineEntry[];
  /** How many events the dossier has recorded in all. */
  timelineLength: number;
  decision?: { numberLabel: string; signedOn: string };
  onTimeStatus?: OnTimeStatus;
  /** The latest public posting; `open` while complaints are taken. */
  posting?: { stepKey: string; endsOn: string; open: boolean };
  /** Set while the dossier is stuck on an error retrying cannot cure (see DossierIncident). */
  incident?: DossierIncident;
}

/**
 * An activity failed in a way retrying does not cure (a non-retryable error, or its attempts ran out): the
 * dossier waits, shown to officers and admins with the error, and tries again later or when told to.
 */
export interface DossierIncident {
  /** The activity that failed, e.g. 'snapshotProcedure', 'recordEvents'. */
  activity: string;
  /** The error's stable type, e.g. 'NO_PROCEDURE_IN_FORCE', 'READ_MODEL_REJECTED'. */
  code: string;
  message: string;
  /** When the incident opened (UTC instant, ISO). */
  since: string;
}

export interface DossierResult {
  code: string;
  status: Extract<DossierStatus, 'completed' | 'refused' | 'intake_refused' | 'withdrawn'>;
  decisionNumber?: string;
  onTimeStatus?: OnTimeStatus;
}

/** Who handed over to whom, for the process-control slip (form 06). */
export interface Handover {
  sender: string;
  receiver: string;
}

export interface DecisionSummary {
  numberLabel: string;
  signedOn: string;
  issuerCode: string;
  kind: 'monthly' | 'one_off' | 'in_kind';
  monthlyAmount?: number;
  oneOffAmount?: number;
  inKind?: { riceKg: number; months: number };
  baseLevel: number;
  coefficient?: number;
  clauses: string[];
  /** The first month paid (the earliest of paymentStarts). */
  paymentStartMonth?: string;
  /** 'YYYY-MM' each clause paid starts from (domain/payment-start.ts); one entry unless 5.4 is paid with another. */
  paymentStarts?: Array<{ clause: string; month: string }>;
  documentId?: string;
  /** A change to an existing entitlement (termination, adjustment, relocation): what the decision does. */
  change?: EntitlementChangeEffect;
}

/** Every event the workflow records; each becomes one row of the timeline and updates the read model. */
export type DossierEventBody =
  | {
      type: 'dossier_received';
      data: {
        procedureId: string;
        procedureVersion: number;
        procedureTitle: string;
        tier: string;
        channel: Channel;
        /** Only from runs started with the application in their input (see DossierInput.application). */
        application?: Application;
        receivedAt: string;
      };
    }
  | { type: 'dossier_accepted'; data: { appointmentDate: string; documentId?: string } }
  | { type: 'intake_refused'; data: { documentId?: string } }
  | { type: 'step_entered'; data: { title: string; dueDate?: string } }
  | { type: 'task_opened'; data: { task: TaskView } }
  | { type: 'task_claimed'; data: Record<string, never> }
  | { type: 'task_released'; data: Record<string, never> }
  /** A supervisor moved the claim (`to`) or released it (no `to`); the actor is the supervisor. */
  | { type: 'task_reassigned'; data: { from?: string; to?: string } }
  | {
      type: 'task_completed';
      data: {
        outcome: OutcomeKind;
        onTimeStatus: OnTimeStatus;
        dueDate: string;
        handover: Handover;
        note?: string;
      };
    }
  | { type: 'task_reminded'; data: { dueDate: string; notify: Array<{ role: Role; unitCode: string }> } }
  | {
      type: 'task_overdue';
      data: {
        dueDate: string;
        escalation: number;
        notify: Array<{ role: Role; unitCode: string }>;
        reassignedTo?: Role;
      };
    }
  | {
      type: 'due_date_changed';
      data: { target: 'appointment' | 'task'; oldDate?: string; newDate: string };
    }
  | { type: 'clock_stopped'; data: { missingDocuments: string[]; documentId?: string } }
  | {
      type: 'clock_resumed';
      data: { pausedWorkingDays: number; documents: Array<{ name: string; kind: string }> };
    }
  | { type: 'posting_started'; data: { endsOn: string } }
  | { type: 'posting_ended'; data: Record<string, never> }
  | { type: 'complaint_filed'; data: { complaintId: string; complainant: string; content: string } }
  | { type: 'returned'; data: { toStep: string } }
  | { type: 'document_issued'; data: { kind: string; documentId: string; numberLabel?: string } }
  | { type: 'decision_issued'; data: { decision: DecisionSummary } }
  /** The rules refused to compute the decision (e.g. the beneficiary's age is outside the clause). */
  | { type: 'decision_failed'; data: { code: string } }
  /** The document rules refused one of the dossier's papers; the step that asked for it opened again. */
  | { type: 'document_failed'; data: { kind: string; code: string } }
  | {
      type: 'entitlement_created';
      data: {
        kind: DecisionSummary['kind'];
        monthlyAmount?: number;
        oneOffAmount?: number;
        startMonth?: string;
        payerRole: Role;
      };
    }
  | { type: 'dossier_completed'; data: { onTimeStatus: OnTimeStatus } }
  /** onTimeStatus is absent from refusals recorded before reports needed it. */
  | { type: 'dossier_refused'; data: { documentId?: string; onTimeStatus?: OnTimeStatus } }
  | {
      type: 'dossier_withdrawn';
      /** reason: the applicant's; actor: the desk officer who recorded a paper request. */
      data: { by: 'citizen' | 'desk'; requestedOn: string; documentId?: string };
    };

export type DossierEventType = DossierEventBody['type'];

export type DossierEvent = DossierEventBody & {
  code: string;
  seq: number;
  /** Workflow time of the event (UTC instant, ISO). */
  at: string;
  legalDate: string;
  actor?: string;
  stepKey?: string;
  taskId?: string;
  reason?: string;
};

export type { ProcedureDefinition };
