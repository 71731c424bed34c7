/**
 * Payroll use cases (issue 14; DOMAIN.md §8): list and read the lists in the caller's scope, build now, approve
 * (two people), send, export for the payer, import the payer's confirmation, close; the Temporal Schedule that
 * builds them each month.
 */
import { listLines, listPayrolls, type ExportLine, type Payroll, type PayrollState } from '../../db/payrolls';
import { callerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import type { AppDeps } from '../deps';
import { assertPayrollReader, payrollInScope } from './access';

export { approvePayroll, closePayroll, sendPayroll, submitPayroll } from './transitions';
export { buildPayrollNow } from './build-now';
export { importConfirmation, type ImportResult } from './confirmation';
export { payrollFile } from './export';
export { PAYROLL_ACTORS, PAYROLL_READERS, PAYROLL_STATE_TITLES } from './access';

export async function listPayrollsInScope(
  deps: AppDeps,
  caller: AuthenticatedUser,
  filter: { month?: string; state?: PayrollState },
): Promise<Payroll[]> {
  assertPayrollReader(caller);
  const communeCodes = (await callerScope(deps, caller)).unitCodes();
  return listPayrolls(deps.pool, { communeCodes, ...filter, limit: 500 });
}

export const LINES_PAGE_SIZE = 500;

export async function payrollWithLines(
  deps: AppDeps,
  caller: AuthenticatedUser,
  id: number,
  page = 1,
): Promise<{ payroll: Payroll; lines: ExportLine[]; page: number; pageSize: number }> {
  assertPayrollReader(caller);
  const payroll = await payrollInScope(deps, caller, id);
  const lines = await listLines(deps.pool, id, {
    limit: LINES_PAGE_SIZE,
    offset: (page - 1) * LINES_PAGE_SIZE,
  });
  return { payroll, lines, page, pageSize: LINES_PAGE_SIZE };
}
