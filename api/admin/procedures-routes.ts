/**
 * Procedures: every version (seeded and published) with the one in force today, one version in full, and
 * publishing a new version — sent whole or as a patch of deadlines and escalations — that takes effect
 * from a date no earlier than today. Dossiers already received keep the version they snapshotted.
 */
import { z } from 'zod';
import {
  loadAllProcedureVersions,
  loadProcedureVersions,
  publishProcedureVersion,
  type ProcedureVersionRecord,
} from '../../db/procedures';
import { pickVersionInForce, ProcedureDefinitionShape, validateProcedure } from '../../domain/procedures';
import { clockOf, legalToday } from '../../app/deps';
import { notFound, validationFailed, type FieldError } from '../../app/errors';
import type { RouteModule } from '../route-registry';
import { applyProcedurePatch, ProcedurePatchSchema } from './procedure-patch';

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

const FullDefinitionSchema = z.strictObject({
  kind: z.literal('definition'),
  definition: z.record(z.string(), z.unknown()).meta({
    description:
      'A complete ProcedureDefinition. `id` may be left out (taken from the path); `version` is assigned ' +
      '(previous highest + 1) and any value sent is replaced. Errors are reported bilingually per field.',
  }),
});

const PublishBodySchema = z.discriminatedUnion('kind', [FullDefinitionSchema, ProcedurePatchSchema]).meta({
  id: 'PublishProcedureVersionRequest',
});

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
    handler: async () => {
      const today = legalToday(clockOf(deps)());
      const byId = new Map<string, ProcedureVersionRecord[]>();
      for (const record of await loadAllProcedureVersions(deps.pool)) {
        byId.set(record.definition.id, [...(byId.get(record.definition.id) ?? []), record]);
      }
      const procedures = [...byId.entries()].map(([id, records]) => {
        const inForce = pickVersionInForce(
          records.map((record) => record.definition),
          today,
        );
        return {
          id,
          title: (inForce ?? (records[records.length - 1] as ProcedureVersionRecord).definition).title,
          inForceToday: inForce?.version ?? null,
          versions: records.map(summary),
        };
      });
      return { today, procedures };
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
    handler: async ({ params }) => {
      const record = (await loadProcedureVersions(deps.pool, params.id)).find(
        (candidate) => candidate.definition.version === params.version,
      );
      if (!record) throw notFound(`Không có phiên bản ${params.version} của thủ tục "${params.id}"`);
      return versionBody(record);
    },
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
    body: PublishBodySchema,
    response: { status: 201, description: 'Published', schema: ProcedureVersionSchema },
    errors: [404],
    handler: async ({ params, body, auth }) => {
      const existing = await loadProcedureVersions(deps.pool, params.id);
      if (existing.length === 0) throw notFound(`Không có thủ tục "${params.id}"`);
      const today = legalToday(clockOf(deps)());

      let candidate: Record<string, unknown>;
      if (body.kind === 'definition') {
        if (body.definition.id !== undefined && body.definition.id !== params.id) {
          throw validationFailed([
            {
              path: 'body.definition.id',
              message: `Phải trùng với mã thủ tục trên đường dẫn "${params.id}"`,
              messageEn: `must match the procedure id in the path "${params.id}"`,
            },
          ]);
        }
        // The version is assigned when storing; 1 stands in so the schema can check the rest.
        candidate = { ...body.definition, id: params.id, version: 1 };
      } else {
        const base =
          body.basedOnVersion !== undefined
            ? existing.find((record) => record.definition.version === body.basedOnVersion)?.definition
            : pickVersionInForce(
                existing.map((record) => record.definition),
                body.effectiveFrom,
              );
        if (!base) {
          throw validationFailed([
            {
              path: body.basedOnVersion !== undefined ? 'body.basedOnVersion' : 'body.effectiveFrom',
              message:
                body.basedOnVersion !== undefined
                  ? `Không có phiên bản ${body.basedOnVersion} của thủ tục "${params.id}"`
                  : `Không có phiên bản nào có hiệu lực vào ngày ${body.effectiveFrom} để sửa đổi`,
            },
          ]);
        }
        const patched = applyProcedurePatch(base, body);
        if (!patched.ok) throw validationFailed(patched.errors);
        candidate = patched.definition;
      }

      const result = validateProcedure(candidate);
      const errors: FieldError[] = result.ok
        ? []
        : result.errors.map((error) => ({
            path: ['body.definition', error.path].filter(Boolean).join('.'),
            message: error.message_vi,
            messageEn: error.message_en,
          }));
      if (result.ok && result.definition.effectiveFrom < today) {
        errors.push({
          path: body.kind === 'definition' ? 'body.definition.effectiveFrom' : 'body.effectiveFrom',
          message: `Ngày bắt đầu hiệu lực không được trước hôm nay (${today})`,
          messageEn: `must not be before today (${today})`,
        });
      }
      if (!result.ok || errors.length > 0) throw validationFailed(errors);

      return versionBody(await publishProcedureVersion(deps.pool, result.definition, auth.user.username));
    },
  });
};
