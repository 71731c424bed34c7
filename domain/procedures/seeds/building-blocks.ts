/**
 * Small pieces the seeded definitions are written with, so each seed reads like the table in DOMAIN.md §4.
 */
import { basisText } from '../../legal-instruments';
import type { ProcedureDefinitionInput } from '../schema';
import type { Role } from '../vocabulary';

type StepInput = ProcedureDefinitionInput['steps'][number];
type OutcomeInput = Extract<StepInput, { kind: 'task' }>['outcomes'][number];
type EscalationInput = Extract<StepInput, { kind: 'task' }>['escalation'];

export const workingDays = (amount: number) => ({ amount, unit: 'working_days' as const });
export const calendarDays = (amount: number) => ({ amount, unit: 'calendar_days' as const });

/** Legal bases name catalogued instruments (domain/legal-instruments); documents cite them in full. */
export const LEGAL_BASIS_DECREE_20 = basisText({ instrument: 'decree-20-2021' });
export const decree20Article = (article: number) =>
  basisText({ instrument: 'decree-20-2021', provision: `Điều ${article}` });
/** [S]: the decree that moved the decision to the commune under two-tier local government. */
export const LEGAL_BASIS_DECREE_147 = basisText({ instrument: 'decree-147-2025' });

/**
 * [S] (DOMAIN.md §2): the commune-chairman authority of Decree 147/2025 is temporary and applies until
 * 01/03/2027, i.e. the decree ceases to have effect from that day. effectiveTo is the last day in force
 * (domain/effective-period.ts), so the two-tier route versions that rest on it end on 28/02/2027. A dossier
 * received after that is refused at submission unless an admin has published a successor version; admins are
 * warned 60 days ahead (app/admin/warnings.ts).
 */
export const DECREE_147_LAST_DAY = '2027-02-28';

/** Online dossiers are checked within one working day (8 working hours, Decree 107/2021 [S]). */
export const COMMUNE_INTAKE = {
  level: 'commune',
  deskRole: 'intake_clerk',
  onlineCompletenessCheck: { role: 'intake_clerk', deadline: workingDays(1) },
} as const satisfies ProcedureDefinitionInput['intake'];

/** Remind one working day ahead; when overdue tell the supervisor every working day. */
export function escalateTo(notifyRoles: Role[], reminderDays = 1): EscalationInput {
  return {
    remindBefore: workingDays(reminderDays),
    whenOverdue: { notifyRoles, repeatEvery: workingDays(1) },
  };
}

/** Same, for steps counted in calendar days (urgent aid: the supervisor hears of it the same day). */
export function escalateUrgentlyTo(notifyRoles: Role[]): EscalationInput {
  return { whenOverdue: { notifyRoles, repeatEvery: calendarDays(1) } };
}

export const APPROVE: OutcomeInput = { kind: 'approve' };
export const REFUSE_IN_WRITING: OutcomeInput = {
  kind: 'refuse',
  requiredFields: ['reason'],
  documents: ['refusal_letter'],
};
export const REQUEST_DOCUMENTS: OutcomeInput = {
  kind: 'request_documents',
  requiredFields: ['reason', 'missingDocuments'],
  documents: ['completion_request'],
};
export function returnTo(targetStep: string): OutcomeInput {
  return { kind: 'return', requiredFields: ['reason'], targetStep };
}

/** Public posting at the commune: 2 working days, complaints resolved by the chairman within 10. */
export function communePosting(options: { upheldReturnsTo: string; optional?: true }): StepInput {
  return {
    key: 'public_posting',
    title: 'Niêm yết công khai kết quả xét duyệt',
    kind: 'public_posting',
    actor: { level: 'commune', role: 'commune_officer' },
    duration: workingDays(2),
    hiddenFields: ['hivStatus', 'idNumber'],
    complaints: {
      window: 'until_posting_ends',
      resolutionDeadline: workingDays(10),
      resolverRole: 'commune_chairman',
      upheldReturnsTo: options.upheldReturnsTo,
      escalation: escalateTo(['commune_chairman'], 2),
    },
    documents: ['posting_notice', 'posting_minutes'],
    ...(options.optional ? { optional: true as const } : {}),
  };
}
