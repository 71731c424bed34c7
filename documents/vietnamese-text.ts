/**
 * Vietnamese wording of dates and text for official documents (Decree 30/2020/NĐ-CP, Appendix I).
 * Pure functions; they throw on malformed input so a template never prints "ngày NaN".
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Parses a legal date 'YYYY-MM-DD' and checks it exists on the calendar (no 30 February). */
export function parseLegalDate(value: string): CalendarDate {
  const match = ISO_DATE.exec(value);
  if (!match) throw new Error(`Ngày không hợp lệ (cần dạng YYYY-MM-DD): ${JSON.stringify(value)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new Error(`Ngày không có trên lịch: ${value}`);
  }
  return { year, month, day };
}

// Decree 30: a zero goes before days below 10 and months below 3 ("tháng 01", "tháng 02", but "tháng 3").
function legalDay(day: number): string {
  return day < 10 ? `0${day}` : String(day);
}
function legalMonth(month: number): string {
  return month < 3 ? `0${month}` : String(month);
}

/** 'ngày 05 tháng 01 năm 2026' */
export function vietnameseDate(isoDate: string): string {
  const { year, month, day } = parseLegalDate(isoDate);
  return `ngày ${legalDay(day)} tháng ${legalMonth(month)} năm ${year}`;
}

/** 'Đồng Nai, ngày 05 tháng 01 năm 2026' — the place-and-date line under the motto. */
export function placeAndDate(place: string, isoDate: string): string {
  return `${place}, ${vietnameseDate(isoDate)}`;
}

/** '05/01/2026' — compact form for tables and references to other documents. */
export function shortDate(isoDate: string): string {
  const { year, month, day } = parseLegalDate(isoDate);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/** '14 giờ 30 phút, ngày 05 tháng 01 năm 2026' from a local (Asia/Ho_Chi_Minh) 'YYYY-MM-DDTHH:mm'. */
export function vietnameseDateTime(localDateTime: string): string {
  const match = ISO_LOCAL_DATE_TIME.exec(localDateTime);
  if (!match)
    throw new Error(`Thời điểm không hợp lệ (cần dạng YYYY-MM-DDTHH:mm): ${JSON.stringify(localDateTime)}`);
  const [hour, minute] = [Number(match[4]), Number(match[5])];
  if (hour > 23 || minute > 59) throw new Error(`Giờ không hợp lệ: ${localDateTime}`);
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  return `${String(hour).padStart(2, '0')} giờ ${String(minute).padStart(2, '0')} phút, ${vietnameseDate(date)}`;
}

/** Upper case with Vietnamese rules; NFC so 'Ủy' stays one code point per letter. */
export function vietnameseUpperCase(text: string): string {
  return text.toLocaleUpperCase('vi').normalize('NFC');
}

/** Document numbers have at least two digits: 5 → '05', 123 → '123'. */
export function documentNumberDigits(number: number): string {
  if (!Number.isInteger(number) || number < 1) throw new Error(`Số văn bản không hợp lệ: ${number}`);
  return number < 10 ? `0${number}` : String(number);
}

/** 'Số: 05/QĐ-UBND' */
export function numberLabel(number: number, symbol: string): string {
  return `Số: ${documentNumberDigits(number)}/${symbol}`;
}
