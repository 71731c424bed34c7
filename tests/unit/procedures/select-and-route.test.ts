import { DomainError } from '../../../domain/domain-error';
import {
  DEFAULT_PROCEDURES,
  ProcedureDefinitionSchema,
  decidingStep,
  routeDeadlineTotals,
  routeDeadlineWorkingDays,
  selectProcedure,
  stepsInRoute,
  type ProcedureDefinition,
} from '../../../domain/procedures';

function errorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).messageVi.length).toBeGreaterThan(0);
    return (error as DomainError).code;
  }
  throw new Error('expected a DomainError');
}

describe('selectProcedure', () => {
  it('monthly allowance: three tiers until 2025-06-30, two tiers from 2025-07-01', () => {
    expect(selectProcedure('monthly-allowance', '2021-07-01')).toMatchObject({
      version: 1,
      tier: 'three-tier',
    });
    expect(selectProcedure('monthly-allowance', '2025-06-30')).toMatchObject({
      version: 1,
      tier: 'three-tier',
    });
    expect(selectProcedure('monthly-allowance', '2025-07-01')).toMatchObject({
      version: 2,
      tier: 'two-tier',
    });
    // Decree 147/2025 lapses from 01/03/2027: the two-tier route's last day is 28/02/2027 (inclusive).
    expect(selectProcedure('monthly-allowance', '2027-02-28')).toMatchObject({ version: 2 });
    expect(errorCode(() => selectProcedure('monthly-allowance', '2027-03-01'))).toBe('NO_PROCEDURE_IN_FORCE');
  });

  it.each(['monthly-allowance', 'funeral-support', 'emergency-food'])(
    '%s: after the two-tier route ends the refusal says so in Vietnamese, with the last day',
    (id) => {
      try {
        selectProcedure(id, '2027-03-01');
        throw new Error('expected a refusal');
      } catch (error) {
        expect(error).toMatchObject({ code: 'NO_PROCEDURE_IN_FORCE' });
        expect((error as DomainError).messageVi).toMatch(
          /không còn được tiếp nhận.*hết hiệu lực sau ngày 28\/02\/2027/,
        );
      }
    },
  );

  it.each(['funeral-support', 'emergency-food'])('%s switches version on 2025-07-01', (id) => {
    expect(selectProcedure(id, '2025-06-30').tier).toBe('three-tier');
    expect(selectProcedure(id, '2025-07-01').tier).toBe('two-tier');
  });

  it('fails clearly before the first version and for an unknown procedure', () => {
    expect(errorCode(() => selectProcedure('monthly-allowance', '2021-06-30'))).toBe('NO_PROCEDURE_IN_FORCE');
    expect(() => selectProcedure('monthly-allowance', '2021-06-30')).toThrow(
      /no version of "monthly-allowance" is in force on 2021-06-30 \(v1: 2021-07-01 – 2025-06-30; v2: 2025-07-01 – 2027-02-28\)/,
    );
    expect(errorCode(() => selectProcedure('housing-support', '2025-07-01'))).toBe('UNKNOWN_PROCEDURE');
    expect(errorCode(() => selectProcedure('monthly-allowance', '2025-7-1'))).toBe('INVALID_DATE');
  });

  it('a newer version covering the same day wins (an admin edit)', () => {
    const current = selectProcedure('monthly-allowance', '2026-01-05');
    const edited: ProcedureDefinition = { ...current, version: 3, effectiveFrom: '2026-01-01' };
    const definitions = [...DEFAULT_PROCEDURES, edited];
    expect(selectProcedure('monthly-allowance', '2025-12-31', definitions).version).toBe(2);
    expect(selectProcedure('monthly-allowance', '2026-01-05', definitions).version).toBe(3);
  });

  it('uses only the definitions given', () => {
    expect(errorCode(() => selectProcedure('monthly-allowance', '2025-07-01', []))).toBe('UNKNOWN_PROCEDURE');
  });
});

