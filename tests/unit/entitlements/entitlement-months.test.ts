/**
 * The months a monthly entitlement pays and the amount in force (domain/entitlement-months.ts), and what a
 * change request may ask (domain/entitlement-changes.ts): stopping takes effect the month after the event,
 * a relocation moves payment to the new commune from the month after with no month paid twice or skipped.
 */
import {
  changeConflict,
  changeEffect,
  changeFieldProblems,
  type ChangeableEntitlement,
} from '../../../domain/entitlement-changes';
import { DEFAULT_BASE_LEVELS } from '../../../domain/base-level';
import {
  adjustmentCoefficient,
  isPayableIn,
  monthlyAmountFor,
  relocationMonths,
  stopsFrom,
  type EntitlementMonths,
} from '../../../domain/entitlement-months';
import { buildPayrollLines, totalOf } from '../../../domain/payroll/build';
import { ProcedureDefinitionSchema } from '../../../domain/procedures';
import {
  ALLOWANCE_ADJUSTMENT_TWO_TIER,
  ALLOWANCE_RELOCATION_TWO_TIER,
  ALLOWANCE_TERMINATION_TWO_TIER,
} from '../../../domain/procedures/seeds/entitlement-changes';

/** The months from `first` to `last` inclusive, 'YYYY-MM'. */
function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (;;) {
    const text = `${year}-${String(month).padStart(2, '0')}`;
    if (text > last) return months;
    months.push(text);
    month += 1;
    if (month === 13) [year, month] = [year + 1, 1];
  }
}

const ACTIVE: ChangeableEntitlement = {
  kind: 'monthly',
  status: 'active',
  communeCode: '26170',
  startMonth: '2054-03',
  monthlyAmount: 750_000,
};

describe('stopping takes effect the month after the event', () => {
  test.each([
    ['2054-12-31', '2055-01'],
    ['2054-12-01', '2055-01'],
    ['2055-02-28', '2055-03'],
    ['2056-02-29', '2056-03'],
  ])('an event on %s: nothing is paid from %s', (event, firstUnpaid) => {
    expect(stopsFrom(event)).toBe(firstUnpaid);
    const ended: EntitlementMonths = { ...ACTIVE, endedOn: event };
    expect(isPayableIn(ended, event.slice(0, 7))).toBe(true);
    expect(isPayableIn(ended, firstUnpaid)).toBe(false);
    expect(monthlyAmountFor(ended, firstUnpaid)).toBeNull();
  });

  test('nothing is payable before the start month, and an entitlement with no end pays every later month', () => {
    expect(monthlyAmountFor(ACTIVE, '2054-02')).toBeNull();
    expect(monthlyAmountFor(ACTIVE, '2054-03')).toBe(750_000);
    expect(monthlyAmountFor(ACTIVE, '2099-12')).toBe(750_000);
  });
});

describe('relocation across a year boundary', () => {
  test.each(['2054-12-01', '2054-12-20', '2054-12-31'])(
    'moving on %s: December at the old commune, January at the new, each month paid exactly once',
    (relocatedOn) => {
      const { lastAtOldCommune, firstAtNewCommune } = relocationMonths(relocatedOn);
      expect([lastAtOldCommune, firstAtNewCommune]).toEqual(['2054-12', '2055-01']);
      const old: EntitlementMonths = { ...ACTIVE, endedOn: relocatedOn };
      const moved: EntitlementMonths = { startMonth: firstAtNewCommune, monthlyAmount: 750_000 };
      for (const month of monthsBetween('2054-01', '2055-06')) {
        const payers = [old, moved].filter((entitlement) => isPayableIn(entitlement, month)).length;
        expect([month, payers]).toEqual([month, month < ACTIVE.startMonth ? 0 : 1]);
      }
    },
  );

  test('a move on the last day of a month is paid by the old commune that month', () => {
    expect(relocationMonths('2055-01-31')).toEqual({
      lastAtOldCommune: '2055-01',
      firstAtNewCommune: '2055-02',
    });
  });

  test('the new entitlement takes the amount in force in its first month, a later adjustment included', () => {
    const adjusted = { ...ACTIVE, amountChanges: [{ fromMonth: '2055-01', monthlyAmount: 1_000_000 }] };
    const effect = changeEffect(
      '26170-541201-0001',
      adjusted,
      {
        kind: 'relocation',
        relocatedOn: '2054-12-20',
        newCommuneCode: '26173',
      },
      'xã Hố Nai 3',
    );
    expect(effect).toEqual({
      kind: 'relocation',
      entitlementCode: '26170-541201-0001',
      endedOn: '2054-12-20',
      newCommuneCode: '26173',
      startMonth: '2055-01',
      monthlyAmount: 1_000_000,
      reason:
        'Chuyển nơi cư trú đến xã Hố Nai 3 từ ngày 20/12/2054; tiếp tục hưởng trợ cấp tại nơi cư trú mới từ tháng 01/2055',
    });
  });
});

