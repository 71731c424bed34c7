import {
  BENEFICIARY_CLAUSES,
  DEFAULT_BENEFICIARY_CATEGORIES,
  ageInFullYears,
  categoryFor,
  coefficientFor,
  isClauseOpenOn,
  payableEntitlements,
  type ClauseQualification,
} from '../../../domain/benefits';
import { DomainError } from '../../../domain/domain-error';

const ON = '2025-03-10';

/** Date of birth of someone whose `age`th birthday is exactly ON. */
function bornYearsBefore(age: number, on = ON): string {
  const year = Number(on.slice(0, 4)) - age;
  return `${year}${on.slice(4)}`;
}
/** Date of birth of someone whose `age`th birthday is tomorrow (so they are still age - 1 today). */
function turnsTomorrow(age: number): string {
  return `${Number(ON.slice(0, 4)) - age}-03-11`;
}

function coefficient(qualification: ClauseQualification, dateOfBirth: string, on = ON): number {
  return coefficientFor({ qualification, dateOfBirth, on });
}

function expectDomainError(run: () => unknown, code: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).code).toBe(code);
  expect((caught as DomainError).messageVi.length).toBeGreaterThan(0);
}

describe('ageInFullYears', () => {
  it('turns a year older on the birthday itself', () => {
    expect(ageInFullYears('2021-03-10', '2025-03-10')).toBe(4);
    expect(ageInFullYears('2021-03-11', '2025-03-10')).toBe(3);
    expect(ageInFullYears('2025-03-10', '2025-03-10')).toBe(0);
  });
  it('someone born on 29 February is older from 1 March in a common year', () => {
    expect(ageInFullYears('2020-02-29', '2021-02-28')).toBe(0);
    expect(ageInFullYears('2020-02-29', '2021-03-01')).toBe(1);
    expect(ageInFullYears('2020-02-29', '2024-02-29')).toBe(4);
  });
  it('rejects a birth after the date and impossible dates', () => {
    expectDomainError(() => ageInFullYears('2025-03-11', '2025-03-10'), 'BORN_AFTER_DATE');
    expectDomainError(() => ageInFullYears('2021-02-29', '2025-03-10'), 'INVALID_DATE');
    expectDomainError(() => ageInFullYears('10/03/2021', '2025-03-10'), 'INVALID_DATE');
  });
});

