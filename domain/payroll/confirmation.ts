/**
 * The payer's confirmation of a list (DOMAIN.md §8: paid / not paid per line, the date, its reference),
 * checked whole before anything is applied: every problem of every row is reported, and a file with any
 * problem changes nothing. The file is the exported list with its last three columns filled in.
 */
import { isIsoDate } from '../iso-date';
import { parseCsv } from './csv';

export const CONFIRMATION_COLUMNS = {
  payrollId: 'Mã bảng kê',
  lineNo: 'Số dòng',
  dossierCode: 'Mã hồ sơ',
  amount: 'Số tiền (đồng)',
  outcome: 'Kết quả chi trả',
  paidOn: 'Ngày chi trả',
  reference: 'Số tham chiếu',
} as const;

/** The words the payer writes in the outcome column (case and diacritics as typed are tolerated). */
export const OUTCOME_WORDS = { paid: 'Đã chi trả', failed: 'Chưa chi trả' } as const;

export type LineOutcome = 'paid' | 'failed';

export interface ConfirmationProblem {
  /** 0 for the file as a whole, else the file's line number (the header is line 1). */
  row: number;
  code:
    | 'EMPTY_FILE'
    | 'MISSING_COLUMN'
    | 'OTHER_PAYROLL'
    | 'UNKNOWN_LINE'
    | 'AMOUNT_MISMATCH'
    | 'DUPLICATE_LINE'
    | 'BAD_OUTCOME'
    | 'BAD_DATE'
    | 'LINE_ALREADY_CONFIRMED';
  message: string;
}

export interface ConfirmedLine {
  lineNo: number;
  outcome: LineOutcome;
  /** 'YYYY-MM-DD'; null when not paid. */
  paidOn: string | null;
  reference: string | null;
}

export interface ListedLine {
  lineNo: number;
  dossierCode: string;
  amount: number;
  state: 'issued' | 'paid' | 'failed' | 'reissued';
}

function normalized(text: string): string {
  return text.normalize('NFC').trim().toLocaleLowerCase('vi');
}

function outcomeOf(text: string): LineOutcome | undefined {
  const word = normalized(text);
  if (word === normalized(OUTCOME_WORDS.paid) || word === 'đã chi') return 'paid';
  if (word === normalized(OUTCOME_WORDS.failed) || word === 'chưa chi') return 'failed';
  return undefined;
}

/** 'YYYY-MM-DD' or 'DD/MM/YYYY' → 'YYYY-MM-DD'. */
function dateOf(text: string): string | undefined {
  const trimmed = text.trim();
  const vietnamese = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  const iso = vietnamese
    ? `${vietnamese[3]}-${vietnamese[2]!.padStart(2, '0')}-${vietnamese[1]!.padStart(2, '0')}`
    : trimmed;
  return isIsoDate(iso) ? iso : undefined;
}

/** Whole VND as written: digits, with '.', ',' or spaces between thousands. */
function amountOf(text: string): number | undefined {
  const digits = text.trim().replace(/[.,\s]/g, '');
  return /^\d{1,15}$/.test(digits) ? Number(digits) : undefined;
}

export type ConfirmationCheck =
  { ok: true; lines: ConfirmedLine[] } | { ok: false; problems: ConfirmationProblem[] };

/**
 * Checks a confirmation file against the list it answers. A line already confirmed with the same outcome is
 * accepted and left as it is (a corrected file may repeat lines); with another outcome it is a problem.
 */
export function checkConfirmation(
  csvText: string,
  payrollId: number,
  listed: ReadonlyMap<number, ListedLine>,
): ConfirmationCheck {
  const rows = parseCsv(csvText);
  const problems: ConfirmationProblem[] = [];
  const header = rows[0]?.map((cell) => normalized(cell)) ?? [];
  const indexOf = Object.fromEntries(
    Object.entries(CONFIRMATION_COLUMNS).map(([key, title]) => [key, header.indexOf(normalized(title))]),
  ) as Record<keyof typeof CONFIRMATION_COLUMNS, number>;
  for (const [key, index] of Object.entries(indexOf)) {
    if (index < 0 && key !== 'reference' && key !== 'paidOn') {
      problems.push({
        row: 0,
        code: 'MISSING_COLUMN',
        message: `Tệp thiếu cột "${CONFIRMATION_COLUMNS[key as keyof typeof CONFIRMATION_COLUMNS]}"`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (rows.length < 2) {
    return {
      ok: false,
      problems: [{ row: 0, code: 'EMPTY_FILE', message: 'Tệp không có dòng chi trả nào' }],
    };
  }
  const cell = (row: string[], key: keyof typeof CONFIRMATION_COLUMNS) =>
    indexOf[key] < 0 ? '' : (row[indexOf[key]] ?? '').trim();
  const seen = new Set<number>();
  const lines: ConfirmedLine[] = [];
  rows.slice(1).forEach((row, offset) => {
    const rowNo = offset + 2;
    const problem = (code: ConfirmationProblem['code'], message: string) =>
      problems.push({ row: rowNo, code, message: `Dòng ${rowNo}: ${message}` });
    if (cell(row, 'payrollId') !== String(payrollId)) {
      problem(
        'OTHER_PAYROLL',
        `thuộc bảng kê "${cell(row, 'payrollId')}", không phải bảng kê số ${payrollId}`,
      );
      return;
    }
    const lineNo = /^\d{1,9}$/.test(cell(row, 'lineNo')) ? Number(cell(row, 'lineNo')) : undefined;
    const line = lineNo === undefined ? undefined : listed.get(lineNo);
    if (!line || line.dossierCode !== cell(row, 'dossierCode')) {
      problem(
        'UNKNOWN_LINE',
        `không có dòng số "${cell(row, 'lineNo')}" của hồ sơ "${cell(row, 'dossierCode')}" trong bảng kê`,
      );
      return;
    }
    if (seen.has(line.lineNo)) {
      problem('DUPLICATE_LINE', `dòng số ${line.lineNo} đã có ở phần trước của tệp`);
      return;
    }
    seen.add(line.lineNo);
    const amount = amountOf(cell(row, 'amount'));
    if (amount !== line.amount) {
      problem(
        'AMOUNT_MISMATCH',
        `số tiền "${cell(row, 'amount')}" khác số tiền trong bảng kê (${line.amount} đồng)`,
      );
    }
    const outcome = outcomeOf(cell(row, 'outcome'));
    if (!outcome) {
      problem(
        'BAD_OUTCOME',
        `kết quả chi trả phải là "${OUTCOME_WORDS.paid}" hoặc "${OUTCOME_WORDS.failed}"`,
      );
      return;
    }
    const paidOn = outcome === 'paid' ? dateOf(cell(row, 'paidOn')) : null;
    if (paidOn === undefined) {
      problem('BAD_DATE', 'ngày chi trả phải có dạng ngày/tháng/năm (ví dụ 05/03/2054)');
    }
    if (line.state !== 'issued' && line.state !== outcome) {
      problem('LINE_ALREADY_CONFIRMED', `dòng số ${line.lineNo} đã được xác nhận trước đó với kết quả khác`);
    }
    const reference = cell(row, 'reference');
    lines.push({
      lineNo: line.lineNo,
      outcome,
      paidOn: paidOn ?? null,
      reference: reference === '' ? null : reference,
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lines };
}
