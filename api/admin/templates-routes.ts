/**
 * Document templates per province: the kinds (decisions, letters, one-stop forms, posting list) with the
 * override in force for the admin's province, and replacing a kind's body template. A new template is proven
 * before it is stored (documents#saveTemplateOverride): it must compile and render the kind's
 * sample data in strict mode, so a broken one is refused with Handlebars' own message and never reaches a
 * citizen's document. Admins act on their own province only (the one their account is bound to).
 */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import { z } from 'zod';
import { listTemplates, saveTemplate } from '../../app/admin/templates';
import type { RouteModule } from '../route-registry';

const OverrideSchema = z
  .object({
    id: z.number().int(),
    version: z.string().meta({ description: 'Content hash of the template set (sha256:…)' }),
    source: z.string().meta({ description: 'The body template in force' }),
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
  })
  .meta({ id: 'TemplateOverride' });

const TemplateListSchema = z
  .object({
    provinceCode: z.string(),
    templates: z.array(
      z.object({
        templateId: z.string().meta({ example: 'receipt-appointment' }),
        title: z.string(),
        override: OverrideSchema.nullable().meta({
          description: 'The province’s override in force; null: the built-in template is used',
        }),
      }),
    ),
  })
  .meta({ id: 'TemplateList' });

const TemplateParams = z.strictObject({
  templateId: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,60}$/, { error: 'Mã mẫu văn bản: chữ thường không dấu, chữ số, gạch ngang' })
    .meta({ example: 'receipt-appointment' }),
});

const TemplateBodySchema = z
  .strictObject({
    source: z
      .string()
      .min(1, { error: 'Không được để trống' })
      .max(200_000, { error: 'Tối đa 200000 ký tự' })
      .meta({
        description: 'The whole body template (Handlebars); it may use the shared partials and helpers',
      }),
  })
  .meta({ id: 'TemplateOverrideRequest' });

const SavedSchema = z
  .object({
    provinceCode: z.string(),
    templateId: z.string(),
    id: z.number().int(),
    version: z.string(),
    previewHtml: z
      .string()
      .meta({ description: 'The kind’s sample document rendered with the new template' }),
  })
  .meta({ id: 'TemplateOverrideSaved' });

export const templateRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/admin/templates',
    summary: 'Document templates, with the override in force for the admin’s province',
    tags: ['admin: templates'],
    auth: ['admin'],
    response: { status: 200, description: 'Templates', schema: TemplateListSchema },
    handler: async ({ auth }) => listTemplates(deps, auth.user),
  });

  routes.add({
    method: 'put',
    path: '/api/admin/templates/:templateId',
    summary: 'Replace a document template for the admin’s province',
    description:
      'The template must compile and render the kind’s sample data (strict: an unknown field is an error); ' +
      'otherwise 400 TEMPLATE_REJECTED with Handlebars’ message, and nothing is stored. On success the new ' +
      'template is in force for documents issued from now on (documents already issued keep the version ' +
      'they were rendered with); the answer carries its version and the sample rendered with it.',
    tags: ['admin: templates'],
    auth: ['admin'],
    params: TemplateParams,
    body: TemplateBodySchema,
    response: { status: 200, description: 'Stored and in force', schema: SavedSchema },
    errors: [404],
    handler: async ({ params, body, auth, req }) =>
      saveTemplate(deps, actorOf(auth.user, clientAddressOf(req)), params.templateId, body.source),
  });
};
