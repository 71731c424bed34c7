/**
 * The officers' task inbox and actions on tasks: claim, release, complete, and bulk approval of tasks of one
 * step. Officers see and act on tasks addressed to their role at units in their scope; admins and auditors
 * read every task of their province and act on none.
 */
import { loadWorkingCalendar } from '../../db/calendar';
import { findTasks, listInbox, tasksOfDossier, type InboxCursor, type TaskRecord } from '../../db/tasks';
import type { WorkingCalendar } from '../../domain/calendar';
import { isIsoDate } from '../../domain/iso-date';
import { ROLES, type Role } from '../../domain/procedures';
import { waitUntilSettled } from '../dossiers/settle';
import { callerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import { clockOf, legalToday, type AppDeps } from '../deps';
import type { CompleteTaskBody } from '../dossiers/schemas';
import {
  actOnTask,
  assertMayAct,
  assertStillOpen,
  loadTaskForAction,
  mayAct,
} from '../dossiers/task-actions';
import { AppError, validationFailed } from '../errors';
import {
  TaskIdSchema,
  type BulkBody,
  type BulkResponse,
  type InboxQuery,
  type InboxResponse,
  type TaskItem,
} from './schemas';

/** Roles that work tasks: every procedure role but the admin (who, like the auditor, only reads). */
export const OFFICER_ROLES = ROLES.filter((role): role is Exclude<Role, 'admin'> => role !== 'admin');
export const READ_ONLY_ROLES = ['admin', 'auditor'] as const;

const bulkNotAllowed = () =>
  new AppError(
    400,
    'BULK_NOT_ALLOWED',
    'Bước này không được duyệt hàng loạt, mỗi hồ sơ phải được xử lý riêng',
  );

function encodeCursor(cursor: InboxCursor): string {
  return Buffer.from(JSON.stringify([cursor.dueDate, cursor.openedOn, cursor.id]), 'utf8').toString(
    'base64url',
  );
}

/**
 * A cursor comes back from the client, so it is input like any other: base64url of a JSON array
 * [dueDate, openedOn, id] with two real calendar dates (a well-formed but impossible date such as 2026-99-99
 * would otherwise reach Postgres' ::date cast and fail there as a 500) and a task id.
 */
function decodeCursor(text: string): InboxCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 3) {
    const [dueDate, openedOn, id] = decoded as unknown[];
    if (
      typeof dueDate === 'string' &&
      isIsoDate(dueDate) &&
      typeof openedOn === 'string' &&
      isIsoDate(openedOn) &&
      typeof id === 'string' &&
      TaskIdSchema.safeParse(id).success
    ) {
      return { dueDate, openedOn, id };
    }
  }
  throw validationFailed([{ path: 'query.cursor', message: 'Con trỏ trang không hợp lệ' }]);
}

/** One calendar per province per request: the inbox usually spans a single province. */
function calendars(deps: AppDeps): (province: string) => Promise<WorkingCalendar> {
  const loaded = new Map<string, Promise<WorkingCalendar>>();
  return (province) => {
    let calendar = loaded.get(province);
    if (!calendar) {
      calendar = loadWorkingCalendar(deps.pool, { province });
      loaded.set(province, calendar);
    }
    return calendar;
  };
}

async function taskItem(
  task: TaskRecord,
  today: string,
  calendarOf: (province: string) => Promise<WorkingCalendar>,
): Promise<TaskItem> {
  const open = task.status === 'open';
  return {
    id: task.id,
    dossierCode: task.dossierCode,
    kind: task.kind,
    stepKey: task.stepKey,
    title: task.title,
    procedureTitle: task.procedureTitle,
    beneficiaryName: task.beneficiaryName,
    role: task.role,
    unitCode: task.unitCode,
    unitName: task.unitName,
    status: task.status,
    outcomes: task.outcomes,
    bulkAllowed: task.bulkAllowed,
    openedOn: task.openedOn,
    dueDate: task.dueDate,
    workingDaysLeft: open
      ? (await calendarOf(task.provinceCode)).workingDaysBetween(today, task.dueDate)
      : null,
    overdue: open ? today > task.dueDate : task.onTimeStatus === 'Quá hạn',
    claimedBy: task.claimedBy ? { userId: task.claimedBy, fullName: task.claimedByName } : null,
    completedOn: task.completedOn,
    outcome: task.outcome,
    onTimeStatus: task.onTimeStatus,
  };
}

