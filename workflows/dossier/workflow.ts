/**
 * One workflow per dossier (hồ sơ). It snapshots the procedure version in force on the receipt date and
 * interprets its route: intake (online dossiers get a completeness check first), then each step in order —
 * human tasks with legal deadlines, reminders and escalations, public postings during which complaints may be
 * filed — up to the decision and the start of payment. Every change is recorded through the `recordEvent`
 * activity, which keeps the Postgres read model; legal dates come from this workflow's own clock.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { endOfLegalDay, legalDateAt, legalDateOf, onTimeStatus } from '../../domain/legal-time';
import {
  routeDeadlineTotals,
  stepsInRoute,
  DEFAULT_ESCALATION_REPEATS,
  type Duration,
  type Escalation,
  type OutcomeKind,
  type ProcedureDefinition,
  type PublicPostingStep,
  type Role,
  type Step,
  type TaskStep,
} from '../../domain/procedures';
import { levelOfRole, unitAt, type DossierUnits } from '../../domain/roles';
import { hasWords, textProblem } from '../../domain/text';
import type { DossierActivities, DossierDocumentKind } from './activity-types';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  dossierStateQuery,
  fileComplaintSignal,
  fileComplaintUpdate,
  rejection,
  reassignTaskUpdate,
  releaseTaskUpdate,
  retryIncidentSignal,
  supplementSignal,
  type ComplaintInput,
  type CompleteTaskInput,
  type ReassignTaskInput,
  type SupplementInput,
  type TaskActionResult,
} from './messages';
import {
  addressees,
  CITIZEN_PARTY,
  missingDistrict,
  partyLabel,
  plannedWorkingDays,
  stepIndex,
  workingDaysAfter,
} from './plan';
import type {
  CarriedState,
  CarriedTask,
  DecisionSummary,
  DossierEventBody,
  DossierIncident,
  DossierInput,
  DossierResult,
  DossierState,
  DossierStatus,
  TaskKind,
  TaskView,
  TimelineEntry,
} from './types';

// Transient errors (a database restart, a Chromium crash) are retried, backing off to once a minute, for
// about a quarter of an hour; errors no retry cures fail at once (non-retryable, classified by the
// activities). Either way the dossier then opens an incident (see guarded) rather than loop unseen.
const RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: 20,
} as const;
// The timeouts are how long a dossier waits before retrying when a worker dies mid-activity: database writes
// and date arithmetic take milliseconds; a document may wait for its issuer's register and print a PDF, and
// heartbeats meanwhile (a dead worker is noticed after the heartbeat timeout).
const activities = proxyActivities<DossierActivities>({ startToCloseTimeout: '30 seconds', retry: RETRY });
const documentActivities = proxyActivities<Pick<DossierActivities, 'issueDecision' | 'issueDossierDocument'>>(
  {
    startToCloseTimeout: '60 seconds',
    heartbeatTimeout: '20 seconds',
    retry: RETRY,
  },
);
// The incident itself must land, however long the database is away.
const incidentActivities = proxyActivities<Pick<DossierActivities, 'reportIncident'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
/** How long a dossier stuck on an incident waits before trying again (unless told to retry sooner). */
const INCIDENT_RETRY_AFTER = '1 hour';

interface OpenTask extends CarriedTask {
  completion?: CompleteTaskInput;
  closed: boolean;
}

/** Each claim and release is an event; past this, a supervisor assigns the task (reassignTask). */
const MAX_CLAIMS_PER_TASK = 25;
/** Form 02 must list everything missing at once; a step may ask again, but not without end. */
const MAX_SUPPLEMENT_REQUESTS_PER_STEP = 3;
/** Timeline entries the workflow keeps in memory and returns from its state query. */
const TIMELINE_KEPT = 50;

interface Timer {
  at: number;
  fire: () => Promise<void>;
}

type StepResult =
  | { kind: 'next' }
  | { kind: 'refused'; reason: string; documentId: string }
  | { kind: 'return'; target: string };

export async function dossierWorkflow(input: DossierInput): Promise<DossierResult> {
  return new DossierRun(input).run();
}

class DossierRun {
  private seq = 0;
  private taskCounter = 0;
  private status: DossierStatus = 'received';
  private procedure?: ProcedureDefinition;
  private steps: Step[] = [];
  private currentIndex = -1;
  private receivedOn = today();
  private acceptedOn?: string;
  private appointmentDate?: string;
  /**
   * The date "on time" is measured against: the appointment given at intake, moved only when the legal clock
   * stopped. A new date promised in an apology (form 04) does not make a late dossier on time.
   */
  private legalDeadline?: string;
  private apologyFor?: string;
  private clockStopped = false;
  private readonly tasks = new Map<string, OpenTask>();
  private readonly timeline: TimelineEntry[] = [];
  private readonly completedTaskIds = new Set<string>();
  /** Requests for documents (form 02) made so far, by step. */
  private readonly supplementRequests = new Map<string, number>();
  private readonly complaints: ComplaintInput[] = [];
  /** Complaints recorded (complaint_filed) during this dossier's postings, by complaintId. */
  private readonly recordedComplaints = new Set<string>();
  private readonly supplements: SupplementInput[] = [];
  private readonly seenMessageIds = new Set<string>();
  private postingOpen = false;
  private posting?: { stepKey: string; endsOn: string };
  private decision?: DecisionSummary;
  private readonly units: DossierUnits;
  /** Step timers (posting end) fire once; remembered so a loop that waits again does not re-fire them. */
  private readonly firedStepTimers = new Set<Timer>();
  private incident?: DossierIncident;
  private retryRequested = false;

