/**
 * Procedures: every version (seeded and published) with the one in force today, one version in full, and
 * publishing a new version — sent whole or as a patch of deadlines and escalations — that takes effect
 * from a date no earlier than today. Dossiers already received keep the version they snapshotted. The rules
 * are in app/admin/procedures.ts (the pages publish through the same function); these are the JSON shapes.
 */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import { z } from 'zod';
import {
  listProcedures,
  procedureVersion,
  ProcedureChangeSchema,
  publishProcedureVersionAs,
  type ProcedureVersionRecord,
} from '../../app/admin/procedures';
import { ProcedureDefinitionShape } from '../../domain/procedures';
import type { RouteModule } from '../route-registry';

const ProcedureDefinitionDoc = ProcedureDefinitionShape.meta({ id: 'ProcedureDefinition' });

const VersionSummarySchema = z
  .object({
    version: z.number().int(),
    title: z.string(),
    tier: z.enum(['three-tier', 'two-tier']),
    effectiveFrom: z.string(),
    effectiveTo: z.string().optional(),
    source: z.enum(['seed', 'published']),
    publishedAt: z.iso.datetime().optional(),
    publishedBy: z.string().optional(),
  })
  .meta({ id: 'ProcedureVersionSummary' });

const ProcedureSummarySchema = z
  .object({
    id: z.string(),
    title: z
      .string()
      .meta({ description: 'Title of the version in force today, else of the latest version' }),
    inForceToday: z.number().int().nullable().meta({ description: 'Version in force today, null if none' }),
    versions: z.array(VersionSummarySchema),
  })
  .meta({ id: 'ProcedureSummary' });

const ProcedureVersionSchema = z
  .object({
    source: z.enum(['seed', 'published']),
    publishedAt: z.iso.datetime().optional(),
    publishedBy: z.string().optional(),
    definition: ProcedureDefinitionDoc,
  })
  .meta({ id: 'ProcedureVersion' });

const ProcedureIdParams = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, { error: 'Mã thủ tục: chữ thường không dấu, chữ số, gạch ngang' }),
});

function summary(record: ProcedureVersionRecord): z.input<typeof VersionSummarySchema> {
  const { definition } = record;
  return {
    version: definition.version,
    title: definition.title,
    tier: definition.tier,
    effectiveFrom: definition.effectiveFrom,
    ...(definition.effectiveTo ? { effectiveTo: definition.effectiveTo } : {}),
    source: record.source,
    ...(record.publishedAt ? { publishedAt: record.publishedAt } : {}),
    ...(record.publishedBy ? { publishedBy: record.publishedBy } : {}),
  };
}

function versionBody(record: ProcedureVersionRecord): z.input<typeof ProcedureVersionSchema> {
  return {
    source: record.source,
    ...(record.publishedAt ? { publishedAt: record.publishedAt } : {}),
    ...(record.publishedBy ? { publishedBy: record.publishedBy } : {}),
    definition: record.definition,
  };
}

export const procedureRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/admin/procedures',
    summary: 'Procedures with all their versions and the one in force today',
    tags: ['admin: procedures'],
    auth: ['admin', 'auditor'],
    response: {
      status: 200,
      description: 'Procedures by id',
      schema: z.object({ today: z.string(), procedures: z.array(ProcedureSummarySchema) }),
    },
    handler: async ({ auth }) => {
      const { today, procedures } = await listProcedures(deps, auth.user);
      return {
        today,
        procedures: procedures.map((procedure) => ({
          ...procedure,
          versions: procedure.versions.map(summary),
        })),
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/admin/procedures/:id/versions/:version',
    summary: 'One version of a procedure in full',
    tags: ['admin: procedures'],
    auth: ['admin', 'auditor'],
    params: ProcedureIdParams.extend({
      version: z
        .string()
        .regex(/^[1-9]\d{0,5}$/, { error: 'Số phiên bản phải là số nguyên dương' })
        .transform(Number),
    }),
    response: { status: 200, description: 'The version', schema: ProcedureVersionSchema },
    errors: [404],
    handler: async ({ params, auth }) =>
      versionBody(await procedureVersion(deps, auth.user, params.id, params.version)),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/procedures/:id/versions',
    summary: 'Publish a new version of a procedure',
    description:
      'Send `{ kind: "definition", definition }` with a complete definition, or `{ kind: "patch", ' +
      'effectiveFrom, steps: [{ key, deadline?, escalation? }], … }` to change deadlines and escalations of ' +
      '`basedOnVersion` (default: the version in force on effectiveFrom). effectiveFrom must be today or ' +
      'later. Errors in the resulting definition are reported as fieldErrors under `body.definition.` with ' +
      'Vietnamese `message` and English `messageEn`.',
    tags: ['admin: procedures'],
    auth: ['admin'],
    params: ProcedureIdParams,
    body: ProcedureChangeSchema,
    response: { status: 201, description: 'Published', schema: ProcedureVersionSchema },
    errors: [404],
    handler: async ({ params, body, auth, req }) =>
      versionBody(
        await publishProcedureVersionAs(deps, actorOf(auth.user, clientAddressOf(req)), params.id, body),
      ),
  });
};
