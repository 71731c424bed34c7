import {
  numberLabel,
  placeAndDate,
  shortDate,
  vietnameseDate,
  vietnameseDateTime,
  vietnameseUpperCase,
} from '../../../documents/vietnamese-text';

describe('Vietnamese dates and numbers for official documents (Decree 30)', () => {
  it('puts a zero before days below 10 and months below 3 only', () => {
    expect(vietnameseDate('2026-01-05')).toBe('ngày 05 tháng 01 năm 2026');
    expect(vietnameseDate('2026-02-09')).toBe('ngày 09 tháng 02 năm 2026');
    expect(vietnameseDate('2026-03-01')).toBe('ngày 01 tháng 3 năm 2026');
    expect(vietnameseDate('2026-06-15')).toBe('ngày 15 tháng 6 năm 2026');
    expect(vietnameseDate('2026-12-31')).toBe('ngày 31 tháng 12 năm 2026');
  });

  it('writes the place-and-date line', () => {
    expect(placeAndDate('Đồng Nai', '2026-01-05')).toBe('Đồng Nai, ngày 05 tháng 01 năm 2026');
  });

  it('refuses dates that are malformed or not on the calendar', () => {
    expect(() => vietnameseDate('2026-02-30')).toThrow('Ngày không có trên lịch');
    expect(() => vietnameseDate('5/1/2026')).toThrow('YYYY-MM-DD');
  });

  it('writes short dates and times', () => {
    expect(shortDate('2026-01-05')).toBe('05/01/2026');
    expect(vietnameseDateTime('2026-01-05T08:30')).toBe('08 giờ 30 phút, ngày 05 tháng 01 năm 2026');
    expect(() => vietnameseDateTime('2026-01-05T24:00')).toThrow('Giờ không hợp lệ');
  });

  it('formats numbers with at least two digits', () => {
    expect(numberLabel(5, 'QĐ-UBND')).toBe('Số: 05/QĐ-UBND');
    expect(numberLabel(10, 'QĐ-UBND')).toBe('Số: 10/QĐ-UBND');
    expect(numberLabel(123, 'UBND-VHXH')).toBe('Số: 123/UBND-VHXH');
    expect(() => numberLabel(0, 'QĐ-UBND')).toThrow();
  });

  it('upper-cases Vietnamese in NFC', () => {
    const upper = vietnameseUpperCase('Ủy ban nhân dân xã Phước An'.normalize('NFD'));
    expect(upper).toBe('ỦY BAN NHÂN DÂN XÃ PHƯỚC AN');
    expect(upper).toBe(upper.normalize('NFC'));
  });
});