  constructor(private readonly input: DossierInput) {
    this.units = input.application.unit;
    setHandler(dossierStateQuery, () => this.state());
    setHandler(completeTaskUpdate, (action) => this.onComplete(action), {
      validator: (action) => this.validateCompletion(action),
    });
    setHandler(claimTaskUpdate, (action) => this.onClaim(action.taskId, action.actor.userId), {
      validator: ({ taskId, actor }) => {
        const task = this.openTaskOrReject(taskId);
        if (task.role !== actor.role) throw rejection('WRONG_ROLE');
        if (task.claimedBy && task.claimedBy !== actor.userId) throw rejection('TASK_CLAIMED_BY_OTHER');
        if (task.claimedBy !== actor.userId && task.claims >= MAX_CLAIMS_PER_TASK) {
          throw rejection('TOO_MANY_CLAIMS');
        }
      },
    });
    setHandler(releaseTaskUpdate, (action) => this.onRelease(action.taskId, action.actor.userId), {
      validator: ({ taskId, actor }) => {
        const task = this.openTaskOrReject(taskId);
        if (task.claimedBy !== actor.userId) throw rejection('TASK_NOT_CLAIMED');
      },
    });
    // A signal cannot be refused, so text Postgres cannot store is dropped here: recording it would retry
    // for ever and wedge every later complaint (the API refuses such text before it gets this far).
    setHandler(reassignTaskUpdate, (action) => this.onReassign(action), {
      validator: ({ taskId, toUserId, by }) => {
        this.openTaskOrReject(taskId);
        if (!acceptableTexts([toUserId, by])) throw rejection('TEXT_INVALID');
      },
    });
    setHandler(fileComplaintSignal, (complaint) => {
      if (!acceptableTexts([complaint.complainant, complaint.content, complaint.complaintId])) return;
      if (this.firstTime(`complaint:${complaint.complaintId}`) && this.postingOpen)
        this.complaints.push(complaint);
    });
    setHandler(
      fileComplaintUpdate,
      async (complaint) => {
        const { complaintId } = complaint;
        const known =
          this.recordedComplaints.has(complaintId) ||
          this.complaints.some((c) => c.complaintId === complaintId);
        if (!known) {
          this.seenMessageIds.add(`complaint:${complaintId}`);
          this.complaints.push(complaint);
        }
        // Answer only once it is in the read model: "Đã nhận" must be true.
        await condition(() => this.recordedComplaints.has(complaintId));
        return { complaintId, status: 'filed' as const };
      },
      {
        validator: (complaint) => {
          if (!acceptableTexts([complaint.complainant, complaint.content, complaint.complaintId])) {
            throw rejection('TEXT_INVALID');
          }
          if (!this.postingOpen && !this.recordedComplaints.has(complaint.complaintId)) {
            throw rejection('NOT_IN_POSTING');
          }
        },
      },
    );
    setHandler(retryIncidentSignal, () => {
      this.retryRequested = true;
    });
    setHandler(supplementSignal, (supplement) => {
      const texts = [supplement.note, supplement.supplementId];
      for (const document of supplement.documents ?? []) texts.push(document.name, document.kind);
      if (!acceptableTexts(texts)) return;
      // Only an awaited supplement counts; one sent at any other time must not satisfy a later request.
      if (this.status === 'awaiting_supplement' && this.firstTime(`supplement:${supplement.supplementId}`)) {
        this.supplements.push(supplement);
      }
    });
  }

  async run(): Promise<DossierResult> {
    const resume = this.input.resume;
    let index = 0;
    let resumedTask: OpenTask | undefined;
    if (resume) {
      resumedTask = this.restore(resume);
      index = resume.currentIndex;
    } else {
      const intake = await this.intake();
      if (intake) return intake;
    }
    while (index < this.steps.length) {
      const step = this.steps[index]!;
      this.currentIndex = index;
      const result =
        step.kind === 'task' ? await this.runTaskStep(step, resumedTask) : await this.runPosting(step);
      resumedTask = undefined;
      if (result.kind === 'refused') {
        await this.record(
          { type: 'dossier_refused', data: { documentId: result.documentId } },
          { stepKey: step.key, reason: result.reason },
        );
        return this.finish('refused');
      }
      if (result.kind === 'return') {
        await this.record({ type: 'returned', data: { toStep: result.target } }, { stepKey: step.key });
        index = stepIndex(this.steps, result.target);
        continue;
      }
      index += 1;
    }
    const status = onTimeStatus(today(), this.legalDeadline ?? today());
    await this.record({ type: 'dossier_completed', data: { onTimeStatus: status } });
    return this.finish('completed');
  }

  /** Receipt up to acceptance; the result when the dossier ends there (refused at intake). */
  private async intake(): Promise<DossierResult | undefined> {
    const procedure = await this.guarded('snapshotProcedure', () =>
      activities.snapshotProcedure({ procedureId: this.input.procedureId, receivedOn: this.receivedOn }),
    );
    this.procedure = procedure;
    this.steps = stepsInRoute(procedure, this.input.skipOptionalSteps ?? []);
    if (missingDistrict(procedure, this.units)) {
      throw ApplicationFailure.nonRetryable(
        `Quy trình ${procedure.id} v${procedure.version} cần mã huyện nhưng hồ sơ ${this.input.code} không có`,
        'MISSING_DISTRICT',
      );
    }
    await this.record(
      {
        type: 'dossier_received',
        data: {
          procedureId: procedure.id,
          procedureVersion: procedure.version,
          procedureTitle: procedure.title,
          tier: procedure.tier,
          channel: this.input.channel,
          application: this.input.application,
          receivedAt: new Date().toISOString(),
        },
      },
      { actor: this.input.receivedBy },
    );

    const accepted = this.input.channel === 'online' ? await this.onlineIntakeCheck() : true;
    if (!accepted) return this.finish('intake_refused');
    await this.accept();
    this.status = 'in_progress';
    return undefined;
  }

  // ── intake ────────────────────────────────────────────────────────────────────────────────────────

