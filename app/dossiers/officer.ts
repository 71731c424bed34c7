/**
 * The whole dossier as officers, admins and auditors in scope see it — the dossier, its tasks, the full
 * timeline, due-date changes, the process-control slip (form 06), decision, entitlement and documents — and
 * one of its documents. The JSON API (`GET /api/dossiers/:code`) and the officer's dossier page both show
 * this view; what each reader may see of the application is decided once, in officer-view.ts, and ID numbers
 * and HIV status are masked for everyone until a reader allowed to see them asks (`reveal`, recorded).
 */
import {
  controlSlipEntries,
  documentsOfDossier,
  dossierEvents,
  dueDateChanges,
  findDecision,
  findDossier,
  findEntitlement,
  type DossierRecord,
  findIncident,
} from '../../db/dossier-views';
import { tasksOfDossier } from '../../db/tasks';
import { fullNamesOf } from '../../db/users';
import { type Actor } from '../audit';
import { callerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';
import { documentTitle } from './document-title';
import { loadDossierDocument, type DossierDocument } from './documents';
import {
  applicationFor,
  decisionFor,
  documentRefusal,
  hidesProtectedCategory,
  maskedByDefault,
  resultFor,
  seesSensitiveFields,
  timelineFor,
} from './officer-view';
import { recordProtectedDocumentRead, recordProtectedDossierRead, recordReveal } from './reveal';
import { statusText } from './status-text';

/** The dossier if the caller's scope covers its commune: 404 when unknown, 403 outside the scope. */
export async function dossierInScope(
  deps: AppDeps,
  user: AuthenticatedUser,
  code: string,
): Promise<DossierRecord> {
  const dossier = await findDossier(deps.pool, code);
  if (!dossier) throw notFound('Không tìm thấy hồ sơ');
  const scope = await callerScope(deps, user);
  scope.assertAccess(dossier.communeCode, 'Hồ sơ này thuộc đơn vị ngoài phạm vi quản lý của bạn');
  return dossier;
}

export type OfficerDossier = Awaited<ReturnType<typeof officerDossier>>;

export interface OfficerDossierOptions {
  /**
   * Show ID numbers and HIV status unmasked, for a reader who may see them: the reveal is recorded first
   * (reveal.ts); a reader who may not is refused (403). Without it they are masked for everyone.
   */
  reveal?: boolean;
}

/** The reader is an Actor: reads of protected data are audited with the reader's address (reveal.ts). */
export async function officerDossier(
  deps: AppDeps,
  user: Actor,
  code: string,
  options: OfficerDossierOptions = {},
) {
  const dossier = await dossierInScope(deps, user, code);
  if (options.reveal) await recordReveal(deps, user, dossier);
  else await recordProtectedDossierRead(deps, user, dossier);
  const application = applicationFor(user, dossier);
  const [tasks, events, changes, slip, decision, entitlement, documents, incident] = await Promise.all([
    tasksOfDossier(deps.pool, dossier.code),
    dossierEvents(deps.pool, dossier.code),
    dueDateChanges(deps.pool, dossier.code),
    controlSlipEntries(deps.pool, dossier.code),
    findDecision(deps.pool, dossier.code),
    findEntitlement(deps.pool, dossier.code),
    documentsOfDossier(deps.pool, dossier.code),
    findIncident(deps.pool, dossier.code),
  ]);
  return {
    dossier: {
      code: dossier.code,
      procedure: {
        id: dossier.procedureId,
        version: dossier.procedureVersion,
        title: dossier.procedureTitle,
        tier: dossier.tier,
      },
      channel: dossier.channel,
      status: dossier.status,
      statusText: statusText(dossier.status),
      currentStep: dossier.currentStepKey
        ? { key: dossier.currentStepKey, title: dossier.currentStepTitle, dueDate: dossier.currentDueDate }
        : null,
      appointmentDate: dossier.appointmentDate,
      onTimeStatus: dossier.onTimeStatus,
      overdue: dossier.overdue,
      clockStopped: dossier.clockStopped,
      units: {
        communeCode: dossier.communeCode,
        districtCode: dossier.districtCode,
        provinceCode: dossier.provinceCode,
      },
      applicantName: dossier.applicantName,
      applicantPhone: dossier.applicantPhone,
      beneficiaryName: dossier.beneficiaryName,
      receivedAt: dossier.receivedAt,
      receivedOn: dossier.receivedOn,
      acceptedOn: dossier.acceptedOn,
      finishedOn: dossier.finishedOn,
      result: resultFor(user, dossier),
      incident,
    },
    sensitiveFieldsShown: options.reveal === true,
    mayRevealSensitiveFields: seesSensitiveFields(user, dossier),
    protectedCategory: hidesProtectedCategory(user, dossier),
    application: options.reveal ? application : maskedByDefault(application),
    tasks: tasks.map((task) => ({
      id: task.id,
      kind: task.kind,
      stepKey: task.stepKey,
      title: task.title,
      role: task.role,
      unitCode: task.unitCode,
      status: task.status,
      openedOn: task.openedOn,
      dueDate: task.dueDate,
      claimedBy: task.claimedBy,
      completedOn: task.completedOn,
      outcome: task.outcome,
      onTimeStatus: task.onTimeStatus,
    })),
    timeline: timelineFor(user, dossier, events),
    dueDateChanges: changes,
    controlSlip: slip,
    decision: decisionFor(user, dossier, decision),
    entitlement: entitlement ?? null,
    documents: documents.map((document) => ({
      id: document.id,
      kind: document.kind,
      title: documentTitle(document.kind),
      numberLabel: document.numberLabel,
      issuedOn: document.issuedOn,
      format: document.hasPdf ? ('pdf' as const) : ('html' as const),
      // Null when this reader may not open it (a protected dossier: officer-view.ts#documentRefusal).
      downloadUrl: documentRefusal(user, dossier, document.kind)
        ? null
        : `/api/dossiers/${dossier.code}/documents/${document.id}`,
    })),
  };
}

/**
 * One document of a dossier in the caller's scope: its PDF when one was printed, else its HTML; `'html'` asks
 * for the HTML even when a PDF exists (the page's quick preview). Documents are never redacted (a copy must be
 * the issued paper): of a protected dossier, readers who may not know its category get none (403
 * PROTECTED_DOCUMENT) but the desk's receipt — officer-view.ts says who and why.
 */
export async function officerDocument(
  deps: AppDeps,
  user: Actor,
  code: string,
  id: string,
  format: 'stored' | 'html' = 'stored',
): Promise<DossierDocument> {
  const dossier = await dossierInScope(deps, user, code);
  const document = await loadDossierDocument(deps.pool, dossier.code, id, format, (kind) =>
    documentRefusal(user, dossier, kind),
  );
  await recordProtectedDocumentRead(deps, user, dossier, id);
  return document;
}

const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Names for the actors of a timeline: officers are recorded by user id, which a person cannot read; other
 * actors (the citizen, a complainant) are recorded by name already and are left out of the map.
 */
export async function officerNames(
  deps: AppDeps,
  actors: readonly (string | null)[],
): Promise<Map<string, string>> {
  const ids = [...new Set(actors.filter((actor): actor is string => !!actor && USER_ID.test(actor)))];
  return fullNamesOf(deps.pool, ids);
}
