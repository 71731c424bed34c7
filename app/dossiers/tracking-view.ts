/**
 * What a citizen sees of a dossier: built only from fields chosen here, never from the stored application.
 * No HIV status, ID number, date of birth, qualification clauses (5.3 and 5.8 would reveal HIV), officer
 * user ids, notes or complaint texts: the response schema has no place for them either. For a dossier under
 * 5.3 or 5.8 no document is offered at all (see PROTECTED_DOCUMENTS_NOTE), and no text typed by a person
 * (a refusal's reason, the missing documents): a neutral wording instead.
 */
import type { TaskRecord } from '../../db/tasks';
import type { DossierEventRecord, DossierRecord, DueDateChangeRecord } from '../../db/dossier-views';
import type { WorkingCalendar } from '../../domain/calendar';
import { isOnTimeStatus, legalDateOf, openStepStatus } from '../../domain/legal-time';
import { documentTitle as documentTitleOf } from './document-title';
import { oneStopFormLabel } from '../../domain/one-stop-forms';
import {
  DOCUMENT_KINDS,
  roleTitleForTier,
  ROLES,
  type DocumentKind,
  type Role,
} from '../../domain/procedures';
import { hasProtectedCategory, resultWithoutTypedReason } from './protected-category';
import { PROTECTED_MISSING_DOCUMENTS } from '../../domain/protected-category';
import type { TrackingResponse } from './schemas';
import type { DecisionSummary } from '../../workflows/dossier/types';
import { statusText } from './status-text';
import { withdrawalRefusal } from './withdrawable';

type PublicStep = TrackingResponse['steps'][number];
type PublicDocument = TrackingResponse['documents'][number];

/** Documents addressed to the citizen (the only ones the download endpoint serves) (forms 01–05, the refusal letter) and the decision. */
const CITIZEN_DOCUMENT_KINDS: readonly DocumentKind[] = [
  'receipt',
  'completion_request',
  'intake_refusal',
  'apology',
  'processing_stopped',
  'refusal_letter',
];

/** A form's title as the dossier's one-stop edition (by receipt date) has it; the route's word otherwise. */
function documentTitleFor(kind: DocumentKind, receivedOn: string): string {
  return kind === 'apology' || kind === 'processing_stopped'
    ? oneStopFormLabel(kind, receivedOn)
    : DOCUMENT_KINDS[kind];
}

export interface TrackingInputs {
  dossier: DossierRecord;
  communeName: string;
  tasks: readonly TaskRecord[];
  events: readonly DossierEventRecord[];
  dueDateChanges: readonly DueDateChangeRecord[];
  /** Stored documents' template kinds by id (the decision's title: monthly allowance, funeral support…). */
  documentKinds: Readonly<Record<string, string>>;
  calendar: WorkingCalendar;
  today: string;
}

/** 'Chủ tịch Ủy ban nhân dân cấp xã — Xã Trảng Bom', with the post's title on the dossier's route tier. */
function office(role: string, tier: string, unitName: string | null, unitCode: string): string {
  const title = (ROLES as readonly string[]).includes(role) ? roleTitleForTier(tier, role as Role) : role;
  return `${title} — ${unitName ?? unitCode}`;
}

function taskStep(task: TaskRecord, inputs: TrackingInputs): PublicStep {
  const done = task.status === 'done';
  return {
    kind: task.kind,
    // A complaint task's title quotes the complaint, which may come from someone else.
    title: task.kind === 'complaint' ? 'Giải quyết khiếu nại trong thời gian niêm yết' : task.title,
    office: office(task.role, inputs.dossier.tier, task.unitName, task.unitCode),
    unitName: task.unitName,
    openedOn: task.openedOn,
    dueDate: task.dueDate,
    workingDaysAllowed: inputs.calendar.workingDaysBetween(task.openedOn, task.dueDate),
    completedOn: task.completedOn,
    state: done ? 'Đã xử lý' : task.status === 'open' ? 'Đang xử lý' : 'Đã dừng',
    onTimeStatus: done
      ? isOnTimeStatus(task.onTimeStatus)
        ? task.onTimeStatus
        : null
      : task.status === 'open'
        ? openStepStatus(inputs.today, task.dueDate)
        : null,
  };
}

