/**
 * Procedure definitions (quy trình): the complete route a dossier follows, as data. The dossier workflow
 * snapshots the definition in force on the day of receipt and interprets it; nothing about a route is coded
 * in the workflow itself.
 *
 * How the workflow reads a definition:
 * - Intake: a dossier submitted online first gets a completeness check at the desk (role, deadline): accept
 *   (form 01 'receipt', the appointment date comes from routeDeadlineWorkingDays), ask for completion (form 02
 *   'completion_request') or refuse (form 03 'intake_refusal'). A dossier handed in at the desk is checked on
 *   the spot by `intake.deskRole`.
 * - Steps run in array order. A step's deadline counts from the day it starts (receipt of the complete dossier
 *   for the first step, hand-over from the previous step otherwise), starting the next day (DOMAIN.md §7).
 * - Task outcomes: 'approve' completes the step, produces `documents`, and moves to the next step; on the step
 *   with `decides: true` it issues the decision. 'refuse' ends the dossier with a written refusal.
 *   'request_documents' stops the clock until the citizen supplements, then the same step resumes.
 *   'return' sends the dossier back to `targetStep` (an earlier step). Each outcome lists the fields the
 *   officer must fill in (`requiredFields`) and the documents it produces.
 * - A 'public_posting' step is a timer: the list is posted for `duration` (with `hiddenFields` never shown);
 *   complaints may be filed until the posting ends, each resolved by `complaints.resolverRole` within
 *   `complaints.resolutionDeadline`; the route continues when the posting has ended and every complaint is
 *   resolved. An upheld complaint sends the dossier back to `complaints.upheldReturnsTo`.
 * - `optional: true` marks a step whose legal status is unsettled ([U]); it runs unless the dossier's snapshot
 *   skips it (see stepsInRoute).
 * - Escalation: a reminder `remindBefore` the due date; when overdue, the roles in `notifyRoles` are told
 *   (again every `repeatEvery` if given) and the task may be reassigned to `reassignToRole`.
 */
import { z } from 'zod';
import { APPLICATION_FORMS, BENEFICIARY_CLAUSES } from '../benefit-categories';
import { ENTITLEMENT_CHANGE_KINDS } from '../entitlement-changes';
import { isIsoDate } from '../iso-date';
import { isAcceptableText } from '../text';
import {
  ADMINISTRATIVE_LEVELS,
  DOCUMENT_KIND_KEYS,
  OUTCOME_FIELDS,
  PAYMENT_KINDS,
  PAYMENT_START_RULES,
  ROLES,
  TIERS,
  TIME_UNITS,
} from './vocabulary';

const positiveInteger = z
  .number({ error: 'positive_integer' })
  .int({ error: 'positive_integer' })
  .positive({ error: 'positive_integer' });
const isoDate = z.string({ error: 'iso_date' }).refine(isIsoDate, { error: 'iso_date' });
// Titles and legal bases print on documents and reach the read model: acceptable text (domain/text) only.
const nonEmptyText = z
  .string({ error: 'non_empty_text' })
  .refine(isAcceptableText, { error: 'acceptable_text', abort: true })
  .trim()
  .min(1, { error: 'non_empty_text' });
const trueOrAbsent = z.literal(true, { error: 'true_or_absent' }).optional();

export const RoleSchema = z.enum(ROLES);
export const AdministrativeLevelSchema = z.enum(ADMINISTRATIVE_LEVELS);
export const DocumentKindSchema = z.enum(DOCUMENT_KIND_KEYS);

export const DurationSchema = z.strictObject({
  amount: positiveInteger,
  unit: z.enum(TIME_UNITS),
});
export type Duration = z.infer<typeof DurationSchema>;

export const ActorSchema = z.strictObject({
  level: AdministrativeLevelSchema,
  role: RoleSchema,
});
export type Actor = z.infer<typeof ActorSchema>;

