/**
 * Who may see and act on payrolls: payment officers (tổ chức dịch vụ chi trả / the paying office) act; auditors
 * read. Both only for communes in their unit scope (app/auth/unit-scope.ts); a list outside it answers 404, as
 * if it did not exist, so codes of other units are not probed.
 */
import { findPayroll, type Payroll } from '../../db/payrolls';
import type { Queryable } from '../../db/queryable';
import { callerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import type { AppDeps } from '../deps';
import { AppError, forbidden } from '../errors';

export const PAYROLL_ACTORS = ['payment_officer'] as const;
export const PAYROLL_READERS = ['payment_officer', 'auditor'] as const;

export const payrollNotFound = () => new AppError(404, 'PAYROLL_NOT_FOUND', 'Không tìm thấy bảng kê chi trả');

export function assertPayrollReader(caller: AuthenticatedUser): void {
  if (!(PAYROLL_READERS as readonly string[]).includes(caller.role)) {
    throw forbidden('Chỉ cán bộ chi trả và thanh tra được xem bảng kê chi trả');
  }
}

export function assertPayrollActor(caller: AuthenticatedUser): void {
  if (!(PAYROLL_ACTORS as readonly string[]).includes(caller.role)) {
    throw forbidden('Chỉ cán bộ chi trả được thực hiện thao tác với bảng kê chi trả');
  }
}

/** The payroll if it exists and its commune is in the caller's scope; 404 otherwise. */
export async function payrollInScope(
  deps: AppDeps,
  caller: AuthenticatedUser,
  id: number,
  db: Queryable = deps.pool,
  options: { forUpdate?: boolean } = {},
): Promise<Payroll> {
  const payroll = await findPayroll(db, id, options);
  if (!payroll || !(await callerScope(deps, caller)).canAccess(payroll.communeCode)) throw payrollNotFound();
  return payroll;
}

/** 409 unless the payroll is in one of `states`. */
export function assertState(payroll: Payroll, states: readonly Payroll['state'][], action: string): void {
  if (!states.includes(payroll.state)) {
    throw new AppError(
      409,
      'PAYROLL_STATE',
      `Không thể ${action}: bảng kê đang ở trạng thái "${PAYROLL_STATE_TITLES[payroll.state]}"`,
    );
  }
}

export const PAYROLL_STATE_TITLES: Readonly<Record<Payroll['state'], string>> = {
  draft: 'Dự thảo',
  approved: 'Đã phê duyệt',
  sent: 'Đã gửi tổ chức chi trả',
  reconciled: 'Đã đối chiếu',
  closed: 'Đã khóa sổ',
};
