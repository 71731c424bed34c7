import { toE164 } from '../../domain/phone';

test('Vietnamese numbers are brought to +84; others are refused', () => {
  for (const written of ['0912345678', '+84912345678', '84912345678', '091 234 5678', '0912.345.678']) {
    expect(toE164(written)).toBe('+84912345678');
  }
  for (const wrong of ['12345', '0212345678', '+1 912 345 678', '09123456789'])
    expect(toE164(wrong)).toBeUndefined();
});