/** One page of the inbox of `user`. */
export async function taskInbox(
  deps: AppDeps,
  user: AuthenticatedUser,
  query: InboxQuery,
): Promise<InboxResponse> {
  const scope = await callerScope(deps, user);
  const readOnly = (READ_ONLY_ROLES as readonly string[]).includes(user.role);
  const today = legalToday(clockOf(deps)());
  const page = await listInbox(deps.pool, {
    unitCodes: scope.unitCodes(),
    ...(readOnly ? {} : { role: user.role }),
    status: query.status,
    ...(query.step ? { stepKey: query.step } : {}),
    ...(query.dueBefore ? { dueBefore: query.dueBefore } : {}),
    ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
    today,
    ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
    limit: query.limit,
  });
  const calendarOf = calendars(deps);
  return {
    tasks: await Promise.all(page.tasks.map((task) => taskItem(task, today, calendarOf))),
    nextCursor: page.next ? encodeCursor(page.next) : null,
  };
}

/**
 * The open tasks of one dossier that `user` may act on (their role, a unit in their scope), as inbox items:
 * what the dossier page offers actions for. Admins and auditors act on none.
 */
export async function actionableTasksOfDossier(
  deps: AppDeps,
  user: AuthenticatedUser,
  code: string,
): Promise<TaskItem[]> {
  if ((READ_ONLY_ROLES as readonly string[]).includes(user.role)) return [];
  const scope = await callerScope(deps, user);
  const open = (await tasksOfDossier(deps.pool, code)).filter(
    (task) => task.status === 'open' && mayAct(task, user, scope),
  );
  const today = legalToday(clockOf(deps)());
  const calendarOf = calendars(deps);
  return Promise.all(open.map((task) => taskItem(task, today, calendarOf)));
}

/** Claims or releases a task (an update on the dossier's workflow). */
export async function claimOrReleaseTask(
  deps: AppDeps,
  user: AuthenticatedUser,
  taskId: string,
  kind: 'claim' | 'release',
) {
  const scope = await callerScope(deps, user);
  const task = await loadTaskForAction(deps, taskId, user, scope);
  return actOnTask(deps, task, user, { kind });
}

/**
 * Completes a task with an outcome; answers once the outcome and what it led to (the next task, the posting,
 * the supplement awaited) are in the read model, or after a bound (app/dossiers/settle.ts).
 */
export async function completeTask(
  deps: AppDeps,
  user: AuthenticatedUser,
  taskId: string,
  completion: CompleteTaskBody,
) {
  const scope = await callerScope(deps, user);
  const task = await loadTaskForAction(deps, taskId, user, scope);
  const done = await actOnTask(deps, task, user, { kind: 'complete', completion });
  // The answer (and the officer's next page) shows what the completion led to, not the state before it.
  await waitUntilSettled(deps, task.dossierCode);
  return done;
}

/** Approves several tasks of one step, each on its own: the answer says what happened to every one. */
export async function bulkApprove(
  deps: AppDeps,
  user: AuthenticatedUser,
  body: BulkBody,
): Promise<BulkResponse> {
  const scope = await callerScope(deps, user);
  const found = new Map((await findTasks(deps.pool, body.taskIds)).map((task) => [task.id, task]));
  const steps = new Set([...found.values()].map((task) => task.stepKey));
  if (steps.size > 1) {
    throw new AppError(400, 'MIXED_STEPS', 'Chỉ duyệt hàng loạt các công việc của cùng một bước', {
      fieldErrors: [{ path: 'body.taskIds', message: `Các bước khác nhau: ${[...steps].join(', ')}` }],
    });
  }
  const results: BulkResponse['results'] = [];
  for (const taskId of body.taskIds) {
    try {
      const task = found.get(taskId);
      if (!task) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy công việc');
      assertMayAct(task, user, scope);
      assertStillOpen(task);
      // The procedure step says whether its tasks may be approved in a batch (verification lists, yes;
      // the step that signs a decision, never): the workflow records it on each task as bulk_allowed.
      if (!task.bulkAllowed) throw bulkNotAllowed();
      const done = await actOnTask(deps, task, user, {
        kind: 'complete',
        completion: { outcome: 'approve', ...(body.note ? { note: body.note } : {}) },
      });
      results.push({ taskId, ok: true, status: done.status });
    } catch (error) {
      // One task failing unexpectedly must not hide what happened to the others.
      if (!(error instanceof AppError)) {
        (deps.logError ?? console.error)(`bulk-complete ${taskId} failed`, error);
        results.push({ taskId, ok: false, code: 'INTERNAL_ERROR', message: 'Đã có lỗi xảy ra' });
        continue;
      }
      results.push({ taskId, ok: false, code: error.code, message: error.message });
    }
  }
  const succeeded = results.filter((result) => result.ok).length;
  return {
    stepKey: steps.size === 1 ? [...steps][0]! : null,
    succeeded,
    failed: results.length - succeeded,
    results,
  };
}
