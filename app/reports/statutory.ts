/**
 * The semi-annual reports of Decree 20/2021/NĐ-CP Art. 36 (Circular 02/2021/TT-BLĐTBXH, forms 10a–10d):
 * regular (monthly) assistance, emergency assistance, the elderly, people with disabilities — from the system's
 * own data, for the chain commune → province → ministry (commune → district → province → ministry for dossiers
 * under the three-tier route).
 *
 * DOMAIN.md §9 names the forms but not their columns, and the text of the annexes was not at hand: the columns
 * below are the figures the system can count (beneficiaries by group, new, stopped, amounts; emergency
 * decisions, money, rice), not a copy of the printed forms. Each report says so in its notes.
 */
import { entitlementCounts, oneOffAid } from '../../db/reports';
import { addEntitlements, BENEFICIARY_NOTES, beneficiaryTable, newEntitlementAcc } from './beneficiaries';
import type { ReportContext, ReportDefinition } from './context';
import { UNIT_COLUMNS, unitCells } from './sla';
import { col } from './table';
import { rollUp } from './units';

/** Groups of Art. 5 clauses as the semi-annual report counts them. */
const REGULAR_GROUPS = [
  { key: 'children', header: 'Trẻ em (khoản 1, 2, 3, 7)', clauses: ['5.1', '5.2', '5.3', '5.7'] },
  { key: 'singleParents', header: 'Người đơn thân nghèo nuôi con (khoản 4)', clauses: ['5.4'] },
  { key: 'elderly', header: 'Người cao tuổi (khoản 5)', clauses: ['5.5a', '5.5b', '5.5c', '5.5d'] },
  { key: 'disability', header: 'Người khuyết tật (khoản 6)', clauses: ['5.6'] },
  { key: 'hiv', header: 'Người nhiễm HIV/AIDS (khoản 8)', clauses: ['5.8'] },
] as const;

const FORMS_NOTE =
  'DOMAIN.md chưa có mẫu cột của biểu 10a–10d (Thông tư 02/2021/TT-BLĐTBXH): các cột là số liệu hệ thống tính được, ' +
  'không phải bản sao biểu mẫu in.';

/** The chain and the deadlines of Circular 02/2021 for the half the period ends in. */
function chainNote(context: ReportContext): string {
  const secondHalf = context.filter.to.slice(5) > '06-30';
  const year = Number(context.filter.to.slice(0, 4));
  const [commune, district, province] = secondHalf
    ? [`15/12/${year}`, `31/12/${year}`, `15/01/${year + 1}`]
    : [`15/6/${year}`, `30/6/${year}`, `15/7/${year}`];
  return (
    `Gửi báo cáo: xã → huyện trước ${commune}, huyện → tỉnh trước ${district}, tỉnh → Bộ trước ${province} ` +
    '(Thông tư 02/2021). Khi không còn cấp huyện, chuỗi là xã → tỉnh → Bộ; thời hạn thay thế chưa tìm thấy văn bản.'
  );
}

function halfYearNote(context: ReportContext): string[] {
  const { from, to } = context.filter;
  const year = from.slice(0, 4);
  const isHalf =
    to.slice(0, 4) === year &&
    ((from.slice(5) === '01-01' && to.slice(5) === '06-30') ||
      (from.slice(5) === '07-01' && to.slice(5) === '12-31'));
  return isHalf ? [] : ['Kỳ đã chọn không phải kỳ 6 tháng (01/01–30/06 hoặc 01/07–31/12).'];
}

const notes = (context: ReportContext, extra: string[] = []) => [
  FORMS_NOTE,
  chainNote(context),
  ...halfYearNote(context),
  ...extra,
];

