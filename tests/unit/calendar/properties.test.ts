import fc from 'fast-check';
import { createCalendar } from '../../../domain/calendar';
import { dayNumberFromParts, toIsoDate } from '../../../domain/calendar/day-number';

const calendar = createCalendar();
const dateIn2021To2030 = fc
  .integer({ min: dayNumberFromParts(2021, 1, 1), max: dayNumberFromParts(2030, 12, 31) })
  .map(toIsoDate);
const workingDayCount = fc.integer({ min: 0, max: 60 });

describe('working-day arithmetic (properties)', () => {
  it('workingDaysBetween(d, addWorkingDays(d, n)) === n', () => {
    fc.assert(
      fc.property(dateIn2021To2030, workingDayCount, (date, n) => {
        expect(calendar.workingDaysBetween(date, calendar.addWorkingDays(date, n))).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('lands on a working day when n > 0', () => {
    fc.assert(
      fc.property(dateIn2021To2030, fc.integer({ min: 1, max: 60 }), (date, n) => {
        expect(calendar.isWorkingDay(calendar.addWorkingDays(date, n))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is strictly increasing in n', () => {
    fc.assert(
      fc.property(dateIn2021To2030, workingDayCount, (date, n) => {
        expect(calendar.addWorkingDays(date, n) < calendar.addWorkingDays(date, n + 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('workingDaysBetween is antisymmetric and additive', () => {
    fc.assert(
      fc.property(dateIn2021To2030, dateIn2021To2030, dateIn2021To2030, (a, b, c) => {
        expect(calendar.workingDaysBetween(b, a)).toBe(0 - calendar.workingDaysBetween(a, b));
        expect(calendar.workingDaysBetween(a, c)).toBe(
          calendar.workingDaysBetween(a, b) + calendar.workingDaysBetween(b, c),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('addCalendarDays(addCalendarDays(d, n), -n) === d and composes', () => {
    fc.assert(
      fc.property(
        dateIn2021To2030,
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: -400, max: 400 }),
        (d, n, m) => {
          expect(calendar.addCalendarDays(calendar.addCalendarDays(d, n), -n)).toBe(d);
          expect(calendar.addCalendarDays(calendar.addCalendarDays(d, n), m)).toBe(
            calendar.addCalendarDays(d, n + m),
          );
          expect(calendar.addCalendarDays(d, n) > d).toBe(n > 0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
