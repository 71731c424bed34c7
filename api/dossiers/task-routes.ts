/**
 * The officers' task inbox and actions on tasks: claim, release, complete, and bulk approval of tasks of
 * one step. Officers see and act on tasks addressed to their role at units in their scope; admins and
 * auditors read every task of their province and act on none.
 */
import { z } from 'zod';
import { loadWorkingCalendar } from '../../db/calendar';
import { findTasks, listInbox, type InboxCursor, type TaskRecord } from '../../db/tasks';
import type { WorkingCalendar } from '../../domain/calendar';
import { isIsoDate } from '../../domain/iso-date';
import { callerScope } from '../../app/auth/caller-scope';
import { clockOf, legalToday, type AppDeps } from '../../app/deps';
import { AppError, validationFailed } from '../../app/errors';
import type { RouteModule } from '../route-registry';
import { ROLES, type Role } from '../../domain/procedures';
import { IsoDateSchema, QueryBooleanSchema } from '../../app/schemas';
import { actOnTask, assertMayAct, assertStillOpen, loadTaskForAction } from '../../app/dossiers/task-actions';
import { CompleteTaskBodySchema } from '../../app/dossiers/schemas';

/** Roles that work tasks: every procedure role but the admin (who, like the auditor, only reads). */
const OFFICER_ROLES = ROLES.filter((role): role is Exclude<Role, 'admin'> => role !== 'admin');
const READ_ONLY_ROLES = ['admin', 'auditor'] as const;

const TaskIdSchema = z
  .string()
  .regex(/^[0-9A-Z.]{2,20}-\d{6}-\d{4}\.\d{1,4}$/, { error: 'Mã công việc có dạng <mã hồ sơ>.<số>' })
  .meta({ example: '26170-261123-0001.2' });

const InboxQuerySchema = z.strictObject({
  status: z.enum(['open', 'done']).default('open'),
  step: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, { error: 'Mã bước không hợp lệ' })
    .optional(),
  dueBefore: IsoDateSchema.optional(),
  overdue: QueryBooleanSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional().meta({ description: 'nextCursor of the previous page' }),
});

const TaskSchema = z
  .object({
    id: z.string(),
    dossierCode: z.string(),
    kind: z.enum(['intake_check', 'step', 'complaint']),
    stepKey: z.string(),
    title: z.string(),
    procedureTitle: z.string(),
    beneficiaryName: z.string(),
    role: z.string(),
    unitCode: z.string(),
    unitName: z.string().nullable(),
    status: z.enum(['open', 'done', 'cancelled']),
    outcomes: z.array(z.string()),
    bulkAllowed: z.boolean().meta({
      description: 'The step allows approving this task with others (POST /api/tasks/bulk-complete)',
    }),
    openedOn: z.string(),
    dueDate: z.string(),
    workingDaysLeft: z.number().int().nullable().meta({
      description: 'Open tasks: working days from today to the due date; negative = overdue by that many',
    }),
    overdue: z.boolean(),
    claimedBy: z.object({ userId: z.string(), fullName: z.string().nullable() }).nullable(),
    completedOn: z.string().nullable(),
    outcome: z.string().nullable(),
    onTimeStatus: z.string().nullable(),
  })
  .meta({ id: 'Task' });

const InboxResponseSchema = z
  .object({ tasks: z.array(TaskSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'TaskInbox' });

const TaskActionResultSchema = z
  .object({ taskId: z.string(), status: z.string(), dossierStatus: z.string() })
  .meta({ id: 'TaskActionResult' });

const BulkBodySchema = z
  .strictObject({
    taskIds: z
      .array(TaskIdSchema)
      .min(1)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, { error: 'Mã công việc bị lặp' }),
    outcome: z.literal('approve', { error: 'Chỉ được duyệt hàng loạt (approve)' }),
    note: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .transform((text) => text.normalize('NFC'))
      .optional(),
  })
  .meta({ id: 'BulkCompleteRequest' });

