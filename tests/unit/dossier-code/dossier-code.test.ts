import fc from 'fast-check';
import { DomainError } from '../../../domain/domain-error';
import { formatDossierCode, isDossierCode, parseDossierCode } from '../../../domain/dossier-code';

function failure(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError');
}

describe('formatDossierCode', () => {
  it('writes <unit>-<YYMMDD>-<4-digit sequence>', () => {
    expect(formatDossierCode({ unitCode: '26734', receivedOn: '2026-01-05', sequence: 7 })).toBe(
      '26734-260105-0007',
    );
    expect(formatDossierCode({ unitCode: '75', receivedOn: '2025-12-31', sequence: 9999 })).toBe(
      '75-251231-9999',
    );
    expect(formatDossierCode({ unitCode: '000.00.17.H56', receivedOn: '2024-03-12', sequence: 3 })).toBe(
      '000.00.17.H56-240312-0003',
    );
  });

  it.each<[string, { unitCode: string; receivedOn: string; sequence: number }, RegExp]>([
    ['unit code too short', { unitCode: '7', receivedOn: '2026-01-05', sequence: 1 }, /unit code "7"/],
    ['unit code too long', { unitCode: '267341', receivedOn: '2026-01-05', sequence: 1 }, /unit code/],
    ['unit code with letters', { unitCode: 'UB26734', receivedOn: '2026-01-05', sequence: 1 }, /unit code/],
    ['sequence 0', { unitCode: '26734', receivedOn: '2026-01-05', sequence: 0 }, /sequence .* got 0/],
    ['sequence 10000', { unitCode: '26734', receivedOn: '2026-01-05', sequence: 10_000 }, /sequence/],
    ['fractional sequence', { unitCode: '26734', receivedOn: '2026-01-05', sequence: 1.5 }, /sequence/],
    ['impossible date', { unitCode: '26734', receivedOn: '2026-02-29', sequence: 1 }, /real calendar day/],
    ['year out of range', { unitCode: '26734', receivedOn: '1999-12-31', sequence: 1 }, /2000–2099/],
  ])('rejects %s', (_label, parts, message) => {
    const error = failure(() => formatDossierCode(parts));
    expect(error.message).toMatch(message);
    expect(error.messageVi.length).toBeGreaterThan(0);
  });
});

describe('parseDossierCode', () => {
  it('reads the parts back', () => {
    expect(parseDossierCode('26734-260105-0007')).toEqual({
      unitCode: '26734',
      receivedOn: '2026-01-05',
      sequence: 7,
    });
    expect(parseDossierCode('000.00.17.H56-240229-0123')).toEqual({
      unitCode: '000.00.17.H56',
      receivedOn: '2024-02-29',
      sequence: 123,
    });
  });

  it.each<[string, RegExp]>([
    ['', /expected <unit code>/],
    ['26734-260105-7', /expected <unit code>/],
    ['26734-2601050-0007', /expected <unit code>/],
    ['26734/260105/0007', /expected <unit code>/],
    ['2-260105-0007', /unit code "2"/],
    ['ABCDE-260105-0007', /unit code "ABCDE"/],
    ['26734-250229-0007', /"250229" is not a real date/],
    ['26734-261301-0007', /"261301" is not a real date/],
    ['26734-260100-0007', /not a real date/],
    ['26734-260105-0000', /sequence .* got 0/],
  ])('rejects "%s"', (code, message) => {
    const error = failure(() => parseDossierCode(code));
    expect(error.code).toBe('INVALID_DOSSIER_CODE');
    expect(error.message).toMatch(message);
    expect(isDossierCode(code)).toBe(false);
  });

  it('round-trips any valid code (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.stringMatching(/^\d{2,5}$/), fc.stringMatching(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/)),
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 9999 }),
        (unitCode, date, sequence) => {
          const receivedOn = date.toISOString().slice(0, 10);
          const code = formatDossierCode({ unitCode, receivedOn, sequence });
          expect(parseDossierCode(code)).toEqual({ unitCode, receivedOn, sequence });
        },
      ),
    );
  });
});