  /** An online submission waits for the desk to accept it, ask for completion, or refuse it. */
  private async onlineIntakeCheck(): Promise<boolean> {
    const check = this.procedure!.intake.onlineCompletenessCheck;
    this.status = 'awaiting_intake_check';
    const outcomeRules: TaskStep['outcomes'] = [
      { kind: 'approve', requiredFields: [] },
      { kind: 'request_documents', requiredFields: ['missingDocuments'], documents: ['completion_request'] },
      { kind: 'refuse', requiredFields: ['reason'], documents: ['intake_refusal'] },
    ];
    let dueDate: string | undefined;
    for (;;) {
      const task = await this.openTask({
        kind: 'intake_check',
        stepKey: 'intake_check',
        title: 'Kiểm tra tính đầy đủ của hồ sơ nộp trực tuyến',
        role: check.role,
        deadline: check.deadline,
        escalation: check.escalation,
        outcomeRules,
        dueDate,
      });
      const completion = await this.awaitCompletion(task);
      const next = completion.outcome === 'approve' ? 'Bộ phận Một cửa' : CITIZEN_PARTY;
      await this.closeTask(task, completion, next);
      if (completion.outcome === 'approve') return true;
      if (completion.outcome === 'refuse') {
        const documentId = await this.issueDocument(
          'intake_refusal',
          { reason: completion.reason },
          { stepKey: task.stepKey },
        );
        if (documentId) {
          await this.record({ type: 'intake_refused', data: { documentId } }, { reason: completion.reason });
          return false;
        }
        // The slip (form 03) was refused (see document_failed): the check opens again, same due date.
        dueDate = task.dueDate;
        continue;
      }
      dueDate = (await this.requestSupplement(task, completion, false)) ?? task.dueDate;
    }
  }

  /** Accepted: the legal clock starts, the appointment date is set, and the receipt (form 01) is issued. */
  private async accept(): Promise<void> {
    this.acceptedOn = today();
    const totals = routeDeadlineTotals(this.procedure!, this.input.skipOptionalSteps ?? []);
    let appointment = this.acceptedOn;
    if (totals.working_days > 0) {
      appointment = await this.addDuration(appointment, {
        amount: totals.working_days,
        unit: 'working_days',
      });
    }
    if (totals.calendar_days > 0) {
      appointment = await this.addDuration(appointment, {
        amount: totals.calendar_days,
        unit: 'calendar_days',
      });
    }
    this.appointmentDate = appointment;
    this.legalDeadline = appointment;
    const documentId = await this.issueDocument('receipt', { appointmentDate: appointment });
    await this.record({ type: 'dossier_accepted', data: { appointmentDate: appointment, documentId } });
  }

  // ── steps ─────────────────────────────────────────────────────────────────────────────────────────

  /** `resumed`: the step's open task handed over by the previous run (continue-as-new). */
  private async runTaskStep(step: TaskStep, resumed?: OpenTask): Promise<StepResult> {
    let dueDate: string | undefined;
    for (;;) {
      const task =
        resumed ??
        (await this.openTask({
          kind: 'step',
          stepKey: step.key,
          title: step.title,
          role: step.actor.role,
          deadline: step.deadline,
          escalation: step.escalation,
          outcomeRules: step.outcomes,
          bulkAllowed: step.bulkApproval === true,
          dueDate,
        }));
      resumed = undefined;
      const completion = await this.awaitCompletion(task, true);
      const { outcome } = completion;
      await this.closeTask(task, completion, this.receiverAfter(outcome, completion, step));
      if (outcome === 'approve') {
        if (step.decides && !(await this.decide(task, completion))) {
          // The decision could not be made (see the decision_failed event): the step opens again, with the
          // same due date, for the officer to refuse or return with the reason in hand.
          dueDate = task.dueDate;
          continue;
        }
        return { kind: 'next' };
      }
      if (outcome === 'refuse') {
        const reason = completion.reason ?? '';
        const documentId = await this.issueDocument('refusal_letter', { reason }, { stepKey: step.key });
        if (documentId) return { kind: 'refused', reason, documentId };
        // The refusal letter was refused (see document_failed): the step opens again, same due date.
        dueDate = task.dueDate;
        continue;
      }
      if (outcome === 'return') return { kind: 'return', target: this.returnTarget(task, completion)! };
      // Undefined when form 02 was refused (see document_failed): the step opens again, same due date.
      dueDate = (await this.requestSupplement(task, completion, true)) ?? task.dueDate;
    }
  }

  /**
   * Public posting: the list stays up for the step's duration; complaints filed meanwhile each become a task
   * for the resolver. The route goes on only when the posting has ended and every complaint is resolved; an
   * upheld complaint (outcome 'return') sends the dossier back to verification.
   */
  private async runPosting(step: PublicPostingStep): Promise<StepResult> {
    const endsOn = await this.addDuration(today(), step.duration);
    await this.record(
      { type: 'step_entered', data: { title: step.title, dueDate: endsOn } },
      { stepKey: step.key },
    );
    // Open before recording: from the moment the timeline shows the posting, complaints must be taken.
    this.postingOpen = true;
    this.posting = { stepKey: step.key, endsOn };
    await this.record({ type: 'posting_started', data: { endsOn } }, { stepKey: step.key });
    const complaintTasks: OpenTask[] = [];
    let upheld = false;
    const postingTimer: Timer = {
      at: endOfLegalDay(endsOn),
      fire: async () => {
        this.postingOpen = false;
      },
    };
    for (;;) {
      while (this.complaints.length > 0) {
        const complaint = this.complaints.shift()!;
        await this.record(
          { type: 'complaint_filed', data: complaint },
          { stepKey: step.key, actor: complaint.complainant },
        );
        this.recordedComplaints.add(complaint.complaintId);
        complaintTasks.push(
          await this.openTask({
            kind: 'complaint',
            stepKey: step.key,
            title: `Giải quyết khiếu nại trong thời gian niêm yết: ${complaint.content.slice(0, 120)}`,
            role: step.complaints.resolverRole,
            deadline: step.complaints.resolutionDeadline,
            escalation: step.complaints.escalation,
            outcomeRules: [
              { kind: 'approve', requiredFields: ['reason'] },
              {
                kind: 'return',
                requiredFields: ['reason'],
                targetStep: step.complaints.upheldReturnsTo,
                documents: [],
              },
            ],
          }),
        );
      }
      for (const task of complaintTasks.filter((t) => t.completion && !t.closed)) {
        const receiver = task.completion!.outcome === 'return' ? step.complaints.upheldReturnsTo : step.key;
        if (task.completion!.outcome === 'return') upheld = true;
        await this.closeTask(task, task.completion!, receiver);
      }
      const unresolved = complaintTasks.some((task) => !task.closed);
      if (!this.postingOpen && !unresolved && this.complaints.length === 0) break;
      await this.waitFor(
        () =>
          this.complaints.length > 0 ||
          complaintTasks.some((task) => task.completion !== undefined && !task.closed) ||
          (!this.postingOpen && !complaintTasks.some((task) => !task.closed)),
        this.postingOpen ? [postingTimer] : [],
      );
    }
    await this.record({ type: 'posting_ended', data: {} }, { stepKey: step.key });
    return upheld ? { kind: 'return', target: step.complaints.upheldReturnsTo } : { kind: 'next' };
  }

