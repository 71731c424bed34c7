/**
 * The base level of social assistance (mức chuẩn trợ giúp xã hội) and the monthly amounts derived from it.
 * The base level changes by decree, so it is a table of data an admin extends; only verified or officially
 * published levels are seeded (the reported 540,000 VND from 2026-07-01 is NOT, see DOMAIN.md §2).
 */
import { DomainError } from './domain-error';
import { parseIsoDate } from './iso-date';

export interface BaseLevelEntry {
  /** 'YYYY-MM-DD': the level applies from this day until the next entry's effectiveFrom (or its effectiveTo). */
  readonly effectiveFrom: string;
  /**
   * Last day in force, inclusive (domain/effective-period.ts), when the decree that sets the level says it
   * ends; absent otherwise. After it, and before a later level starts, no base level is in force.
   */
  readonly effectiveTo?: string;
  /** VND per month, a positive integer. */
  readonly amount: number;
  readonly legalBasis: string;
}

export const DEFAULT_BASE_LEVELS: readonly BaseLevelEntry[] = [
  { effectiveFrom: '2021-07-01', amount: 360_000, legalBasis: 'Nghị định số 20/2021/NĐ-CP' },
  { effectiveFrom: '2024-07-01', amount: 500_000, legalBasis: 'Nghị định số 76/2024/NĐ-CP' },
];

/** Checks an admin-supplied table: valid dates, positive integer amounts, no two entries on one day. */
export function validateBaseLevelTable(table: readonly BaseLevelEntry[]): void {
  const seen = new Set<string>();
  for (const entry of table) {
    parseIsoDate(entry.effectiveFrom, 'effectiveFrom');
    if (entry.effectiveTo !== undefined) {
      parseIsoDate(entry.effectiveTo, 'effectiveTo');
      if (entry.effectiveTo < entry.effectiveFrom) {
        throw new DomainError(
          'INVALID_BASE_LEVEL',
          `base level from ${entry.effectiveFrom} ends on ${entry.effectiveTo}, before it starts`,
          `Mức chuẩn từ ngày ${entry.effectiveFrom} không thể hết hiệu lực (${entry.effectiveTo}) trước khi áp dụng`,
        );
      }
    }
    if (!Number.isSafeInteger(entry.amount) || entry.amount <= 0) {
      throw new DomainError(
        'INVALID_BASE_LEVEL',
        `base level from ${entry.effectiveFrom} must be a positive whole number of VND, got ${entry.amount}`,
        `Mức chuẩn từ ngày ${entry.effectiveFrom} phải là số nguyên dương (đồng), nhận được ${entry.amount}`,
      );
    }
    if (seen.has(entry.effectiveFrom)) {
      throw new DomainError(
        'DUPLICATE_BASE_LEVEL',
        `two base levels start on ${entry.effectiveFrom}`,
        `Có hai mức chuẩn cùng áp dụng từ ngày ${entry.effectiveFrom}`,
      );
    }
    seen.add(entry.effectiveFrom);
  }
}

/** The base level entry in force on a date (the latest one that started on or before it). */
export function baseLevelEntryOn(
  date: string,
  table: readonly BaseLevelEntry[] = DEFAULT_BASE_LEVELS,
): BaseLevelEntry {
  parseIsoDate(date, 'date');
  validateBaseLevelTable(table);
  const inForce = [...table]
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
    .filter((entry) => entry.effectiveFrom <= date)
    .pop();
  if (!inForce) {
    const first = [...table].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0];
    throw new DomainError(
      'NO_BASE_LEVEL',
      first
        ? `no base level is in force on ${date}: the first one starts on ${first.effectiveFrom}`
        : `no base level is in force on ${date}: the table is empty`,
      first
        ? `Chưa có mức chuẩn trợ giúp xã hội vào ngày ${date}: mức đầu tiên áp dụng từ ngày ${first.effectiveFrom}`
        : `Chưa có mức chuẩn trợ giúp xã hội vào ngày ${date}: bảng mức chuẩn trống`,
    );
  }
  if (inForce.effectiveTo !== undefined && inForce.effectiveTo < date) {
    throw new DomainError(
      'NO_BASE_LEVEL',
      `no base level is in force on ${date}: the level from ${inForce.effectiveFrom} ended on ${inForce.effectiveTo}`,
      `Chưa có mức chuẩn trợ giúp xã hội vào ngày ${date}: mức áp dụng từ ngày ${inForce.effectiveFrom} đã hết hiệu lực sau ngày ${inForce.effectiveTo}`,
    );
  }
  return inForce;
}

/** Base level in VND per month on a date. */
export function baseLevelOn(date: string, table: readonly BaseLevelEntry[] = DEFAULT_BASE_LEVELS): number {
  return baseLevelEntryOn(date, table).amount;
}

/**
 * Monthly amount = base level × coefficient, in whole VND. Coefficients have at most two decimals (Art. 6
 * uses steps of 0.5), so the product is computed in hundredths of a coefficient with integer arithmetic and
 * rounded half up to the đồng. With the seeded levels and coefficients the product is always exact; the
 * rounding only matters for an admin-entered level or coefficient that does not divide evenly.
 */
export function monthlyAmount(input: { readonly baseLevel: number; readonly coefficient: number }): number {
  const { baseLevel, coefficient } = input;
  if (!Number.isSafeInteger(baseLevel) || baseLevel <= 0) {
    throw new DomainError(
      'INVALID_BASE_LEVEL',
      `base level must be a positive whole number of VND, got ${baseLevel}`,
      `Mức chuẩn phải là số nguyên dương (đồng), nhận được ${baseLevel}`,
    );
  }
  const hundredths = Math.round(coefficient * 100);
  if (!Number.isFinite(coefficient) || coefficient <= 0 || Math.abs(coefficient * 100 - hundredths) > 1e-9) {
    throw new DomainError(
      'INVALID_COEFFICIENT',
      `coefficient must be positive with at most two decimals, got ${coefficient}`,
      `Hệ số phải dương và có tối đa hai chữ số thập phân, nhận được ${coefficient}`,
    );
  }
  return Math.floor((baseLevel * hundredths + 50) / 100);
}

/** Monthly amount on a date, with the base level looked up in the table. */
export function monthlyAmountOn(
  date: string,
  coefficient: number,
  table: readonly BaseLevelEntry[] = DEFAULT_BASE_LEVELS,
): number {
  return monthlyAmount({ baseLevel: baseLevelOn(date, table), coefficient });
}
