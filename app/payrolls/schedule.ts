/**
 * The Temporal Schedule that builds next month's lists (DOMAIN.md §8: lists go to the payer before the 25th): one
 * schedule per unit, a province (every commune under it, each its own child workflow) or a commune, on a day of
 * the month (default the 15th, at most the 24th). The day is kept in `payroll_schedules` too, so it can be
 * listed without asking Temporal, and the schedule is rebuilt from it (`ensurePayrollSchedules`).
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import { inTransaction, type Queryable } from '../../db/queryable';
import type { scheduledPayrollWorkflow } from '../../workflows/payroll/workflow';
import { audit, type Actor } from '../audit';
import { callerScope } from '../auth/caller-scope';
import { clockOf, temporalClientOf, type AppDeps } from '../deps';
import { conflict, forbidden, validationFailed } from '../errors';

export const DEFAULT_PAYROLL_DAY = 15;
/** The list must reach the payer before the 25th: the build runs on the 24th at the latest. */
export const LAST_PAYROLL_DAY = 24;
export const PAYROLL_SCHEDULERS = ['admin', 'payment_officer'] as const;

export const payrollScheduleId = (unitCode: string) => `payroll-${unitCode}`;

/**
 * The schedule's options. 00:00 UTC is 07:00 in Vietnam (UTC+7 all year) on the same day, so the calendar is
 * written in UTC and needs no time-zone data on the Temporal server.
 */
function scheduleOptions(deps: AppDeps, unitCode: string, dayOfMonth: number): ScheduleOptions {
  return {
    scheduleId: payrollScheduleId(unitCode),
    spec: { calendars: [{ dayOfMonth, hour: 0, minute: 0 }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'scheduledPayrollWorkflow',
      args: [{ unitCode }] satisfies Parameters<typeof scheduledPayrollWorkflow>,
      taskQueue: deps.taskQueue,
      workflowId: `payroll-run-${unitCode}`,
    },
    // A run still building when the next day comes is not doubled.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
  };
}

/** Creates the schedule, or updates its day when it exists. */
async function upsertTemporalSchedule(deps: AppDeps, unitCode: string, dayOfMonth: number): Promise<void> {
  const client = temporalClientOf(deps);
  const options = scheduleOptions(deps, unitCode, dayOfMonth);
  try {
    await client.schedule.create(options);
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(options.scheduleId).update((previous) => ({
      ...previous,
      spec: options.spec,
    }));
  }
}

export async function setPayrollSchedule(
  deps: AppDeps,
  actor: Actor,
  unitCode: string,
  dayOfMonth: number = DEFAULT_PAYROLL_DAY,
): Promise<{ unitCode: string; dayOfMonth: number; scheduleId: string }> {
  if (!(PAYROLL_SCHEDULERS as readonly string[]).includes(actor.role)) {
    throw forbidden('Chỉ quản trị viên và cán bộ chi trả được đặt lịch lập bảng kê');
  }
  if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > LAST_PAYROLL_DAY) {
    throw validationFailed([
      {
        path: 'body.dayOfMonth',
        message: `Ngày lập bảng kê phải từ ngày 1 đến ngày ${LAST_PAYROLL_DAY} hằng tháng`,
      },
    ]);
  }
  (await callerScope(deps, actor)).assertAccess(unitCode);
  await inTransaction(deps.pool, async (db) => {
    await lockPayrollSchedules(db);
    await assertNoOverlap(db, unitCode);
    await savePayrollScheduleRow(db, unitCode, dayOfMonth, actor.username, clockOf(deps)());
    await audit(db, deps, actor, {
      action: 'payroll.schedule',
      target: { kind: 'payroll_schedule', id: unitCode },
      details: { dayOfMonth },
    });
    // Temporal last: whatever fails before it rolls back with nothing left in Temporal; if Temporal fails the
    // row and the audit roll back. (Only a failed commit after it leaves a schedule without its row, which the
    // next call or ensurePayrollSchedules' next start puts right.)
    await upsertTemporalSchedule(deps, unitCode, dayOfMonth);
  });
  return { unitCode, dayOfMonth, scheduleId: payrollScheduleId(unitCode) };
}