  /** The deciding step approved: the decision (numbered, amounts from domain rules) and the entitlement. */
  /** Issues the decision; false when the rules refuse it (recorded), instead of retrying for ever. */
  private async decide(task: OpenTask, completion: CompleteTaskInput): Promise<boolean> {
    const seq = this.nextSeq();
    let decision: DecisionSummary;
    try {
      decision = await this.guardedDocument('issueDecision', () =>
        documentActivities.issueDecision({
          code: this.input.code,
          seq,
          signedOn: today(),
          application: this.input.application,
          procedure: this.procedure!,
          signer: { role: task.role, name: completion.actor.fullName },
        }),
      );
    } catch (error) {
      const cause = nonRetryableCause(error);
      if (!cause) throw error;
      await this.record(
        { type: 'decision_failed', data: { code: cause.type ?? 'DECISION_FAILED' } },
        { stepKey: task.stepKey, reason: cause.message },
        seq,
      );
      return false;
    }
    this.decision = decision;
    await this.record(
      { type: 'decision_issued', data: { decision } },
      { stepKey: task.stepKey, actor: completion.actor.userId },
      seq,
    );
    const payment = this.procedure!.payment;
    if (payment) {
      await this.record(
        {
          type: 'entitlement_created',
          data: {
            kind: decision.kind,
            monthlyAmount: decision.monthlyAmount,
            oneOffAmount: decision.oneOffAmount,
            startMonth: decision.paymentStartMonth,
            payerRole: payment.payerRole,
          },
        },
        { stepKey: task.stepKey },
      );
    }
    return true;
  }

  /**
   * Form 02: the legal clock stops until the citizen supplements. The task's due date and the appointment
   * date then move by the working days the clock was stopped; returns the task's new due date, or undefined
   * when form 02 could not be issued (the clock does not stop: the officer acts again).
   */
  private async requestSupplement(
    task: OpenTask,
    completion: CompleteTaskInput,
    clockRunning: boolean,
  ): Promise<string | undefined> {
    const stoppedOn = today();
    const documentId = await this.issueDocument(
      'completion_request',
      { missingDocuments: completion.missingDocuments ?? [], reason: completion.reason },
      { stepKey: task.stepKey, taskId: task.id },
    );
    if (!documentId) return undefined;
    this.supplementRequests.set(task.stepKey, (this.supplementRequests.get(task.stepKey) ?? 0) + 1);
    this.clockStopped = clockRunning;
    const previousStatus = this.status;
    this.status = 'awaiting_supplement';
    await this.record(
      { type: 'clock_stopped', data: { missingDocuments: completion.missingDocuments ?? [], documentId } },
      { stepKey: task.stepKey, taskId: task.id, reason: completion.reason },
    );
    await this.waitFor(() => this.supplements.length > 0);
    const supplement = this.supplements.shift()!;
    const resumedOn = today();
    const paused = await this.guarded('workingDaysBetween', () =>
      activities.workingDaysBetween({
        from: stoppedOn,
        to: resumedOn,
        provinceCode: this.units.provinceCode,
      }),
    );
    this.clockStopped = false;
    this.status = previousStatus;
    await this.record(
      { type: 'clock_resumed', data: { pausedWorkingDays: paused, documents: supplement.documents } },
      { stepKey: task.stepKey, actor: CITIZEN_PARTY, reason: supplement.note },
    );
    const reason = `Tạm dừng ${paused} ngày làm việc chờ bổ sung hồ sơ (${stoppedOn} – ${resumedOn})`;
    const newDue = await this.shiftDate(task.dueDate, paused);
    await this.record(
      { type: 'due_date_changed', data: { target: 'task', oldDate: task.dueDate, newDate: newDue } },
      { stepKey: task.stepKey, taskId: task.id, reason },
    );
    if (clockRunning && this.appointmentDate) {
      const newAppointment = await this.shiftDate(this.appointmentDate, paused);
      await this.record(
        {
          type: 'due_date_changed',
          data: { target: 'appointment', oldDate: this.appointmentDate, newDate: newAppointment },
        },
        { stepKey: task.stepKey, reason },
      );
      // Before any apology the legal deadline is the appointment itself. After one, it needs its own shift —
      // an extra activity call, so behind a patch: dossiers already running replay as they were recorded.
      if (this.legalDeadline === this.appointmentDate) {
        this.legalDeadline = newAppointment;
      } else if (this.legalDeadline && patched('legal-deadline-shift-after-apology')) {
        this.legalDeadline = await this.shiftDate(this.legalDeadline, paused);
      }
      this.appointmentDate = newAppointment;
    }
    return newDue;
  }

