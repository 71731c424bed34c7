/**
 * A payment officer builds (or rebuilds) a commune's draft list now, instead of waiting for the schedule: the
 * same workflow the schedule starts (workflows/payroll), keyed by commune and month so two builds of one list
 * never run at once (a second request joins the one running). The officer becomes the list's preparer, who
 * may not approve it.
 */
import { findPayrollOf } from '../../db/payrolls';
import { isMonth } from '../../domain/payroll/month';
import type { PayrollBuildSummary } from '../../workflows/payroll/activity-types';
import { payrollWorkflowId, type payrollWorkflow } from '../../workflows/payroll/workflow';
import { audit, type Actor } from '../audit';
import { callerScope } from '../auth/caller-scope';
import { temporalClientOf, type AppDeps } from '../deps';
import { callWorkflow } from '../dossiers/workflow-errors';
import { AppError, validationFailed } from '../errors';
import { assertPayrollActor, assertState } from './access';

export async function buildPayrollNow(
  deps: AppDeps,
  actor: Actor,
  input: { communeCode: string; month: string },
): Promise<PayrollBuildSummary> {
  assertPayrollActor(actor);
  if (!isMonth(input.month)) {
    throw validationFailed([{ path: 'body.month', message: 'Tháng chi trả phải có dạng YYYY-MM' }]);
  }
  (await callerScope(deps, actor)).assertAccess(input.communeCode);
  const { rows } = await deps.pool.query(
    "SELECT 1 FROM administrative_units WHERE code = $1 AND level = 'commune'",
    [input.communeCode],
  );
  if (rows.length === 0) {
    throw validationFailed([{ path: 'body.communeCode', message: 'Mã xã không tồn tại' }]);
  }
  const existing = await findPayrollOf(deps.pool, input.communeCode, input.month);
  if (existing) assertState(existing, ['draft'], 'lập lại bảng kê');
  const summary = await callWorkflow(deps, async () => {
    const handle = await temporalClientOf(deps).workflow.start<typeof payrollWorkflow>('payrollWorkflow', {
      taskQueue: deps.taskQueue,
      workflowId: payrollWorkflowId(input.communeCode, input.month),
      args: [{ ...input, preparedBy: { userId: actor.id, username: actor.username } }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return handle.result();
  });
  if (!summary.built) {
    throw new AppError(409, 'PAYROLL_STATE', 'Bảng kê đã được phê duyệt, không thể lập lại');
  }
  await audit(deps.pool, deps, actor, {
    action: 'payroll.build',
    target: { kind: 'payroll', id: String(summary.payrollId) },
    details: {
      communeCode: input.communeCode,
      month: input.month,
      lines: summary.lineCount,
      total: summary.total,
    },
  });
  return summary;
}
