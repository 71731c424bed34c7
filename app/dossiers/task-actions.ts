/**
 * Officers act on tasks: the API checks the caller's unit scope and role against the read model, then sends
 * the action as a Temporal update to the dossier's workflow, which validates it again and decides. A
 * rejected update comes back as the workflow's code and Vietnamese message (workflow-errors.ts).
 */
import { findTask, type TaskRecord } from '../../db/tasks';
import type { Role } from '../../domain/procedures';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  releaseTaskUpdate,
  UPDATE_REJECTIONS,
  type CompleteTaskInput,
  type Officer,
  type TaskActionResult,
} from '../../workflows/dossier/messages';
import type { AuthenticatedUser } from '../auth/session';
import type { CallerScope } from '../auth/caller-scope';
import { temporalClientOf, type AppDeps } from '../deps';
import { AppError, forbidden, notFound } from '../errors';
import { callWorkflow, dossierClosed } from './workflow-errors';

export type TaskAction =
  | { kind: 'claim' }
  | { kind: 'release' }
  | { kind: 'complete'; completion: Omit<CompleteTaskInput, 'taskId' | 'actor'> };

/** Why the caller may not act on the task (outside their units, or addressed to another role), if so. */
function refusalToAct(task: TaskRecord, user: AuthenticatedUser, scope: CallerScope): AppError | undefined {
  if (!scope.canAccess(task.unitCode)) return forbidden('Công việc này thuộc đơn vị ngoài phạm vi của bạn');
  if (task.role !== user.role) return forbidden('Công việc này không được giao cho vai trò của bạn');
  return undefined;
}

/** Whether the task is addressed to the caller's role at a unit in the caller's scope. */
export function mayAct(task: TaskRecord, user: AuthenticatedUser, scope: CallerScope): boolean {
  return refusalToAct(task, user, scope) === undefined;
}

/** 403 unless the task is addressed to the caller's role at a unit in the caller's scope. */
export function assertMayAct(task: TaskRecord, user: AuthenticatedUser, scope: CallerScope): void {
  const refusal = refusalToAct(task, user, scope);
  if (refusal) throw refusal;
}

/** What the read model already knows: a finished task or dossier is a 409 without asking the workflow. */
export function assertStillOpen(task: TaskRecord): void {
  if (task.status === 'done') {
    throw new AppError(409, 'TASK_ALREADY_DONE', UPDATE_REJECTIONS.TASK_ALREADY_DONE);
  }
  if (task.status === 'cancelled') throw dossierClosed();
}

export async function loadTaskForAction(
  deps: AppDeps,
  taskId: string,
  user: AuthenticatedUser,
  scope: CallerScope,
): Promise<TaskRecord> {
  const task = await findTask(deps.pool, taskId);
  if (!task) throw notFound('Không tìm thấy công việc');
  assertMayAct(task, user, scope);
  assertStillOpen(task);
  return task;
}

function actorOf(user: AuthenticatedUser): Officer {
  // assertMayAct has checked the role equals the task's, which is a procedure role.
  return { userId: user.id, role: user.role as Role, fullName: user.fullName };
}

export async function actOnTask(
  deps: AppDeps,
  task: TaskRecord,
  user: AuthenticatedUser,
  action: TaskAction,
): Promise<TaskActionResult> {
  const handle = temporalClientOf(deps).workflow.getHandle(task.dossierCode);
  const actor = actorOf(user);
  return callWorkflow(deps, () => {
    switch (action.kind) {
      case 'claim':
        return handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor }] });
      case 'release':
        return handle.executeUpdate(releaseTaskUpdate, { args: [{ taskId: task.id, actor }] });
      case 'complete':
        return handle.executeUpdate(completeTaskUpdate, {
          args: [{ ...action.completion, taskId: task.id, actor }],
        });
    }
  });
}