const BulkResponseSchema = z
  .object({
    stepKey: z.string().nullable(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        taskId: z.string(),
        ok: z.boolean(),
        status: z.string().optional(),
        code: z.string().optional(),
        message: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'BulkCompleteResult' });

const TaskParams = z.strictObject({ id: TaskIdSchema });

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
): Promise<z.input<typeof TaskSchema>> {
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

export const taskRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/tasks',
    summary: 'Task inbox',
    description:
      'Tasks addressed to the caller’s role at units in the caller’s scope (admins and auditors: every task of ' +
      'their province, read-only), by due date then opening date. Filters: status (open, default, or done), ' +
      'step, dueBefore (due strictly before), overdue. Pages of `limit` (≤ 100) items; pass `nextCursor` ' +
      'back as `cursor` for the next page.',
    tags: ['tasks'],
    auth: [...OFFICER_ROLES, ...READ_ONLY_ROLES],
    query: InboxQuerySchema,
    response: { status: 200, description: 'One page of tasks', schema: InboxResponseSchema },
    handler: async ({ query, auth }) => {
      const scope = await callerScope(deps, auth.user);
      const readOnly = (READ_ONLY_ROLES as readonly string[]).includes(auth.user.role);
      const today = legalToday(clockOf(deps)());
      const page = await listInbox(deps.pool, {
        unitCodes: scope.unitCodes(),
        ...(readOnly ? {} : { role: auth.user.role }),
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
    },
  });

  const actionRoute = (kind: 'claim' | 'release', summary: string) =>
    routes.add({
      method: 'post',
      path: `/api/tasks/:id/${kind}`,
      summary,
      description:
        'Sent to the dossier’s workflow as an update. 403 outside the caller’s unit or role, 404 for an ' +
        'unknown task, 409 TASK_ALREADY_DONE / TASK_CLAIMED_BY_OTHER / TASK_NOT_CLAIMED / DOSSIER_CLOSED.',
      tags: ['tasks'],
      auth: OFFICER_ROLES,
      params: TaskParams,
      response: { status: 200, description: 'The task after the action', schema: TaskActionResultSchema },
      errors: [404, 409, 503],
      handler: async ({ params, auth }) => {
        const scope = await callerScope(deps, auth.user);
        const task = await loadTaskForAction(deps, params.id, auth.user, scope);
        return actOnTask(deps, task, auth.user, { kind });
      },
    });
  actionRoute('claim', 'Claim a task (work on it; others can no longer complete it)');
  actionRoute('release', 'Release a claimed task');

  routes.add({
    method: 'post',
    path: '/api/tasks/:id/complete',
    summary: 'Complete a task with an outcome',
    description:
      'outcome approve | refuse (reason required) | request_documents (reason and missingDocuments; stops the ' +
      'legal clock) | return (reason; targetStep an earlier step). The workflow checks the outcome against ' +
      'the step: 400 OUTCOME_NOT_ALLOWED / REASON_REQUIRED / MISSING_DOCUMENTS_REQUIRED / ' +
      'INVALID_RETURN_TARGET, 403 WRONG_ROLE, 409 TASK_ALREADY_DONE / TASK_CLAIMED_BY_OTHER / DOSSIER_CLOSED. ' +
      'Answers once the outcome is in the read model.',
    tags: ['tasks'],
    auth: OFFICER_ROLES,
    params: TaskParams,
    body: CompleteTaskBodySchema,
    response: { status: 200, description: 'The task after the action', schema: TaskActionResultSchema },
    errors: [404, 409, 503],
    handler: async ({ params, body, auth }) => {
      const scope = await callerScope(deps, auth.user);
      const task = await loadTaskForAction(deps, params.id, auth.user, scope);
      return actOnTask(deps, task, auth.user, { kind: 'complete', completion: body });
    },
  });

  routes.add({
    method: 'post',
    path: '/api/tasks/bulk-complete',
    summary: 'Approve several tasks of one step at once',
    description:
      'Only outcome approve, only tasks of the same step (else 400 MIXED_STEPS), only tasks whose step allows ' +
      'it (bulkAllowed; otherwise that task is reported BULK_NOT_ALLOWED). Each task is checked and ' +
      'completed on its own, in order: the answer lists every task with ok or its error code and message — ' +
      'partial success is reported, not hidden.',
    tags: ['tasks'],
    auth: OFFICER_ROLES,
    body: BulkBodySchema,
    response: { status: 200, description: 'Result per task', schema: BulkResponseSchema },
    handler: async ({ body, auth }) => {
      const scope = await callerScope(deps, auth.user);
      const found = new Map((await findTasks(deps.pool, body.taskIds)).map((task) => [task.id, task]));
      const steps = new Set([...found.values()].map((task) => task.stepKey));
      if (steps.size > 1) {
        throw new AppError(400, 'MIXED_STEPS', 'Chỉ duyệt hàng loạt các công việc của cùng một bước', {
          fieldErrors: [{ path: 'body.taskIds', message: `Các bước khác nhau: ${[...steps].join(', ')}` }],
        });
      }
      const results: z.input<typeof BulkResponseSchema>['results'] = [];
      for (const taskId of body.taskIds) {
        try {
          const task = found.get(taskId);
          if (!task) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy công việc');
          assertMayAct(task, auth.user, scope);
          assertStillOpen(task);
          // The procedure step says whether its tasks may be approved in a batch (verification lists, yes;
          // the step that signs a decision, never): the workflow records it on each task as bulk_allowed.
          if (!task.bulkAllowed) throw bulkNotAllowed();
          const done = await actOnTask(deps, task, auth.user, {
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
    },
  });
};
