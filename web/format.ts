/** How pages write dates, money and days: dd/mm/yyyy, 1.250.000 đồng, "ngày làm việc". */
import { formatVnd } from '../domain/money';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** '2026-01-05' → '05/01/2026'; anything else (null, undefined) → ''. */
export function displayDate(value: unknown): string {
  if (typeof value !== 'string') return '';
  const match = ISO_DATE.exec(value.slice(0, 10));
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

/** An instant as dd/mm/yyyy hh:mm in Vietnam (UTC+7 all year). */
export function displayDateTime(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() + 7 * 60 * 60 * 1000).toISOString();
  return `${displayDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

export function displayMoney(value: unknown): string {
  return typeof value === 'number' && Number.isSafeInteger(value) ? formatVnd(value) : '';
}

const DISPLAY_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * What a person typed as dd/mm/yyyy → 'YYYY-MM-DD' for the schemas (which then check it is a real day);
 * anything else is passed on unchanged so the schema's message says what is wrong.
 */
export function isoFromDisplayDate(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = DISPLAY_DATE.exec(value.trim());
  if (!match) return value;
  return `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
}
