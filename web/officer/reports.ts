/**
 * `/can-bo/bao-cao`: the report dashboard — on-time results per unit and working days per step as charts (with
 * the same figures in tables), the overdue backlog now, and every report to download as CSV or XLSX
 * (`/can-bo/bao-cao/tai-ve/:report.:format`). The filter is a GET form: nothing in it is personal.
 */
import type { Request } from 'express';
import { AppError } from '../../app/errors';
import { proceduresOnOffer } from '../../app/procedures/catalogue';
import { buildReport, REPORT_NAMES, REPORTS, reportUnitsOf, type ReportName } from '../../app/reports';
import { reportFile } from '../../app/reports/export';
import { ReportQuerySchema, type ReportQuery } from '../../app/reports/query';
import type { Report, ReportRow } from '../../app/reports/table';
import { OFFICER_ROLES, READ_ONLY_ROLES } from '../../app/tasks/inbox';
import { sendReportFile } from '../../http/send-report-file';
import type { PageModule } from '../app';
import { parseForm } from '../form-errors';
import { displayDate, isoFromDisplayDate } from '../format';
import { renderPage, userOf, type PageFieldError } from '../page';
import { barChart } from '../report-charts';
import { requireOfficer } from '../session';

const DASHBOARD = '/can-bo/bao-cao';
const FIELDS = ['from', 'to', 'unitCode', 'procedureId'] as const;

/** The form's values as typed, and the query the reports take (dates typed dd/mm/yyyy). */
function formOf(req: Request): { values: Record<string, string>; input: Record<string, unknown> } {
  const values = Object.fromEntries(
    FIELDS.flatMap((field) => {
      const value = req.query[field];
      return typeof value === 'string' && value.trim() !== '' ? [[field, value.trim()]] : [];
    }),
  );
  return {
    values,
    input: {
      ...values,
      ...(values.from ? { from: isoFromDisplayDate(values.from) } : {}),
      ...(values.to ? { to: isoFromDisplayDate(values.to) } : {}),
    },
  };
}

const DATE_MESSAGE = 'Nhập ngày có thật, dạng ngày/tháng/năm, ví dụ 05/01/2026';
function pageErrors(errors: readonly { field: string; message: string }[]): PageFieldError[] {
  return errors.map((error) => ({
    field: error.field.replace(/^query\./, ''),
    message: /YYYY-MM-DD/.test(error.message) ? DATE_MESSAGE : error.message,
  }));
}

const sum = (rows: ReportRow[], key: string) => rows.reduce((total, row) => total + Number(row[key] ?? 0), 0);

/** The dossier results per unit, all procedures together (or the one chosen). */
function unitResults(sla: Report) {
  const rows = sla.tables.find((t) => t.key === 'dossiers')!.rows;
  const units = [...new Map(rows.map((row) => [row.unitCode, row])).values()];
  return units.map((unit) => {
    const own = rows.filter((row) => row.unitCode === unit.unitCode);
    return {
      unitName: String(unit.unitName),
      level: String(unit.level),
      received: sum(own, 'received'),
      finished: sum(own, 'finished'),
      early: sum(own, 'early'),
      onTime: sum(own, 'onTime'),
      late: sum(own, 'late'),
      inProgress: sum(own, 'inProgress'),
    };
  });
}

function stepResults(sla: Report, unitCode: string, titleOf: (procedureId: unknown) => string) {
  return sla.tables
    .find((t) => t.key === 'steps')!
    .rows.filter((row) => row.unitCode === unitCode)
    .map((row) => ({
      label: `${row.stepTitle}`,
      procedureTitle: titleOf(row.procedureId),
      done: row.done,
      late: row.late,
      average: row.averageWorkingDays as number | null,
      p90: row.p90WorkingDays as number | null,
      averageText: decimalText(row.averageWorkingDays),
      p90Text: decimalText(row.p90WorkingDays),
    }));
}

/** 3.3 → '3,3': Vietnamese writes a decimal comma. */
function decimalText(value: unknown): string {
  return typeof value === 'number' ? value.toLocaleString('vi-VN', { maximumFractionDigits: 1 }) : '';
}