describe('the amount in force', () => {
  test('the latest change starting on or before the month wins; on the same month the later decided', () => {
    const entitlement: EntitlementMonths = {
      ...ACTIVE,
      amountChanges: [
        { fromMonth: '2054-09', monthlyAmount: 1_000_000 },
        { fromMonth: '2054-06', monthlyAmount: 900_000 },
        { fromMonth: '2054-09', monthlyAmount: 1_250_000 },
      ],
    };
    expect(monthsBetween('2054-04', '2054-10').map((month) => monthlyAmountFor(entitlement, month))).toEqual([
      750_000, 750_000, 900_000, 900_000, 900_000, 1_250_000, 1_250_000,
    ]);
  });
});

describe("an adjustment decides a coefficient: each month pays it × that month's base level", () => {
  // DOMAIN.md §2's example, pinned in 2055: coefficient 2.0 at 500.000 đ (1.000.000 đ from 01/2055); adjusted on
  // 10/08/2055 to 2.5 (1.250.000 đ) from 08/2055; a base level of 540.000 đ from 01/07/2055 is confirmed on
  // 20/09/2055 (rows for July–September, the amount in force now 2.0 × 540.000 đ).
  const BASE_540 = { effectiveFrom: '2055-07-01', amount: 540_000, legalBasis: 'Nghị định thử nghiệm' };
  const before: EntitlementMonths = {
    startMonth: '2055-01',
    monthlyAmount: 1_000_000,
    amountChanges: [
      { fromMonth: '2055-08', monthlyAmount: 1_250_000, coefficient: 2.5, decidedOn: '2055-08-10' },
    ],
    baseLevels: DEFAULT_BASE_LEVELS,
  };
  const confirmed: EntitlementMonths = {
    ...before,
    monthlyAmount: 1_080_000,
    baseLevels: [...DEFAULT_BASE_LEVELS, BASE_540],
    baseLevelChanges: ['2055-07', '2055-08', '2055-09'].map((month) => ({
      month,
      proposalId: 7,
      previousAmount: 1_000_000,
      newAmount: 1_080_000,
      confirmedOn: '2055-09-20',
    })),
  };

  test('before the level is confirmed: 2.0 × 500.000 đ, then 2.5 × 500.000 đ from August', () => {
    expect(monthsBetween('2055-06', '2055-10').map((month) => monthlyAmountFor(before, month))).toEqual([
      1_000_000, 1_000_000, 1_250_000, 1_250_000, 1_250_000,
    ]);
  });

  test('confirmed in September: July 2.0 × 540.000 đ, August–October 2.5 × 540.000 đ (not 1.250.000 đ)', () => {
    expect(monthsBetween('2055-06', '2055-10').map((month) => monthlyAmountFor(confirmed, month))).toEqual([
      1_000_000, 1_080_000, 1_350_000, 1_350_000, 1_350_000,
    ]);
  });

  test("the October list pays August and September's back pay: 100.000 đ each, then 1.350.000 đ", () => {
    const paid = new Map([
      ['2055-07', 1_000_000],
      ['2055-08', 1_250_000],
      ['2055-09', 1_250_000],
    ]);
    const lines = buildPayrollLines({
      month: '2055-10',
      entitlements: [
        {
          entitlement: {
            ...confirmed,
            dossierCode: 'K',
            kind: 'monthly',
            status: 'active',
            oneOffAmount: null,
            endedOn: null,
            baseLevelChanges: confirmed.baseLevelChanges!,
          },
          ledger: { lastCoveredMonth: '2055-09', issuedByMonth: paid, oneOffIssued: false },
        },
      ],
      unpaidLines: [],
      statusOf: () => 'active',
    });
    expect(lines.map((line) => [line.kind, line.coversMonth, line.amount])).toEqual([
      ['base_level_back_pay', '2055-07', 80_000],
      ['base_level_back_pay', '2055-08', 100_000],
      ['base_level_back_pay', '2055-09', 100_000],
      ['monthly', '2055-10', 1_350_000],
    ]);
    expect(totalOf(lines)).toBe(80_000 + 2 * 100_000 + 1_350_000);
  });

  test('a row stored before coefficients keeps the amount decided: never scaled by a ratio', () => {
    const legacy = { ...confirmed, amountChanges: [{ fromMonth: '2055-08', monthlyAmount: 1_234_567 }] };
    expect(['2055-08', '2055-10'].map((month) => monthlyAmountFor(legacy, month))).toEqual([
      1_234_567, 1_234_567,
    ]);
  });

  test('the coefficient an amount stands for: exact to the đồng, or none', () => {
    expect(adjustmentCoefficient(1_250_000, '2055-08', DEFAULT_BASE_LEVELS)).toBe(2.5);
    expect(adjustmentCoefficient(1_350_000, '2055-08', [...DEFAULT_BASE_LEVELS, BASE_540])).toBe(2.5);
    expect(adjustmentCoefficient(1_234_567, '2055-08', DEFAULT_BASE_LEVELS)).toBeUndefined();
    expect(adjustmentCoefficient(1_250_000, '2020-01', DEFAULT_BASE_LEVELS)).toBeUndefined();
  });

  test('intake: an amount that is not the base level × a coefficient is refused beside its field', () => {
    const entitlement = { ...ACTIVE, baseLevels: DEFAULT_BASE_LEVELS };
    const request = (newMonthlyAmount: number) =>
      ({ kind: 'adjustment', fromMonth: '2055-08', newMonthlyAmount, reason: 'Đủ 80 tuổi' }) as const;
    expect(changeFieldProblems(entitlement, request(1_234_567), '2055-07-20')).toEqual([
      {
        field: 'newMonthlyAmount',
        message:
          'Mức mới phải bằng mức chuẩn trợ giúp xã hội tháng 08/2055 (500.000 đồng) nhân hệ số (1,0; 1,5; 2,0; 2,5…)',
      },
    ]);
    expect(changeFieldProblems(entitlement, request(1_250_000), '2055-07-20')).toEqual([]);
    expect(changeEffect('26170-550101-0001', entitlement, request(1_250_000))).toMatchObject({
      kind: 'adjustment',
      newMonthlyAmount: 1_250_000,
      coefficient: 2.5,
    });
  });
});

