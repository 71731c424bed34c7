import { numberInWords } from '../../../documents/number-words';

describe('numberInWords (quantities, no currency word)', () => {
  it.each([
    [0, 'Không'],
    [15, 'Mười lăm'],
    [45, 'Bốn mươi lăm'],
    [105, 'Một trăm linh năm'],
    [180, 'Một trăm tám mươi'],
    [1_005, 'Một nghìn không trăm linh năm'],
  ])('%i → %s', (value, words) => {
    expect(numberInWords(value)).toBe(words);
  });

  it('refuses a fraction or a negative quantity without speaking of money', () => {
    expect(() => numberInWords(2.5)).toThrow('cần một số nguyên không âm');
    expect(() => numberInWords(-1)).toThrow('cần một số nguyên không âm');
  });
});
