/**
 * The overdue backlog now: step tasks open past their due date (of dossiers whose clock runs), per unit,
 * procedure and step, by how long they have been overdue in working days, and the oldest of them as a list.
 * One statement (db/reports.ts#overdueBacklog) counts and ages them in SQL; the list is capped at
 * BACKLOG_LIST_LIMIT rows (the oldest first), the same in JSON, on the page and in CSV / XLSX, so a province with
 * thousands of overdue steps still answers at once; the counts always cover every one of them.
 */
import { earliestOverdueDate, overdueBacklog } from '../../db/reports';
import type { WorkingCalendar } from '../../domain/calendar';
import { toDayNumber, toIsoDate } from '../../domain/calendar/day-number';
import { provinceOf } from '../auth/unit-scope';
import type { ReportDefinition } from './context';
import { UNIT_COLUMNS, unitCells } from './sla';
import { col } from './table';
import { rollUp } from './units';

/** The oldest overdue steps listed; the summary table counts them all. */
export const BACKLOG_LIST_LIMIT = 200;

/** Headers of the age bands in working days overdue, one per bound of OVERDUE_AGE_BANDS, in its order. */
const AGE_BANDS = [
  { key: 'upTo5', header: 'Quá hạn đến 5 ngày làm việc' },
  { key: 'upTo10', header: 'Quá hạn 6–10 ngày làm việc' },
  { key: 'upTo20', header: 'Quá hạn 11–20 ngày làm việc' },
  { key: 'over20', header: 'Quá hạn trên 20 ngày làm việc' },
] as const;

/** Working days in (start, day] for every day from `start` to `today`: ages are differences of two of them. */
function workingDayOrdinals(calendar: WorkingCalendar, start: string, today: string): number[] {
  const ordinals: number[] = [];
  let ordinal = 0;
  for (let day = toDayNumber(start); day <= toDayNumber(today); day++) {
    if (day > toDayNumber(start) && calendar.isWorkingDay(toIsoDate(day))) ordinal += 1;
    ordinals.push(ordinal);
  }
  return ordinals;
}

export const backlogReport: ReportDefinition = {
  title: 'Hồ sơ quá hạn đang tồn đọng',
  async build(context) {
    const { rootUnit, procedureId } = context.query;
    // Every unit under the root is in its province: one calendar ages them all.
    const province = provinceOf(rootUnit, context.directory.parents) ?? rootUnit;
    const [earliest, calendar] = await Promise.all([
      earliestOverdueDate(context.pool, context.today),
      context.calendarFor(province),
    ]);
    const start = earliest ?? context.today;
    const { groups: counted, oldest } = await overdueBacklog(
      context.pool,
      { rootUnit, ...(procedureId ? { procedureId } : {}), today: context.today },
      { start, ordinals: workingDayOrdinals(calendar, start, context.today) },
      BACKLOG_LIST_LIMIT,
    );
    const groups = rollUp(
      counted,
      context.directory,
      (row) => `${row.procedureId}\u0000${row.stepKey}`,
      (row) => ({
        stepTitle: row.stepTitle,
        count: 0,
        totalAge: 0,
        maxAge: 0,
        bands: AGE_BANDS.map(() => 0),
      }),
      (acc, row) => {
        acc.count += row.overdue;
        acc.totalAge += row.totalAge;
        acc.maxAge = Math.max(acc.maxAge, row.maxAge);
        row.bands.forEach((n, i) => (acc.bands[i]! += n));
      },
    );
    const total = counted.reduce((sum, row) => sum + row.overdue, 0);
    return {
      notes: [
        `Tính đến ngày ${context.today}. Bước quá hạn: chưa hoàn thành sau hạn xử lý của bước; hồ sơ đang tạm dừng ` +
          'chờ công dân bổ sung không tính. Tuổi quá hạn: số ngày làm việc sau hạn xử lý (0: quá hạn chưa đủ một ngày làm việc).',
        'Kỳ báo cáo (from, to) không áp dụng cho báo cáo này.',
        ...(total > oldest.length
          ? [
              `Danh sách hồ sơ quá hạn: ${oldest.length} bước quá hạn lâu nhất trong tổng số ${total}; ` +
                'chọn đơn vị hoặc thủ tục hẹp hơn để xem các bước còn lại.',
            ]
          : []),
      ],
      tables: [
        {
          key: 'summary',
          title: 'Tổng hợp bước quá hạn',
          columns: [
            ...UNIT_COLUMNS,
            col('procedureId', 'Mã thủ tục', 'text'),
            col('stepKey', 'Mã bước', 'text'),
            col('stepTitle', 'Bước', 'text'),
            col('overdue', 'Số bước quá hạn'),
            ...AGE_BANDS.map((band) => col(band.key, band.header)),
            col('averageAge', 'Tuổi quá hạn trung bình (ngày làm việc)', 'decimal'),
            col('maxAge', 'Tuổi quá hạn lớn nhất (ngày làm việc)'),
          ],
          rows: groups.map(({ unit, key, acc }) => {
            const [procedureId, stepKey] = key.split('\u0000') as [string, string];
            return {
              ...unitCells(unit),
              procedureId,
              stepKey,
              stepTitle: acc.stepTitle,
              overdue: acc.count,
              ...Object.fromEntries(AGE_BANDS.map((band, i) => [band.key, acc.bands[i]!])),
              averageAge: Math.round((acc.totalAge / acc.count) * 10) / 10,
              maxAge: acc.maxAge,
            };
          }),
        },
        {
          key: 'dossiers',
          title: 'Danh sách hồ sơ quá hạn (lâu nhất trước)',
          columns: [
            col('dossierCode', 'Mã hồ sơ', 'text'),
            col('communeCode', 'Mã xã', 'text'),
            col('procedureTitle', 'Thủ tục', 'text'),
            col('stepTitle', 'Bước', 'text'),
            col('dueDate', 'Hạn xử lý', 'date'),
            col('age', 'Số ngày làm việc quá hạn'),
            col('heldBy', 'Đơn vị đang xử lý', 'text'),
            col('escalations', 'Số lần báo quá hạn'),
          ],
          rows: oldest.map((row) => ({
            dossierCode: row.dossierCode,
            communeCode: row.communeCode,
            procedureTitle: row.procedureTitle,
            stepTitle: row.stepTitle,
            dueDate: row.dueDate,
            age: row.age,
            heldBy: row.heldBy,
            escalations: row.escalations,
          })),
        },
      ],
    };
  },
};
