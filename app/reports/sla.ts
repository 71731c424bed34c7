/**
 * SLA figures (the one-stop statistics): per unit and procedure, dossiers received, finished and in progress,
 * and how the finished ones ended against their appointment; per step, how many were done early, on time or
 * late against the step's due date and how many working days they took (average, 90th percentile).
 *
 * Early / on time / late is not decided here: the workflow classifies each hand-over and each result with
 * domain/legal-time's onTimeStatus (form 06) and the read model keeps it; these figures count what it said.
 * Clock stops are respected twice over: due dates and appointments were moved by the stop (due_date_changes),
 * and the working days of a step leave out the days the clock stood still.
 */
import { dossierCounts, stepDurations, type DossierCountsRow } from '../../db/reports';
import { addToHistogram, summariseDurations, type DurationHistogram } from '../../domain/reports/durations';
import { percentOf } from '../../domain/reports/plan-targets';
import type { ReportContext, ReportDefinition } from './context';
import { col, type ReportRow, type ReportTable } from './table';
import { rollUp, UNIT_LEVEL_VI, type UnitRef } from './units';

export const UNIT_COLUMNS = [
  col('unitCode', 'Mã đơn vị', 'text'),
  col('unitName', 'Đơn vị', 'text'),
  col('level', 'Cấp', 'text'),
];

export const unitCells = (unit: UnitRef): ReportRow => ({
  unitCode: unit.unitCode,
  unitName: unit.unitName,
  level: UNIT_LEVEL_VI[unit.level],
});

const COUNT_KEYS = [
  'received',
  'notAccepted',
  'completed',
  'refused',
  'early',
  'onTime',
  'late',
  'unclassified',
  'inProgress',
] as const;
type Counts = Record<(typeof COUNT_KEYS)[number], number>;

export async function dossierTable(context: ReportContext): Promise<ReportTable> {
  const rows = await dossierCounts(context.pool, context.query);
  const titles = new Map(rows.map((row) => [row.procedureId, row.procedureTitle]));
  const groups = rollUp<DossierCountsRow, Counts>(
    rows,
    context.directory,
    (row) => row.procedureId,
    () => Object.fromEntries(COUNT_KEYS.map((key) => [key, 0])) as Counts,
    (acc, row) => COUNT_KEYS.forEach((key) => (acc[key] += row[key])),
  );
  return {
    key: 'dossiers',
    title: 'Tình hình giải quyết hồ sơ',
    columns: [
      ...UNIT_COLUMNS,
      col('procedureId', 'Mã thủ tục', 'text'),
      col('procedureTitle', 'Thủ tục', 'text'),
      col('received', 'Tiếp nhận trong kỳ'),
      col('notAccepted', 'Từ chối tiếp nhận'),
      col('finished', 'Đã giải quyết'),
      col('completed', 'Đã giải quyết: chấp thuận'),
      col('refused', 'Đã giải quyết: không chấp thuận'),
      col('early', 'Trước hạn'),
      col('onTime', 'Đúng hạn'),
      col('late', 'Quá hạn'),
      col('unclassified', 'Chưa xác định hạn'),
      col('onTimePercent', 'Tỷ lệ đúng hạn (%)', 'percent'),
      col('inProgress', 'Đang giải quyết cuối kỳ'),
    ],
    rows: groups.map(({ unit, key, acc }) => ({
      ...unitCells(unit),
      procedureId: key,
      procedureTitle: titles.get(key) ?? key,
      received: acc.received,
      notAccepted: acc.notAccepted,
      finished: acc.completed + acc.refused,
      completed: acc.completed,
      refused: acc.refused,
      early: acc.early,
      onTime: acc.onTime,
      late: acc.late,
      unclassified: acc.unclassified,
      onTimePercent: percentOf(acc.early + acc.onTime, acc.early + acc.onTime + acc.late),
      inProgress: acc.inProgress,
    })),
  };
}

interface StepAcc {
  title: string;
  early: number;
  onTime: number;
  late: number;
  days: DurationHistogram;
}

export async function stepTable(context: ReportContext): Promise<ReportTable> {
  const rows = await stepDurations(context.pool, context.query);
  const groups = rollUp(
    rows,
    context.directory,
    (row) => `${row.procedureId}\u0000${row.stepKey}`,
    (row): StepAcc => ({ title: row.stepTitle, early: 0, onTime: 0, late: 0, days: new Map() }),
    (acc, row) => {
      acc.early += row.early;
      acc.onTime += row.onTime;
      acc.late += row.late;
      row.histogram.forEach((count, days) => addToHistogram(acc.days, days, count));
    },
  );
  return {
    key: 'steps',
    title: 'Thời gian giải quyết theo bước',
    columns: [
      ...UNIT_COLUMNS,
      col('procedureId', 'Mã thủ tục', 'text'),
      col('stepKey', 'Mã bước', 'text'),
      col('stepTitle', 'Bước', 'text'),
      col('done', 'Số lượt hoàn thành'),
      col('early', 'Trước hạn'),
      col('onTime', 'Đúng hạn'),
      col('late', 'Quá hạn'),
      col('averageWorkingDays', 'Số ngày làm việc trung bình', 'decimal'),
      col('p90WorkingDays', 'Số ngày làm việc (phân vị 90)', 'integer'),
    ],
    rows: groups.map(({ unit, key, acc }) => {
      const [procedureId, stepKey] = key.split('\u0000') as [string, string];
      const summary = summariseDurations(acc.days);
      return {
        ...unitCells(unit),
        procedureId,
        stepKey,
        stepTitle: acc.title,
        done: summary.count,
        early: acc.early,
        onTime: acc.onTime,
        late: acc.late,
        averageWorkingDays: summary.average,
        p90WorkingDays: summary.p90,
      };
    }),
  };
}

export const slaReport: ReportDefinition = {
  title: 'Báo cáo tình hình giải quyết hồ sơ đúng hạn',
  async build(context) {
    return {
      notes: [
        'Hồ sơ tiếp nhận: ngày tiếp nhận trong kỳ. Đã giải quyết: có kết quả (chấp thuận hoặc không chấp thuận) trong kỳ; ' +
          'Trước hạn / Đúng hạn / Quá hạn so với ngày hẹn trả (kể cả khi ngày hẹn đã lùi do tạm dừng chờ bổ sung hồ sơ).',
        'Đang giải quyết cuối kỳ: tiếp nhận đến ngày cuối kỳ, chưa có kết quả vào ngày đó.',
        'Theo bước: các lượt hoàn thành trong kỳ; một hồ sơ trả lại bước trước được tính thêm một lượt. ' +
          'Số ngày làm việc từ ngày giao đến ngày hoàn thành, không tính các ngày tạm dừng chờ bổ sung hồ sơ.',
        'Cấp huyện chỉ gồm hồ sơ theo quy trình ba cấp; theo quy trình hai cấp, xã báo cáo thẳng lên tỉnh.',
      ],
      // Two independent queries: side by side on the pool.
      tables: await Promise.all([dossierTable(context), stepTable(context)]),
    };
  },
};