  private async shiftDate(date: string, workingDays: number): Promise<string> {
    return workingDays > 0 ? this.addDuration(date, { amount: workingDays, unit: 'working_days' }) : date;
  }

  // ── tasks ─────────────────────────────────────────────────────────────────────────────────────────

  private async openTask(spec: {
    kind: TaskKind;
    stepKey: string;
    title: string;
    role: Role;
    deadline: Duration;
    escalation?: Escalation;
    outcomeRules: TaskStep['outcomes'];
    bulkAllowed?: boolean;
    /** A due date carried over (after a request for documents) instead of a fresh deadline. */
    dueDate?: string;
  }): Promise<OpenTask> {
    const openedOn = today();
    const dueDate = spec.dueDate ?? (await this.addDuration(openedOn, spec.deadline));
    let reminderAt: number | undefined;
    if (spec.escalation?.remindBefore) {
      const remindBefore = spec.escalation.remindBefore;
      const reminderDay = await this.guarded('subtractDuration', () =>
        activities.subtractDuration({
          from: dueDate,
          duration: remindBefore,
          provinceCode: this.units.provinceCode,
        }),
      );
      // A reminder due on or before the opening day would only be noise.
      if (reminderDay > openedOn) reminderAt = legalDateAt(reminderDay, 8);
    }
    const level = levelOfRole(spec.role);
    const task: OpenTask = {
      id: `${this.input.code}.${++this.taskCounter}`,
      kind: spec.kind,
      stepKey: spec.stepKey,
      title: spec.title,
      role: spec.role,
      unitLevel: level,
      unitCode: unitAt(level, this.units),
      outcomes: spec.outcomeRules.map((rule) => rule.kind),
      outcomeRules: spec.outcomeRules,
      bulkAllowed: spec.bulkAllowed ?? false,
      openedOn,
      dueDate,
      overdue: false,
      status: 'open',
      escalation: spec.escalation,
      closed: false,
      reminderAt,
      reminded: false,
      nextEscalationAt: endOfLegalDay(dueDate),
      escalationRef: dueDate,
      escalations: 0,
      claims: 0,
    };
    this.tasks.set(task.id, task);
    // A task reopened after a supplement continues the same step; only a fresh entry is a new step.
    if (spec.kind === 'step' && spec.dueDate === undefined) {
      await this.record(
        { type: 'step_entered', data: { title: spec.title, dueDate } },
        { stepKey: spec.stepKey },
      );
    }
    await this.record(
      { type: 'task_opened', data: { task: this.view(task) } },
      { stepKey: spec.stepKey, taskId: task.id },
    );
    return task;
  }

  /**
   * Waits for the officer. `resumable`: a task step's wait, the one place the dossier may continue as new
   * (its history long enough, or the server suggesting it) — the state is handed over and the new run
   * waits for the same task.
   */
  private async awaitCompletion(task: OpenTask, resumable = false): Promise<CompleteTaskInput> {
    await this.waitFor(() => task.completion !== undefined || (resumable && this.continueAsNewDue()));
    if (!task.completion) await this.continueAsNew(task);
    return task.completion!;
  }

  /** Records the completion and the hand-over (form 06), then lets the officer's update return. */
  private async closeTask(task: OpenTask, completion: CompleteTaskInput, receiver: string): Promise<void> {
    const status = onTimeStatus(today(), task.dueDate);
    task.status = 'done';
    await this.record(
      {
        type: 'task_completed',
        data: {
          outcome: completion.outcome,
          onTimeStatus: status,
          dueDate: task.dueDate,
          handover: { sender: partyLabel(task.role, task.unitCode), receiver },
          note: completion.note,
        },
      },
      { stepKey: task.stepKey, taskId: task.id, actor: completion.actor.userId, reason: completion.reason },
    );
    task.closed = true;
    this.completedTaskIds.add(task.id);
    this.tasks.delete(task.id);
  }

  private receiverAfter(outcome: OutcomeKind, completion: CompleteTaskInput, step: TaskStep): string {
    if (outcome === 'approve') {
      const next = this.steps[this.currentIndex + 1];
      return next
        ? partyLabel(next.actor.role, unitAt(next.actor.level, this.units))
        : 'Bộ phận Một cửa (trả kết quả)';
    }
    if (outcome === 'return') {
      const target =
        this.steps[stepIndex(this.steps, completion.targetStep ?? this.defaultReturnTarget(step) ?? '')];
      return target ? partyLabel(target.actor.role, unitAt(target.actor.level, this.units)) : CITIZEN_PARTY;
    }
    return outcome === 'refuse' ? 'Bộ phận Một cửa (trả kết quả)' : CITIZEN_PARTY;
  }

  private defaultReturnTarget(step: TaskStep): string | undefined {
    const rule = step.outcomes.find((candidate) => candidate.kind === 'return');
    return rule?.kind === 'return' ? rule.targetStep : undefined;
  }

  private returnTarget(task: OpenTask, completion: CompleteTaskInput): string | undefined {
    const rule = task.outcomeRules.find((candidate) => candidate.kind === 'return');
    return completion.targetStep ?? (rule?.kind === 'return' ? rule.targetStep : undefined);
  }

  // ── update handlers ───────────────────────────────────────────────────────────────────────────────

  private openTaskOrReject(taskId: string): OpenTask {
    const task = this.tasks.get(taskId);
    if (!task) {
      const done = this.completedTaskIds.has(taskId);
      throw rejection(done ? 'TASK_ALREADY_DONE' : 'TASK_NOT_FOUND', taskId);
    }
    if (task.completion) throw rejection('TASK_ALREADY_DONE', taskId);
    return task;
  }

