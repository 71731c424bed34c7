/** The payer's confirmation file, checked whole (domain/payroll/confirmation.ts). */
import { checkConfirmation, type ListedLine } from '../../../domain/payroll/confirmation';

const LISTED = new Map<number, ListedLine>([
  [1, { lineNo: 1, dossierCode: '26170-2054-000001', amount: 1_000_000, state: 'issued' }],
  [2, { lineNo: 2, dossierCode: '26170-2054-000002', amount: 750_000, state: 'issued' }],
]);
const HEADER =
  'Mã bảng kê,Số dòng,Mã hồ sơ,Họ và tên,Số tiền (đồng),Kết quả chi trả,Ngày chi trả,Số tham chiếu';

test('a good file: each line paid or not, with its date and reference; semicolons and a BOM as Excel saves', () => {
  const csv =
    '\uFEFF' +
    [
      HEADER.replace(/,/g, ';'),
      '12;1;26170-2054-000001;"Nguyễn Thị Hoa";1.000.000;Đã chi trả;05/03/2054;BĐ-778',
      '12;2;26170-2054-000002;Trần Văn Bảy;750000;chưa chi trả;;',
    ].join('\r\n');
  expect(checkConfirmation(csv, 12, LISTED)).toEqual({
    ok: true,
    lines: [
      { lineNo: 1, outcome: 'paid', paidOn: '2054-03-05', reference: 'BĐ-778' },
      { lineNo: 2, outcome: 'failed', paidOn: null, reference: null },
    ],
  });
});

test('every problem of every row is reported, none applied', () => {
  const csv = [
    HEADER,
    '13,1,26170-2054-000001,A,1000000,Đã chi trả,2054-03-05,',
    '12,9,26170-2054-000009,B,1000000,Đã chi trả,2054-03-05,',
    '12,1,26170-2054-000001,A,1000001,Đã chi trả,31/02/2054,',
    '12,1,26170-2054-000001,A,1000000,Đã chi trả,2054-03-05,',
    '12,2,26170-2054-000002,B,750000,có lẽ,,',
  ].join('\n');
  const check = checkConfirmation(csv, 12, LISTED);
  expect(check.ok).toBe(false);
  if (check.ok) return;
  expect(check.problems.map((problem) => [problem.row, problem.code])).toEqual([
    [2, 'OTHER_PAYROLL'],
    [3, 'UNKNOWN_LINE'],
    [4, 'AMOUNT_MISMATCH'],
    [4, 'BAD_DATE'],
    [5, 'DUPLICATE_LINE'],
    [6, 'BAD_OUTCOME'],
  ]);
  expect(check.problems[2]!.message).toBe(
    'Dòng 4: số tiền "1000001" khác số tiền trong bảng kê (1000000 đồng)',
  );
});

test('a file without the columns, or without rows, is refused as a whole', () => {
  const noColumns = checkConfirmation('a,b\n1,2', 12, LISTED);
  expect(noColumns.ok).toBe(false);
  expect(!noColumns.ok && noColumns.problems[0]!.code).toBe('MISSING_COLUMN');
  const empty = checkConfirmation(HEADER + '\r\n', 12, LISTED);
  expect(!empty.ok && empty.problems.map((problem) => problem.code)).toEqual(['EMPTY_FILE']);
});

test('a line confirmed before with another outcome cannot be turned round by a later file', () => {
  const paid = new Map(LISTED);
  paid.set(1, { ...LISTED.get(1)!, state: 'paid' });
  const csv = [HEADER, '12,1,26170-2054-000001,A,1000000,Chưa chi trả,,'].join('\n');
  const check = checkConfirmation(csv, 12, paid);
  expect(!check.ok && check.problems.map((problem) => problem.code)).toEqual(['LINE_ALREADY_CONFIRMED']);
});
