/**
 * The officer's view of a dossier. Who sees the sensitive fields of the application (HIV status, full ID
 * numbers): the commune officer of the dossier's commune, who verifies the person against the National
 * Population Database, and the province admin. Everyone else in scope (desk clerk, chairmen, district office,
 * payment officer, auditor) gets the application without the HIV flag and with ID numbers reduced to their
 * last four digits. Dates of birth and qualification clauses stay (the amounts and the decision depend on
 * them) — except clauses 5.3 and 5.8, which name HIV: for those readers they become a neutral entry
 * (protected-category.ts), in the application, the decision and the timeline alike, or the clause would
 * say what the missing flag hides. The public posting and citizen tracking never show any of these
 * (tracking-view.ts).
 *
 * The same readers, on a dossier of a protected category, get no text typed by a person (reasons, notes,
 * missing documents, complaints: WITHHELD_TEXT instead) and no document or uploaded file of it: the decision
 * names the category in words, the letters quote typed reasons, the files are the evidence. One exception:
 * the one-stop desk of the dossier's commune prints the receipt (form 01) — it is handed over on intake, and
 * holds only what that clerk has just typed. Everything else of such a dossier is printed and handed over by
 * the commune officer, who sees it.
 */
import { maskIdNumber } from '../../domain/text';
import type { DecisionRecord, DossierEventRecord, DossierRecord } from '../../db/dossier-views';
import type { AuthenticatedUser } from '../auth/session';
import { AppError } from '../errors';
import {
  hasProtectedCategory,
  HIDDEN_QUALIFICATION,
  hideProtectedClauses,
  isProtectedClause,
  resultWithoutTypedReason,
  WITHHELD_TEXT,
} from './protected-category';

/** What the rule reads of a dossier: its commune and its beneficiary's clauses. */
type ProtectionInputs = Pick<DossierRecord, 'communeCode'> & { application: Record<string, unknown> };

export function seesSensitiveFields(user: AuthenticatedUser, dossier: ProtectionInputs): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'commune_officer' && user.unitCode === dossier.communeCode;
}

/** True when the dossier is of a protected category and this reader gets its clauses hidden. */
export function hidesProtectedCategory(user: AuthenticatedUser, dossier: ProtectionInputs): boolean {
  return !seesSensitiveFields(user, dossier) && hasProtectedCategory(dossier);
}

function maskedIfText(value: unknown): unknown {
  return typeof value === 'string' ? maskIdNumber(value) : value;
}

function redactPerson(person: unknown): Record<string, unknown> | unknown {
  if (typeof person !== 'object' || person === null) return person;
  const { hivStatus: _hidden, ...rest } = person as Record<string, unknown>;
  return 'idNumber' in rest ? { ...rest, idNumber: maskedIfText(rest.idNumber) } : rest;
}

function hideQualifications(beneficiary: unknown): unknown {
  if (typeof beneficiary !== 'object' || beneficiary === null) return beneficiary;
  const record = beneficiary as Record<string, unknown>;
  if (!Array.isArray(record.qualifications)) return record;
  return {
    ...record,
    qualifications: record.qualifications.map((qualification: unknown) =>
      typeof qualification === 'object' &&
      qualification !== null &&
      isProtectedClause((qualification as Record<string, unknown>).clause)
        ? { ...HIDDEN_QUALIFICATION }
        : qualification,
    ),
  };
}

export function applicationFor(user: AuthenticatedUser, dossier: DossierRecord): Record<string, unknown> {
  if (seesSensitiveFields(user, dossier)) return dossier.application;
  const { applicant, beneficiary, ...rest } = dossier.application;
  const view: Record<string, unknown> = {
    ...rest,
    applicant: redactPerson(applicant),
    beneficiary: hideQualifications(redactPerson(beneficiary)),
  };
  // Attachment names are typed, and the application form's own name gives the category away (Mẫu số 1b).
  if (hasProtectedCategory(dossier) && Array.isArray(rest.attachments))
    view.attachments = rest.attachments.map((attachment: unknown) =>
      typeof attachment === 'object' && attachment !== null
        ? { ...attachment, name: WITHHELD_TEXT }
        : attachment,
    );
  return view;
}

/** The dossier's result line: a refusal's typed reason is withheld from readers who may not know the category. */
export function resultFor(user: AuthenticatedUser, dossier: DossierRecord): string | null {
  return hidesProtectedCategory(user, dossier) ? resultWithoutTypedReason(dossier) : dossier.result;
}

const DESK_RECEIPT_KIND = 'receipt-appointment';

/**
 * Whether this reader may open a stored document of the dossier (officer-view header: none of a protected
 * dossier for readers who may not know its category, but the desk's receipt). Answers the refusal, if any.
 */
