import fc from 'fast-check';
import { DomainError } from '../../../domain/domain-error';
import { formatVnd, formatVndNumber, vndInWords } from '../../../domain/money';

describe('vndInWords', () => {
  it.each<[number, string]>([
    [0, 'Không đồng'],
    [1, 'Một đồng'],
    [5, 'Năm đồng'],
    [10, 'Mười đồng'],
    [11, 'Mười một đồng'],
    [14, 'Mười bốn đồng'],
    [15, 'Mười lăm đồng'],
    [20, 'Hai mươi đồng'],
    [21, 'Hai mươi mốt đồng'],
    [24, 'Hai mươi tư đồng'],
    [25, 'Hai mươi lăm đồng'],
    [44, 'Bốn mươi tư đồng'],
    [91, 'Chín mươi mốt đồng'],
    [100, 'Một trăm đồng'],
    [101, 'Một trăm linh một đồng'],
    [104, 'Một trăm linh bốn đồng'],
    [105, 'Một trăm linh năm đồng'],
    [110, 'Một trăm mười đồng'],
    [111, 'Một trăm mười một đồng'],
    [115, 'Một trăm mười lăm đồng'],
    [1000, 'Một nghìn đồng'],
    [1005, 'Một nghìn không trăm linh năm đồng'],
    [1010, 'Một nghìn không trăm mười đồng'],
    [1021, 'Một nghìn không trăm hai mươi mốt đồng'],
    [10_000, 'Mười nghìn đồng'],
    [15_000, 'Mười lăm nghìn đồng'],
    [105_000, 'Một trăm linh năm nghìn đồng'],
    [1_000_000, 'Một triệu đồng'],
    [1_000_005, 'Một triệu không trăm linh năm đồng'],
    [1_005_000, 'Một triệu không trăm linh năm nghìn đồng'],
    [1_250_000, 'Một triệu hai trăm năm mươi nghìn đồng'],
    [360_000, 'Ba trăm sáu mươi nghìn đồng'],
    [500_000, 'Năm trăm nghìn đồng'],
    [540_000, 'Năm trăm bốn mươi nghìn đồng'],
    [750_000, 'Bảy trăm năm mươi nghìn đồng'],
    [7_200_000, 'Bảy triệu hai trăm nghìn đồng'],
    [10_000_000, 'Mười triệu đồng'],
    [1_000_000_000, 'Một tỷ đồng'],
    [1_000_000_050, 'Một tỷ không trăm năm mươi đồng'],
    [2_015_500_021, 'Hai tỷ không trăm mười lăm triệu năm trăm nghìn không trăm hai mươi mốt đồng'],
    [1_000_000_000_000, 'Một nghìn tỷ đồng'],
    [5_000_001_000_000_000, 'Năm triệu không trăm linh một tỷ đồng'],
    [1_000_000_000_000_000, 'Một triệu tỷ đồng'],
    [
      Number.MAX_SAFE_INTEGER,
      'Chín triệu không trăm linh bảy nghìn một trăm chín mươi chín tỷ hai trăm năm mươi tư triệu ' +
        'bảy trăm bốn mươi nghìn chín trăm chín mươi mốt đồng',
    ],
  ])('%d → %s', (amount, words) => {
    expect(vndInWords(amount)).toBe(words.normalize('NFC'));
  });

  it.each<[number, string]>([
    [1.5, 'MONEY_NOT_INTEGER'],
    [-1, 'MONEY_NEGATIVE'],
    [Number.MAX_SAFE_INTEGER + 1, 'MONEY_TOO_LARGE'],
    [Number.NaN, 'MONEY_NOT_A_NUMBER'],
    [Number.POSITIVE_INFINITY, 'MONEY_NOT_INTEGER'],
  ])('rejects %d with %s', (amount, code) => {
    expect(() => vndInWords(amount)).toThrow(DomainError);
    try {
      vndInWords(amount);
    } catch (error) {
      expect((error as DomainError).code).toBe(code);
      expect((error as DomainError).messageVi).toMatch(/Số tiền/);
    }
  });

  it('treats -0 as zero', () => {
    expect(vndInWords(-0)).toBe('Không đồng');
  });

  it('is well-formed for every safe amount (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (amount) => {
        const words = vndInWords(amount);
        expect(words).not.toMatch(/ {2}/);
        expect(words).toBe(words.trim());
        expect(words.charAt(0)).toBe(words.charAt(0).toLocaleUpperCase('vi'));
        expect(words.charAt(0)).not.toBe(words.charAt(0).toLocaleLowerCase('vi'));
        expect(words.endsWith(' đồng')).toBe(true);
        expect(words).toBe(words.normalize('NFC'));
        expect(words.slice(1)).toBe(words.slice(1).toLocaleLowerCase('vi'));
      }),
      { numRuns: 2000 },
    );
  });

  it('never says "mốt"/"tư" after "mười", and "linh" only follows "trăm" (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (amount) => {
        const words = vndInWords(amount).toLocaleLowerCase('vi');
        expect(words).not.toMatch(/mười mốt/);
        expect(words).not.toMatch(/mười tư/);
        const linhCount = (words.match(/linh/g) ?? []).length;
        const linhAfterTramCount = (words.match(/trăm linh/g) ?? []).length;
        expect(linhCount).toBe(linhAfterTramCount);
      }),
    );
  });
});

describe('formatVnd / formatVndNumber', () => {
  it.each<[number, string]>([
    [0, '0'],
    [999, '999'],
    [1000, '1.000'],
    [1_250_000, '1.250.000'],
    [360_000, '360.000'],
    [2_015_500_021, '2.015.500.021'],
    [-1_250_000, '-1.250.000'],
  ])('%d → %s', (amount, figures) => {
    expect(formatVndNumber(amount)).toBe(figures);
    expect(formatVnd(amount)).toBe(`${figures} đồng`);
  });

  it.each([1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('rejects %d', (amount) => {
    expect(() => formatVnd(amount)).toThrow(DomainError);
  });
});
