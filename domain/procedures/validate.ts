/**
 * Validation of procedure definitions for admins: every error names the field path and says what is wrong
 * in Vietnamese and in English. Shape errors come from the zod schema; the rules that span fields (step
 * keys, return targets, the deciding step, dates, tier) are checked once the shape is right.
 */
import { z } from 'zod';
import { FIELD_MESSAGES, isFieldMessageKey, type BilingualMessage } from './messages';
import { ProcedureDefinitionShape, type ProcedureDefinition, type Step } from './schema';
import { ALWAYS_HIDDEN_ON_POSTING } from './vocabulary';

export interface ProcedureValidationError {
  /** Dotted path into the definition, e.g. 'steps.2.deadline.amount'; '' for the definition itself. */
  readonly path: string;
  readonly message_vi: string;
  readonly message_en: string;
}

export type ProcedureValidationResult =
  | { readonly ok: true; readonly definition: ProcedureDefinition }
  | { readonly ok: false; readonly errors: readonly ProcedureValidationError[] };

type Path = readonly (string | number)[];
type RuleViolation = { readonly path: Path } & BilingualMessage;

function stepIndexByKey(steps: readonly Step[]): Map<string, number> {
  const indexByKey = new Map<string, number>();
  steps.forEach((step, index) => {
    if (!indexByKey.has(step.key)) indexByKey.set(step.key, index);
  });
  return indexByKey;
}

/** A return target must be a known, earlier, non-optional step. */
function checkBackwardTarget(
  steps: readonly Step[],
  fromIndex: number,
  target: string,
  path: Path,
): RuleViolation | undefined {
  const targetIndex = stepIndexByKey(steps).get(target);
  if (targetIndex === undefined) {
    return { path, vi: `không có bước nào có key "${target}"`, en: `no step has key "${target}"` };
  }
  if (targetIndex >= fromIndex) {
    return {
      path,
      vi: `phải là một bước đứng trước bước này, "${target}" không đứng trước`,
      en: `must be an earlier step, "${target}" is not earlier`,
    };
  }
  if (steps[targetIndex]?.optional) {
    return {
      path,
      vi: `không được trỏ tới bước tùy chọn "${target}" (bước đó có thể bị bỏ qua)`,
      en: `must not target the optional step "${target}" (it may be skipped)`,
    };
  }
  return undefined;
}

const REQUIRED_OUTCOME_FIELD: Partial<Record<string, 'reason' | 'missingDocuments'>> = {
  refuse: 'reason',
  return: 'reason',
  request_documents: 'missingDocuments',
};

function checkTaskOutcomes(steps: readonly Step[], stepIndex: number): RuleViolation[] {
  const step = steps[stepIndex];
  if (step?.kind !== 'task') return [];
  const violations: RuleViolation[] = [];
  const seenKinds = new Set<string>();
  step.outcomes.forEach((outcome, outcomeIndex) => {
    const outcomePath = ['steps', stepIndex, 'outcomes', outcomeIndex];
    if (seenKinds.has(outcome.kind)) {
      violations.push({
        path: [...outcomePath, 'kind'],
        vi: `kết quả "${outcome.kind}" bị lặp lại trong bước`,
        en: `outcome "${outcome.kind}" appears twice in the step`,
      });
    }
    seenKinds.add(outcome.kind);
    const mustRequire = REQUIRED_OUTCOME_FIELD[outcome.kind];
    if (mustRequire && !outcome.requiredFields.includes(mustRequire)) {
      violations.push({
        path: [...outcomePath, 'requiredFields'],
        vi: `kết quả "${outcome.kind}" phải yêu cầu trường "${mustRequire}"`,
        en: `outcome "${outcome.kind}" must require the field "${mustRequire}"`,
      });
    }
    if (outcome.kind === 'return') {
      const violation = checkBackwardTarget(steps, stepIndex, outcome.targetStep, [
        ...outcomePath,
        'targetStep',
      ]);
      if (violation) violations.push(violation);
    }
  });
  if (!seenKinds.has('approve')) {
    violations.push({
      path: ['steps', stepIndex, 'outcomes'],
      vi: 'phải có kết quả "approve" để hồ sơ đi tiếp',
      en: 'must include the outcome "approve" so the dossier can move on',
    });
  }
  return violations;
}

function checkPosting(steps: readonly Step[], stepIndex: number): RuleViolation[] {
  const step = steps[stepIndex];
  if (step?.kind !== 'public_posting') return [];
  const violations: RuleViolation[] = [];
  const missing = ALWAYS_HIDDEN_ON_POSTING.filter((field) => !step.hiddenFields.includes(field));
  if (missing.length > 0) {
    violations.push({
      path: ['steps', stepIndex, 'hiddenFields'],
      vi: `phải ẩn các trường: ${missing.join(', ')}`,
      en: `must hide the fields: ${missing.join(', ')}`,
    });
  }
  const violation = checkBackwardTarget(steps, stepIndex, step.complaints.upheldReturnsTo, [
    'steps',
    stepIndex,
    'complaints',
    'upheldReturnsTo',
  ]);
  if (violation) violations.push(violation);
  return violations;
}