export const reportsPage: PageModule = (router, { deps, views }) => {
  const roles = requireOfficer([...OFFICER_ROLES, ...READ_ONLY_ROLES]);

  router.get(DASHBOARD, roles, async (req, res) => {
    const user = userOf(res);
    const { values, input } = formOf(req);
    const options = {
      unitOptions: (await reportUnitsOf(deps, user)).map((unit) => ({
        value: unit.code,
        text: `${unit.name} (${unit.code})`,
        selected: values.unitCode === unit.code,
      })),
      procedures: (await proceduresOnOffer(deps, { withChanges: true })).map((procedure) => ({
        value: procedure.id,
        text: procedure.title,
        selected: values.procedureId === procedure.id,
      })),
    };
    // The procedure's title, as everywhere an officer reads it (the id is for files and machines).
    const procedureTitleOf = (id: unknown) =>
      options.procedures.find((procedure) => procedure.value === id)?.text ?? String(id);
    const show = (data: Record<string, unknown>, errors: PageFieldError[] = [], status = 200) =>
      renderPage(
        views,
        res,
        'officer/reports',
        { title: 'Báo cáo, thống kê', values, ...options, ...data, errors },
        status,
      );

    const parsed = parseForm(ReportQuerySchema, input);
    if (!parsed.ok) {
      show({}, pageErrors(parsed.errors), 422);
      return;
    }
    let sla: Report;
    let backlog: Report;
    try {
      sla = await buildReport(deps, user, 'sla', parsed.data);
      backlog = await buildReport(deps, user, 'backlog', parsed.data);
    } catch (error) {
      if (error instanceof AppError && error.fieldErrors) {
        show({}, pageErrors(error.fieldErrors.map((e) => ({ field: e.path, message: e.message }))), 422);
        return;
      }
      if (error instanceof AppError && error.status === 403) {
        show({}, [{ field: 'unitCode', message: error.message }], 403);
        return;
      }
      throw error;
    }
    const root = parsed.data.unitCode ?? user.unitCode;
    const units = unitResults(sla);
    const steps = stepResults(sla, root, procedureTitleOf);
    const downloadQuery = new URLSearchParams({
      from: sla.filter.from,
      to: sla.filter.to,
      ...(parsed.data.unitCode ? { unitCode: parsed.data.unitCode } : {}),
      ...(parsed.data.procedureId ? { procedureId: parsed.data.procedureId } : {}),
    }).toString();
    show({
      period: { from: displayDate(sla.filter.from), to: displayDate(sla.filter.to) },
      today: displayDate(sla.generatedOn),
      units,
      unitChart: barChart({
        id: 'bieu-do-don-vi',
        title: 'Hồ sơ đã giải quyết theo đơn vị: trước hạn, đúng hạn, quá hạn',
        description:
          'Số hồ sơ đã giải quyết trong kỳ của từng đơn vị; số liệu chi tiết ở bảng ngay sau biểu đồ.',
        series: [
          { key: 'early', label: 'Trước hạn', className: 'chart-early' },
          { key: 'onTime', label: 'Đúng hạn', className: 'chart-on-time' },
          { key: 'late', label: 'Quá hạn', className: 'chart-late' },
        ],
        rows: units.map((unit) => ({
          label: unit.unitName,
          values: { early: unit.early, onTime: unit.onTime, late: unit.late },
        })),
        stacked: true,
      }),
      steps,
      stepChart: steps.length
        ? barChart({
            id: 'bieu-do-buoc',
            title: 'Số ngày làm việc theo bước: trung bình và phân vị 90',
            description:
              'Thời gian giải quyết từng bước trong kỳ, không tính ngày tạm dừng chờ bổ sung hồ sơ.',
            series: [
              { key: 'average', label: 'Trung bình', className: 'chart-average' },
              { key: 'p90', label: 'Phân vị 90', className: 'chart-p90' },
            ],
            rows: steps.map((step) => ({
              label: step.label,
              values: { average: step.average, p90: step.p90 },
            })),
            stacked: false,
          })
        : null,
      backlog: backlog.tables
        .find((t) => t.key === 'summary')!
        .rows.filter((row) => row.unitCode === root)
        .map((row) => ({
          ...row,
          procedureTitle: procedureTitleOf(row.procedureId),
        })),
      downloads: REPORT_NAMES.map((name) => ({
        title: REPORTS[name].title,
        csv: `${DASHBOARD}/tai-ve/${name}.csv?${downloadQuery}`,
        xlsx: `${DASHBOARD}/tai-ve/${name}.xlsx?${downloadQuery}`,
      })),
    });
  });

  router.get(`${DASHBOARD}/tai-ve/:file`, roles, async (req, res, next) => {
    const match = /^([a-z0-9-]+)\.(csv|xlsx)$/.exec(String(req.params.file));
    const name = match?.[1] as ReportName | undefined;
    if (!match || !name || !(REPORT_NAMES as readonly string[]).includes(name)) {
      next();
      return;
    }
    const parsed = ReportQuerySchema.safeParse({ ...formOf(req).input, format: match[2] });
    if (!parsed.success) {
      res.redirect(303, DASHBOARD);
      return;
    }
    const query: ReportQuery = parsed.data;
    const report = await buildReport(deps, userOf(res), name, query);
    await sendReportFile(res, reportFile(report, match[2] as 'csv' | 'xlsx'));
  });
};
