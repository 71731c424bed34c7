import { lunarToSolar, solarToLunar } from '../../../domain/calendar';
import { DomainError } from '../../../domain/domain-error';
import { dayNumberFromParts, toIsoDate } from '../../../domain/calendar/day-number';

// Tết (lunar 1/1) in Vietnam, as published in Vietnamese calendars (MM-DD of each year).
// prettier-ignore
const PUBLISHED_TET: Record<number, string> = {
  1990: '01-27', 1991: '02-15', 1992: '02-04', 1993: '01-23', 1994: '02-10', 1995: '01-31', 1996: '02-19',
  1997: '02-07', 1998: '01-28', 1999: '02-16', 2000: '02-05', 2001: '01-24', 2002: '02-12', 2003: '02-01',
  2004: '01-22', 2005: '02-09', 2006: '01-29', 2007: '02-17', 2008: '02-07', 2009: '01-26', 2010: '02-14',
  2011: '02-03', 2012: '01-23', 2013: '02-10', 2014: '01-31', 2015: '02-19', 2016: '02-08', 2017: '01-28',
  2018: '02-16', 2019: '02-05', 2020: '01-25', 2021: '02-12', 2022: '02-01', 2023: '01-22', 2024: '02-10',
  2025: '01-29', 2026: '02-17', 2027: '02-06', 2028: '01-26', 2029: '02-13', 2030: '02-02', 2031: '01-23',
  2032: '02-11', 2033: '01-31', 2034: '02-19', 2035: '02-08', 2036: '01-28', 2037: '02-15', 2038: '02-04',
  2039: '01-24', 2040: '02-12', 2041: '02-01', 2042: '01-22', 2043: '02-10', 2044: '01-30', 2045: '02-17',
  2046: '02-06', 2047: '01-26', 2048: '02-14', 2049: '02-02', 2050: '01-23',
};

function everyDayOf(year: number): string[] {
  const days: string[] = [];
  for (let d = dayNumberFromParts(year, 1, 1); d < dayNumberFromParts(year + 1, 1, 1); d += 1)
    days.push(toIsoDate(d));
  return days;
}

describe('Tết dates', () => {
  it.each(Object.entries(PUBLISHED_TET))('Tết %s is on the published day', (year, monthDay) => {
    expect(lunarToSolar({ day: 1, month: 1, year: Number(year) })).toBe(`${year}-${monthDay}`);
    expect(solarToLunar(`${year}-${monthDay}`)).toEqual({
      day: 1,
      month: 1,
      year: Number(year),
      leap: false,
    });
  });

  it('covers every year 1990–2050', () => {
    expect(Object.keys(PUBLISHED_TET).map(Number)).toEqual(Array.from({ length: 61 }, (_, i) => 1990 + i));
  });

  // The Chinese calendar (UTC+8) has Tết 1985-02-20, 2007-02-18 and 2030-02-03.
  it.each([
    [1985, '1985-01-21'],
    [2007, '2007-02-17'],
    [2030, '2030-02-02'],
  ])('Tết %i follows the Vietnamese calendar (UTC+7), not the Chinese one', (year, date) => {
    expect(lunarToSolar({ day: 1, month: 1, year })).toBe(date);
  });
});