export function documentRefusal(
  user: AuthenticatedUser,
  dossier: DossierRecord,
  documentKind: string,
): AppError | undefined {
  if (!hidesProtectedCategory(user, dossier)) return undefined;
  const desk = user.role === 'intake_clerk' && user.unitCode === dossier.communeCode;
  if (desk && documentKind === DESK_RECEIPT_KIND) return undefined;
  return protectedDocumentRefusal();
}

/** An uploaded file of the dossier: the same readers as its documents, without the receipt exception. */
export function attachmentRefusal(user: AuthenticatedUser, dossier: DossierRecord): AppError | undefined {
  return hidesProtectedCategory(user, dossier) ? protectedDocumentRefusal() : undefined;
}

const protectedDocumentRefusal = (): AppError =>
  new AppError(
    403,
    'PROTECTED_DOCUMENT',
    'Hồ sơ thuộc diện bảo vệ thông tin cá nhân: văn bản và tệp của hồ sơ chỉ công chức phụ trách lao động - ' +
      'thương binh và xã hội cấp xã nơi tiếp nhận xem và in',
  );

/**
 * What a page shows of an application it was given (applicationFor) before anyone asks to see more: ID numbers
 * to their last 4 digits and no HIV flag, even for the roles that may see them (DESIGN.md: masked by default;
 * pages reveal them only through reveal.ts, which records each reveal).
 */
export function maskedByDefault(application: Record<string, unknown>): Record<string, unknown> {
  const { applicant, beneficiary, ...rest } = application;
  return { ...rest, applicant: redactPerson(applicant), beneficiary: redactPerson(beneficiary) };
}

export function decisionFor(
  user: AuthenticatedUser,
  dossier: DossierRecord,
  decision: DecisionRecord | undefined,
): DecisionRecord | null {
  if (!decision) return null;
  if (!hidesProtectedCategory(user, dossier)) return decision;
  return { ...decision, clauses: hideProtectedClauses(decision.clauses) };
}

/**
 * Reasons the workflow writes itself (a clock paused for so many days, an apology): no person typed them.
 * Every other event's reason is an officer's or a citizen's words.
 */
const SYSTEM_REASON_EVENTS = new Set(['due_date_changed']);

/** Event data fields holding typed text, by event type (workflows/dossier/types.ts, DossierEventBody). */
function withholdTypedData(type: string, data: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case 'task_completed':
      return 'note' in data ? { ...data, note: WITHHELD_TEXT } : data;
    case 'clock_stopped':
      return { ...data, missingDocuments: [WITHHELD_TEXT] };
    case 'clock_resumed':
      return {
        ...data,
        documents: Array.isArray(data.documents)
          ? data.documents.map(() => ({ name: WITHHELD_TEXT, kind: 'withheld' }))
          : [],
      };
    case 'complaint_filed':
      return { ...data, complainant: WITHHELD_TEXT, content: WITHHELD_TEXT };
    case 'task_opened': {
      // A complaint task's title quotes the complaint.
      const task = data.task as Record<string, unknown> | undefined;
      return task?.kind === 'complaint'
        ? { ...data, task: { ...task, title: 'Giải quyết khiếu nại trong thời gian niêm yết' } }
        : data;
    }
    case 'decision_issued': {
      const decision = data.decision;
      if (typeof decision !== 'object' || decision === null) return data;
      const { clauses, paymentStarts } = decision as Record<string, unknown>;
      if (!Array.isArray(clauses)) return data;
      return {
        ...data,
        decision: {
          ...decision,
          clauses: hideProtectedClauses(clauses.filter((c): c is string => typeof c === 'string')),
          // Each clause's start month names the clause too (5.4 + 5.8 start apart).
          ...(Array.isArray(paymentStarts)
            ? {
                paymentStarts: paymentStarts.map((start: unknown) => {
                  const { clause, month } = (start ?? {}) as { clause?: unknown; month?: unknown };
                  return { clause: hideProtectedClauses([String(clause)])[0], month };
                }),
              }
            : {}),
        },
      };
    }
    default:
      return data;
  }
}

/**
 * The timeline; for readers who may not know a protected category, decision events carry no clause and
 * typed texts (reasons, notes, missing documents, complaints) read WITHHELD_TEXT.
 */
export function timelineFor(
  user: AuthenticatedUser,
  dossier: DossierRecord,
  events: readonly DossierEventRecord[],
): DossierEventRecord[] {
  if (!hidesProtectedCategory(user, dossier)) return [...events];
  return events.map((event) => ({
    ...event,
    reason: event.reason && !SYSTEM_REASON_EVENTS.has(event.type) ? WITHHELD_TEXT : event.reason,
    data: withholdTypedData(event.type, event.data),
  }));
}