  private validateCompletion(action: CompleteTaskInput): void {
    const task = this.openTaskOrReject(action.taskId);
    const rule = task.outcomeRules.find((candidate) => candidate.kind === action.outcome);
    if (!rule) throw rejection('OUTCOME_NOT_ALLOWED', `${action.outcome} @ ${task.stepKey}`);
    if (task.role !== action.actor.role) throw rejection('WRONG_ROLE');
    if (task.claimedBy && task.claimedBy !== action.actor.userId) throw rejection('TASK_CLAIMED_BY_OTHER');
    if (
      !acceptableTexts([action.reason, action.note, action.targetStep, ...(action.missingDocuments ?? [])])
    ) {
      throw rejection('TEXT_INVALID');
    }
    const needsReason =
      rule.requiredFields.includes('reason') || action.outcome === 'refuse' || action.outcome === 'return';
    if (needsReason && !hasWords(action.reason ?? '')) throw rejection('REASON_REQUIRED');
    const needsList =
      rule.requiredFields.includes('missingDocuments') || action.outcome === 'request_documents';
    if (needsList && !(action.missingDocuments ?? []).some(hasWords)) {
      throw rejection('MISSING_DOCUMENTS_REQUIRED');
    }
    if (
      action.outcome === 'request_documents' &&
      (this.supplementRequests.get(task.stepKey) ?? 0) >= MAX_SUPPLEMENT_REQUESTS_PER_STEP
    ) {
      throw rejection('TOO_MANY_SUPPLEMENT_REQUESTS');
    }
    if (action.outcome === 'return') {
      const target = this.returnTarget(task, action);
      const targetIndex = target ? stepIndex(this.steps, target) : -1;
      const currentIndex = stepIndex(this.steps, task.stepKey);
      if (targetIndex < 0 || (task.kind === 'step' && targetIndex >= currentIndex)) {
        throw rejection('INVALID_RETURN_TARGET', target);
      }
    }
  }

  private async onComplete(action: CompleteTaskInput): Promise<TaskActionResult> {
    const task = this.tasks.get(action.taskId)!;
    task.completion = action;
    // Return only once the outcome is in the read model, so the officer's next screen already shows it.
    await condition(() => task.closed);
    return { taskId: task.id, status: 'done', dossierStatus: this.status };
  }

  private async onClaim(taskId: string, userId: string): Promise<TaskActionResult> {
    const task = this.tasks.get(taskId)!;
    if (task.claimedBy !== userId) {
      task.claimedBy = userId;
      task.claims += 1;
      await this.record({ type: 'task_claimed', data: {} }, { stepKey: task.stepKey, taskId, actor: userId });
    }
    return { taskId, status: 'claimed', dossierStatus: this.status };
  }

  private async onRelease(taskId: string, userId: string): Promise<TaskActionResult> {
    const task = this.tasks.get(taskId)!;
    task.claimedBy = undefined;
    await this.record({ type: 'task_released', data: {} }, { stepKey: task.stepKey, taskId, actor: userId });
    return { taskId, status: 'open', dossierStatus: this.status };
  }

  private async onReassign(action: ReassignTaskInput): Promise<TaskActionResult> {
    const task = this.tasks.get(action.taskId)!;
    const from = task.claimedBy;
    task.claimedBy = action.toUserId;
    await this.record(
      { type: 'task_reassigned', data: { from, to: action.toUserId } },
      { stepKey: task.stepKey, taskId: task.id, actor: action.by },
    );
    return { taskId: task.id, status: action.toUserId ? 'claimed' : 'open', dossierStatus: this.status };
  }

  // ── the legal clock ───────────────────────────────────────────────────────────────────────────────

  /**
   * Waits until `ready()` holds, meanwhile firing the clock's timers: task reminders and escalations, the
   * apology when the appointment date passes, and any step timers (posting end). While the clock is stopped
   * (waiting for a supplement) no deadline timer runs.
   */
  private async waitFor(ready: () => boolean, stepTimers: Timer[] = []): Promise<void> {
    while (!ready()) {
      const timers = [...stepTimers.filter((t) => !this.firedStepTimers.has(t)), ...this.clockTimers()];
      const next = timers.reduce<Timer | undefined>(
        (soonest, t) => (!soonest || t.at < soonest.at ? t : soonest),
        undefined,
      );
      if (!next) {
        await condition(ready);
        return;
      }
      const wait = next.at - Date.now();
      if (wait > 0 && (await condition(ready, wait))) return;
      if (stepTimers.includes(next)) this.firedStepTimers.add(next);
      await next.fire();
    }
  }

  private clockTimers(): Timer[] {
    if (this.clockStopped) return [];
    const timers: Timer[] = [];
    for (const task of this.tasks.values()) {
      if (task.completion) continue;
      if (task.reminderAt !== undefined && !task.reminded) {
        timers.push({ at: task.reminderAt, fire: () => this.remind(task) });
      }
      if (task.nextEscalationAt !== undefined) {
        timers.push({ at: task.nextEscalationAt, fire: () => this.escalate(task) });
      }
    }
    if (this.appointmentDate && this.apologyFor !== this.appointmentDate && this.status === 'in_progress') {
      timers.push({ at: endOfLegalDay(this.appointmentDate), fire: () => this.apologise() });
    }
    return timers;
  }

  private async remind(task: OpenTask): Promise<void> {
    task.reminded = true;
    await this.record(
      {
        type: 'task_reminded',
        data: { dueDate: task.dueDate, notify: [{ role: task.role, unitCode: task.unitCode }] },
      },
      { stepKey: task.stepKey, taskId: task.id },
    );
  }

