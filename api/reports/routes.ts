/** GET /api/reports/{report}: reports over the read model as JSON, CSV or XLSX (app/reports). */
import { z } from 'zod';
import { buildReport, REPORT_NAMES } from '../../app/reports';
import { reportFile } from '../../app/reports/export';
import { sendReportFile } from '../../http/send-report-file';
import { enterPlanInput, PlanInputSchema } from '../../app/reports/plan-inputs';
import { ReportQuerySchema } from '../../app/reports/query';
import { UnitCodeSchema } from '../../app/schemas';
import { OFFICER_ROLES, READ_ONLY_ROLES } from '../../app/tasks/inbox';
import type { RouteModule } from '../route-registry';

const CellSchema = z.union([z.string(), z.number(), z.null()]);
const ReportSchema = z
  .object({
    report: z.string(),
    title: z.string(),
    filter: z.object({
      from: z.string(),
      to: z.string(),
      unitCode: z.string().optional(),
      procedureId: z.string().optional(),
    }),
    generatedOn: z.string(),
    notes: z.array(z.string()),
    tables: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        columns: z.array(
          z.object({
            key: z.string(),
            header: z.string(),
            type: z.enum(['text', 'integer', 'money', 'decimal', 'percent', 'date']),
          }),
        ),
        rows: z.array(z.record(z.string(), CellSchema)),
      }),
    ),
  })
  .meta({ id: 'Report' });

export const reportRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/reports/:report',
    summary: 'A report on the caller’s units (SLA, backlog, beneficiaries, forms 10a–10d, yearly plan)',
    description:
      'Reports: sla (dossiers received, finished early / on time / late, in progress; working days per step), ' +
      'backlog (overdue steps now and their age), beneficiaries (monthly allowances by Decree 20 clause), ' +
      'form-10a…form-10d (semi-annual reports of Decree 20 Art. 36), plan (yearly report against the plan’s ' +
      'targets). Period `from`–`to` (inclusive, at most 5 years; default 1 January to today); `unitCode` must ' +
      'be in the caller’s scope (403 otherwise). format=csv answers one table (`table`, default the first) as ' +
      'UTF-8 CSV with BOM; format=xlsx a workbook with one sheet per table.',
    tags: ['reports'],
    auth: [...OFFICER_ROLES, ...READ_ONLY_ROLES],
    params: z.strictObject({ report: z.enum(REPORT_NAMES) }),
    query: ReportQuerySchema,
    response: {
      status: 200,
      description: 'The report (JSON; CSV or XLSX with format)',
      schema: ReportSchema,
    },
    errors: [403],
    handler: async ({ params, query, auth, res }) => {
      const report = await buildReport(deps, auth.user, params.report, query);
      if (query.format === 'json') return report;
      await sendReportFile(res, reportFile(report, query.format, query.table));
      // Already streamed: the registry sends nothing more once headers are out.
      return report;
    },
  });

  routes.add({
    method: 'put',
    path: '/api/reports/plan-inputs/:unitCode/:year',
    summary: 'Enter the yearly plan report’s figures for a unit (admins)',
    description:
      'People in special hardship living in the unit, and how many of them got comprehensive social ' +
      'assistance services that year: the two figures the plan report sets beside the system’s own count.',
    tags: ['reports'],
    auth: ['admin'],
    params: z.strictObject({ unitCode: UnitCodeSchema, year: z.coerce.number().int().min(2000).max(2100) }),
    body: PlanInputSchema,
    response: { status: 204, description: 'Saved (replaces earlier figures of that unit and year)' },
    errors: [403],
    handler: async ({ params, body, auth }) => {
      await enterPlanInput(deps, auth.user, params.unitCode, params.year, body);
    },
  });
};