export const EscalationSchema = z.strictObject({
  remindBefore: DurationSchema.optional(),
  whenOverdue: z.strictObject({
    notifyRoles: z.array(RoleSchema).min(1, { error: 'at_least_one' }),
    reassignToRole: RoleSchema.optional(),
    repeatEvery: DurationSchema.optional(),
    /** How many times the escalation repeats after the first (DEFAULT_ESCALATION_REPEATS when absent). */
    maxRepeats: z.number().int().min(0).max(100).optional(),
  }),
});
export type Escalation = z.infer<typeof EscalationSchema>;

/**
 * Repeats of an overdue task's escalation when the procedure names none: a fortnight of daily reminders
 * reaches everyone who will act; more only grows the dossier's history (each repeat is ~17 events).
 */
export const DEFAULT_ESCALATION_REPEATS = 10;

const outcomeFields = z.array(z.enum(OUTCOME_FIELDS));
const outcomeDocuments = z.array(DocumentKindSchema).default([]);

export const OutcomeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('approve'), requiredFields: outcomeFields.default([]) }),
  z.strictObject({ kind: z.literal('refuse'), requiredFields: outcomeFields, documents: outcomeDocuments }),
  z.strictObject({
    kind: z.literal('request_documents'),
    requiredFields: outcomeFields,
    documents: outcomeDocuments,
  }),
  z.strictObject({
    kind: z.literal('return'),
    requiredFields: outcomeFields,
    /** Key of an earlier step the dossier goes back to. */
    targetStep: nonEmptyText,
    documents: outcomeDocuments,
  }),
]);
export type Outcome = z.infer<typeof OutcomeSchema>;

const stepKey = z.string({ error: 'step_key' }).regex(/^[a-z][a-z0-9_]*$/, { error: 'step_key' });

const stepCommon = {
  key: stepKey,
  title: nonEmptyText,
  actor: ActorSchema,
  /** Documents produced when the step completes and the dossier moves on. */
  documents: z.array(DocumentKindSchema).default([]),
  optional: trueOrAbsent,
};

export const TaskStepSchema = z.strictObject({
  ...stepCommon,
  kind: z.literal('task'),
  deadline: DurationSchema,
  escalation: EscalationSchema,
  outcomes: z.array(OutcomeSchema).min(1, { error: 'at_least_one' }),
  /** The step that signs the decision (exactly one per route). */
  decides: trueOrAbsent,
  /**
   * Officers may approve several dossiers' tasks of this step at once (e.g. a verification council's list).
   * Never on the deciding step: each decision is signed on its own.
   */
  bulkApproval: trueOrAbsent,
  /**
   * How many times this step may ask for missing documents (form 02), which must list everything at once
   * (DEFAULT_SUPPLEMENT_REQUESTS when absent).
   */
  maxSupplementRequests: z.number().int().min(1).max(10).optional(),
});
export type TaskStep = z.infer<typeof TaskStepSchema>;

export const PublicPostingStepSchema = z.strictObject({
  ...stepCommon,
  kind: z.literal('public_posting'),
  duration: DurationSchema,
  /** Dossier fields never shown on the posting; must include hivStatus and idNumber. */
  hiddenFields: z.array(z.string().regex(/^[a-z][A-Za-z0-9]*$/, { error: 'field_name' })),
  complaints: z.strictObject({
    window: z.literal('until_posting_ends'),
    resolutionDeadline: DurationSchema,
    resolverRole: RoleSchema,
    /** Key of an earlier step an upheld complaint sends the dossier back to (usually verification). */
    upheldReturnsTo: nonEmptyText,
    escalation: EscalationSchema.optional(),
  }),
});
export type PublicPostingStep = z.infer<typeof PublicPostingStepSchema>;

export const StepSchema = z.discriminatedUnion('kind', [TaskStepSchema, PublicPostingStepSchema]);
export type Step = z.infer<typeof StepSchema>;

export const IntakeSchema = z.strictObject({
  /** Where the one-stop desk that receives the dossier sits. */
  level: AdministrativeLevelSchema,
  /** Who receives and checks a dossier handed in at the desk. */
  deskRole: RoleSchema,
  onlineCompletenessCheck: z.strictObject({
    role: RoleSchema,
    deadline: DurationSchema,
    escalation: EscalationSchema.optional(),
  }),
});
export type Intake = z.infer<typeof IntakeSchema>;

