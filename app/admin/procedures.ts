/**
 * Procedure versions for the province's admins: every procedure with its versions and the one in force today,
 * one version in full, and a new version — sent whole or as a patch of deadlines and escalations — checked
 * (`prepareProcedureVersion`, which the pages also use to show the diff before publishing) and published
 * from a date no earlier than today (`publishProcedureVersionAs`). Dossiers already received keep the
 * version they snapshotted: nothing here touches a running dossier.
 *
 * Both adapters call these: the JSON API (api/admin/procedures-routes.ts) and the pages (web/admin/).
 */
import { inTransactionOf } from '../../db/queryable';
import { audit, type Actor } from '../audit';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import {
  loadAllProcedureVersions,
  loadProcedureVersions,
  publishProcedureVersion,
  type ProcedureVersionRecord,
} from '../../db/procedures';
import {
  DurationSchema,
  EscalationSchema,
  pickVersionInForce,
  validateProcedure,
  type ProcedureDefinition,
} from '../../domain/procedures';
import type { AuthenticatedUser } from '../auth/session';
import type { UserRole } from '../auth/roles';
import { clockOf, legalToday, type AppDeps } from '../deps';
import { forbidden, notFound, validationFailed, type FieldError } from '../errors';
import { IsoDateSchema, vietnameseText } from '../schemas';

export type { ProcedureVersionRecord } from '../../db/procedures';

/** Who may read procedure versions; only admins publish. */
export const PROCEDURE_READERS: readonly UserRole[] = ['admin', 'auditor'];
export const PROCEDURE_PUBLISHERS: readonly UserRole[] = ['admin'];

/**
 * A patch publishes a new version that changes only deadlines and escalations of an existing one, which is
 * what admins change most (a province shortening a step, a new reminder). The result is a full definition
 * that goes through the same validation as one sent whole.
 */
export const ProcedurePatchSchema = z.strictObject({
  kind: z.literal('patch'),
  /** The version to start from; default: the version in force on `effectiveFrom`. */
  basedOnVersion: z.number().int().positive().optional(),
  effectiveFrom: IsoDateSchema,
  effectiveTo: IsoDateSchema.optional(),
  /** Replaces the legal basis list when given (the decision that changed the deadlines belongs there). */
  legalBasis: z.array(vietnameseText(500)).min(1).optional(),
  steps: z
    .array(
      z.strictObject({
        key: z.string().min(1),
        /** A task step's deadline, or a posting step's duration. */
        deadline: DurationSchema.optional(),
        /** A task step's escalation, or a posting step's complaint escalation. */
        escalation: EscalationSchema.optional(),
      }),
    )
    .default([]),
  onlineCompletenessCheck: z
    .strictObject({ deadline: DurationSchema.optional(), escalation: EscalationSchema.optional() })
    .optional(),
});
export type ProcedurePatch = z.output<typeof ProcedurePatchSchema>;

/** A complete definition; `id` may be left out (taken from the procedure), `version` is assigned. */
export const FullDefinitionSchema = z.strictObject({
  kind: z.literal('definition'),
  definition: z.record(z.string(), z.unknown()).meta({
    description:
      'A complete ProcedureDefinition. `id` may be left out (taken from the path); `version` is assigned ' +
      '(previous highest + 1) and any value sent is replaced. Errors are reported bilingually per field.',
  }),
});

/** A new version, whole or as a patch: what the API's publish endpoint and a procedure proposal take. */
export const ProcedureChangeSchema = z
  .discriminatedUnion('kind', [FullDefinitionSchema, ProcedurePatchSchema])
  .meta({
    id: 'PublishProcedureVersionRequest',
  });

export type FullDefinitionChange = z.output<typeof FullDefinitionSchema>;
export type ProcedureChange = z.output<typeof ProcedureChangeSchema>;

export interface ProcedureOverview {
  id: string;
  /** Title of the version in force today, else of the latest version. */
  title: string;
  /** Version in force today, null if none. */
  inForceToday: number | null;
  /** Every version, by version number. */
  versions: ProcedureVersionRecord[];
}

