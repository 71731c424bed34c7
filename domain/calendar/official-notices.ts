/**
 * Official holiday schedules for civil servants (cán bộ, công chức, viên chức), 2021–2026, as seeded data.
 *
 * Honesty about sources (see `confidence` on each entry):
 * - 'sourced': the days and the document reference were found in published news quoting the document while
 *   this file was written (the document text itself was not read).
 * - 'best-knowledge': the days are what the author remembers and, where noted, match a secondary listing;
 *   the document number is NOT known, so `reference` only describes the document. Admins should replace
 *   these with the real numbers.
 * Holidays a year's notices do not cover (e.g. 30/4–1/5 of 2021–2023, Hùng Kings' day) follow the rules,
 * which matched the published schedules for those years.
 *
 * Not seeded on purpose:
 * - Quốc khánh 2026: Thông báo 9441/TB-BNV (16/10/2025) also sets it, but its text was not available; the rule
 *   (2/9 plus 1/9) stays provisional until an admin loads the real days.
 * - "Ngày Văn hóa Việt Nam" (24/11): chosen as a paid day off by Politburo Resolution 80-NQ/TW (01/2026);
 *   Government Resolution 30/NQ-CP (02/2026) asks for amending Labour Code Art. 112(1). Until that law
 *   is passed it is not a holiday; when it is, add it through `annualHolidays` (see CULTURE_DAY_RULE).
 */
import type { AnnualHoliday, OfficialNoticeInput } from './calendar-data';

const TET = 'Tết Nguyên đán';
const TET_COMPENSATION = 'Nghỉ bù Tết Nguyên đán';
const NATIONAL_DAY = 'Quốc khánh (2/9)';
const NATIONAL_DAY_ADJACENT = 'Quốc khánh (ngày nghỉ liền kề 2/9)';

function tet(...dates: string[]): { date: string; reason: string; type: 'holiday' }[] {
  return dates.map((date) => ({ date, reason: TET, type: 'holiday' as const }));
}

function compensation(
  reason: string,
  ...dates: string[]
): { date: string; reason: string; type: 'compensation' }[] {
  return dates.map((date) => ({ date, reason, type: 'compensation' as const }));
}

