/**
 * The procedures a citizen can apply for today: the version of each procedure in force on the legal date,
 * with its legal basis, its steps (who, how long) and the total time, as the home page lists them.
 */
import { loadAllProcedureVersions } from '../../db/procedures';
import {
  pickVersionInForce,
  roleTitleOn,
  routeDeadlineTotals,
  type ProcedureDefinition,
  type Step,
} from '../../domain/procedures';
import { citeBases } from '../../domain/legal-instruments';
import { clockOf, legalToday, type AppDeps } from '../deps';

export interface OfferedStep {
  title: string;
  office: string;
  /** '7 ngày làm việc', '2 ngày' */
  duration: string;
  optional: boolean;
}

export interface OfferedProcedure {
  id: string;
  version: number;
  title: string;
  legalBasis: string[];
  tierText: string;
  steps: OfferedStep[];
  /** '10 ngày làm việc', '2 ngày' or both joined. */
  totalTime: string;
  effectiveFrom: string;
}

const UNIT_TEXT = { working_days: 'ngày làm việc', calendar_days: 'ngày' } as const;

function durationText(amount: number, unit: keyof typeof UNIT_TEXT): string {
  return `${amount} ${UNIT_TEXT[unit]}`;
}

function stepDuration(step: Step): string {
  const duration = step.kind === 'task' ? step.deadline : step.duration;
  return durationText(duration.amount, duration.unit);
}

function offered(definition: ProcedureDefinition): OfferedProcedure {
  const totals = routeDeadlineTotals(definition);
  const total = (['working_days', 'calendar_days'] as const)
    .filter((unit) => totals[unit] > 0)
    .map((unit) => durationText(totals[unit], unit))
    .join(' và ');
  return {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    // Cited as the decision cites them: the catalogue's number, date, issuer and summary.
    legalBasis: citeBases(definition.legalBasis).map((line) => line.replace(/^Căn cứ /u, '')),
    tierText:
      definition.tier === 'two-tier'
        ? 'Chính quyền địa phương hai cấp: Ủy ban nhân dân cấp xã giải quyết'
        : 'Ba cấp: cấp xã xét duyệt, cấp huyện thẩm định và quyết định',
    steps: definition.steps.map((step) => ({
      title: step.title,
      office: roleTitleOn(definition, step.actor.role),
      duration: stepDuration(step),
      optional: step.optional === true,
    })),
    totalTime: total,
    effectiveFrom: definition.effectiveFrom,
  };
}

/**
 * Every procedure with a version in force today, by title. Changes to an entitlement are started by officers
 * from the beneficiary's dossier, never applied for: listed only when `withChanges` (filters of searches and
 * reports).
 */
export async function proceduresOnOffer(
  deps: AppDeps,
  options: { withChanges?: boolean } = {},
): Promise<OfferedProcedure[]> {
  const today = legalToday(clockOf(deps)());
  const byId = new Map<string, ProcedureDefinition[]>();
  for (const record of await loadAllProcedureVersions(deps.pool)) {
    const list = byId.get(record.definition.id) ?? [];
    list.push(record.definition);
    byId.set(record.definition.id, list);
  }
  const inForce = [...byId.values()]
    .map((versions) => pickVersionInForce(versions, today))
    .filter((definition): definition is ProcedureDefinition => definition !== undefined)
    .filter((definition) => options.withChanges === true || !definition.entitlementChange);
  return inForce.map(offered).sort((a, b) => a.title.localeCompare(b.title, 'vi'));
}