/**
 * A commune is built by one schedule only, the nearest: a province's (or a former district's) run skips the
 * communes under a unit with a schedule of its own (db/payrolls.ts#communesUnder), so a province may be scheduled
 * over a commune that has its own. A unit under a scheduled one is refused (409 PAYROLL_SCHEDULE_OVERLAP): its
 * communes' lists are already built by that schedule, whose day is the one to change. The same unit's schedule
 * is updated, never doubled (one row and one Temporal Schedule per unit).
 */
async function assertNoOverlap(db: Queryable, unitCode: string): Promise<void> {
  const { rows } = await db.query<{ unit_code: string; name: string }>(
    `WITH RECURSIVE up AS (
       SELECT code, parent_code, former_parent_code FROM administrative_units WHERE code = $1
       UNION
       SELECT u.code, u.parent_code, u.former_parent_code FROM administrative_units u
         JOIN up ON u.code = up.parent_code OR u.code = up.former_parent_code
     )
     SELECT s.unit_code, u.name
       FROM payroll_schedules s JOIN administrative_units u ON u.code = s.unit_code
      WHERE s.unit_code <> $1 AND s.unit_code IN (SELECT code FROM up)
      ORDER BY s.unit_code LIMIT 1`,
    [unitCode],
  );
  const over = rows[0];
  if (!over) return;
  throw conflict(
    'PAYROLL_SCHEDULE_OVERLAP',
    `${over.name} đã có lịch lập bảng kê cho mọi xã, phường trực thuộc, kể cả đơn vị này: ` +
      'đổi ngày trong lịch đó thay vì đặt lịch riêng',
  );
}

/** One schedule change at a time is checked against the others, so two overlapping ones cannot both pass. */
async function lockPayrollSchedules(db: Queryable): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtextextended('payroll_schedules', 0))");
}

async function savePayrollScheduleRow(
  db: Queryable,
  unitCode: string,
  dayOfMonth: number,
  by: string,
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO payroll_schedules (unit_code, day_of_month, updated_by, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (unit_code) DO UPDATE SET day_of_month = $2, updated_by = $3, updated_at = $4`,
    [unitCode, dayOfMonth, by, at],
  );
}

/**
 * At start: every schedule recorded in `payroll_schedules` exists in Temporal (a new Temporal cluster, a lost
 * schedule), and a province in force without a schedule of its own gets the default (the 15th) so lists are
 * built without anyone asking: a commune with its own schedule below it is skipped by the province's run, every
 * other commune is built by it. The default is recorded too (by 'system'), so the overlap check sees it.
 */
export async function ensurePayrollSchedules(deps: AppDeps): Promise<void> {
  await inTransaction(deps.pool, async (db) => {
    // Under the schedules' lock, and never over a day someone set meanwhile (DO NOTHING): the default only fills
    // a gap. A province has no unit above it, so the overlap check has nothing to refuse.
    await lockPayrollSchedules(db);
    await db.query(
      `INSERT INTO payroll_schedules (unit_code, day_of_month, updated_by, updated_at)
       SELECT code, $1, 'system', $2 FROM administrative_units
        WHERE level = 'province' AND abolished_on IS NULL
       ON CONFLICT (unit_code) DO NOTHING`,
      [DEFAULT_PAYROLL_DAY, clockOf(deps)()],
    );
  });
  const { rows } = await deps.pool.query<{ unit_code: string; day_of_month: number }>(
    'SELECT unit_code, day_of_month FROM payroll_schedules',
  );
  for (const row of rows) await upsertTemporalSchedule(deps, row.unit_code, row.day_of_month);
}
