/**
 * A list's life after it is built: draft → approved (by someone other than its preparer) → sent to the payer →
 * reconciled (every line confirmed, app/payrolls/confirmation.ts) → closed. Each step is audited in its own
 * transaction.
 *
 * Two-person rule: a draft needs a preparer before it can be approved. An officer's build-now records them; a
 * list the schedule built (or rebuilt: a rebuild resets the preparer to whoever rebuilt it, none for the
 * schedule) has none, so an officer must submit it for approval first, and another one approves it.
 */
import { findPayroll, setPayrollPreparer, setPayrollState, type Payroll } from '../../db/payrolls';
import { inTransaction } from '../../db/queryable';
import { audit, type Actor, type AuditAction } from '../audit';
import { clockOf, type AppDeps } from '../deps';
import { AppError } from '../errors';
import { assertPayrollActor, assertState, payrollInScope } from './access';

export const samePreparer = () =>
  new AppError(
    403,
    'PAYROLL_SAME_PREPARER',
    'Người lập bảng kê không được phê duyệt bảng kê do mình lập: cần một cán bộ khác phê duyệt',
  );

async function transition(
  deps: AppDeps,
  actor: Actor,
  id: number,
  step: {
    from: Payroll['state'];
    to: Exclude<Payroll['state'], 'draft'>;
    action: AuditAction;
    words: string;
    check?: (payroll: Payroll) => void;
  },
): Promise<Payroll> {
  assertPayrollActor(actor);
  return inTransaction(deps.pool, async (client) => {
    const payroll = await payrollInScope(deps, actor, id, client, { forUpdate: true });
    assertState(payroll, [step.from], step.words);
    step.check?.(payroll);
    const at = clockOf(deps)();
    await setPayrollState(client, id, step.to, { by: { userId: actor.id, username: actor.username }, at });
    await audit(client, deps, actor, {
      action: step.action,
      target: { kind: 'payroll', id: String(id) },
      details: {
        communeCode: payroll.communeCode,
        month: payroll.month,
        lines: payroll.lineCount,
        total: payroll.total,
      },
    });
    return (await findPayroll(client, id))!;
  });
}

export const notSubmitted = () =>
  new AppError(
    409,
    'PAYROLL_NOT_SUBMITTED',
    'Bảng kê chưa được trình duyệt: cần một cán bộ chi trả trình duyệt bảng kê trước, rồi một cán bộ khác phê duyệt',
  );

const notBuilt = (words: string) =>
  new AppError(409, 'PAYROLL_NOT_BUILT', `Bảng kê đang được lập, chưa thể ${words}`);

/** Submits a built draft for approval: the caller becomes its preparer (and so cannot approve it). */
export async function submitPayroll(deps: AppDeps, actor: Actor, id: number): Promise<Payroll> {
  assertPayrollActor(actor);
  return inTransaction(deps.pool, async (client) => {
    const payroll = await payrollInScope(deps, actor, id, client, { forUpdate: true });
    assertState(payroll, ['draft'], 'trình duyệt bảng kê');
    if (payroll.builtAt === null) throw notBuilt('trình duyệt');
    const by = { userId: actor.id, username: actor.username };
    await setPayrollPreparer(client, id, by);
    await audit(client, deps, actor, {
      action: 'payroll.submit',
      target: { kind: 'payroll', id: String(id) },
      details: {
        communeCode: payroll.communeCode,
        month: payroll.month,
        lines: payroll.lineCount,
        total: payroll.total,
        previousPreparer: payroll.preparedBy,
      },
    });
    return (await findPayroll(client, id))!;
  });
}

export function approvePayroll(deps: AppDeps, actor: Actor, id: number): Promise<Payroll> {
  return transition(deps, actor, id, {
    from: 'draft',
    to: 'approved',
    action: 'payroll.approve',
    words: 'phê duyệt bảng kê',
    check(payroll) {
      if (payroll.builtAt === null) throw notBuilt('phê duyệt');
      if (payroll.preparedByUserId === null) throw notSubmitted();
      if (payroll.preparedByUserId === actor.id) throw samePreparer();
    },
  });
}

export function sendPayroll(deps: AppDeps, actor: Actor, id: number): Promise<Payroll> {
  return transition(deps, actor, id, {
    from: 'approved',
    to: 'sent',
    action: 'payroll.send',
    words: 'gửi bảng kê cho tổ chức chi trả',
  });
}

export function closePayroll(deps: AppDeps, actor: Actor, id: number): Promise<Payroll> {
  return transition(deps, actor, id, {
    from: 'reconciled',
    to: 'closed',
    action: 'payroll.close',
    words: 'khóa sổ bảng kê',
  });
}
