/** An admin enters the yearly plan report's own figures for a unit in their scope (app/reports/plan.ts). */
import { z } from 'zod';
import { planInputs, savePlanInput, type PlanInputRow } from '../../db/reports';
import { callerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import { clockOf, type AppDeps } from '../deps';
import { validationFailed } from '../errors';
import { vietnameseText } from '../schemas';
import { reportUnitsOf } from './index';

export const PlanInputSchema = z
  .strictObject({
    peopleInSpecialHardship: z.number().int().min(0).max(10_000_000),
    comprehensiveServices: z.number().int().min(0).max(10_000_000),
    note: vietnameseText(1000).optional(),
  })
  .meta({ id: 'PlanReportInput' });
export type PlanInput = z.output<typeof PlanInputSchema>;

export async function enterPlanInput(
  deps: AppDeps,
  user: AuthenticatedUser,
  unitCode: string,
  year: number,
  input: PlanInput,
): Promise<void> {
  const scope = await callerScope(deps, user);
  scope.assertAccess(unitCode);
  if (input.comprehensiveServices > input.peopleInSpecialHardship) {
    throw validationFailed([
      {
        path: 'body.comprehensiveServices',
        message:
          'Số người được cung cấp dịch vụ toàn diện không được lớn hơn số người có hoàn cảnh đặc biệt khó khăn',
      },
    ]);
  }
  await savePlanInput(deps.pool, {
    unitCode,
    year,
    peopleInSpecialHardship: input.peopleInSpecialHardship,
    comprehensiveServices: input.comprehensiveServices,
    note: input.note ?? null,
    enteredBy: user.username,
    enteredAt: clockOf(deps)(),
  });
}

/** The admin's page: the units they may enter figures for (their own first) and what is entered for `year`. */
export async function planInputsForYear(
  deps: AppDeps,
  user: AuthenticatedUser,
  year: number,
): Promise<{ units: Array<{ code: string; name: string }>; inputs: PlanInputRow[] }> {
  const units = await reportUnitsOf(deps, user);
  const inputs = await planInputs(
    deps.pool,
    year,
    units.map((unit) => unit.code),
  );
  return { units, inputs };
}
