/**
 * Withdrawal of a dossier by its applicant (rút hồ sơ): online with the tracking code and second factor, or on
 * paper at the one-stop desk, recorded by the desk officer. The dossier's workflow decides (the
 * `withdrawDossier` update: refused once a decision is made or the dossier has finished) and issues form 05.
 * Asking again is harmless: a withdrawn dossier answers with the withdrawal already made, and no second
 * notice is issued.
 */
import { dossierEvents, findDossier, type DossierRecord } from '../../db/dossier-views';
import {
  UPDATE_REJECTIONS,
  withdrawDossierUpdate,
  type WithdrawInput,
} from '../../workflows/dossier/messages';
import type { AuthenticatedUser } from '../auth/session';
import { temporalClientOf, type AppDeps } from '../deps';
import { AppError, conflict, forbidden, notFound } from '../errors';
import type { CitizenAccess } from './citizen';
import { dossierInScope } from './officer';
import { dossierForCitizen } from './second-factor';
import { statusText } from './status-text';
import { citizenDocuments } from './tracking-view';
import { withdrawalRefusal } from './withdrawable';
import { callWorkflow } from './workflow-errors';

export interface WithdrawalAnswer {
  code: string;
  status: 'withdrawn';
  statusText: string;
  withdrawnOn: string;
  /** Form 05 (Thông báo dừng giải quyết hồ sơ), when it was issued and this reader may have it. */
  documentId: string | null;
  message: string;
}

const WITHDRAWN_MESSAGE = 'Đã dừng giải quyết hồ sơ theo đề nghị rút hồ sơ';

/** The desk (Bộ phận Một cửa) takes in papers; it records a withdrawal handed in on paper. */
const DESK_ROLES: ReadonlySet<string> = new Set(['intake_clerk']);

/** The applicant withdraws their own dossier (tracking code + second factor). */
export async function withdrawByCitizen(
  deps: AppDeps,
  access: CitizenAccess,
  input: { reason: string },
): Promise<WithdrawalAnswer> {
  const dossier = await dossierForCitizen(deps, access.code, access.factor, access.clientAddress);
  const answer = await withdraw(deps, dossier, { by: 'citizen', reason: input.reason });
  // Form 05 is offered as the tracking page offers it (none for a protected category).
  const offered = citizenDocuments(dossier, await dossierEvents(deps.pool, dossier.code));
  const documentId = offered.some((document) => document.id === answer.documentId) ? answer.documentId : null;
  return { ...answer, documentId };
}

/** The desk officer records a withdrawal the applicant handed in on paper. */
export async function recordPaperWithdrawal(
  deps: AppDeps,
  user: AuthenticatedUser,
  code: string,
  input: { reason: string },
): Promise<WithdrawalAnswer> {
  const dossier = await dossierInScope(deps, user, code);
  if (!DESK_ROLES.has(user.role)) {
    throw forbidden('Chỉ Bộ phận Một cửa ghi nhận đơn rút hồ sơ của người nộp');
  }
  return withdraw(deps, dossier, { by: 'desk', reason: input.reason, actor: user.id });
}

async function withdraw(
  deps: AppDeps,
  dossier: DossierRecord,
  input: WithdrawInput,
): Promise<WithdrawalAnswer> {
  if (dossier.status === 'withdrawn') return withdrawnAnswer(deps, dossier);
  assertStillWithdrawable(dossier);
  try {
    await callWorkflow(deps, () =>
      temporalClientOf(deps)
        .workflow.getHandle(dossier.code)
        .executeUpdate(withdrawDossierUpdate, { args: [input] }),
    );
  } catch (error) {
    // The workflow closed meanwhile (another request withdrew it, or it finished): the read model says how.
    if (!(error instanceof AppError && error.code === 'DOSSIER_CLOSED')) throw error;
  }
  const after = await findDossier(deps.pool, dossier.code);
  if (!after) throw notFound('Không tìm thấy hồ sơ');
  if (after.status === 'withdrawn') return withdrawnAnswer(deps, after);
  assertStillWithdrawable(after);
  throw conflict('DOSSIER_FINISHED', UPDATE_REJECTIONS.DOSSIER_FINISHED);
}

/**
 * What the read model already knows: a finished dossier is a 409 without asking the workflow (a decision made
 * on a route that goes on after it is the workflow's to refuse).
 */
function assertStillWithdrawable(dossier: DossierRecord): void {
  const refusal = withdrawalRefusal({ status: dossier.status, decided: false });
  if (refusal) throw conflict(refusal, UPDATE_REJECTIONS[refusal]);
}

async function withdrawnAnswer(deps: AppDeps, dossier: DossierRecord): Promise<WithdrawalAnswer> {
  const events = await dossierEvents(deps.pool, dossier.code);
  const withdrawn = events.find((event) => event.type === 'dossier_withdrawn');
  const documentId = withdrawn?.data.documentId;
  return {
    code: dossier.code,
    status: 'withdrawn',
    statusText: statusText('withdrawn'),
    withdrawnOn: withdrawn?.legalDate ?? dossier.finishedOn ?? '',
    documentId: typeof documentId === 'string' ? documentId : null,
    message: WITHDRAWN_MESSAGE,
  };
}