describe('route deadlines', () => {
  const threeTier = selectProcedure('monthly-allowance', '2025-06-30');
  const twoTier = selectProcedure('monthly-allowance', '2025-07-01');

  it('three-tier monthly allowance: 7 + 2 posting + 3 + 7 + 3 = 22 working days (complaints not counted)', () => {
    expect(routeDeadlineWorkingDays(threeTier)).toBe(22);
    expect(threeTier.steps.map((step) => step.key)).toEqual([
      'verification',
      'public_posting',
      'commune_proposal',
      'district_appraisal',
      'district_decision',
    ]);
  });

  it('two-tier monthly allowance: 10 working days in total, 8 when the optional posting is skipped', () => {
    expect(routeDeadlineWorkingDays(twoTier)).toBe(10);
    expect(routeDeadlineWorkingDays(twoTier, ['public_posting'])).toBe(8);
    expect(stepsInRoute(twoTier, ['public_posting']).map((step) => step.key)).toEqual([
      'verification',
      'commune_decision',
    ]);
  });

  it('only optional steps can be skipped', () => {
    expect(errorCode(() => stepsInRoute(threeTier, ['public_posting']))).toBe('CANNOT_SKIP_STEP');
    expect(errorCode(() => routeDeadlineWorkingDays(twoTier, ['commune_decision']))).toBe('CANNOT_SKIP_STEP');
    expect(errorCode(() => stepsInRoute(twoTier, ['no_such_step']))).toBe('CANNOT_SKIP_STEP');
  });

  it('funeral support: 2 + 3 + 2 working days (three tiers), 3 (two tiers)', () => {
    expect(routeDeadlineWorkingDays(selectProcedure('funeral-support', '2025-06-30'))).toBe(7);
    expect(routeDeadlineWorkingDays(selectProcedure('funeral-support', '2025-07-01'))).toBe(3);
  });

  it('emergency food counts calendar days and cannot be expressed in working days', () => {
    const emergency = selectProcedure('emergency-food', '2025-07-01');
    expect(routeDeadlineTotals(emergency)).toEqual({ working_days: 0, calendar_days: 2 });
    expect(errorCode(() => routeDeadlineWorkingDays(emergency))).toBe('ROUTE_HAS_CALENDAR_DAYS');
  });
});

describe('seeded routes, as the workflow will read them', () => {
  it('the deciding step is the district chairman (three tiers) or the commune chairman (two tiers)', () => {
    expect(decidingStep(selectProcedure('monthly-allowance', '2025-06-30')).actor).toEqual({
      level: 'district',
      role: 'district_chairman',
    });
    for (const id of ['monthly-allowance', 'funeral-support', 'emergency-food']) {
      expect(decidingStep(selectProcedure(id, '2025-07-01')).actor).toEqual({
        level: 'commune',
        role: 'commune_chairman',
      });
    }
  });

  it('the three-tier posting lasts 2 working days, hides HIV status and ID numbers, complaints take 10', () => {
    const posting = selectProcedure('monthly-allowance', '2025-06-30').steps[1];
    expect(posting).toMatchObject({
      kind: 'public_posting',
      duration: { amount: 2, unit: 'working_days' },
      complaints: {
        window: 'until_posting_ends',
        resolutionDeadline: { amount: 10, unit: 'working_days' },
        resolverRole: 'commune_chairman',
      },
    });
    expect(posting?.kind === 'public_posting' && posting.hiddenFields).toEqual(
      expect.arrayContaining(['hivStatus', 'idNumber']),
    );
    expect(posting?.optional).toBeUndefined();
    expect(selectProcedure('monthly-allowance', '2025-07-01').steps[1]?.optional).toBe(true);
  });

  it('emergency food: the commune chairman decides within 2 calendar days', () => {
    const [decision] = selectProcedure('emergency-food', '2024-01-01').steps;
    expect(decision).toMatchObject({
      kind: 'task',
      deadline: { amount: 2, unit: 'calendar_days' },
      decides: true,
    });
  });

  it('outcome defaults are filled in when parsing', () => {
    const parsed = ProcedureDefinitionSchema.parse(selectProcedure('monthly-allowance', '2025-06-30'));
    const verification = parsed.steps[0];
    expect(verification?.kind === 'task' && verification.outcomes[0]).toEqual({
      kind: 'approve',
      requiredFields: [],
    });
  });
});