describe('leap months', () => {
  it.each([
    [2020, 4],
    [2023, 2],
    [2025, 6],
    [2033, 11],
  ])('lunar year %i has leap month %i', (year, month) => {
    const leapStart = lunarToSolar({ day: 1, month, year, leap: true });
    expect(solarToLunar(leapStart)).toEqual({ day: 1, month, year, leap: true });
    expect(lunarToSolar({ day: 1, month, year }) < leapStart).toBe(true);
  });

  it('knows the Hùng Kings day of a leap-2 year is in the ordinary month 3 (2023-04-29)', () => {
    expect(lunarToSolar({ day: 10, month: 3, year: 2023 })).toBe('2023-04-29');
  });

  it.each([2020, 2023, 2025, 2033, 1985])('round-trips every day of %i solar → lunar → solar', (year) => {
    const days = everyDayOf(year);
    let previous = solarToLunar(toIsoDate(dayNumberFromParts(year, 1, 1) - 1));
    for (const date of days) {
      const lunar = solarToLunar(date);
      expect(lunarToSolar(lunar)).toBe(date);
      // Consecutive days are consecutive lunar days, or day 1 of the next month after day 29/30.
      expect(lunar.day === previous.day + 1 || (lunar.day === 1 && previous.day >= 29)).toBe(true);
      previous = lunar;
    }
  });

  it('has months of 29 or 30 days only and 12 or 13 months a year', () => {
    for (let year = 2020; year <= 2030; year += 1) {
      const firstDays = everyDayOf(year).filter((date) => solarToLunar(date).day === 1);
      expect(firstDays.length === 12 || firstDays.length === 13).toBe(true);
    }
  });
});

describe('known lunar dates', () => {
  it.each([
    ['2026-02-16', { day: 29, month: 12, year: 2025, leap: false }], // last day of Ất Tỵ
    ['2026-04-26', { day: 10, month: 3, year: 2026, leap: false }], // Giỗ Tổ 2026, a Sunday
    ['2025-01-28', { day: 29, month: 12, year: 2024, leap: false }], // no "30 Tết" in 2025
    ['2024-02-09', { day: 30, month: 12, year: 2023, leap: false }],
    ['2025-07-25', { day: 1, month: 6, year: 2025, leap: true }],
    ['2025-08-23', { day: 1, month: 7, year: 2025, leap: false }],
  ])('%s is lunar %o', (date, lunar) => {
    expect(solarToLunar(date)).toEqual(lunar);
  });
});

describe('invalid input', () => {
  it.each(['2026-02-30', '2026-2-3', '', '2026-13-01', '26-02-03', '2026-02-03T00:00:00Z'])(
    'solarToLunar(%p) throws INVALID_DATE naming the input',
    (text) => {
      expect(() => solarToLunar(text)).toThrow(DomainError);
      expect(() => solarToLunar(text)).toThrow(`"${text}"`);
      try {
        solarToLunar(text);
      } catch (error) {
        expect((error as DomainError).code).toBe('INVALID_DATE');
      }
    },
  );

  it('rejects a leap month the year does not have', () => {
    expect(() => lunarToSolar({ day: 1, month: 3, year: 2023, leap: true })).toThrow(
      /lunar year 2023 has no leap month 3 \(leap month is 2\)/,
    );
    expect(() => lunarToSolar({ day: 1, month: 1, year: 2026, leap: true })).toThrow(/no leap month/);
  });

  it('rejects day 30 of a 29-day month', () => {
    // Month 12 of 2024 (Giáp Thìn) has 29 days: that is why 2025 had no "30 Tết".
    expect(() => lunarToSolar({ day: 30, month: 12, year: 2024 })).toThrow(/only 29 days/);
    expect(lunarToSolar({ day: 30, month: 12, year: 2023 })).toBe('2024-02-09');
  });

  it.each([
    [{ day: 0, month: 1, year: 2026 }, /day must be 1–30/],
    [{ day: 31, month: 1, year: 2026 }, /day must be 1–30/],
    [{ day: 1, month: 13, year: 2026 }, /month must be 1–12/],
    [{ day: 1.5, month: 1, year: 2026 }, /integers/],
    [{ day: 1, month: 1, year: 1800 }, /outside the supported years/],
  ])('rejects %o', (input, message) => {
    expect(() => lunarToSolar(input)).toThrow(message);
  });

  it('rejects dates outside the supported years', () => {
    expect(() => solarToLunar('1850-06-01')).toThrow(expect.objectContaining({ code: 'DATE_OUT_OF_RANGE' }));
  });
});
