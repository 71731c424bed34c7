import {
  cardNumberOf,
  cardNumberOfQrPayload,
  cardQrPayload,
  formatCardNumber,
  isValidCardNumber,
  mod97CheckDigits,
} from '../../../domain/card-number';

describe('card numbers: commune, serial, ISO 7064 MOD 97-10 check digits', () => {
  it('computes the check digits IBANs use (GB82 WEST 1234 5698 7654 32, rearranged and digitised)', () => {
    expect(mod97CheckDigits('32142829123456987654321611')).toBe('82');
  });

  it('builds a 14-digit number of the commune that checks, printed 5-7-2', () => {
    const number = cardNumberOf('26170', 12);
    expect(number).toBe('26170000001263');
    expect(isValidCardNumber(number)).toBe(true);
    expect(formatCardNumber(number)).toBe('26170 0000012 63');
    expect(isValidCardNumber('26170 0000012 63')).toBe(true);
  });

  const samples = [1, 12, 999, 123456, 9999999].map((serial) => cardNumberOf('26173', serial));

  it('catches every single wrong digit', () => {
    for (const number of samples) {
      for (let i = 0; i < number.length; i++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === number[i]) continue;
          const typo = `${number.slice(0, i)}${d}${number.slice(i + 1)}`;
          expect([typo, isValidCardNumber(typo)]).toEqual([typo, false]);
        }
      }
    }
  });

  it('catches every swap of two neighbouring different digits (Luhn misses 09 ↔ 90)', () => {
    for (const number of samples) {
      for (let i = 0; i + 1 < number.length; i++) {
        if (number[i] === number[i + 1]) continue;
        const swapped = `${number.slice(0, i)}${number[i + 1]}${number[i]}${number.slice(i + 2)}`;
        expect([swapped, isValidCardNumber(swapped)]).toEqual([swapped, false]);
      }
    }
  });

  it('refuses malformed input', () => {
    expect(isValidCardNumber('2617000000126')).toBe(false);
    expect(isValidCardNumber('2617000000126A')).toBe(false);
    expect(() => cardNumberOf('2617', 1)).toThrow();
    expect(() => cardNumberOf('26170', 0)).toThrow();
    expect(() => cardNumberOf('26170', 10_000_000)).toThrow();
  });
});

describe('the QR payload', () => {
  it('holds the card number and nothing else, in QR alphanumeric characters', () => {
    const number = cardNumberOf('26170', 7);
    const payload = cardQrPayload(number);
    expect(payload).toBe(`TGXH:THE:1:${number}`);
    expect(payload).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
    expect(cardNumberOfQrPayload(payload)).toBe(number);
  });

  it('reads nothing from another scheme or a number whose check fails', () => {
    const number = cardNumberOf('26170', 7);
    expect(cardNumberOfQrPayload(`OTHER:${number}`)).toBeUndefined();
    expect(cardNumberOfQrPayload(`TGXH:THE:1:${number.slice(0, -1)}0`)).toBeUndefined();
    expect(cardNumberOfQrPayload('TGXH:THE:1: 26170 0000007 x')).toBeUndefined();
  });
});