describe('coefficientFor', () => {
  it('5.1 child with no carer: 2.5 under 4, 1.5 from exactly 4, not eligible from 16', () => {
    expect(coefficient({ clause: '5.1' }, turnsTomorrow(4))).toBe(2.5);
    expect(coefficient({ clause: '5.1' }, bornYearsBefore(4))).toBe(1.5);
    expect(coefficient({ clause: '5.1' }, turnsTomorrow(16))).toBe(1.5);
    expectDomainError(() => coefficient({ clause: '5.1' }, bornYearsBefore(16)), 'NOT_ELIGIBLE_AGE');
  });

  it('5.2 in education: 1.5 from exactly 16 through 22', () => {
    expectDomainError(() => coefficient({ clause: '5.2' }, turnsTomorrow(16)), 'NOT_ELIGIBLE_AGE');
    expect(coefficient({ clause: '5.2' }, bornYearsBefore(16))).toBe(1.5);
    expect(coefficient({ clause: '5.2' }, turnsTomorrow(23))).toBe(1.5);
    expectDomainError(() => coefficient({ clause: '5.2' }, bornYearsBefore(23)), 'NOT_ELIGIBLE_AGE');
  });

  it('5.3 child with HIV: 2.5 under 4, 2.0 from exactly 4', () => {
    expect(coefficient({ clause: '5.3' }, turnsTomorrow(4))).toBe(2.5);
    expect(coefficient({ clause: '5.3' }, bornYearsBefore(4))).toBe(2.0);
    expectDomainError(() => coefficient({ clause: '5.3' }, bornYearsBefore(16)), 'NOT_ELIGIBLE_AGE');
  });

  it('5.4 single parent: 1.0 per child raised, at least one whole child', () => {
    expect(coefficient({ clause: '5.4', childrenRaised: 1 }, bornYearsBefore(30))).toBe(1.0);
    expect(coefficient({ clause: '5.4', childrenRaised: 3 }, bornYearsBefore(30))).toBe(3.0);
    expectDomainError(
      () => coefficient({ clause: '5.4', childrenRaised: 0 }, bornYearsBefore(30)),
      'INVALID_CHILDREN_COUNT',
    );
    expectDomainError(
      () => coefficient({ clause: '5.4', childrenRaised: 1.5 }, bornYearsBefore(30)),
      'INVALID_CHILDREN_COUNT',
    );
  });

  it('5.5a poor elderly: not eligible at 59, 1.5 from exactly 60, 2.0 from exactly 80', () => {
    expectDomainError(() => coefficient({ clause: '5.5a' }, turnsTomorrow(60)), 'NOT_ELIGIBLE_AGE');
    expect(coefficient({ clause: '5.5a' }, bornYearsBefore(60))).toBe(1.5);
    expect(coefficient({ clause: '5.5a' }, turnsTomorrow(80))).toBe(1.5);
    expect(coefficient({ clause: '5.5a' }, bornYearsBefore(80))).toBe(2.0);
    expect(coefficient({ clause: '5.5a' }, bornYearsBefore(101))).toBe(2.0);
  });

  it('5.5b: 1.0 from 75 until 80; 5.5c: 1.0 from exactly 80', () => {
    expectDomainError(() => coefficient({ clause: '5.5b' }, turnsTomorrow(75)), 'NOT_ELIGIBLE_AGE');
    expect(coefficient({ clause: '5.5b' }, bornYearsBefore(75))).toBe(1.0);
    expect(coefficient({ clause: '5.5b' }, turnsTomorrow(80))).toBe(1.0);
    expectDomainError(() => coefficient({ clause: '5.5b' }, bornYearsBefore(80)), 'NOT_ELIGIBLE_AGE');
    expectDomainError(() => coefficient({ clause: '5.5c' }, turnsTomorrow(80)), 'NOT_ELIGIBLE_AGE');
    expect(coefficient({ clause: '5.5c' }, bornYearsBefore(80))).toBe(1.0);
  });

  it('5.5d elderly cared for in the community: 3.0 from 60', () => {
    expect(coefficient({ clause: '5.5d' }, bornYearsBefore(60))).toBe(3.0);
    expectDomainError(() => coefficient({ clause: '5.5d' }, turnsTomorrow(60)), 'NOT_ELIGIBLE_AGE');
  });

  it('5.6 disability: adults 1.5 / 2.0, children under 16 and people from 60 get 2.0 / 2.5', () => {
    const severe = { clause: '5.6', severity: 'severe' } as const;
    const particularly = { clause: '5.6', severity: 'particularly_severe' } as const;
    expect(coefficient(severe, turnsTomorrow(16))).toBe(2.0);
    expect(coefficient(particularly, turnsTomorrow(16))).toBe(2.5);
    expect(coefficient(severe, bornYearsBefore(16))).toBe(1.5);
    expect(coefficient(particularly, bornYearsBefore(16))).toBe(2.0);
    expect(coefficient(severe, turnsTomorrow(60))).toBe(1.5);
    expect(coefficient(particularly, turnsTomorrow(60))).toBe(2.0);
    expect(coefficient(severe, bornYearsBefore(60))).toBe(2.0);
    expect(coefficient(particularly, bornYearsBefore(60))).toBe(2.5);
    expect(coefficient(particularly, bornYearsBefore(80))).toBe(2.5);
  });

  it('5.7 poor child under 3 in ethnic/mountain areas: 1.5, not from exactly 3', () => {
    expect(coefficient({ clause: '5.7' }, turnsTomorrow(3))).toBe(1.5);
    expectDomainError(() => coefficient({ clause: '5.7' }, bornYearsBefore(3)), 'NOT_ELIGIBLE_AGE');
  });

  it('5.8 person with HIV in a poor household: 1.5', () => {
    expect(coefficient({ clause: '5.8' }, bornYearsBefore(35))).toBe(1.5);
  });

  it('uses an admin-supplied table and reports a clause missing from it', () => {
    const changed = DEFAULT_BENEFICIARY_CATEGORIES.map((category) =>
      category.clause === '5.8'
        ? { ...category, rule: { kind: 'by_age' as const, brackets: [{ fromAge: 0, coefficient: 2 }] } }
        : category,
    );
    expect(
      coefficientFor({ qualification: { clause: '5.8' }, dateOfBirth: '1990-01-01', on: ON }, changed),
    ).toBe(2);
    expectDomainError(
      () => coefficientFor({ qualification: { clause: '5.8' }, dateOfBirth: '1990-01-01', on: ON }, []),
      'UNKNOWN_BENEFICIARY_CLAUSE',
    );
  });

  it('every clause has a category, a Vietnamese title in NFC and an application form', () => {
    for (const clause of BENEFICIARY_CLAUSES) {
      const category = categoryFor(clause);
      expect(category.title_vi).toBe(category.title_vi.normalize('NFC'));
      expect(['1a', '1b', '1c', '1d', '1đ']).toContain(category.applicationForm);
    }
    expect(categoryFor('5.6').applicationForm).toBe('1đ');
    expect(categoryFor('5.4').applicationForm).toBe('1c');
  });
});