function assertRole(user: AuthenticatedUser, roles: readonly UserRole[]): void {
  if (!roles.includes(user.role)) throw forbidden();
}

/** The patched definition (for validateProcedure), or the patch's own errors (unknown step keys). */
export function applyProcedurePatch(
  base: ProcedureDefinition,
  patch: ProcedurePatch,
): { ok: true; definition: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const steps = base.steps.map(
    (step) => ({ ...step }) as Record<string, unknown> & ProcedureDefinition['steps'][number],
  );
  patch.steps.forEach((change, index) => {
    const step = steps.find((candidate) => candidate.key === change.key);
    if (!step) {
      errors.push({
        path: `body.steps.${index}.key`,
        message: `Phiên bản ${base.version} không có bước "${change.key}"`,
        messageEn: `version ${base.version} has no step "${change.key}"`,
      });
      return;
    }
    if (step.kind === 'task') {
      if (change.deadline) step.deadline = change.deadline;
      if (change.escalation) step.escalation = change.escalation;
    } else {
      if (change.deadline) step.duration = change.deadline;
      if (change.escalation) step.complaints = { ...step.complaints, escalation: change.escalation };
    }
  });
  if (errors.length > 0) return { ok: false, errors };

  const { effectiveTo: _previousEnd, ...rest } = base;
  const onlineCheck = patch.onlineCompletenessCheck;
  return {
    ok: true,
    definition: {
      ...rest,
      effectiveFrom: patch.effectiveFrom,
      ...(patch.effectiveTo ? { effectiveTo: patch.effectiveTo } : {}),
      ...(patch.legalBasis ? { legalBasis: patch.legalBasis } : {}),
      intake: onlineCheck
        ? {
            ...base.intake,
            onlineCompletenessCheck: {
              ...base.intake.onlineCompletenessCheck,
              ...(onlineCheck.deadline ? { deadline: onlineCheck.deadline } : {}),
              ...(onlineCheck.escalation ? { escalation: onlineCheck.escalation } : {}),
            },
          }
        : base.intake,
      steps,
    },
  };
}

/** Every procedure with all its versions and the one in force today. */
export async function listProcedures(
  deps: AppDeps,
  user: AuthenticatedUser,
): Promise<{ today: string; procedures: ProcedureOverview[] }> {
  assertRole(user, PROCEDURE_READERS);
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
      versions: records,
    };
  });
  return { today, procedures };
}

/** Every version of one procedure and the one in force today; 404 for an unknown procedure. */
export async function procedureVersions(
  deps: AppDeps,
  user: AuthenticatedUser,
  procedureId: string,
): Promise<{ today: string; versions: ProcedureVersionRecord[]; inForceToday?: ProcedureVersionRecord }> {
  assertRole(user, PROCEDURE_READERS);
  const versions = await loadProcedureVersions(deps.pool, procedureId);
  if (versions.length === 0) throw notFound(`Không có thủ tục "${procedureId}"`);
  const today = legalToday(clockOf(deps)());
  const inForce = pickVersionInForce(
    versions.map((record) => record.definition),
    today,
  );
  return {
    today,
    versions,
    ...(inForce ? { inForceToday: versions.find((record) => record.definition === inForce) } : {}),
  };
}

/** One version in full; 404 when the procedure has no such version. */
export async function procedureVersion(
  deps: AppDeps,
  user: AuthenticatedUser,
  procedureId: string,
  version: number,
): Promise<ProcedureVersionRecord> {
  assertRole(user, PROCEDURE_READERS);
  const record = (await loadProcedureVersions(deps.pool, procedureId)).find(
    (candidate) => candidate.definition.version === version,
  );
  if (!record) throw notFound(`Không có phiên bản ${version} của thủ tục "${procedureId}"`);
  return record;
}

export interface PreparedVersion {
  /** The new definition as it would be stored, its version number still a placeholder. */
  definition: ProcedureDefinition;
  /** The version a patch started from (absent for a whole definition). */
  base?: ProcedureDefinition;
}

/**
 * A successor published to start after its predecessor ended (the two-tier route when Decree 147/2025 lapses)
 * continues the version that ended last before that day, so an admin need not look up its number.
 */
