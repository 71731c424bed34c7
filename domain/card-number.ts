/**
 * Beneficiary card numbers (thẻ chi trả) and the QR payload printed on the card. Pure: the serial comes from
 * the caller (db sequence), the commune from the entitlement.
 *
 * A number is 14 digits: the commune code (5), a serial (7), and two check digits by ISO 7064 MOD 97-10 (the
 * IBAN check). Why not Luhn: a card number is read aloud over the phone and typed by hand at the payer's
 * counter, and Luhn's single digit misses the transposition 09↔90 and most twin errors (22↔55); MOD 97-10
 * catches every single-digit error and every adjacent transposition, and all but about 1 % of anything else,
 * for one digit more. Grouped for reading as 5-7-2 ("26170 0000012 63").
 *
 * The QR payload carries the card number only — no name, ID number, amount or dossier code — so a photograph
 * of a card tells nothing about the person; the payer's system finds this month's payroll line by the number.
 */

const SERIAL_DIGITS = 7;
export const CARD_NUMBER_LENGTH = 5 + SERIAL_DIGITS + 2;
export const MAX_CARD_SERIAL = 10 ** SERIAL_DIGITS - 1;

/** ISO 7064 MOD 97-10 remainder of a digit string (chunked, so any length fits in a double). */
function mod97(digits: string): number {
  let remainder = 0;
  for (let i = 0; i < digits.length; i += 7) {
    remainder = Number(`${remainder}${digits.slice(i, i + 7)}`) % 97;
  }
  return remainder;
}

/** The two check digits appended to `digits`: the whole number is then ≡ 1 (mod 97). */
export function mod97CheckDigits(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new Error('check digits of a non-numeric string');
  return String(98 - mod97(`${digits}00`)).padStart(2, '0');
}

/** A card number for a commune's serial. */
export function cardNumberOf(communeCode: string, serial: number): string {
  if (!/^\d{5}$/.test(communeCode)) throw new Error(`card number for commune "${communeCode}"`);
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_CARD_SERIAL) {
    throw new Error(`card serial ${serial} out of range`);
  }
  const body = `${communeCode}${String(serial).padStart(SERIAL_DIGITS, '0')}`;
  return `${body}${mod97CheckDigits(body)}`;
}

/** Spaces and dashes as people write them are ignored; true when the digits and their check agree. */
export function isValidCardNumber(input: string): boolean {
  const digits = input.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${CARD_NUMBER_LENGTH}}$`).test(digits) && mod97(digits) === 1;
}

/** "26170 0000012 63": how the card prints it and how an officer reads it out. */
export function formatCardNumber(cardNumber: string): string {
  return `${cardNumber.slice(0, 5)} ${cardNumber.slice(5, 5 + SERIAL_DIGITS)} ${cardNumber.slice(-2)}`;
}

/**
 * What the QR code holds: a fixed prefix naming the scheme and its version, then the number. Upper-case
 * letters, digits and colons only, so the code uses QR's compact alphanumeric mode and stays small.
 */
const QR_PREFIX = 'TGXH:THE:1:';

export function cardQrPayload(cardNumber: string): string {
  if (!isValidCardNumber(cardNumber)) throw new Error('QR payload of an invalid card number');
  return `${QR_PREFIX}${cardNumber}`;
}

/** The card number a scanned payload names, or undefined for anything else (another scheme, a bad check). */
export function cardNumberOfQrPayload(payload: string): string | undefined {
  if (!payload.startsWith(QR_PREFIX)) return undefined;
  const cardNumber = payload.slice(QR_PREFIX.length);
  return /^\d+$/.test(cardNumber) && isValidCardNumber(cardNumber) ? cardNumber : undefined;
}
