/**
 * The overdue backlog now: step tasks open past their due date (of dossiers whose clock runs), per unit,
 * procedure and step, with how long they have been overdue in working days, and the list itself.
 */
import { overdueTasks } from '../../db/reports';
import type { ReportDefinition } from './context';
import { UNIT_COLUMNS, unitCells } from './sla';
import { col } from './table';
import { rollUp } from './units';

/** Age bands in working days overdue; the last one is open-ended. */
const AGE_BANDS = [
  { key: 'upTo5', header: 'Quá hạn đến 5 ngày làm việc', max: 5 },
  { key: 'upTo10', header: 'Quá hạn 6–10 ngày làm việc', max: 10 },
  { key: 'upTo20', header: 'Quá hạn 11–20 ngày làm việc', max: 20 },
  { key: 'over20', header: 'Quá hạn trên 20 ngày làm việc', max: Infinity },
] as const;

export const backlogReport: ReportDefinition = {
  title: 'Hồ sơ quá hạn đang tồn đọng',
  async build(context) {
    const rows = await overdueTasks(context.pool, {
      rootUnit: context.query.rootUnit,
      ...(context.query.procedureId ? { procedureId: context.query.procedureId } : {}),
      today: context.today,
    });
    // Thousands of overdue steps share a few hundred due dates: each age is counted once per province and date.
    const ages = new Map<string, number>();
    const aged = [];
    for (const row of rows) {
      const id = `${row.provinceCode}\u0000${row.dueDate}`;
      let age = ages.get(id);
      if (age === undefined) {
        const calendar = await context.calendarFor(row.provinceCode);
        age = calendar.workingDaysBetween(row.dueDate, context.today);
        ages.set(id, age);
      }
      aged.push({ ...row, age });
    }
    const groups = rollUp(
      aged,
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
        acc.count += 1;
        acc.totalAge += row.age;
        acc.maxAge = Math.max(acc.maxAge, row.age);
        acc.bands[AGE_BANDS.findIndex((band) => row.age <= band.max)]! += 1;
      },
    );
    return {
      notes: [
        `Tính đến ngày ${context.today}. Bước quá hạn: chưa hoàn thành sau hạn xử lý của bước; hồ sơ đang tạm dừng ` +
          'chờ công dân bổ sung không tính. Tuổi quá hạn: số ngày làm việc sau hạn xử lý (0: quá hạn chưa đủ một ngày làm việc).',
        'Kỳ báo cáo (from, to) không áp dụng cho báo cáo này.',
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
          title: 'Danh sách hồ sơ quá hạn',
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
          rows: aged.map((row) => ({
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