function lastEndedBefore(
  existing: readonly ProcedureVersionRecord[],
  date: string,
): ProcedureDefinition | undefined {
  return existing
    .map((record) => record.definition)
    .filter((definition) => definition.effectiveTo !== undefined && definition.effectiveTo < date)
    .sort((a, b) => a.effectiveTo!.localeCompare(b.effectiveTo!))
    .at(-1);
}

/**
 * The definition a change would publish, validated, without storing anything: a whole definition or a patch
 * applied to `basedOnVersion` (default: the version in force on its effectiveFrom, else the one that ended
 * last before it). Throws 404 for an unknown
 * procedure and VALIDATION_FAILED with bilingual field errors (paths under `body.`, as the API reports them),
 * including an effective date before today.
 */
export async function prepareProcedureVersion(
  deps: AppDeps,
  user: AuthenticatedUser,
  procedureId: string,
  change: ProcedureChange,
): Promise<PreparedVersion> {
  assertRole(user, PROCEDURE_PUBLISHERS);
  const existing = await loadProcedureVersions(deps.pool, procedureId);
  if (existing.length === 0) throw notFound(`Không có thủ tục "${procedureId}"`);
  const today = legalToday(clockOf(deps)());

  let candidate: Record<string, unknown>;
  let base: ProcedureDefinition | undefined;
  if (change.kind === 'definition') {
    if (change.definition.id !== undefined && change.definition.id !== procedureId) {
      throw validationFailed([
        {
          path: 'body.definition.id',
          message: `Phải trùng với mã thủ tục trên đường dẫn "${procedureId}"`,
          messageEn: `must match the procedure id in the path "${procedureId}"`,
        },
      ]);
    }
    // The version is assigned when storing; 1 stands in so the schema can check the rest.
    candidate = { ...change.definition, id: procedureId, version: 1 };
  } else {
    base =
      change.basedOnVersion !== undefined
        ? existing.find((record) => record.definition.version === change.basedOnVersion)?.definition
        : (pickVersionInForce(
            existing.map((record) => record.definition),
            change.effectiveFrom,
          ) ?? lastEndedBefore(existing, change.effectiveFrom));
    if (!base) {
      throw validationFailed([
        {
          path: change.basedOnVersion !== undefined ? 'body.basedOnVersion' : 'body.effectiveFrom',
          message:
            change.basedOnVersion !== undefined
              ? `Không có phiên bản ${change.basedOnVersion} của thủ tục "${procedureId}"`
              : `Không có phiên bản nào có hiệu lực vào ngày ${change.effectiveFrom} để sửa đổi`,
        },
      ]);
    }
    const patched = applyProcedurePatch(base, change);
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
      path: change.kind === 'definition' ? 'body.definition.effectiveFrom' : 'body.effectiveFrom',
      message: `Ngày bắt đầu hiệu lực không được trước hôm nay (${today})`,
      messageEn: `must not be before today (${today})`,
    });
  }
  if (!result.ok || errors.length > 0) throw validationFailed(errors);
  return { definition: result.definition, ...(base ? { base } : {}) };
}

/**
 * Checks the change as prepareProcedureVersion does and stores it as the next version, by the admin.
 * `client`: a transaction to publish in (the pages' idempotent confirmation), else one of its own.
 */
export async function publishProcedureVersionAs(
  deps: AppDeps,
  user: Actor,
  procedureId: string,
  change: ProcedureChange,
  client?: PoolClient,
): Promise<ProcedureVersionRecord> {
  const prepared = await prepareProcedureVersion(deps, user, procedureId, change);
  // The app's clock, so a test's moved clock and the stored time agree.
  return inTransactionOf(client ?? deps.pool, async (tx) => {
    const published = await publishProcedureVersion(tx, prepared.definition, user.username, clockOf(deps)());
    await audit(tx, deps, user, {
      action: 'procedure.publish',
      target: { kind: 'procedure', id: procedureId },
      details: { version: published.definition.version, effectiveFrom: published.definition.effectiveFrom },
    });
    return published;
  });
}
