/**
 * What a citizen does with a dossier, reached with its code plus a second factor (second-factor.ts): track it,
 * download the papers addressed to them, send the documents the office asked for (form 02), complain during the
 * public posting; and what anyone may do during a posting: object. The JSON API and the pages both call these.
 */
import { loadWorkingCalendar } from '../../db/calendar';
import { readTracking } from '../../db/tracking-read';
import { reusedKeyAsConflict } from '../idempotency';
import { dossierEvents, findDossier, type DossierRecord } from '../../db/dossier-views';
import { claimKey, releaseKey, requestHash, settleKey } from '../../db/idempotency';
import { dossierStateQuery, fileComplaintUpdate, supplementSignal } from '../../workflows/dossier/messages';
import type { DossierState } from '../../workflows/dossier/types';
import { clockOf, legalToday, temporalClientOf, type AppDeps } from '../deps';
import { conflict, notFound, type AppError } from '../errors';
import { loadDossierDocument, type DossierDocument } from './documents';
import { countPublicComplaint } from './public-complaint-throttle';
import type { SecondFactor, TrackingResponse } from './schemas';
import { dossierForCitizen, withSecondFactor } from './second-factor';
import { citizenDocuments, trackingView } from './tracking-view';
import { callWorkflow } from './workflow-errors';

/** How a citizen reaches a dossier: its code, a second factor, and where the request came from (throttling). */
export interface CitizenAccess {
  code: string;
  factor: SecondFactor;
  clientAddress: string;
}

export interface Accepted {
  accepted: true;
  id: string;
  message: string;
}

const FINISHED = new Set(['completed', 'refused', 'intake_refused', 'withdrawn']);

export const notInPosting = (): AppError =>
  conflict('NOT_IN_POSTING', 'Hồ sơ hiện không trong thời gian niêm yết công khai, không thể gửi khiếu nại');
const notAwaiting = (): AppError =>
  conflict('NOT_AWAITING_SUPPLEMENT', 'Hồ sơ hiện không ở trạng thái chờ bổ sung giấy tờ');

/**
 * The running dossier's state from its workflow. A finished dossier has no workflow to ask: the caller says
 * which refusal that is for its action (e.g. NOT_IN_POSTING for a complaint).
 */
export async function workflowState(
  deps: AppDeps,
  dossier: DossierRecord,
  whenFinished: () => AppError,
): Promise<DossierState> {
  if (FINISHED.has(dossier.status)) throw whenFinished();
  return callWorkflow(deps, () =>
    temporalClientOf(deps).workflow.getHandle(dossier.code).query(dossierStateQuery),
  );
}

/** A citizen's message (supplement, complaint) sent once per client id, whatever the retries. */
export async function oncePerClientId(
  deps: AppDeps,
  claim: { scope: string; id: string; body: unknown },
  send: () => Promise<void>,
): Promise<void> {
  let claimed;
  try {
    claimed = await claimKey(deps.pool, {
      scope: claim.scope,
      key: claim.id,
      requestSha256: requestHash(claim.body),
      now: clockOf(deps)(),
    });
  } catch (error) {
    throw reusedKeyAsConflict(error, 'Mã này đã được dùng cho một nội dung khác');
  }
  if (claimed.state === 'answered') return;
  // Outside any transaction: no pool client waits on Temporal. The workflow ignores an id it has seen, so
  // a second request with this id while the first is still sending does no harm.
  try {
    await send();
  } catch (error) {
    await releaseKey(deps.pool, claim.scope, claim.id).catch(() => {});
    throw error;
  }
  await settleKey(deps.pool, claim.scope, claim.id, { status: 200, body: { sent: true } });
}

/** The public timeline of the dossier (never HIV status, ID numbers, dates of birth, officers' ids, notes). */
export async function trackDossier(deps: AppDeps, access: CitizenAccess): Promise<TrackingResponse> {
  // One statement on the common path (db/tracking-read.ts), and the calendar built for its version.
  const read = await withSecondFactor(
    deps,
    { code: access.code, factor: access.factor, clientIp: access.clientAddress },
    (since) => readTracking(deps.pool, access.code, access.clientAddress, since),
  );
  const { dossier } = read;
  const calendar = await loadWorkingCalendar(deps.pool, {
    province: dossier.provinceCode,
    version: read.calendarVersion,
  });
  return trackingView({
    dossier,
    communeName: read.communeName ?? dossier.communeCode,
    tasks: read.tasks,
    events: read.events,
    dueDateChanges: read.dueDateChanges,
    documentKinds: read.documentKinds,
    calendar,
    today: legalToday(clockOf(deps)()),
  });
}