describe('isClauseOpenOn', () => {
  it('closes 5.5b and 5.5c to new decisions from 2025-07-01 (social pension)', () => {
    expect(isClauseOpenOn('5.5b', '2025-06-30')).toBe(true);
    expect(isClauseOpenOn('5.5b', '2025-07-01')).toBe(false);
    expect(isClauseOpenOn('5.5c', '2025-07-01')).toBe(false);
    expect(isClauseOpenOn('5.5a', '2030-01-01')).toBe(true);
  });
});

describe('payableEntitlements (highest coefficient rule)', () => {
  it('pays only the highest coefficient', () => {
    const result = payableEntitlements([
      { clause: '5.5a', coefficient: 1.5 },
      { clause: '5.6', coefficient: 2.5 },
      { clause: '5.8', coefficient: 1.5 },
    ]);
    expect(result.paid).toEqual([{ clause: '5.6', coefficient: 2.5 }]);
    expect(result.totalCoefficient).toBe(2.5);
    expect(result.notPaid.map((entry) => entry.clause)).toEqual(['5.5a', '5.8']);
  });

  it('breaks ties by the order given', () => {
    const result = payableEntitlements([
      { clause: '5.5a', coefficient: 1.5 },
      { clause: '5.8', coefficient: 1.5 },
    ]);
    expect(result.paid).toEqual([{ clause: '5.5a', coefficient: 1.5 }]);
  });

  it.each(['5.5a', '5.5d', '5.6', '5.8'] as const)(
    'poor single parent who also qualifies under %s gets both',
    (clause) => {
      const result = payableEntitlements([
        { clause: '5.4', coefficient: 2.0 },
        { clause, coefficient: 1.5 },
      ]);
      expect(result.paid).toEqual([
        { clause: '5.4', coefficient: 2.0 },
        { clause, coefficient: 1.5 },
      ]);
      expect(result.totalCoefficient).toBe(3.5);
      expect(result.notPaid).toEqual([]);
    },
  );

  it('single parent exception adds only the highest of 5.5/5.6/5.8', () => {
    const result = payableEntitlements([
      { clause: '5.6', coefficient: 2.0 },
      { clause: '5.4', coefficient: 1.0 },
      { clause: '5.8', coefficient: 1.5 },
    ]);
    expect(result.paid.map((entry) => entry.clause)).toEqual(['5.4', '5.6']);
    expect(result.totalCoefficient).toBe(3.0);
    expect(result.notPaid.map((entry) => entry.clause)).toEqual(['5.8']);
  });

  it('a single parent alone gets 5.4 only', () => {
    expect(payableEntitlements([{ clause: '5.4', coefficient: 2.0 }]).paid).toEqual([
      { clause: '5.4', coefficient: 2.0 },
    ]);
  });

  it('rejects an empty or duplicated list', () => {
    expectDomainError(() => payableEntitlements([]), 'NO_QUALIFYING_CLAUSE');
    expectDomainError(
      () =>
        payableEntitlements([
          { clause: '5.8', coefficient: 1.5 },
          { clause: '5.8', coefficient: 1.5 },
        ]),
      'DUPLICATE_CLAUSE',
    );
  });
});