  /** Overdue: mark it, tell the supervisors, optionally reassign — and keep waiting: never decide by default. */
  private async escalate(task: OpenTask): Promise<void> {
    task.escalations += 1;
    task.overdue = true;
    const policy = task.escalation?.whenOverdue;
    let reassignedTo: Role | undefined;
    if (policy?.reassignToRole && task.escalations === 1 && policy.reassignToRole !== task.role) {
      reassignedTo = policy.reassignToRole;
      task.role = reassignedTo;
      task.unitLevel = levelOfRole(reassignedTo);
      task.unitCode = unitAt(task.unitLevel, this.units);
      task.claimedBy = undefined;
    }
    const notify = addressees(policy?.notifyRoles ?? [task.role], this.units);
    await this.record(
      {
        type: 'task_overdue',
        data: { dueDate: task.dueDate, escalation: task.escalations, notify, reassignedTo },
      },
      { stepKey: task.stepKey, taskId: task.id },
    );
    // Repeats count from the previous escalation's date, so "every working day" fires at the end of each
    // working day the task stays overdue.
    // Repeats stop at the procedure's cap. Behind a patch: a running dossier past the cap replays as recorded.
    const capped =
      task.escalations > (policy?.maxRepeats ?? DEFAULT_ESCALATION_REPEATS) &&
      patched('escalation-repeat-cap');
    if (policy?.repeatEvery && !capped) {
      task.escalationRef = await this.addDuration(task.escalationRef, policy.repeatEvery);
      task.nextEscalationAt = endOfLegalDay(task.escalationRef);
    } else {
      task.nextEscalationAt = undefined;
    }
  }

  /**
   * The appointment date passed without a result: form 04 apologises and gives a new date — the working days
   * the route still plans from the current step on, counted from today. Recorded as a due-date change.
   */
  private async apologise(): Promise<void> {
    const old = this.appointmentDate!;
    const current = this.steps[this.currentIndex];
    const remaining = Math.max(
      1,
      (current ? plannedWorkingDays(current) : 1) + workingDaysAfter(this.steps, this.currentIndex),
    );
    const newDate = await this.addDuration(today(), { amount: remaining, unit: 'working_days' });
    this.apologyFor = newDate;
    this.appointmentDate = newDate;
    const documentId = await this.issueDocument('apology', {
      previousAppointmentDate: old,
      newAppointmentDate: newDate,
    });
    await this.record(
      { type: 'due_date_changed', data: { target: 'appointment', oldDate: old, newDate } },
      {
        reason: documentId
          ? `Quá hạn hẹn trả kết quả; xin lỗi và hẹn lại (mẫu 04, văn bản ${documentId})`
          : 'Quá hạn hẹn trả kết quả; hẹn lại (phiếu xin lỗi mẫu 04 chưa lập được)',
      },
    );
  }

  private addDuration(from: string, duration: Duration): Promise<string> {
    return this.guarded('addDuration', () =>
      activities.addDuration({ from, duration, provinceCode: this.units.provinceCode }),
    );
  }

  // ── recording ─────────────────────────────────────────────────────────────────────────────────────

  private nextSeq(): number {
    return ++this.seq;
  }

  private async record(
    body: DossierEventBody,
    meta: { actor?: string; stepKey?: string; taskId?: string; reason?: string } = {},
    seq = this.nextSeq(),
  ): Promise<void> {
    const at = new Date().toISOString();
    const event = { ...body, ...meta, code: this.input.code, seq, at, legalDate: today() };
    this.timeline.push({
      seq,
      type: body.type,
      at,
      legalDate: event.legalDate,
      stepKey: meta.stepKey,
      taskId: meta.taskId,
      actor: meta.actor,
      reason: meta.reason,
    });
    this.timeline.sort((a, b) => a.seq - b.seq);
    if (this.timeline.length > TIMELINE_KEPT) this.timeline.splice(0, this.timeline.length - TIMELINE_KEPT);
    await this.guarded('recordEvent', () =>
      activities.recordEvent(event as Parameters<DossierActivities['recordEvent']>[0]),
    );
  }

  /**
   * Issues one of the dossier's papers; undefined when the document rules refuse it. That refusal is the
   * same on every attempt, so it is recorded (document_failed, with the rule's message) and the caller
   * reopens its step: no document error ever fails a dossier.
   */
  private async issueDocument(
    kind: DossierDocumentKind,
    extra: Record<string, unknown>,
    meta: { stepKey?: string; taskId?: string } = {},
  ): Promise<string | undefined> {
    const seq = this.nextSeq();
    let issued: { documentId: string; numberLabel?: string };
    try {
      issued = await this.guardedDocument('issueDossierDocument', () =>
        documentActivities.issueDossierDocument({
          code: this.input.code,
          seq,
          kind,
          issuedOn: today(),
          application: this.input.application,
          procedure: this.procedure!,
          extra: { receivedOn: this.receivedOn, appointmentDate: this.appointmentDate, ...extra },
        }),
      );
    } catch (error) {
      const cause = nonRetryableCause(error);
      if (!cause) throw error;
      await this.record(
        { type: 'document_failed', data: { kind, code: cause.type ?? 'DOCUMENT_FAILED' } },
        { ...meta, reason: cause.message },
        seq,
      );
      return undefined;
    }
    await this.record(
      {
        type: 'document_issued',
        data: { kind, documentId: issued.documentId, numberLabel: issued.numberLabel },
      },
      {},
      seq,
    );
    return issued.documentId;
  }

  // ── continue-as-new ───────────────────────────────────────────────────────────────────────────────

  /** Whether to hand over now: the history is long, and no officer's update is half-way through. */
  private continueAsNewDue(): boolean {
    const info = workflowInfo();
    const long =
      info.continueAsNewSuggested ||
      (this.input.historyLimit !== undefined && info.historyLength >= this.input.historyLimit);
    // Behind a patch: a dossier whose recorded history went on without handing over replays as it was.
    return long && allHandlersFinished() && patched('continue-as-new');
  }

