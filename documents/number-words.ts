import { vndInWords } from '../domain/money';

const CURRENCY_WORD = ' đồng';

/**
 * A whole quantity in Vietnamese words, first letter capitalised, without a unit: 180 → "Một trăm tám mươi",
 * for amounts that are not money (kilograms of rice: "Một trăm tám mươi ki-lô-gam").
 *
 * domain/money.ts only exports the money reading (vndInWords, which always ends in "đồng"). Quantities are
 * read by exactly the same rules (linh, mốt, tư, lăm, "không trăm" inside larger numbers), so this reuses it
 * and strips the currency word instead of keeping a second copy of those rules that could drift apart.
 */
export function numberInWords(value: number): string {
  // Checked here so a bad quantity is not reported with vndInWords' money wording ("Số tiền …").
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`cần một số nguyên không âm, nhận được ${String(value)}`);
  }
  const words = vndInWords(value);
  if (!words.endsWith(CURRENCY_WORD)) throw new Error(`vndInWords không kết thúc bằng "đồng": ${words}`);
  return words.slice(0, -CURRENCY_WORD.length);
}
