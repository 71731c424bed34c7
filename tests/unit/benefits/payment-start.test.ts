/**
 * The month payment starts, bounded by the law (domain/payment-start.ts): Decree 20 Art. 8(1)(đ)'s rule and
 * exceptions, never before Decree 20 took effect (07/2021), never before the application month except where
 * the article says so, impossible dates refused, and each clause of a double entitlement on its own rule.
 */
import {
  DECREE_20_IN_FORCE_FROM,
  firstPaymentMonth,
  paymentStartMonth,
  paymentStarts,
} from '../../../domain/benefits';
import { DomainError } from '../../../domain/domain-error';

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).messageVi.normalize('NFC')).toBe((error as DomainError).messageVi);
    return error as DomainError;
  }
  throw new Error('expected a DomainError');
}

const REGIME_MONTH = DECREE_20_IN_FORCE_FROM.slice(0, 7);

describe('the rule: the month the decision is signed', () => {
  it('starts in the decision month', () => {
    expect(paymentStartMonth({ clause: '5.5a', decisionSignedOn: '2025-03-31' })).toBe('2025-03');
    expect(
      paymentStartMonth({
        clause: '5.1',
        decisionSignedOn: '2024-12-01',
        applicationReceivedOn: '2024-11-20',
      }),
    ).toBe('2024-12');
  });

  it('refuses a decision signed before the dossier was received', () => {
    const error = errorOf(() =>
      paymentStartMonth({
        clause: '5.1',
        decisionSignedOn: '2025-03-01',
        applicationReceivedOn: '2025-03-02',
      }),
    );
    expect(error.code).toBe('DECISION_BEFORE_APPLICATION');
    expect(error.messageVi).toContain('01/03/2025');
  });

  it('rejects an invalid decision date', () => {
    expect(errorOf(() => paymentStartMonth({ clause: '5.1', decisionSignedOn: '2025-13-01' })).code).toBe(
      'INVALID_DATE',
    );
  });
});

describe('5.6 disability: the month of the certificate (Art. 8(1)(đ))', () => {
  it('reaches back before the application month, as the article says', () => {
    expect(
      paymentStartMonth({
        clause: '5.6',
        decisionSignedOn: '2025-03-20',
        applicationReceivedOn: '2025-03-02',
        disabilityCertifiedOn: '2025-01-15',
      }),
    ).toBe('2025-01');
  });

  it('a 2015 certificate starts no earlier than Decree 20 (07/2021), not in 2015-05', () => {
    expect(
      paymentStartMonth({
        clause: '5.6',
        decisionSignedOn: '2026-03-10',
        applicationReceivedOn: '2026-02-25',
        disabilityCertifiedOn: '2015-05-12',
      }),
    ).toBe(REGIME_MONTH);
    expect(REGIME_MONTH).toBe('2021-07');
  });

  it('refuses a certificate dated after the decision, or before birth', () => {
    const after = errorOf(() =>
      paymentStartMonth({
        clause: '5.6',
        decisionSignedOn: '2025-03-20',
        disabilityCertifiedOn: '2025-03-21',
      }),
    );
    expect(after.code).toBe('DISABILITY_CERTIFIED_AFTER_DECISION');
    expect(after.messageVi).toContain('21/03/2025');
    expect(
      errorOf(() =>
        paymentStartMonth({
          clause: '5.6',
          decisionSignedOn: '2025-03-20',
          dateOfBirth: '2020-06-01',
          disabilityCertifiedOn: '2019-01-01',
        }),
      ).code,
    ).toBe('DISABILITY_CERTIFIED_BEFORE_BIRTH');
  });

  it('needs the certificate date', () => {
    expect(errorOf(() => paymentStartMonth({ clause: '5.6', decisionSignedOn: '2025-03-20' })).code).toBe(
      'MISSING_DISABILITY_CERTIFICATE_DATE',
    );
  });
});

describe('5.5b / 5.5c: the month the person turns 75 / 80 (Art. 8(1)(đ))', () => {
  it('starts in the month of the birthday, before the application if need be', () => {
    expect(
      paymentStartMonth({
        clause: '5.5c',
        decisionSignedOn: '2025-03-20',
        applicationReceivedOn: '2025-03-05',
        dateOfBirth: '1945-02-10',
      }),
    ).toBe('2025-02');
    expect(
      paymentStartMonth({ clause: '5.5c', decisionSignedOn: '2025-03-20', dateOfBirth: '1945-02-28' }),
    ).toBe('2025-02');
    // Born 29 February: the birthday is 29 February in a leap year, 1 March in a common year.
    expect(
      paymentStartMonth({ clause: '5.5c', decisionSignedOn: '2025-03-20', dateOfBirth: '1944-02-29' }),
    ).toBe('2024-02');
    expect(
      paymentStartMonth({ clause: '5.5b', decisionSignedOn: '2025-03-20', dateOfBirth: '1948-02-29' }),
    ).toBe('2023-03');
  });

  it('a 5.5c born 1930 starts no earlier than Decree 20 (07/2021), not in 2010-04', () => {
    expect(
      paymentStartMonth({ clause: '5.5c', decisionSignedOn: '2025-03-20', dateOfBirth: '1930-04-02' }),
    ).toBe(REGIME_MONTH);
  });

  it('refuses a decision before the age is reached, and a start once the social pension replaced the clause', () => {
    expect(
      errorOf(() =>
        paymentStartMonth({ clause: '5.5b', decisionSignedOn: '2025-03-20', dateOfBirth: '1950-05-17' }),
      ).code,
    ).toBe('AGE_NOT_REACHED');
    // Turns 80 in 08/2025, after 5.5c closed to new beneficiaries (01/07/2025, Decree 176/2025 [S]).
    expect(
      errorOf(() =>
        paymentStartMonth({ clause: '5.5c', decisionSignedOn: '2025-09-10', dateOfBirth: '1945-08-03' }),
      ).code,
    ).toBe('CLAUSE_CLOSED');
  });

  it('refuses a birth after the decision, and needs the date of birth', () => {
    expect(
      errorOf(() =>
        paymentStartMonth({ clause: '5.5a', decisionSignedOn: '2025-03-20', dateOfBirth: '2025-04-01' }),
      ).code,
    ).toBe('BORN_AFTER_DECISION');
    expect(errorOf(() => paymentStartMonth({ clause: '5.5b', decisionSignedOn: '2025-03-20' })).code).toBe(
      'MISSING_DATE_OF_BIRTH',
    );
  });
});

describe('double entitlement (5.4 with 5.6): each clause starts on its own rule', () => {
  it('5.4 from the decision month, 5.6 from the certificate month; the first payment is the earlier', () => {
    const starts = paymentStarts({
      clauses: ['5.4', '5.6'],
      decisionSignedOn: '2026-05-14',
      applicationReceivedOn: '2026-05-04',
      dateOfBirth: '1990-01-01',
      disabilityCertifiedOn: '2026-02-10',
    });
    expect(starts).toEqual([
      { clause: '5.4', month: '2026-05' },
      { clause: '5.6', month: '2026-02' },
    ]);
    expect(firstPaymentMonth(starts)).toBe('2026-02');
  });

  it('an impossible date refuses the whole decision', () => {
    expect(
      errorOf(() =>
        paymentStarts({
          clauses: ['5.4', '5.6'],
          decisionSignedOn: '2026-05-14',
          disabilityCertifiedOn: '2026-06-01',
        }),
      ).code,
    ).toBe('DISABILITY_CERTIFIED_AFTER_DECISION');
  });
});