function checkDecidingStep(steps: readonly Step[]): RuleViolation[] {
  const deciding = steps.flatMap((step, index) => (step.kind === 'task' && step.decides ? [index] : []));
  if (deciding.length === 0) {
    return [
      {
        path: ['steps'],
        vi: 'phải có đúng một bước ra quyết định (decides: true), hiện không có bước nào',
        en: 'exactly one step must issue the decision (decides: true), none does',
      },
    ];
  }
  const violations: RuleViolation[] = deciding.slice(1).map((index) => ({
    path: ['steps', index, 'decides'],
    vi: `chỉ được có một bước ra quyết định, bước "${steps[deciding[0] as number]?.key}" đã ra quyết định`,
    en: `only one step may issue the decision, step "${steps[deciding[0] as number]?.key}" already does`,
  }));
  for (const index of deciding) {
    if (steps[index]?.optional) {
      violations.push({
        path: ['steps', index, 'optional'],
        vi: 'bước ra quyết định không được là bước tùy chọn',
        en: 'the deciding step must not be optional',
      });
    }
    const step = steps[index];
    if (step?.kind === 'task' && step.bulkApproval) {
      violations.push({
        path: ['steps', index, 'bulkApproval'],
        vi: 'bước ra quyết định không được duyệt hàng loạt: mỗi quyết định phải được ký riêng',
        en: 'the deciding step cannot allow bulk approval: each decision is signed on its own',
      });
    }
  }
  return violations;
}

function checkCrossFieldRules(definition: ProcedureDefinition): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (definition.effectiveTo !== undefined && definition.effectiveTo < definition.effectiveFrom) {
    violations.push({
      path: ['effectiveTo'],
      vi: `không được trước ngày bắt đầu hiệu lực ${definition.effectiveFrom}`,
      en: `must not be before effectiveFrom ${definition.effectiveFrom}`,
    });
  }

  const firstIndexOfKey = stepIndexByKey(definition.steps);
  definition.steps.forEach((step, index) => {
    if (firstIndexOfKey.get(step.key) !== index) {
      violations.push({
        path: ['steps', index, 'key'],
        vi: `key "${step.key}" bị trùng với bước số ${firstIndexOfKey.get(step.key)}`,
        en: `key "${step.key}" is already used by step ${firstIndexOfKey.get(step.key)}`,
      });
    }
    if (definition.tier === 'two-tier' && step.actor.level === 'district') {
      violations.push({
        path: ['steps', index, 'actor', 'level'],
        vi: 'quy trình hai cấp không có cấp huyện',
        en: 'a two-tier procedure has no district level',
      });
    }
    violations.push(...checkTaskOutcomes(definition.steps, index), ...checkPosting(definition.steps, index));
  });
  violations.push(...checkDecidingStep(definition.steps));
  if (definition.entitlementChange && (definition.payment || definition.categoryScope)) {
    violations.push({
      path: ['entitlementChange'],
      vi: 'quy trình thay đổi trợ cấp đang hưởng không có phần chi trả (payment) hay diện đối tượng (categoryScope)',
      en: 'a procedure changing an existing entitlement has no payment and no categoryScope',
    });
  }
  return violations;
}

/** The full schema: shape plus cross-field rules. `.parse()` it where a definition must be trusted. */
export const ProcedureDefinitionSchema = ProcedureDefinitionShape.superRefine((definition, context) => {
  for (const violation of checkCrossFieldRules(definition)) {
    context.addIssue({
      code: 'custom',
      path: [...violation.path],
      message: violation.en,
      params: { message_vi: violation.vi },
    });
  }
});

const TYPE_NAMES_VI: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  boolean: 'true/false',
  object: 'đối tượng',
  array: 'danh sách',
};

function valueAt(root: unknown, path: Path): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function listOf(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

/** Turns one zod issue into a bilingual message. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): BilingualMessage {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  if (issue.code === 'custom' && typeof issue.params?.message_vi === 'string') {
    return { vi: issue.params.message_vi, en: issue.message };
  }
  if (issue.code === 'invalid_type' && valueAt(input, path) === undefined) {
    return { vi: 'bắt buộc phải có', en: 'is required' };
  }
  if (isFieldMessageKey(issue.message)) return FIELD_MESSAGES[issue.message];
  switch (issue.code) {
    case 'invalid_type':
      return {
        vi: `phải là ${TYPE_NAMES_VI[issue.expected] ?? issue.expected}`,
        en: `must be ${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}`,
      };
    case 'invalid_value':
      return issue.values.length === 1
        ? { vi: `phải là ${listOf(issue.values)}`, en: `must be ${listOf(issue.values)}` }
        : { vi: `phải là một trong: ${listOf(issue.values)}`, en: `must be one of: ${listOf(issue.values)}` };
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options)) {
        return { vi: `phải là một trong: ${listOf(options)}`, en: `must be one of: ${listOf(options)}` };
      }
      return { vi: 'không khớp với dạng nào được phép', en: 'does not match any allowed form' };
    }
    case 'unrecognized_keys':
      return {
        vi: `có trường không được phép: ${issue.keys.join(', ')}`,
        en: `has unknown field(s): ${issue.keys.join(', ')}`,
      };
    case 'too_small':
      return {
        vi: `phải có ít nhất ${String(issue.minimum)} phần tử`,
        en: `must have at least ${String(issue.minimum)} item(s)`,
      };
    default:
      return { vi: 'giá trị không hợp lệ', en: issue.message };
  }
}

/** Parses an admin-supplied definition: the definition, or every error found (field path + vi + en). */
export function validateProcedure(input: unknown): ProcedureValidationResult {
  const result = ProcedureDefinitionSchema.safeParse(input);
  if (result.success) return { ok: true, definition: result.data };
  const errors = result.error.issues.map((issue) => {
    const message = describeIssue(issue, input);
    return {
      path: issue.path.map(String).join('.'),
      message_vi: message.vi,
      message_en: message.en,
    };
  });
  return { ok: false, errors };
}