function postingSteps(inputs: TrackingInputs): Array<{ seq: number; step: PublicStep }> {
  const { events, dossier } = inputs;
  return events
    .filter((event) => event.type === 'posting_started')
    .map((started) => {
      const ended = events.find(
        (event) =>
          event.type === 'posting_ended' && event.stepKey === started.stepKey && event.seq > started.seq,
      );
      const entered = [...events]
        .reverse()
        .find(
          (event) =>
            event.type === 'step_entered' && event.stepKey === started.stepKey && event.seq < started.seq,
        );
      const endsOn = typeof started.data.endsOn === 'string' ? started.data.endsOn : null;
      const title = typeof entered?.data.title === 'string' ? entered.data.title : 'Niêm yết công khai';
      return {
        seq: started.seq,
        step: {
          kind: 'public_posting' as const,
          title,
          office: office('commune_officer', dossier.tier, inputs.communeName, dossier.communeCode),
          unitName: inputs.communeName,
          openedOn: started.legalDate,
          dueDate: endsOn,
          workingDaysAllowed: endsOn ? inputs.calendar.workingDaysBetween(started.legalDate, endsOn) : null,
          // A posting ends at 00:00 after its last day; "xong" the day after "hạn" would read as late.
          completedOn: ended ? (endsOn && ended.legalDate > endsOn ? endsOn : ended.legalDate) : null,
          state: ended ? ('Đã xử lý' as const) : ('Đang xử lý' as const),
          onTimeStatus: null,
        },
      };
    });
}

/**
 * Dossiers of a protected category (clause 5.3 or 5.8: HIV) offer no document on the public endpoints, and
 * hide the typed list of missing documents. Why never, rather than only when both factors match: the
 * decision names the category in words ("Người nhiễm HIV/AIDS…"), and the other documents carry text typed
 * by officers or the citizen (refusal reasons, missing documents, attachment names) that may name it too,
 * which no filter can be trusted to catch. Both factors together are no real barrier either: the phone number
 * is known to family and neighbours — exactly who must not learn the category — and the last four ID digits
 * are 10,000 guesses. The citizen receives these papers at the one-stop desk, the legal place of delivery
 * (trả kết quả tại Bộ phận Một cửa), and still follows every step, date and the decision number here.
 */
export const PROTECTED_DOCUMENTS_NOTE =
  'Để bảo vệ thông tin cá nhân, văn bản của hồ sơ này không được cung cấp khi tra cứu trực tuyến. ' +
  'Vui lòng nhận văn bản tại Bộ phận Một cửa, mang theo giấy tờ tùy thân.';

export function citizenDocuments(
  dossier: Pick<DossierRecord, 'code' | 'application' | 'receivedOn'>,
  events: readonly DossierEventRecord[],
  /** Stored documents' template kinds by id; without them a decision reads under the route's generic title. */
  documentKinds: Readonly<Record<string, string>> = {},
): PublicDocument[] {
  if (hasProtectedCategory(dossier)) return [];
  const { code } = dossier;
  const documents: PublicDocument[] = [];
  for (const event of events) {
    if (event.type === 'document_issued') {
      const kind = event.data.kind as DocumentKind;
      const id = event.data.documentId;
      if (typeof id !== 'string' || !CITIZEN_DOCUMENT_KINDS.includes(kind)) continue;
      documents.push({
        id,
        kind,
        title: documentTitleFor(kind, dossier.receivedOn),
        numberLabel: typeof event.data.numberLabel === 'string' ? event.data.numberLabel : null,
        issuedOn: event.legalDate,
        downloadUrl: `/api/track/${code}/documents/${id}`,
      });
    }
    if (event.type === 'decision_issued') {
      const decision = event.data.decision as Partial<DecisionSummary> | undefined;
      if (!decision?.documentId) continue;
      documents.push({
        id: decision.documentId,
        kind: 'decision_grant',
        title: documentTitleOf(documentKinds[decision.documentId] ?? '') ?? DOCUMENT_KINDS.decision_grant,
        numberLabel: decision.numberLabel ?? null,
        issuedOn: decision.signedOn ?? event.legalDate,
        downloadUrl: `/api/track/${code}/documents/${decision.documentId}`,
      });
    }
  }
  return documents;
}