export const PaymentSchema = z.strictObject({
  kind: z.enum(PAYMENT_KINDS),
  startRule: z.enum(PAYMENT_START_RULES),
  payerRole: RoleSchema,
});
export type Payment = z.infer<typeof PaymentSchema>;

export const CategoryScopeSchema = z.strictObject({
  clauses: z.array(z.enum(BENEFICIARY_CLAUSES)).min(1, { error: 'at_least_one' }).optional(),
  applicationForms: z.array(z.enum(APPLICATION_FORMS)).min(1, { error: 'at_least_one' }).optional(),
});

/** Unit names a paperwork line may name, filled in per dossier: '{commune}', '{decider}', '{province}'. */
export const PAPERWORK_PLACEHOLDERS = ['commune', 'decider', 'province'] as const;
const paperworkText = nonEmptyText.refine(
  (value) =>
    [...value.matchAll(/\{([^}]*)\}/gu)].every((m) =>
      (PAPERWORK_PLACEHOLDERS as readonly string[]).includes(m[1] ?? ''),
    ),
  { error: 'paperwork_placeholder' },
);

/**
 * How this route's papers name posts and offices, which change with the organisation of local government
 * (the district labour office and the commune's labour-invalids-social-affairs officer exist only under the
 * three-tier route). Absent in versions published before it existed: see paperworkOf (paperwork.ts).
 */
export const PaperworkSchema = z.strictObject({
  /** Titles of posts where this route differs from domain/roles' ROLE_TITLES (on papers and form 06). */
  roleTitles: z.partialRecord(RoleSchema, nonEmptyText).optional(),
  /** Who proposes the decision: printed 'Theo đề nghị của …'. */
  proposedBy: paperworkText,
  /** Who carries the decision out, named in its last article before the beneficiary. */
  implementers: z.array(paperworkText).min(1, { error: 'at_least_one' }),
  /** Recipients of the decision (Nơi nhận), before the archive line. */
  recipients: z.array(paperworkText).min(1, { error: 'at_least_one' }),
  /** The drafting office's abbreviation after 'Lưu: VT, ' (e.g. 'VHXH'). */
  archiveUnit: nonEmptyText,
});
export type Paperwork = z.infer<typeof PaperworkSchema>;

/** The shape alone; ProcedureDefinitionSchema (validate.ts) adds the rules that span several fields. */
export const ProcedureDefinitionShape = z.strictObject({
  id: z.string({ error: 'procedure_id' }).regex(/^[a-z][a-z0-9-]*$/, { error: 'procedure_id' }),
  version: positiveInteger,
  title: nonEmptyText,
  legalBasis: z.array(nonEmptyText).min(1, { error: 'at_least_one' }),
  effectiveFrom: isoDate,
  /** Last day in force (inclusive); absent while in force. */
  effectiveTo: isoDate.optional(),
  tier: z.enum(TIERS),
  categoryScope: CategoryScopeSchema.optional(),
  intake: IntakeSchema,
  steps: z.array(StepSchema).min(1, { error: 'at_least_one' }),
  payment: PaymentSchema.optional(),
  /**
   * Set on the routes that change an existing monthly entitlement (domain/entitlement-changes.ts): an officer
   * starts them from the entitlement, nobody applies for them, and their decision is the allowance-change
   * decision whose effect (end, new amount, new commune) the read model applies. Never with `payment`.
   */
  entitlementChange: z.enum(ENTITLEMENT_CHANGE_KINDS).optional(),
  paperwork: PaperworkSchema.optional(),
});

export type ProcedureDefinition = z.infer<typeof ProcedureDefinitionShape>;
/** What an admin or a seed writes: defaults (empty document lists) may be left out. */
export type ProcedureDefinitionInput = z.input<typeof ProcedureDefinitionShape>;