describe('what a request may ask', () => {
  const today = '2054-12-22';

  test('an ended entitlement refuses every change; one not suspended refuses that ground', () => {
    const ended = { ...ACTIVE, status: 'terminated', endedOn: '2054-10-02' };
    expect(
      changeConflict(ended, { kind: 'adjustment', fromMonth: '2054-11', newMonthlyAmount: 1, reason: 'x' })
        ?.code,
    ).toBe('ENTITLEMENT_ENDED');
    expect(
      changeConflict(ACTIVE, { kind: 'termination', reasonCode: 'suspension_unremedied', eventDate: today })
        ?.code,
    ).toBe('ENTITLEMENT_NOT_SUSPENDED');
    expect(
      changeConflict(
        { ...ACTIVE, status: 'suspended' },
        { kind: 'termination', reasonCode: 'suspension_unremedied', eventDate: today },
      ),
    ).toBeUndefined();
    expect(
      changeConflict(
        { ...ACTIVE, kind: 'one_off' },
        { kind: 'termination', reasonCode: 'death', eventDate: today },
      )?.code,
    ).toBe('ENTITLEMENT_NOT_MONTHLY');
  });

  test('event dates after today or before the first month paid are refused on their field', () => {
    const fields = (eventDate: string) =>
      changeFieldProblems(ACTIVE, { kind: 'termination', reasonCode: 'death', eventDate }, today).map(
        (problem) => [problem.field, problem.message],
      );
    expect(fields('2054-12-23')).toEqual([['eventDate', 'Không được sau ngày hôm nay']]);
    expect(fields('2054-02-28')).toEqual([['eventDate', 'Không được trước tháng bắt đầu hưởng (03/2054)']]);
    expect(fields('2054-03-01')).toEqual([]);
    expect(fields(today)).toEqual([]);
  });

  test('a relocation within the commune has its own code', () => {
    expect(
      changeFieldProblems(
        ACTIVE,
        { kind: 'relocation', relocatedOn: '2054-12-20', newCommuneCode: '26170' },
        today,
      ),
    ).toEqual([
      {
        field: 'newCommuneCode',
        code: 'RELOCATION_SAME_COMMUNE',
        message: 'Nơi cư trú mới phải là xã, phường khác với nơi đang hưởng trợ cấp',
      },
    ]);
  });

  test('an adjustment to the amount already in force that month is refused', () => {
    const adjusted = { ...ACTIVE, amountChanges: [{ fromMonth: '2055-01', monthlyAmount: 1_000_000 }] };
    const problems = (fromMonth: string, newMonthlyAmount: number) =>
      changeFieldProblems(
        adjusted,
        { kind: 'adjustment', fromMonth, newMonthlyAmount, reason: 'Đủ 80 tuổi' },
        today,
      ).map((problem) => problem.field);
    expect(problems('2055-02', 1_000_000)).toEqual(['newMonthlyAmount']);
    expect(problems('2054-12', 1_000_000)).toEqual([]);
    expect(problems('2054-02', 1_000_000)).toEqual(['fromMonth']);
  });

  test('a termination prints its ground, with the details after it', () => {
    expect(
      changeEffect('C', ACTIVE, {
        kind: 'termination',
        reasonCode: 'death',
        eventDate: '2054-12-31',
        details: 'Giấy báo tử số 12',
      }),
    ).toEqual({
      kind: 'termination',
      entitlementCode: 'C',
      endedOn: '2054-12-31',
      stopsFrom: '2055-01',
      reason: 'Người hưởng trợ cấp đã chết (Giấy báo tử số 12)',
    });
  });
});

describe('the change procedures are data like any route', () => {
  test('seeded two-tier: the commune officer verifies, the chairman decides; never with a payment', () => {
    for (const input of [
      ALLOWANCE_TERMINATION_TWO_TIER,
      ALLOWANCE_ADJUSTMENT_TWO_TIER,
      ALLOWANCE_RELOCATION_TWO_TIER,
    ]) {
      const definition = ProcedureDefinitionSchema.parse(input);
      expect(
        definition.steps.map((step) => [step.actor.role, step.kind === 'task' && step.decides === true]),
      ).toEqual([
        ['commune_officer', false],
        ['commune_chairman', true],
      ]);
      const withPayment = ProcedureDefinitionSchema.safeParse({
        ...input,
        payment: { kind: 'monthly', startRule: 'decision_month', payerRole: 'payment_officer' },
      });
      expect(withPayment.success).toBe(false);
      expect(withPayment.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['entitlementChange']);
    }
  });
});
