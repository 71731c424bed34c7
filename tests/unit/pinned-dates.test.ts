/**
 * No test pins the time-skipping server's clock to a date before PINNED_DATES_FROM: such a test would pass
 * only until that date, then break for good (tests/helpers/pinned-dates.ts says why).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PINNED_DATES_FROM, pinnedDatesExpired } from '../helpers/pinned-dates';

const TESTS = path.resolve(__dirname, '..');
/** Calls that move the time-skipping clock; the first date literal among their arguments is the pin. */
const PIN = /\b(skipTo|skipPastEndOf)\((?:[^()'"]*,\s*)?'(\d{4}-\d{2}-\d{2})'/g;

function testSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return testSources(file);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [file] : [];
  });
}

function pinsIn(source: string): Array<{ call: string; date: string }> {
  return [...source.matchAll(PIN)].map((match) => ({ call: match[1]!, date: match[2]! }));
}

describe('pinned scenario dates', () => {
  test('the pattern finds pins in the shapes the tests write them', () => {
    expect(
      pinsIn(
        `await api.skipTo('2054-11-24', 9);\nawait skipTo(env, '2055-04-27');\nskipPastEndOf(env, '2054-02-04')`,
      ),
    ).toEqual([
      { call: 'skipTo', date: '2054-11-24' },
      { call: 'skipTo', date: '2055-04-27' },
      { call: 'skipPastEndOf', date: '2054-02-04' },
    ]);
  });

  test(`every date a test moves the time-skipping clock to is on or after ${PINNED_DATES_FROM}`, () => {
    // This file's own samples are not pins.
    const sources = testSources(TESTS).filter((file) => file !== __filename);
    const pins = sources.flatMap((file) =>
      pinsIn(fs.readFileSync(file, 'utf8')).map((pin) => ({ ...pin, file: path.relative(TESTS, file) })),
    );
    expect(pins.length).toBeGreaterThan(10); // the scan sees the scenarios that exist
    expect(pins.filter((pin) => pin.date < PINNED_DATES_FROM)).toEqual([]);
  });

  test('the run stops with the reason once today reaches the pinned years', () => {
    expect(pinnedDatesExpired('2053-12-31')).toBeUndefined();
    expect(pinnedDatesExpired(PINNED_DATES_FROM)).toMatch(/only moves forward/);
  });
});
