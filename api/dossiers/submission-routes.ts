/**
 * Receiving dossiers: POST /api/dossiers (a citizen online, no account) and POST /api/desk/dossiers (the
 * one-stop desk clerk on a citizen's behalf, for the clerk's own commune). Both honour Idempotency-Key.
 */
import { forbidden } from '../../app/errors';
import type { RouteModule } from '../route-registry';
import { oncePerKey } from './idempotency';
import { waitForReceipt, type IssuedReceipt } from '../../app/dossiers/receipt';
import {
  SubmissionBodySchema,
  SubmissionResponseSchema,
  type SubmissionResponse,
} from '../../app/dossiers/schemas';
import { statusText } from '../../app/dossiers/status-text';
import { startReceivedDossier, submitDossier, type Submission } from '../../app/dossiers/submission';
import { clientAddressOf } from '../../http/client-address';

const IDEMPOTENCY_NOTE =
  ' Send an Idempotency-Key header (1–200 printable ASCII characters) to make retries safe: the same key ' +
  'with the same body answers with the first result (header Idempotent-Replayed: true) and creates no ' +
  'second dossier; the same key with another body is 409 IDEMPOTENCY_KEY_REUSED. Keys are kept 24 hours.';

export const trackingUrlOf = (code: string) => `/api/track/${code}`;

function response(submission: Submission, receipt: IssuedReceipt | undefined): SubmissionResponse {
  const online = submission.channel === 'online';
  const status = online ? 'awaiting_intake_check' : receipt ? 'in_progress' : 'received';
  const base = {
    code: submission.code,
    status,
    statusText: statusText(status),
    channel: submission.channel,
    receivedOn: submission.receivedOn,
    procedure: {
      id: submission.procedure.id,
      version: submission.procedure.version,
      title: submission.procedure.title,
    },
    trackingUrl: trackingUrlOf(submission.code),
  };
  const receiptBase = {
    dossierCode: submission.code,
    procedureTitle: submission.procedure.title,
    receivedOn: submission.receivedOn,
  };
  if (online) {
    return {
      ...base,
      receipt: {
        ...receiptBase,
        appointmentDate: submission.plannedAppointmentDate,
        appointmentIsProvisional: true,
        note:
          'Ngày hẹn trả kết quả dự kiến. Bộ phận Một cửa sẽ kiểm tra hồ sơ; khi hồ sơ được tiếp nhận, ngày hẹn ' +
          'chính thức được ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01), xem tại địa chỉ tra cứu ' +
          'kèm số điện thoại hoặc 4 số cuối số định danh cá nhân.',
      },
    };
  }
  return {
    ...base,
    receipt: receipt
      ? {
          ...receiptBase,
          appointmentDate: receipt.appointmentDate,
          appointmentIsProvisional: false,
          note: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01) đã được lập.',
          ...(receipt.documentId
            ? {
                documentId: receipt.documentId,
                downloadUrl: `/api/dossiers/${submission.code}/documents/${receipt.documentId}`,
              }
            : {}),
        }
      : {
          ...receiptBase,
          appointmentDate: null,
          appointmentIsProvisional: true,
          note: 'Hồ sơ đã được tiếp nhận; Giấy tiếp nhận (mẫu 01) đang được lập, vui lòng tải lại sau ít phút.',
        },
  };
}

export const submissionRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'post',
    path: '/api/dossiers',
    summary: 'Submit a dossier online (citizen, no account)',
    description:
      'Checks that the procedure is in force today and that the units exist and belong together, takes the ' +
      'next dossier code of the commune for today, and starts the dossier workflow (channel online). The ' +
      'desk then checks the dossier; the receipt (form 01) with the real appointment date is issued when it ' +
      'is accepted, so the appointment date answered here is provisional.' +
      IDEMPOTENCY_NOTE,
    tags: ['citizens'],
    auth: 'public',
    body: SubmissionBodySchema,
    response: { status: 201, description: 'Received', schema: SubmissionResponseSchema },
    errors: [404, 409, 422, 503],
    handler: async ({ body, req, res }) => {
      const submission = await oncePerKey(deps, { scope: 'POST /api/dossiers', req, res }, (client) =>
        submitDossier(deps, client, { ...body, channel: 'online', clientAddress: clientAddressOf(req) }),
      );
      await startReceivedDossier(deps, submission.code);
      return response(submission, undefined);
    },
  });

  routes.add({
    method: 'post',
    path: '/api/desk/dossiers',
    summary: 'Receive a dossier at the one-stop desk on a citizen’s behalf',
    description:
      'For the clerk’s own commune only. The dossier is accepted at once (channel walk_in, received by the ' +
      'clerk); the answer carries the receipt (form 01) and its appointment date once the workflow has ' +
      'issued it (waited for up to 10 seconds).' +
      IDEMPOTENCY_NOTE,
    tags: ['desk'],
    auth: ['intake_clerk'],
    body: SubmissionBodySchema,
    response: { status: 201, description: 'Received', schema: SubmissionResponseSchema },
    errors: [404, 409, 422, 503],
    handler: async ({ body, req, res, auth }) => {
      if (body.application.unit.communeCode !== auth.user.unitCode) {
        throw forbidden('Bộ phận Một cửa chỉ tiếp nhận hồ sơ của xã, phường, thị trấn mình');
      }
      const submission = await oncePerKey(deps, { scope: `desk ${auth.user.id}`, req, res }, (client) =>
        submitDossier(deps, client, { ...body, channel: 'walk_in', receivedBy: auth.user.id }),
      );
      await startReceivedDossier(deps, submission.code);
      return response(submission, await waitForReceipt(deps.pool, submission.code));
    },
  });
};