export const OFFICIAL_NOTICES: readonly OfficialNoticeInput[] = [
  {
    year: 2021,
    reference: 'Thông báo của Bộ LĐTBXH về lịch nghỉ Tết Âm lịch Tân Sửu 2021 (số hiệu chưa kiểm chứng)',
    confidence: 'best-knowledge',
    covers: ['tet'],
    daysOff: [
      ...tet('2021-02-10', '2021-02-11', '2021-02-12', '2021-02-13', '2021-02-14'),
      ...compensation(TET_COMPENSATION, '2021-02-15', '2021-02-16'),
    ],
    note: '29 tháng Chạp – mùng 3 Tết, bù 2 ngày trùng cuối tuần; khớp danh sách ngày nghỉ 2021 công bố công khai.',
  },
  {
    year: 2021,
    reference: 'Thông báo của Bộ LĐTBXH về ngày nghỉ liền kề Quốc khánh 2021 (số hiệu chưa kiểm chứng)',
    confidence: 'best-knowledge',
    covers: ['national-day'],
    daysOff: [
      { date: '2021-09-02', reason: NATIONAL_DAY },
      { date: '2021-09-03', reason: NATIONAL_DAY_ADJACENT },
    ],
  },
  {
    year: 2022,
    reference: 'Công văn 245/VPCP-KGVX ngày 11/01/2022 (Phó Thủ tướng đồng ý phương án nghỉ Tết Nhâm Dần)',
    confidence: 'sourced',
    covers: ['tet'],
    daysOff: tet('2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04'),
    note: '5 ngày Tết (29 tháng Chạp – mùng 4) cùng 4 ngày nghỉ cuối tuần trước và sau Tết: 29/01–06/02/2022.',
  },
  {
    year: 2022,
    reference: 'Thông báo của Bộ LĐTBXH về ngày nghỉ liền kề Quốc khánh 2022 (số hiệu chưa kiểm chứng)',
    confidence: 'best-knowledge',
    covers: ['national-day'],
    daysOff: [
      { date: '2022-09-01', reason: NATIONAL_DAY_ADJACENT },
      { date: '2022-09-02', reason: NATIONAL_DAY },
    ],
  },
  {
    year: 2023,
    reference: 'Thông báo của Bộ LĐTBXH về lịch nghỉ Tết Âm lịch Quý Mão 2023 (số hiệu chưa kiểm chứng)',
    confidence: 'best-knowledge',
    covers: ['tet'],
    daysOff: [
      ...tet('2023-01-20', '2023-01-21', '2023-01-22', '2023-01-23', '2023-01-24'),
      ...compensation(TET_COMPENSATION, '2023-01-25', '2023-01-26'),
    ],
    note: 'Nghỉ 20/01–26/01/2023 (29 tháng Chạp – mùng 5 Tết).',
  },
  {
    year: 2023,
    reference: 'Thông báo của Bộ LĐTBXH về ngày nghỉ liền kề Quốc khánh 2023 (số hiệu chưa kiểm chứng)',
    confidence: 'best-knowledge',
    covers: ['national-day'],
    daysOff: [
      { date: '2023-09-01', reason: NATIONAL_DAY_ADJACENT },
      { date: '2023-09-02', reason: NATIONAL_DAY },
      ...compensation('Nghỉ bù Quốc khánh (2/9)', '2023-09-04'),
    ],
  },
  {
    year: 2024,
    reference: 'Thông báo của Bộ LĐTBXH về lịch nghỉ Tết Âm lịch Giáp Thìn 2024 (số hiệu chưa kiểm chứng)',
    confidence: 'best-knowledge',
    covers: ['tet'],
    daysOff: [
      ...tet('2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12'),
      ...compensation(TET_COMPENSATION, '2024-02-13', '2024-02-14'),
    ],
    note: 'Nghỉ 08/02–14/02/2024 (29 tháng Chạp – mùng 5 Tết).',
  },
  {
    year: 2024,
    reference: 'Văn bản 2450/VPCP-KGVX ngày 12/4/2024 (hoán đổi ngày làm việc dịp 30/4–1/5/2024)',
    confidence: 'sourced',
    covers: ['victory-day', 'labour-day'],
    daysOff: [
      { date: '2024-04-29', reason: 'Nghỉ hoán đổi (làm bù thứ Bảy 04/5/2024)', type: 'swapped' },
      { date: '2024-04-30', reason: 'Ngày Chiến thắng (30/4)' },
      { date: '2024-05-01', reason: 'Ngày Quốc tế Lao động (1/5)' },
    ],
    workingDays: [{ date: '2024-05-04', reason: 'Làm bù cho ngày nghỉ hoán đổi 29/4/2024' }],
  },
  {
    year: 2024,
    reference: 'Thông báo của Bộ LĐTBXH về ngày nghỉ liền kề Quốc khánh 2024 (số hiệu chưa kiểm chứng)',
    confidence: 'best-knowledge',
    covers: ['national-day'],
    daysOff: [
      { date: '2024-09-02', reason: NATIONAL_DAY },
      { date: '2024-09-03', reason: NATIONAL_DAY_ADJACENT },
    ],
  },
  {
    year: 2025,
    reference: 'Thông báo của Bộ LĐTBXH về lịch nghỉ Tết Âm lịch Ất Tỵ 2025 (số hiệu chưa kiểm chứng)',
    confidence: 'best-knowledge',
    covers: ['tet'],
    daysOff: [
      { date: '2025-01-27', reason: 'Nghỉ hoán đổi dịp Tết (làm bù thứ Bảy 08/02/2025)', type: 'swapped' },
      ...tet('2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01'),
    ],
    workingDays: [{ date: '2025-02-08', reason: 'Làm bù cho ngày nghỉ hoán đổi 27/01/2025' }],
    note: 'Nghỉ 9 ngày 25/01–02/02/2025, làm bù thứ Bảy 08/02/2025.',
  },
  {
    year: 2025,
    reference: 'Văn bản của Chính phủ về hoán đổi ngày làm việc dịp 30/4–1/5/2025 (số hiệu chưa kiểm chứng)',
    confidence: 'best-knowledge',
    covers: ['victory-day', 'labour-day'],
    daysOff: [
      { date: '2025-04-30', reason: 'Ngày Chiến thắng (30/4)' },
      { date: '2025-05-01', reason: 'Ngày Quốc tế Lao động (1/5)' },
      { date: '2025-05-02', reason: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)', type: 'swapped' },
    ],
    workingDays: [{ date: '2025-04-26', reason: 'Làm bù cho ngày nghỉ hoán đổi 02/5/2025' }],
  },
  {
    year: 2025,
    reference: 'Thông báo của Bộ LĐTBXH về ngày nghỉ liền kề Quốc khánh 2025 (số hiệu chưa kiểm chứng)',
    confidence: 'best-knowledge',
    covers: ['national-day'],
    daysOff: [
      { date: '2025-09-01', reason: NATIONAL_DAY_ADJACENT },
      { date: '2025-09-02', reason: NATIONAL_DAY },
    ],
  },
  {
    year: 2026,
    reference: 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025 (nghỉ Tết Dương lịch 2026)',
    confidence: 'sourced',
    covers: ['new-year'],
    daysOff: [
      { date: '2026-01-01', reason: 'Tết Dương lịch' },
      { date: '2026-01-02', reason: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)', type: 'swapped' },
    ],
    workingDays: [{ date: '2026-01-10', reason: 'Làm bù cho ngày nghỉ hoán đổi 02/01/2026' }],
  },
  {
    year: 2026,
    reference: 'Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ (nghỉ Tết Âm lịch Bính Ngọ 2026)',
    confidence: 'sourced',
    covers: ['tet'],
    daysOff: tet('2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'),
    note: '29 tháng Chạp – mùng 4 Tết; cùng 4 ngày cuối tuần là 9 ngày 14/02–22/02/2026.',
  },
];

/**
 * Ready for when the Labour Code is amended (not in force when this was written): pass it, with the
 * effective year, in `annualHolidays`.
 */
export const CULTURE_DAY_RULE: Omit<AnnualHoliday, 'firstYear'> = {
  id: 'culture-day',
  reason: 'Ngày Văn hóa Việt Nam (24/11)',
  month: 11,
  day: 24,
  reference: 'Nghị quyết 80-NQ/TW; Nghị quyết 30/NQ-CP (chờ sửa khoản 1 Điều 112 Bộ luật Lao động)',
};