export function trackingView(inputs: TrackingInputs): TrackingResponse {
  const { dossier, events } = inputs;
  const openedSeq = new Map(
    events
      .filter((event) => event.type === 'task_opened' && event.taskId)
      .map((event) => [event.taskId!, event.seq]),
  );
  const steps = [
    ...inputs.tasks.map((task) => ({
      seq: openedSeq.get(task.id) ?? Number.MAX_SAFE_INTEGER,
      step: taskStep(task, inputs),
    })),
    ...postingSteps(inputs),
  ]
    .sort((a, b) => a.seq - b.seq)
    .map((entry) => entry.step);

  const lastStop = [...events].reverse().find((event) => event.type === 'clock_stopped');
  const lastPostingStart = [...events].reverse().find((event) => event.type === 'posting_started');
  const postingEnded =
    lastPostingStart !== undefined &&
    events.some((event) => event.type === 'posting_ended' && event.seq > lastPostingStart.seq);
  const decisionEvent = events.find((event) => event.type === 'decision_issued');
  const decision = decisionEvent?.data.decision as Partial<DecisionSummary> | undefined;
  const isProtected = hasProtectedCategory(dossier);

  return {
    code: dossier.code,
    procedureTitle: dossier.procedureTitle,
    channel: dossier.channel,
    status: dossier.status,
    statusText: statusText(dossier.status),
    receivedOn: dossier.receivedOn,
    acceptedOn: dossier.acceptedOn,
    appointmentDate: dossier.appointmentDate,
    appointmentIsProvisional: dossier.acceptedOn === null,
    finishedOn: dossier.finishedOn,
    // A refusal's typed reason may name the category: the refusal letter (at the desk) gives it.
    result: isProtected ? resultWithoutTypedReason(dossier) : dossier.result,
    onTimeStatus: isOnTimeStatus(dossier.onTimeStatus) ? dossier.onTimeStatus : null,
    currentStep: dossier.currentStepTitle
      ? { title: dossier.currentStepTitle, dueDate: dossier.currentDueDate }
      : null,
    steps,
    dueDateChanges: inputs.dueDateChanges.map((change) => ({
      target: change.target === 'appointment' ? 'Ngày hẹn trả kết quả' : 'Hạn xử lý của bước',
      oldDate: change.oldDate,
      newDate: change.newDate,
      reason: change.reason,
      changedOn: legalDateOf(Date.parse(change.changedAt)),
    })),
    awaitingSupplement:
      dossier.status === 'awaiting_supplement' && lastStop
        ? {
            requestedOn: lastStop.legalDate,
            missingDocuments: isProtected
              ? [PROTECTED_MISSING_DOCUMENTS]
              : Array.isArray(lastStop.data.missingDocuments)
                ? lastStop.data.missingDocuments.filter((item): item is string => typeof item === 'string')
                : [],
          }
        : null,
    posting: lastPostingStart
      ? {
          open: !postingEnded,
          startedOn: lastPostingStart.legalDate,
          endsOn: typeof lastPostingStart.data.endsOn === 'string' ? lastPostingStart.data.endsOn : null,
        }
      : null,
    decision:
      decision?.numberLabel && decision.signedOn
        ? {
            numberLabel: decision.numberLabel,
            signedOn: decision.signedOn,
            // What the person will receive and from when; not for a protected category (an amount can name
            // the clause) nor for a change decision (its own page at the desk says what changed).
            ...(isProtected || decision.change
              ? { monthlyAmount: null, oneOffAmount: null, paymentStartMonth: null }
              : {
                  monthlyAmount: decision.monthlyAmount ?? null,
                  oneOffAmount: decision.oneOffAmount ?? null,
                  paymentStartMonth: decision.monthlyAmount ? (decision.paymentStartMonth ?? null) : null,
                }),
          }
        : null,
    withdrawable:
      withdrawalRefusal({ status: dossier.status, decided: decisionEvent !== undefined }) === undefined,
    documents: citizenDocuments(dossier, events, inputs.documentKinds),
    documentsNote: isProtected ? PROTECTED_DOCUMENTS_NOTE : null,
  };
}
