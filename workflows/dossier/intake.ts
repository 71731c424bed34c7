/**
 * Intake: the procedure snapshot, the receipt event, the desk's completeness check of an online dossier, and
 * acceptance (appointment date, receipt form 01).
 */
import { ApplicationFailure, patched } from '@temporalio/workflow';
import {
  type ProcedureDefinition,
  routeDeadlineTotals,
  stepsInRoute,
  type TaskStep,
} from '../../domain/procedures';
import {
  addDuration,
  CALENDAR_PER_STEP_PATCH,
  CALENDAR_SNAPSHOT_PATCH,
  snapshotCalendar,
  takeCalendar,
  useTakenCalendar,
} from './legal-clock';
import { CITIZEN_PARTY, missingDistrict } from './plan';
import { activities, localActivities } from './proxies';
import { asActivity, guarded, issueDocument, record } from './recording';
import { type Run, today } from './state';
import { requestSupplement } from './step-routing';
import { awaitCompletion, closeTask, openTask } from './tasks';
import type { DossierResult } from './types';
import { finish } from './workflow';

/**
 * Behind a patch (dossiers received before it replay with scheduled activities, as recorded): the procedure
 * snapshot and the receipt (form 01) are local activities, so a dossier received at the desk is recorded,
 * accepted and given its receipt in its first workflow task — no round trip through Temporal's task queue
 * before the desk's answer (bench/README.md: desk intake and submission to first task).
 */
export const LOCAL_INTAKE_PATCH = 'local-intake';

/** Receipt up to acceptance; the result when the dossier ends there (refused at intake). */
export async function intake(run: Run): Promise<DossierResult | undefined> {
  const which = { procedureId: run.input.procedureId, receivedOn: run.receivedOn };
  let procedure: ProcedureDefinition;
  if (run.writesPerTask && patched(CALENDAR_SNAPSHOT_PATCH) && patched(CALENDAR_PER_STEP_PATCH)) {
    // Neither needs the other: both local activities side by side, one round trip fewer. Guarded as one
    // call, so a failure opens one incident and a retry takes both again (two reads).
    let taken: Awaited<ReturnType<typeof takeCalendar>>;
    [procedure, taken] = await guarded(run, 'snapshotProcedure', () =>
      Promise.all([
        asActivity('snapshotProcedure', () => localActivities.snapshotProcedure(which)),
        takeCalendar(run),
      ]),
    );
    run.procedure = procedure;
    useTakenCalendar(run, taken);
  } else {
    procedure = await guarded(run, 'snapshotProcedure', () =>
      patched(LOCAL_INTAKE_PATCH)
        ? asActivity('snapshotProcedure', () => localActivities.snapshotProcedure(which))
        : activities.snapshotProcedure(which),
    );
    run.procedure = procedure;
    await snapshotCalendar(run);
  }
  run.steps = stepsInRoute(procedure, run.input.skipOptionalSteps ?? []);
  if (missingDistrict(procedure, run.units)) {
    throw ApplicationFailure.nonRetryable(
      `Quy trình ${procedure.id} v${procedure.version} cần mã huyện nhưng hồ sơ ${run.input.code} không có`,
      'MISSING_DISTRICT',
    );
  }
  await record(
    run,
    {
      type: 'dossier_received',
      data: {
        procedureId: procedure.id,
        procedureVersion: procedure.version,
        procedureTitle: procedure.title,
        tier: procedure.tier,
        channel: run.input.channel,
        ...(run.input.application ? { application: run.input.application } : {}),
        receivedAt: new Date().toISOString(),
      },
    },
    { actor: run.input.receivedBy },
  );

  const accepted = run.input.channel === 'online' ? await onlineIntakeCheck(run) : true;
  if (!accepted) return finish(run, 'intake_refused');
  await accept(run);
  run.status = 'in_progress';
  return undefined;
}

/** An online submission waits for the desk to accept it, ask for completion, or refuse it. */
export async function onlineIntakeCheck(run: Run): Promise<boolean> {
  const check = run.procedure!.intake.onlineCompletenessCheck;
  run.status = 'awaiting_intake_check';
  const outcomeRules: TaskStep['outcomes'] = [
    { kind: 'approve', requiredFields: [] },
    { kind: 'request_documents', requiredFields: ['missingDocuments'], documents: ['completion_request'] },
    { kind: 'refuse', requiredFields: ['reason'], documents: ['intake_refusal'] },
  ];
  let dueDate: string | undefined;
  for (;;) {
    const task = await openTask(run, {
      kind: 'intake_check',
      stepKey: 'intake_check',
      title: 'Kiểm tra tính đầy đủ của hồ sơ nộp trực tuyến',
      role: check.role,
      deadline: check.deadline,
      escalation: check.escalation,
      outcomeRules,
      dueDate,
    });
    const completion = await awaitCompletion(run, task);
    const next = completion.outcome === 'approve' ? 'Bộ phận Một cửa' : CITIZEN_PARTY;
    await closeTask(run, task, completion, next);
    if (completion.outcome === 'approve') return true;
    if (completion.outcome === 'refuse') {
      const documentId = await issueDocument(
        run,
        'intake_refusal',
        { reason: completion.reason },
        { stepKey: task.stepKey },
      );
      if (documentId) {
        await record(run, { type: 'intake_refused', data: { documentId } }, { reason: completion.reason });
        return false;
      }
      // The slip (form 03) was refused (see document_failed): the check opens again, same due date.
      dueDate = task.dueDate;
      continue;
    }
    dueDate = (await requestSupplement(run, task, completion, false)) ?? task.dueDate;
  }
}

/** Accepted: the legal clock starts, the appointment date is set, and the receipt (form 01) is issued. */
export async function accept(run: Run): Promise<void> {
  run.acceptedOn = today();
  const totals = routeDeadlineTotals(run.procedure!, run.input.skipOptionalSteps ?? []);
  let appointment = run.acceptedOn;
  if (totals.working_days > 0) {
    appointment = await addDuration(run, appointment, {
      amount: totals.working_days,
      unit: 'working_days',
    });
  }
  if (totals.calendar_days > 0) {
    appointment = await addDuration(run, appointment, {
      amount: totals.calendar_days,
      unit: 'calendar_days',
    });
  }
  run.appointmentDate = appointment;
  run.legalDeadline = appointment;
  const documentId = await issueDocument(
    run,
    'receipt',
    { appointmentDate: appointment },
    {},
    { local: patched(LOCAL_INTAKE_PATCH) },
  );
  await record(run, { type: 'dossier_accepted', data: { appointmentDate: appointment, documentId } });
}
