/**
 * Taking over a claimed task. A claim blocks everyone else, so someone must be able to lift it: the chairman
 * of the task's unit or an admin in scope gives the task to another officer of its role and unit, or releases
 * it; deactivating a user releases every task they hold. Both go to the dossier's workflow as the
 * reassignTask update, which records who did it.
 */
import type { Pool } from 'pg';
import { findTask, tasksOfDossier, type TaskRecord } from '../../db/tasks';
import { findUserById, listUsers } from '../../db/users';
import { reassignTaskUpdate, type TaskActionResult } from '../../workflows/dossier/messages';
import { callerScope, type CallerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import { temporalClientOf, type AppDeps } from '../deps';
import { callWorkflow } from '../dossiers/workflow-errors';
import { assertStillOpen } from '../dossiers/task-actions';
import { AppError, forbidden, notFound } from '../errors';

/** Roles that supervise the tasks of their own unit: the chairman of that unit's people's committee. */
const CHAIRMAN_OF_LEVEL: Readonly<Record<string, string>> = {
  commune: 'commune_chairman',
  district: 'district_chairman',
};

/** Whether `user` may take the task from whoever holds it: an admin in scope, or the unit's chairman. */
export function supervises(user: AuthenticatedUser, task: TaskRecord, scope: CallerScope): boolean {
  if (!scope.canAccess(task.unitCode)) return false;
  if (user.role === 'admin') return true;
  return user.role === CHAIRMAN_OF_LEVEL[task.unitLevel] && user.unitCode === task.unitCode;
}

const invalidTarget = () =>
  new AppError(
    400,
    'REASSIGN_TARGET_INVALID',
    'Chỉ giao được cho cán bộ đang hoạt động, đúng vai trò và đơn vị của công việc',
  );

function sendReassign(
  deps: AppDeps,
  task: TaskRecord,
  by: string,
  toUserId: string | null,
): Promise<TaskActionResult> {
  return callWorkflow(deps, () =>
    temporalClientOf(deps)
      .workflow.getHandle(task.dossierCode)
      .executeUpdate(reassignTaskUpdate, {
        args: [{ taskId: task.id, by, ...(toUserId ? { toUserId } : {}) }],
      }),
  );
}

/** Gives a task to `toUserId`, or releases it (null). */
export async function reassignTask(
  deps: AppDeps,
  user: AuthenticatedUser,
  taskId: string,
  toUserId: string | null,
): Promise<TaskActionResult> {
  const task = await findTask(deps.pool, taskId);
  if (!task) throw notFound('Không tìm thấy công việc');
  if (!supervises(user, task, await callerScope(deps, user))) {
    throw forbidden('Chỉ Chủ tịch Ủy ban nhân dân của đơn vị hoặc quản trị viên được giao lại công việc này');
  }
  assertStillOpen(task);
  if (toUserId) {
    const target = await findUserById(deps.pool, toUserId);
    if (!target?.active || target.role !== task.role || target.unitCode !== task.unitCode) {
      throw invalidTarget();
    }
  }
  return sendReassign(deps, task, user.id, toUserId);
}

/** An open task the reader supervises, with the officers it may be given to (its role, its unit, active). */
export interface SupervisedTask {
  task: TaskRecord;
  candidates: Array<{ id: string; fullName: string; username: string }>;
}

/**
 * The open tasks of a dossier that `user` may take from whoever holds them (empty for anyone who supervises
 * none): what the dossier page offers to give to another officer or to release.
 */
export async function supervisedTasksOfDossier(
  deps: AppDeps,
  user: AuthenticatedUser,
  dossierCode: string,
): Promise<SupervisedTask[]> {
  if (user.role !== 'admin' && !Object.values(CHAIRMAN_OF_LEVEL).includes(user.role)) return [];
  const scope = await callerScope(deps, user);
  const open = (await tasksOfDossier(deps.pool, dossierCode)).filter(
    (task) => task.status === 'open' && supervises(user, task, scope),
  );
  return Promise.all(
    open.map(async (task) => ({
      task,
      candidates: (await listUsers(deps.pool, { unitCodes: [task.unitCode], role: task.role, active: true }))
        .filter((officer) => officer.id !== task.claimedBy)
        .map(({ id, fullName, username }) => ({ id, fullName, username })),
    })),
  );
}

/** Open tasks `userId` holds. */
async function openTasksClaimedBy(pool: Pool, userId: string): Promise<TaskRecord[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM tasks WHERE claimed_by = $1 AND status = 'open' ORDER BY id`,
    [userId],
  );
  const tasks = await Promise.all(rows.map((row) => findTask(pool, row.id)));
  return tasks.filter((task): task is TaskRecord => task !== undefined);
}

/**
 * Releases every task a deactivated user holds, in the name of `by` (the admin). A task whose dossier has
 * closed meanwhile needs nothing; any other failure is raised, and deactivating again finishes the job.
 */
export async function releaseClaimsOf(deps: AppDeps, userId: string, by: string): Promise<number> {
  let released = 0;
  for (const task of await openTasksClaimedBy(deps.pool, userId)) {
    try {
      await sendReassign(deps, task, by, null);
      released += 1;
    } catch (error) {
      if (
        error instanceof AppError &&
        ['DOSSIER_CLOSED', 'TASK_ALREADY_DONE', 'TASK_NOT_FOUND'].includes(error.code)
      )
        continue;
      throw error;
    }
  }
  return released;
}
