/**
 * Money is integer VND. Official documents write amounts in figures and in words (Decree 30/2020), so this
 * module turns an amount into both.
 *
 * Reading conventions used in words (the ones found in administrative and accounting documents):
 * - "nghìn" (not "ngàn"), "linh" (not "lẻ") for a zero tens digit: 105 → "một trăm linh năm";
 * - "mười" for 10–19 with "một" kept: 11 → "mười một", 14 → "mười bốn";
 * - after "mươi": 1 → "mốt" (21 → "hai mươi mốt"), 4 → "tư" (24 → "hai mươi tư"), 5 → "lăm";
 *   after "mười", 5 → "lăm" (15 → "mười lăm"); a lone or "linh" 5 stays "năm";
 * - a group after a larger one is read in full, so an empty hundreds digit is spoken:
 *   1_005_000 → "một triệu không trăm linh năm nghìn"; groups that are all zero are skipped;
 * - above 999 999 999 the number of tỷ is itself read as a number: 10^12 → "một nghìn tỷ",
 *   10^15 → "một triệu tỷ", and (beyond safe integers, for completeness) 10^18 → "một tỷ tỷ".
 */
import { DomainError } from './domain-error';

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;
const GROUP_UNITS = ['', 'nghìn', 'triệu'] as const;
const ONE_BILLION = 1_000_000_000;

function digitWord(digit: number): string {
  const word = DIGITS[digit];
  if (word === undefined) throw new RangeError(`not a digit: ${digit}`);
  return word;
}

/** Units digit after "mươi" (20–99). */
function unitsAfterMuoi(units: number): string {
  if (units === 1) return 'mốt';
  if (units === 4) return 'tư';
  if (units === 5) return 'lăm';
  return digitWord(units);
}

/**
 * Reads 0–999. `spokenInFull` is true when a larger group precedes this one: then the hundreds digit is
 * always spoken ("không trăm") and a lone units digit takes "linh".
 */
function readGroup(group: number, spokenInFull: boolean): string[] {
  const hundreds = Math.floor(group / 100);
  const tens = Math.floor(group / 10) % 10;
  const units = group % 10;
  const words: string[] = [];
  const hundredsSpoken = spokenInFull || hundreds > 0;
  if (hundredsSpoken) words.push(digitWord(hundreds), 'trăm');

  if (tens === 0) {
    if (units > 0) {
      if (hundredsSpoken) words.push('linh');
      words.push(digitWord(units));
    }
  } else if (tens === 1) {
    words.push('mười');
    if (units === 5) words.push('lăm');
    else if (units > 0) words.push(digitWord(units));
  } else {
    words.push(digitWord(tens), 'mươi');
    if (units > 0) words.push(unitsAfterMuoi(units));
  }
  return words;
}

/** Reads 1–999 999 999 as triệu / nghìn / units groups, skipping empty groups. */
function readBelowOneBillion(amount: number, spokenInFull: boolean): string[] {
  const words: string[] = [];
  let anyGroupSpoken = spokenInFull;
  for (let groupIndex = GROUP_UNITS.length - 1; groupIndex >= 0; groupIndex--) {
    const group = Math.floor(amount / 1000 ** groupIndex) % 1000;
    if (group === 0) continue;
    words.push(...readGroup(group, anyGroupSpoken));
    const unit = GROUP_UNITS[groupIndex];
    if (unit) words.push(unit);
    anyGroupSpoken = true;
  }
  return words;
}

/** Reads a positive integer; the count of tỷ is read recursively (nghìn tỷ, triệu tỷ, tỷ tỷ). */
function readPositive(amount: number, spokenInFull: boolean): string[] {
  const billions = Math.floor(amount / ONE_BILLION);
  const rest = amount % ONE_BILLION;
  if (billions === 0) return readBelowOneBillion(rest, spokenInFull);
  const words = [...readPositive(billions, spokenInFull), 'tỷ'];
  if (rest > 0) words.push(...readBelowOneBillion(rest, true));
  return words;
}

function assertNonNegativeSafeInteger(amount: number): void {
  if (typeof amount !== 'number' || Number.isNaN(amount)) {
    throw new DomainError(
      'MONEY_NOT_A_NUMBER',
      `amount must be a number, got ${String(amount)}`,
      'Số tiền phải là một số',
    );
  }
  if (!Number.isInteger(amount)) {
    throw new DomainError(
      'MONEY_NOT_INTEGER',
      `amount must be a whole number of VND, got ${amount}`,
      'Số tiền phải là số nguyên (đồng)',
    );
  }
  if (amount < 0) {
    throw new DomainError(
      'MONEY_NEGATIVE',
      `amount must not be negative, got ${amount}`,
      'Số tiền không được âm',
    );
  }
  if (amount > Number.MAX_SAFE_INTEGER) {
    throw new DomainError(
      'MONEY_TOO_LARGE',
      `amount must not exceed ${Number.MAX_SAFE_INTEGER}, got ${amount}`,
      `Số tiền không được vượt quá ${formatVndNumber(Number.MAX_SAFE_INTEGER)}`,
    );
  }
}

/** Amount in Vietnamese words, first letter capitalised, ending in "đồng", NFC. 0 → "Không đồng". */
export function vndInWords(amount: number): string {
  assertNonNegativeSafeInteger(amount);
  const words = amount === 0 ? ['không'] : readPositive(amount, false);
  const sentence = [...words, 'đồng'].join(' ').normalize('NFC');
  return sentence.charAt(0).toLocaleUpperCase('vi') + sentence.slice(1);
}

/**
 * Amount in figures with "." as the thousands separator: 1250000 → "1.250.000". Negative safe integers are
 * allowed here (a correction or a recovered overpayment is displayed with a minus sign).
 */
export function formatVndNumber(amount: number): string {
  if (!Number.isSafeInteger(amount)) {
    throw new DomainError(
      'MONEY_NOT_SAFE_INTEGER',
      `amount must be a safe integer number of VND, got ${String(amount)}`,
      'Số tiền phải là số nguyên (đồng)',
    );
  }
  const digits = Math.abs(amount).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return amount < 0 ? `-${grouped}` : grouped;
}

/** Amount in figures followed by the currency word: 1250000 → "1.250.000 đồng". */
export function formatVnd(amount: number): string {
  return `${formatVndNumber(amount)} đồng`;
}
