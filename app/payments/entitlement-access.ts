/**
 * Who may read and change how an entitlement is paid. The commune officer (công chức LĐ-TB&XH) collects the
 * beneficiary's account details and the payment officer (tổ chức dịch vụ chi trả) corrects them when a
 * transfer bounces: both edit, inside their units. Admins and auditors read. Everyone else — the desk,
 * chairmen, the district office — has no business with bank accounts and gets 403.
 */
import { findPayableEntitlement, type PayableEntitlement } from '../../db/payees';
import type { UserRole } from '../auth/roles';
import { callerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import type { AppDeps } from '../deps';
import { AppError, forbidden } from '../errors';

export const PAYEE_EDITORS = ['commune_officer', 'payment_officer'] as const satisfies readonly UserRole[];
export const PAYEE_READERS = [...PAYEE_EDITORS, 'admin', 'auditor'] as const satisfies readonly UserRole[];

export const mayEditPayee = (user: AuthenticatedUser): boolean =>
  (PAYEE_EDITORS as readonly string[]).includes(user.role);

/** The recipient's full ID number: the editors (who check it against the person) and the province admin. */
export const mayRevealPayeeId = (user: AuthenticatedUser): boolean =>
  mayEditPayee(user) || user.role === 'admin';

/** The entitlement of a dossier in the caller's units, for a role that handles payments. */
export async function payableEntitlementInScope(
  deps: AppDeps,
  user: AuthenticatedUser,
  dossierCode: string,
): Promise<PayableEntitlement> {
  if (!(PAYEE_READERS as readonly string[]).includes(user.role)) {
    throw forbidden('Vai trò của bạn không xem hoặc sửa thông tin chi trả');
  }
  const entitlement = await findPayableEntitlement(deps.pool, dossierCode);
  if (!entitlement) {
    throw new AppError(404, 'ENTITLEMENT_NOT_FOUND', 'Hồ sơ này chưa có quyết định hưởng trợ cấp, hỗ trợ');
  }
  const scope = await callerScope(deps, user);
  scope.assertAccess(entitlement.communeCode, 'Người hưởng này thuộc đơn vị ngoài phạm vi quản lý của bạn');
  return entitlement;
}

/** Changes (payee, card) only while the entitlement is paid: a terminated one is history. */
export function assertEditable(user: AuthenticatedUser, entitlement: PayableEntitlement): void {
  if (!mayEditPayee(user)) {
    throw forbidden(
      'Chỉ công chức lao động - thương binh và xã hội cấp xã và tổ chức dịch vụ chi trả được sửa thông tin chi trả',
    );
  }
  if (entitlement.status === 'terminated') {
    throw new AppError(
      409,
      'ENTITLEMENT_ENDED',
      'Người này đã thôi hưởng: không sửa thông tin chi trả được nữa',
    );
  }
}
