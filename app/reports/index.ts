/**
 * Reports over the dossier read model (issue 13): the use case every adapter calls. The caller sees only their
 * units, like every other read: a chosen unit outside their scope is refused (403) before anything is counted.
 */
import { listUnits } from '../../db/units';
import { callerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import { unitsInScope } from '../auth/unit-scope';
import { clockOf, legalToday, type AppDeps } from '../deps';
import { backlogReport } from './backlog';
import { beneficiariesReport } from './beneficiaries';
import { calendarCache, type ReportContext, type ReportDefinition } from './context';
import { planReport } from './plan';
import { resolvePeriod, type ReportQuery } from './query';
import { slaReport } from './sla';
import { form10aReport, form10bReport, form10cReport, form10dReport } from './statutory';
import type { Report } from './table';

export const REPORTS = {
  sla: slaReport,
  backlog: backlogReport,
  beneficiaries: beneficiariesReport,
  'form-10a': form10aReport,
  'form-10b': form10bReport,
  'form-10c': form10cReport,
  'form-10d': form10dReport,
  plan: planReport,
} as const satisfies Record<string, ReportDefinition>;
export type ReportName = keyof typeof REPORTS;
export const REPORT_NAMES = Object.keys(REPORTS) as [ReportName, ...ReportName[]];

export async function buildReport(
  deps: AppDeps,
  user: AuthenticatedUser,
  name: ReportName,
  query: ReportQuery,
): Promise<Report> {
  const today = legalToday(clockOf(deps)());
  const period = resolvePeriod(query, today);
  // Side by side: every report pays for these two reads before it counts anything.
  const [scope, units] = await Promise.all([callerScope(deps, user), listUnits(deps.pool)]);
  if (query.unitCode) scope.assertAccess(query.unitCode);
  const root = query.unitCode ?? user.unitCode;
  const filter = {
    ...period,
    ...(query.unitCode ? { unitCode: query.unitCode } : {}),
    ...(query.procedureId ? { procedureId: query.procedureId } : {}),
  };
  const context: ReportContext = {
    pool: deps.pool,
    filter,
    query: {
      ...period,
      rootUnit: root,
      ...(query.procedureId ? { procedureId: query.procedureId } : {}),
    },
    directory: {
      root,
      parents: scope.parents,
      formerParents: scope.formerParents,
      names: new Map(units.map((unit) => [unit.code, unit.name])),
      unitCodes: unitsInScope({ role: user.role, unitCode: root }, scope.parents, scope.formerParents),
    },
    today,
    calendarFor: calendarCache(deps.pool),
  };
  const definition: ReportDefinition = REPORTS[name];
  const body = await definition.build(context);
  return { report: name, title: definition.title, filter, generatedOn: today, ...body };
}

/** The units a caller may report on, for the dashboard's unit choice: their own first, then those under it. */
export async function reportUnitsOf(
  deps: AppDeps,
  user: AuthenticatedUser,
): Promise<Array<{ code: string; name: string }>> {
  const scope = await callerScope(deps, user);
  const inScope = new Set(scope.unitCodes());
  return (await listUnits(deps.pool))
    .filter((unit) => inScope.has(unit.code))
    .sort(
      (a, b) =>
        Number(b.code === user.unitCode) - Number(a.code === user.unitCode) || a.code.localeCompare(b.code),
    )
    .map((unit) => ({ code: unit.code, name: unit.name }));
}
