/**
 * A patch publishes a new procedure version that changes only deadlines and escalations of an existing one,
 * which is what admins change most (a province shortening a step, a new reminder). The result is a full
 * definition that goes through the same validation as one sent whole.
 */
import { z } from 'zod';
import { DurationSchema, EscalationSchema, type ProcedureDefinition } from '../../domain/procedures';
import type { FieldError } from '../../app/errors';
import { IsoDateSchema, vietnameseText } from '../../app/schemas';

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