export const form10aReport: ReportDefinition = {
  title: 'Biểu 10a: Trợ giúp xã hội thường xuyên (6 tháng)',
  async build(context) {
    const rows = await entitlementCounts(context.pool, context.query);
    const groupOf = (clause: string | null) =>
      REGULAR_GROUPS.find((group) => (group.clauses as readonly string[]).includes(clause ?? ''))?.key;
    const groups = rollUp(
      rows,
      context.directory,
      () => '',
      () => ({ total: newEntitlementAcc(), byGroup: new Map<string, number>() }),
      (acc, row, unit) => {
        addEntitlements(acc.total, row, unit);
        const group = groupOf(row.clause);
        if (group) acc.byGroup.set(group, (acc.byGroup.get(group) ?? 0) + row.active);
      },
    );
    return {
      notes: notes(context, BENEFICIARY_NOTES),
      tables: [
        {
          key: 'regular',
          title: 'Đối tượng hưởng trợ cấp xã hội hằng tháng',
          columns: [
            ...UNIT_COLUMNS,
            ...REGULAR_GROUPS.map((group) => col(group.key, group.header)),
            col('active', 'Tổng số đang hưởng cuối kỳ'),
            col('started', 'Hưởng mới trong kỳ'),
            col('stopped', 'Thôi hưởng, tạm dừng trong kỳ'),
            col('monthlyAmount', 'Tổng mức trợ cấp hằng tháng (đồng)', 'money'),
          ],
          rows: groups.map(({ unit, acc }) => ({
            ...unitCells(unit),
            ...Object.fromEntries(
              REGULAR_GROUPS.map((group) => [group.key, acc.byGroup.get(group.key) ?? 0]),
            ),
            ...acc.total,
          })),
        },
      ],
    };
  },
};

export const form10bReport: ReportDefinition = {
  title: 'Biểu 10b: Trợ giúp xã hội khẩn cấp (6 tháng)',
  async build(context) {
    const rows = await oneOffAid(context.pool, context.query);
    const titles = new Map(rows.map((row) => [row.procedureId, row.procedureTitle]));
    const groups = rollUp(
      rows,
      context.directory,
      (row) => row.procedureId,
      () => ({ decisions: 0, oneOffAmount: 0, riceKg: 0 }),
      (acc, row) => {
        acc.decisions += row.decisions;
        acc.oneOffAmount += row.oneOffAmount;
        acc.riceKg += row.riceKg;
      },
    );
    return {
      notes: notes(context, [
        'Quyết định hỗ trợ một lần hoặc bằng hiện vật ký trong kỳ (không gồm trợ cấp hằng tháng).',
      ]),
      tables: [
        {
          key: 'emergency',
          title: 'Trợ giúp khẩn cấp và hỗ trợ một lần',
          columns: [
            ...UNIT_COLUMNS,
            col('procedureId', 'Mã thủ tục', 'text'),
            col('procedureTitle', 'Thủ tục', 'text'),
            col('decisions', 'Số quyết định'),
            col('oneOffAmount', 'Kinh phí hỗ trợ (đồng)', 'money'),
            col('riceKg', 'Gạo hỗ trợ (kg)', 'decimal'),
          ],
          rows: groups.map(({ unit, key, acc }) => ({
            ...unitCells(unit),
            procedureId: key,
            procedureTitle: titles.get(key) ?? key,
            ...acc,
          })),
        },
      ],
    };
  },
};

export const form10cReport: ReportDefinition = {
  title: 'Biểu 10c: Người cao tuổi hưởng trợ cấp (6 tháng)',
  async build(context) {
    return {
      notes: notes(context, BENEFICIARY_NOTES),
      tables: [
        await beneficiaryTable(context, {
          key: 'elderly',
          title: 'Người cao tuổi hưởng trợ cấp xã hội hằng tháng',
          clauses: ['5.5a', '5.5b', '5.5c', '5.5d'],
        }),
      ],
    };
  },
};

export const form10dReport: ReportDefinition = {
  title: 'Biểu 10d: Người khuyết tật hưởng trợ cấp (6 tháng)',
  async build(context) {
    return {
      notes: notes(context, BENEFICIARY_NOTES),
      tables: [
        await beneficiaryTable(context, {
          key: 'disability',
          title: 'Người khuyết tật hưởng trợ cấp xã hội hằng tháng',
          clauses: ['5.6'],
        }),
      ],
    };
  },
};
