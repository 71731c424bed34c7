/**
 * Attachments for officers, admins and auditors whose unit scope covers the dossier's commune: the list, and
 * one file. Files are sent as downloads with the type detected at upload and `nosniff`, so a browser never
 * runs what a citizen sent. Citizens have no route here: nobody reads files back with a second factor.
 */
import { z } from 'zod';
import { attachmentForOfficer, attachmentsForOfficer } from '../../app/attachments/attachments';
import { CodeParamsSchema, DossierCodeSchema } from '../../app/dossiers/schemas';
import { sendAttachment } from '../../http/send-attachment';
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import type { RouteModule } from '../route-registry';

const AttachmentListSchema = z
  .object({
    attachments: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        name: z.string(),
        mediaType: z.string(),
        size: z.number().int(),
        sha256: z.string(),
        uploadedBy: z.string(),
        createdAt: z.string(),
        downloadUrl: z.string(),
      }),
    ),
  })
  .meta({ id: 'DossierAttachments' });

const AttachmentParamsSchema = z.strictObject({
  code: DossierCodeSchema,
  id: z.uuid({ error: 'Mã tệp đính kèm không hợp lệ' }),
});

export const attachmentRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/dossiers/:code/attachments',
    summary: 'The files attached to a dossier (officers, admins, auditors in scope)',
    tags: ['dossiers'],
    auth: 'authenticated',
    params: CodeParamsSchema,
    response: { status: 200, description: 'The attachments', schema: AttachmentListSchema },
    errors: [404],
    handler: async ({ params, auth }) => {
      const attachments = await attachmentsForOfficer(deps, auth.user, params.code);
      return {
        attachments: attachments.map((a) => ({
          id: a.id,
          kind: a.kind,
          name: a.name,
          mediaType: a.mediaType,
          size: a.size,
          sha256: a.sha256,
          uploadedBy: a.uploadedBy,
          createdAt: a.createdAt,
          downloadUrl: `/api/dossiers/${params.code}/attachments/${a.id}`,
        })),
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/dossiers/:code/attachments/:id',
    summary: 'Download one attached file (officers, admins, auditors in scope)',
    tags: ['dossiers'],
    auth: 'authenticated',
    params: AttachmentParamsSchema,
    description:
      'Of a dossier of a protected category (HIV), only for the commune officer of its commune and admins; ' +
      'others get 403 PROTECTED_DOCUMENT (and the list gives them no file names).',
    response: { status: 200, description: 'The file (application/pdf, image/jpeg or image/png)' },
    errors: [403, 404],
    handler: async ({ params, auth, req, res }) => {
      const reader = actorOf(auth.user, clientAddressOf(req));
      await sendAttachment(res, await attachmentForOfficer(deps, reader, params.code, params.id));
    },
  });
};
