/**
 * The officers' task inbox and actions on tasks (claim, release, complete, bulk approval), over the use cases
 * of app/tasks/inbox.ts.
 */
import {
  bulkApprove,
  claimOrReleaseTask,
  completeTask,
  OFFICER_ROLES,
  READ_ONLY_ROLES,
  taskInbox,
} from '../../app/tasks/inbox';
import {
  BulkBodySchema,
  BulkResponseSchema,
  InboxQuerySchema,
  InboxResponseSchema,
  ReassignBodySchema,
  TaskActionResultSchema,
  TaskParams,
} from '../../app/tasks/schemas';
import { CompleteTaskBodySchema } from '../../app/dossiers/schemas';
import { reassignTask } from '../../app/tasks/reassign';
import type { RouteModule } from '../route-registry';

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
    handler: ({ query, auth }) => taskInbox(deps, auth.user, query),
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
      handler: ({ params, auth }) => claimOrReleaseTask(deps, auth.user, params.id, kind),
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
    handler: ({ params, body, auth }) => completeTask(deps, auth.user, params.id, body),
  });

  routes.add({
    method: 'post',
    path: '/api/tasks/:id/reassign',
    summary: 'Give a claimed task to another officer, or release it (supervisors)',
    description:
      'For the chairman of the task’s unit (commune or district) and admins in scope; anyone else 403. ' +
      '`toUserId` must be an active officer of the task’s role and unit (else 400 REASSIGN_TARGET_INVALID); ' +
      'null releases the task. Recorded on the dossier’s timeline with the supervisor as actor. 409 ' +
      'TASK_ALREADY_DONE / DOSSIER_CLOSED.',
    tags: ['tasks'],
    auth: ['commune_chairman', 'district_chairman', 'admin'],
    params: TaskParams,
    body: ReassignBodySchema,
    response: { status: 200, description: 'The task after the action', schema: TaskActionResultSchema },
    errors: [404, 409, 503],
    handler: ({ params, body, auth }) => reassignTask(deps, auth.user, params.id, body.toUserId),
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
    handler: ({ body, auth }) => bulkApprove(deps, auth.user, body),
  });
};
