/**
 * Dates that tests pin the time-skipping server's clock to.
 *
 * Temporal's time-skipping test server starts at the real current time and its clock only moves forward. A
 * scenario pinned to a date that has since passed cannot run any more: skipping "back" to it used to do nothing
 * silently, and every date the test expected was then wrong (the suite passed only in the week it was written).
 * So:
 * - a test either derives its dates from the server's today (`todayOn`, the working calendar), or pins them on
 *   or after PINNED_DATES_FROM, far enough ahead to outlive the project's current rules;
 * - scenarios that need particular holidays use years whose holidays fall on the weekdays the test's comments
 *   describe (2054 has the weekdays of 2026 and a Tết laid out like 2027's; 2055 has the weekdays of 2027);
 * - `moveClockForward` refuses to go back and says why, and jest's global setup stops the whole run, with the
 *   reason, once today reaches PINNED_DATES_FROM (`tests/unit/pinned-dates.test.ts` checks every pinned literal).
 *
 * The in-memory clock of startTestApi never reads the real time, so it may hold a past date: a legal scenario
 * of 2026 (that year's notices, versions published in it) runs the same on any day.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { legalDateOf } from '../../domain/legal-time';

/** No test pins a clock to a date before this one. */
export const PINNED_DATES_FROM = '2054-01-01';

/** Why a run stops once the pinned years have arrived (thrown by jest's global setup). */
export function pinnedDatesExpired(today: string): string | undefined {
  if (today < PINNED_DATES_FROM) return undefined;
  return (
    `Today (${today}) has reached PINNED_DATES_FROM (${PINNED_DATES_FROM}): the scenarios pinned to dates in ` +
    `${PINNED_DATES_FROM.slice(0, 4)} and later can no longer run, because the time-skipping server starts at ` +
    `the real date and only moves forward. Move them to later years whose nonWorkingDays() have the same layout around each scenario ` +
    `(weekdays repeat every 28 years, Tết does not), re-check their expected dates by hand, and raise ` +
    `PINNED_DATES_FROM ` +
    `(tests/helpers/pinned-dates.ts).`
  );
}

/**
 * Moves the test server's clock forward to `targetMs`; `label` names the target in the error. Moving to an
 * instant already past throws instead of silently leaving the clock where it is.
 */
export async function moveClockForward(
  env: TestWorkflowEnvironment,
  targetMs: number,
  label: string,
): Promise<void> {
  const now = await env.currentTimeMs();
  if (targetMs < now) {
    throw new Error(
      `Cannot move the time-skipping clock back to ${label}: it is already ${new Date(now).toISOString()} ` +
        `(legal date ${legalDateOf(now)}). The test server starts at the real current time and only moves ` +
        `forward, so a scenario pinned to a past date can no longer run: pin it on or after ` +
        `${PINNED_DATES_FROM} (tests/helpers/pinned-dates.ts) or derive it from todayOn().`,
    );
  }
  if (targetMs > now) await env.sleep(targetMs - now);
}
