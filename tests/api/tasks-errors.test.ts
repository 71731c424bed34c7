/** How the workflow's update rejections and Temporal failures become API errors (pure, no servers). */
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { apiErrorOfTemporal } from '../../app/dossiers/workflow-errors';
import { rejection, UPDATE_REJECTIONS, type UpdateRejectionCode } from '../../workflows/dossier/messages';

const rejected = (code: UpdateRejectionCode, detail?: string) =>
  new WorkflowUpdateFailedError(
    'Workflow Update failed',
    ApplicationFailure.create({ message: rejection(code, detail).message }),
  );

test.each<[UpdateRejectionCode, number]>([
  ['TASK_ALREADY_DONE', 409],
  ['TASK_CLAIMED_BY_OTHER', 409],
  ['TASK_NOT_CLAIMED', 409],
  ['OUTCOME_NOT_ALLOWED', 400],
  ['REASON_REQUIRED', 400],
  ['MISSING_DOCUMENTS_REQUIRED', 400],
  ['INVALID_RETURN_TARGET', 400],
  ['WRONG_ROLE', 403],
  ['TEXT_INVALID', 400],
  ['TASK_NOT_FOUND', 404],
])('%s → %i with the workflow’s Vietnamese message, without the technical detail', (code, status) => {
  const error = apiErrorOfTemporal(rejected(code, 'refuse @ verification'));
  expect(error).toMatchObject({ status, code, message: UPDATE_REJECTIONS[code] });
});

test('an update on a closed workflow is 409 DOSSIER_CLOSED; unknown failures are left to the error handler', () => {
  expect(
    apiErrorOfTemporal(new WorkflowNotFoundError('workflow execution already completed', 'x', undefined)),
  ).toMatchObject({
    status: 409,
    code: 'DOSSIER_CLOSED',
  });
  expect(
    apiErrorOfTemporal(
      new WorkflowUpdateFailedError('failed', ApplicationFailure.create({ message: 'boom' })),
    ),
  ).toBeUndefined();
  expect(apiErrorOfTemporal(new Error('boom'))).toBeUndefined();
});