  private async continueAsNew(task: OpenTask): Promise<never> {
    const { completion: _completion, closed: _closed, ...carriedTask } = task;
    const carried: CarriedState = {
      seq: this.seq,
      taskCounter: this.taskCounter,
      status: this.status,
      procedure: this.procedure!,
      currentIndex: this.currentIndex,
      receivedOn: this.receivedOn,
      acceptedOn: this.acceptedOn,
      appointmentDate: this.appointmentDate,
      legalDeadline: this.legalDeadline,
      apologyFor: this.apologyFor,
      decision: this.decision,
      task: carriedTask,
      timeline: [...this.timeline],
      completedTaskIds: [...this.completedTaskIds],
      seenMessageIds: [...this.seenMessageIds],
      recordedComplaints: [...this.recordedComplaints],
      supplementRequests: [...this.supplementRequests],
    };
    return continueAsNew<typeof dossierWorkflow>({ ...this.input, resume: carried });
  }

  /** Takes over the previous run's state; answers the open task the new run waits for. */
  private restore(carried: CarriedState): OpenTask {
    this.seq = carried.seq;
    this.taskCounter = carried.taskCounter;
    this.status = carried.status;
    this.procedure = carried.procedure;
    this.steps = stepsInRoute(carried.procedure, this.input.skipOptionalSteps ?? []);
    this.currentIndex = carried.currentIndex;
    this.receivedOn = carried.receivedOn;
    this.acceptedOn = carried.acceptedOn;
    this.appointmentDate = carried.appointmentDate;
    this.legalDeadline = carried.legalDeadline;
    this.apologyFor = carried.apologyFor;
    this.decision = carried.decision;
    this.timeline.push(...carried.timeline);
    for (const id of carried.completedTaskIds) this.completedTaskIds.add(id);
    for (const id of carried.seenMessageIds) this.seenMessageIds.add(id);
    for (const id of carried.recordedComplaints) this.recordedComplaints.add(id);
    for (const [stepKey, count] of carried.supplementRequests) this.supplementRequests.set(stepKey, count);
    const task: OpenTask = { ...carried.task, closed: false };
    this.tasks.set(task.id, task);
    return task;
  }

  // ── incidents ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Runs an activity call; when it fails in a way its retry policy gave up on (non-retryable, or out of
   * attempts), the dossier opens an incident — in the read model and in its state, with the error — waits
   * an hour (or for retryIncidentSignal) and calls again; the incident closes when a call succeeds. Only
   * failures happen differently: a call that succeeds issues exactly the commands it always did.
   */
  private async guarded<T>(
    activity: string,
    call: () => Promise<T>,
    handledByCaller: (cause: ApplicationFailure) => boolean = () => false,
  ): Promise<T> {
    let opened = false;
    for (;;) {
      try {
        const result = await call();
        if (opened) {
          this.incident = undefined;
          await incidentActivities.reportIncident({ code: this.input.code, incident: null });
        }
        return result;
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        const cause = nonRetryableCause(error);
        if (cause && handledByCaller(cause)) throw error;
        const failure = error.cause ?? error;
        this.incident = {
          activity,
          code: (failure instanceof ApplicationFailure && failure.type) || failure.name || 'ACTIVITY_FAILED',
          message: failure.message,
          since: new Date().toISOString(),
        };
        opened = true;
        await incidentActivities.reportIncident({ code: this.input.code, incident: this.incident });
        this.retryRequested = false;
        await condition(() => this.retryRequested, INCIDENT_RETRY_AFTER);
      }
    }
  }

  /** A document call: the rules' refusals (non-retryable) go back to the caller, which reopens its step. */
  private guardedDocument<T>(activity: string, call: () => Promise<T>): Promise<T> {
    return this.guarded(activity, call, () => true);
  }

  private firstTime(messageId: string): boolean {
    if (this.seenMessageIds.has(messageId)) return false;
    this.seenMessageIds.add(messageId);
    return true;
  }

  private async finish(status: DossierResult['status']): Promise<DossierResult> {
    this.status = status;
    // Let in-flight update handlers (an officer's claim, say) finish before the workflow closes.
    await condition(allHandlersFinished);
    return {
      code: this.input.code,
      status,
      decisionNumber: this.decision?.numberLabel,
      onTimeStatus: this.legalDeadline ? onTimeStatus(today(), this.legalDeadline) : undefined,
    };
  }

  private view(task: OpenTask): TaskView {
    return {
      id: task.id,
      kind: task.kind,
      stepKey: task.stepKey,
      title: task.title,
      role: task.role,
      unitLevel: task.unitLevel,
      unitCode: task.unitCode,
      outcomes: task.outcomes,
      bulkAllowed: task.bulkAllowed,
      openedOn: task.openedOn,
      dueDate: task.dueDate,
      claimedBy: task.claimedBy,
      overdue: task.overdue,
      status: task.status,
    };
  }

  private state(): DossierState {
    const procedure = this.procedure;
    return {
      code: this.input.code,
      status: this.status,
      procedure: procedure && {
        id: procedure.id,
        version: procedure.version,
        title: procedure.title,
        tier: procedure.tier,
      },
      receivedOn: this.receivedOn,
      acceptedOn: this.acceptedOn,
      appointmentDate: this.appointmentDate,
      currentStepKey: this.steps[this.currentIndex]?.key,
      clockStopped: this.clockStopped,
      openTasks: [...this.tasks.values()].filter((task) => !task.completion).map((task) => this.view(task)),
      timeline: [...this.timeline],
      timelineLength: this.seq,
      decision: this.decision && { numberLabel: this.decision.numberLabel, signedOn: this.decision.signedOn },
      posting: this.posting && { ...this.posting, open: this.postingOpen },
      incident: this.incident,
    };
  }
}

/** The rule's failure behind an activity failure that retrying cannot cure, if that is what it is. */
function nonRetryableCause(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  return cause instanceof ApplicationFailure && cause.nonRetryable ? cause : undefined;
}

/** Whether every piece of text (absent ones aside) is what domain/text accepts from people. */
function acceptableTexts(texts: ReadonlyArray<string | undefined>): boolean {
  return texts.every((text) => text === undefined || (typeof text === 'string' && !textProblem(text)));
}

/** Today's legal date by the workflow's clock (deterministic: replays see the same date). */
function today(): string {
  return legalDateOf(Date.now());
}
