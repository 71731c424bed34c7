/**
 * Lifting a suspension (DOMAIN.md §4.3, §8): payment was suspended after 3 months uncollected (reconciliation,
 * app/payrolls/confirmation.ts); within the 3 months after which the allowance is terminated, the commune
 * officer or the payment officer records that the beneficiary came back or the ground was remedied. The
 * entitlement is paid again from the next list, with the months held back as arrears and the unpaid lines
 * issued again (unpaid amounts roll over). Audited; the suspension is kept in its history.
 *
 * Refusals, before anything is written: 403 role or unit; 404 no entitlement; 409 ENTITLEMENT_ENDED (terminated,
 * also when the termination was decided while the lift was under way), ENTITLEMENT_NOT_SUSPENDED,
 * CHANGE_IN_PROGRESS (a change dossier, e.g. the termination for the unremedied suspension, is being decided),
 * SUSPENSION_REMEDY_TOO_LATE (after the 3 months: terminate instead); 400 VALIDATION_FAILED for the fields.
 */
import { changeInProgress } from '../../db/entitlement-changes';
import {
  findSuspension,
  liftSuspension as liftSuspensionRow,
  lockEntitlementStatus,
} from '../../db/payrolls';
import { inTransaction } from '../../db/queryable';
import { legalDateOf } from '../../domain/legal-time';
import { remedyDateProblem, remedyDeadline } from '../../domain/payroll/suspension';
import { audit, type Actor } from '../audit';
import { clockOf, legalToday, type AppDeps } from '../deps';
import type { AuthenticatedUser } from '../auth/session';
import { AppError, conflict, validationFailed } from '../errors';
import { assertEditable, mayEditPayee, payableEntitlementInScope } from './entitlement-access';

export interface SuspensionLiftRequest {
  /** Legal date the beneficiary came back or the ground was remedied. */
  remediedOn: string;
  /** What was remedied, in the officer's words (domain/text reasonSchema). */
  remedy: string;
}

export interface SuspensionLifted {
  dossierCode: string;
  status: 'active';
  suspendedFromMonth: string;
  remediedOn: string;
  message: string;
}

/** The suspension in force, for the payee page: from which month, until when it may be lifted. */
export interface SuspensionView {
  suspendedFromMonth: string;
  suspendedOn: string;
  remedyDeadline: string;
  /** Whether the caller may record the remedy. */
  mayLift: boolean;
}

export async function suspensionOf(
  deps: AppDeps,
  reader: AuthenticatedUser,
  dossierCode: string,
): Promise<SuspensionView | null> {
  const entitlement = await payableEntitlementInScope(deps, reader, dossierCode);
  // A terminated allowance keeps its suspension's row (the months it held back stay unpaid): nothing to lift.
  if (entitlement.status !== 'suspended') return null;
  const suspension = await findSuspension(deps.pool, dossierCode);
  if (!suspension) return null;
  const deadline = remedyDeadline(suspension.suspendedFromMonth);
  return {
    suspendedFromMonth: suspension.suspendedFromMonth,
    suspendedOn: legalDateOf(suspension.suspendedAt.getTime()),
    remedyDeadline: deadline,
    mayLift: mayEditPayee(reader),
  };
}

export async function liftSuspension(
  deps: AppDeps,
  actor: Actor,
  dossierCode: string,
  request: SuspensionLiftRequest,
): Promise<SuspensionLifted> {
  const entitlement = await payableEntitlementInScope(deps, actor, dossierCode);
  assertEditable(actor, entitlement);
  const at = clockOf(deps)();
  const today = legalToday(at);
  return inTransaction(deps.pool, async (db) => {
    // The entitlement's row lock serialises the lift with a termination decided meanwhile (it writes status
    // 'terminated' under the same lock): the status read before the transaction may be stale, so it is read
    // again here. The suspension's row lock serialises two officers lifting it, and a reconciliation
    // suspending it again.
    const status = await lockEntitlementStatus(db, dossierCode);
    if (status === 'terminated') {
      throw conflict(
        'ENTITLEMENT_ENDED',
        'Trợ cấp này vừa được quyết định thôi hưởng: không thể khôi phục chi trả',
      );
    }
    const suspension = await findSuspension(db, dossierCode, { lock: true });
    if (!suspension || status !== 'suspended') {
      throw conflict('ENTITLEMENT_NOT_SUSPENDED', 'Trợ cấp này không bị tạm dừng chi trả');
    }
    const problem = remedyDateProblem(
      {
        suspendedFromMonth: suspension.suspendedFromMonth,
        suspendedOn: legalDateOf(suspension.suspendedAt.getTime()),
      },
      request.remediedOn,
      today,
    );
    if (problem?.code === 'VALIDATION_FAILED') {
      throw validationFailed([{ path: 'body.remediedOn', message: problem.message }]);
    }
    if (problem) {
      throw new AppError(409, problem.code, problem.message, {
        fieldErrors: [{ path: 'body.remediedOn', message: problem.message }],
      });
    }
    const pending = await changeInProgress(db, dossierCode);
    if (pending) {
      throw conflict(
        'CHANGE_IN_PROGRESS',
        `Trợ cấp này đang có hồ sơ thay đổi ${pending} chưa giải quyết xong: chờ hồ sơ đó có kết quả`,
      );
    }
    await liftSuspensionRow(db, {
      dossierCode,
      suspension,
      remediedOn: request.remediedOn,
      remedy: request.remedy,
      by: actor.username,
      at,
    });
    await audit(db, deps, actor, {
      action: 'suspension.lift',
      target: { kind: 'entitlement', id: dossierCode },
      dossierCode,
      details: {
        suspendedFromMonth: suspension.suspendedFromMonth,
        remediedOn: request.remediedOn,
        remedyDeadline: remedyDeadline(suspension.suspendedFromMonth),
      },
    });
    return {
      dossierCode,
      status: 'active' as const,
      suspendedFromMonth: suspension.suspendedFromMonth,
      remediedOn: request.remediedOn,
      message: 'Đã khôi phục chi trả. Bảng kê tháng tới trả cả các tháng bị tạm dừng và các khoản chưa nhận.',
    };
  });
}
