/**
 * Monthly-allowance beneficiaries by Decree 20 clause and unit: active at the end of the period, started and
 * stopped in it, and the monthly amounts of the active ones (integer VND).
 */
import { entitlementCounts, type EntitlementCountsRow } from '../../db/reports';
import { DEFAULT_BENEFICIARY_CATEGORIES } from '../../domain/benefit-categories';
import type { ReportContext, ReportDefinition } from './context';
import { UNIT_COLUMNS, unitCells } from './sla';
import { col, type ReportTable } from './table';
import { byCodePath, rollUp, type UnitRef } from './units';

export const CLAUSE_TITLES: ReadonlyMap<string, string> = new Map(
  DEFAULT_BENEFICIARY_CATEGORIES.map((category) => [category.clause, category.title_vi]),
);
export const TOTAL_CLAUSE = 'Tổng';

export interface EntitlementAcc {
  active: number;
  started: number;
  stopped: number;
  monthlyAmount: number;
}

export const newEntitlementAcc = (): EntitlementAcc => ({
  active: 0,
  started: 0,
  stopped: 0,
  monthlyAmount: 0,
});
/**
 * A relocation is a stop at the old commune and a start at the new one; at the province (both communes in it)
 * the person is neither new nor stopped, and active once (db/report-summaries.ts).
 */
export function addEntitlements(acc: EntitlementAcc, row: EntitlementCountsRow, unit: UnitRef): void {
  const province = unit.level === 'province';
  acc.active += row.active;
  acc.started += row.started - (province ? row.movedIn : 0);
  acc.stopped += row.stopped - (province ? row.movedOut : 0);
  acc.monthlyAmount += row.monthlyAmount;
}

export const ENTITLEMENT_COLUMNS = [
  col('active', 'Đang hưởng cuối kỳ'),
  col('started', 'Hưởng mới trong kỳ'),
  col('stopped', 'Thôi hưởng, tạm dừng trong kỳ'),
  col('monthlyAmount', 'Tổng mức trợ cấp hằng tháng (đồng)', 'money'),
];

/** Per unit: one row per clause and a total row (each beneficiary once, under the decision's first clause). */
export async function beneficiaryTable(
  context: ReportContext,
  options: { key: string; title: string; clauses?: readonly string[] },
): Promise<ReportTable> {
  const rows = await entitlementCounts(context.pool, context.query, options.clauses);
  const byClause = rollUp(
    rows,
    context.directory,
    (row) => row.clause ?? '',
    newEntitlementAcc,
    addEntitlements,
  );
  const totals = rollUp(rows, context.directory, () => TOTAL_CLAUSE, newEntitlementAcc, addEntitlements);
  const all = [...byClause, ...totals].sort(
    (a, b) =>
      byCodePath(a.unit.sortKey, b.unit.sortKey) ||
      Number(a.key === TOTAL_CLAUSE) - Number(b.key === TOTAL_CLAUSE) ||
      a.key.localeCompare(b.key),
  );
  return {
    key: options.key,
    title: options.title,
    columns: [
      ...UNIT_COLUMNS,
      col('clause', 'Khoản (Điều 5 Nghị định 20/2021/NĐ-CP)', 'text'),
      col('clauseTitle', 'Đối tượng', 'text'),
      ...ENTITLEMENT_COLUMNS,
    ],
    rows: all.map(({ unit, key, acc }) => ({
      ...unitCells(unit),
      clause: key,
      clauseTitle: key === TOTAL_CLAUSE ? 'Cộng' : (CLAUSE_TITLES.get(key) ?? ''),
      ...acc,
    })),
  };
}

export const BENEFICIARY_NOTES = [
  'Đang hưởng cuối kỳ: có quyết định trợ cấp hằng tháng ký đến ngày cuối kỳ và chưa thôi hưởng, tạm dừng vào ngày đó. ' +
    'Hưởng mới: quyết định ký trong kỳ. Mỗi người tính một lần, theo khoản đầu tiên của quyết định.',
  'Thôi hưởng, tạm dừng: theo ngày dừng hưởng ghi trên chế độ (quyết định thôi hưởng, tạm dừng chi trả).',
  'Chuyển nơi ở: người chuyển đi được tính ở xã cũ đến hết tháng chuyển đi (thôi hưởng) và ở xã mới từ tháng ' +
    'hưởng đầu tiên tại đó (hưởng mới); ở cấp tỉnh, chuyển giữa hai xã trong tỉnh không tính là hưởng mới hay ' +
    'thôi hưởng và mỗi người chỉ tính một lần.',
];

export const beneficiariesReport: ReportDefinition = {
  title: 'Báo cáo đối tượng hưởng trợ cấp xã hội hằng tháng',
  async build(context) {
    return {
      notes: BENEFICIARY_NOTES,
      tables: [await beneficiaryTable(context, { key: 'beneficiaries', title: 'Đối tượng theo khoản' })],
    };
  },
};