/** A paper addressed to the citizen; none for a protected category (see tracking-view.ts). */
export async function citizenDocument(
  deps: AppDeps,
  access: CitizenAccess,
  documentId: string,
): Promise<DossierDocument> {
  const dossier = await dossierForCitizen(deps, access.code, access.factor, access.clientAddress);
  const allowed = citizenDocuments(dossier, await dossierEvents(deps.pool, dossier.code));
  if (!allowed.some((document) => document.id === documentId)) throw notFound('Không tìm thấy văn bản');
  return loadDossierDocument(deps.pool, dossier.code, documentId);
}

export interface SupplementInput {
  supplementId: string;
  documents: Array<{ name: string; kind: string }>;
  note?: string | undefined;
}

/** Answers a request to complete the dossier (form 02): the legal clock resumes. */
export async function sendSupplement(
  deps: AppDeps,
  access: CitizenAccess,
  input: SupplementInput,
): Promise<Accepted> {
  const dossier = await dossierForCitizen(deps, access.code, access.factor, access.clientAddress);
  await oncePerClientId(
    deps,
    { scope: `supplement ${dossier.code}`, id: input.supplementId, body: input },
    async () => {
      const state = await workflowState(deps, dossier, notAwaiting);
      if (state.status !== 'awaiting_supplement') throw notAwaiting();
      await callWorkflow(deps, () =>
        temporalClientOf(deps)
          .workflow.getHandle(dossier.code)
          .signal(supplementSignal, {
            supplementId: input.supplementId,
            documents: input.documents,
            ...(input.note ? { note: input.note } : {}),
          }),
      );
    },
  );
  return {
    accepted: true,
    id: input.supplementId,
    message: 'Đã nhận giấy tờ bổ sung, hồ sơ được tiếp tục giải quyết',
  };
}

const COMPLAINT_FILED = 'Đã nhận khiếu nại; Chủ tịch Ủy ban nhân dân cấp xã sẽ xem xét, giải quyết';

/**
 * Files a complaint with the dossier's workflow while its posting is open (it becomes the chairman's task).
 * One update: the workflow itself decides whether the posting still takes complaints (409 NOT_IN_POSTING
 * otherwise) and answers once the complaint is recorded — no window between asking and sending in which a
 * closing posting could drop it after the citizen was told "Đã nhận".
 */
async function complainDuringPosting(
  deps: AppDeps,
  dossier: DossierRecord,
  claim: { scope: string; id: string; body: unknown },
  complaint: { complaintId: string; complainant: string; content: string },
): Promise<void> {
  await oncePerClientId(deps, claim, async () => {
    // A finished dossier has no workflow to ask.
    if (FINISHED.has(dossier.status)) throw notInPosting();
    await callWorkflow(deps, () =>
      temporalClientOf(deps)
        .workflow.getHandle(dossier.code)
        .executeUpdate(fileComplaintUpdate, {
          args: [complaint],
        }),
    );
  });
}

export interface CitizenComplaintInput {
  complaintId: string;
  complainant: string;
  content: string;
}

/** The applicant's own complaint during the posting. */
export async function fileCitizenComplaint(
  deps: AppDeps,
  access: CitizenAccess,
  input: CitizenComplaintInput,
): Promise<Accepted> {
  const dossier = await dossierForCitizen(deps, access.code, access.factor, access.clientAddress);
  await complainDuringPosting(
    deps,
    dossier,
    { scope: `complaint ${dossier.code}`, id: input.complaintId, body: input },
    input,
  );
  return { accepted: true, id: input.complaintId, message: COMPLAINT_FILED };
}

export interface PublicComplaintInput extends CitizenComplaintInput {
  phone: string;
}

/**
 * Anyone's objection while the posting is open: no second factor, but a name and a phone the chairman can call
 * back, and a limit per client address. A code that names no dossier is NOT_IN_POSTING too, so the answer
 * tells nothing about codes that are not posted.
 */
export async function filePublicComplaint(
  deps: AppDeps,
  request: { code: string; clientAddress: string },
  input: PublicComplaintInput,
): Promise<Accepted> {
  await countPublicComplaint(deps, request.clientAddress, request.code);
  const dossier = await findDossier(deps.pool, request.code);
  if (!dossier) throw notInPosting();
  await complainDuringPosting(
    deps,
    dossier,
    { scope: `public complaint ${dossier.code}`, id: input.complaintId, body: input },
    {
      complaintId: `public:${input.complaintId}`,
      // The workflow's complaint has no phone field: the chairman reads the number with the name.
      complainant: `${input.complainant} (số điện thoại ${input.phone})`,
      content: input.content,
    },
  );
  return { accepted: true, id: input.complaintId, message: COMPLAINT_FILED };
}
