/**
 * The yearly report of the provincial plans under Decision 488/QĐ-TTg (due before 30/11; DOMAIN.md §1):
 * people in special hardship served, and of those the share given comprehensive services, against the plan's
 * milestone. Two figures only an admin knows (how many people in special hardship live in the unit, how many
 * got comprehensive services) are entered per unit and year; the system's own count of people it assisted in
 * the period stands beside them.
 */
import { peopleAssisted, planInputs } from '../../db/reports';
import { milestoneFor, percentOf } from '../../domain/reports/plan-targets';
import type { ReportDefinition } from './context';
import { UNIT_COLUMNS, unitCells } from './sla';
import { col } from './table';
import { byCodePath, rollUp, unitRef } from './units';

export const planReport: ReportDefinition = {
  title: 'Báo cáo kết quả thực hiện Kế hoạch đổi mới, phát triển trợ giúp xã hội (hằng năm)',
  async build(context) {
    const year = Number(context.filter.to.slice(0, 4));
    const milestone = milestoneFor(year);
    const assisted = await peopleAssisted(context.pool, context.query);
    const groups = rollUp(
      assisted,
      context.directory,
      () => '',
      () => ({ people: 0 }),
      // A person who moved between two communes of the province is counted by each, and once by the province.
      (acc, row, unit) => (acc.people += row.people - (unit.level === 'province' ? row.movedIn : 0)),
    );
    const inputs = new Map(
      (await planInputs(context.pool, year, context.directory.unitCodes)).map((input) => [
        input.unitCode,
        input,
      ]),
    );
    // A unit with no figures of its own is shown with nothing entered: the plan's percentages are not summed up.
    const units = new Map(groups.map((group) => [group.unit.unitCode, group]));
    return {
      notes: [
        `Năm ${year}: chỉ tiêu đến năm ${milestone.year} là ${milestone.servedPercent}% người có hoàn cảnh đặc biệt khó khăn ` +
          `được trợ giúp, trong đó tối thiểu ${milestone.comprehensivePercent}% được cung cấp dịch vụ trợ giúp xã hội toàn diện ` +
          '(Quyết định 488/QĐ-TTg; kế hoạch của tỉnh).',
        'Số người có hoàn cảnh đặc biệt khó khăn và số được cung cấp dịch vụ toàn diện do quản trị viên nhập cho từng đơn vị. ' +
          'Số người được trợ giúp (hệ thống): người có quyết định trợ giúp trong kỳ hoặc đang hưởng trợ cấp hằng tháng trong kỳ; ' +
          'người chuyển nơi ở giữa hai xã trong tỉnh trong kỳ được tính ở cả hai xã và một lần ở cấp tỉnh.',
        'Hạn gửi báo cáo: trước ngày 30/11 hằng năm.',
      ],
      tables: [
        {
          key: 'plan',
          title: 'Kết quả so với chỉ tiêu kế hoạch',
          columns: [
            ...UNIT_COLUMNS,
            col('peopleInSpecialHardship', 'Số người có hoàn cảnh đặc biệt khó khăn (nhập)'),
            col('peopleAssisted', 'Số người được trợ giúp (hệ thống)'),
            col('servedPercent', 'Tỷ lệ được trợ giúp (%)', 'percent'),
            col('servedTarget', 'Chỉ tiêu được trợ giúp (%)', 'percent'),
            col('comprehensiveServices', 'Số được cung cấp dịch vụ toàn diện (nhập)'),
            col('comprehensivePercent', 'Tỷ lệ dịch vụ toàn diện (%)', 'percent'),
            col('comprehensiveTarget', 'Chỉ tiêu dịch vụ toàn diện (%)', 'percent'),
            col('assessment', 'Đánh giá', 'text'),
          ],
          rows: [...new Set([...units.keys(), ...inputs.keys()])]
            .map((code) => {
              const group = units.get(code);
              const input = inputs.get(code);
              const people = group?.acc.people ?? 0;
              const served = input ? percentOf(people, input.peopleInSpecialHardship) : null;
              const comprehensive = input ? percentOf(input.comprehensiveServices, people) : null;
              const assessment =
                served === null || comprehensive === null
                  ? 'Chưa đủ số liệu'
                  : served >= milestone.servedPercent && comprehensive >= milestone.comprehensivePercent
                    ? 'Đạt'
                    : 'Chưa đạt';
              return {
                sortKey: (group?.unit ?? unitRef(code, context.directory)).sortKey,
                row: {
                  ...unitCells(group?.unit ?? unitRef(code, context.directory)),
                  peopleInSpecialHardship: input?.peopleInSpecialHardship ?? null,
                  peopleAssisted: people,
                  servedPercent: served,
                  servedTarget: milestone.servedPercent,
                  comprehensiveServices: input?.comprehensiveServices ?? null,
                  comprehensivePercent: comprehensive,
                  comprehensiveTarget: milestone.comprehensivePercent,
                  assessment,
                },
              };
            })
            .sort((a, b) => byCodePath(a.sortKey, b.sortKey))
            .map(({ row }) => row),
        },
      ],
    };
  },
};
