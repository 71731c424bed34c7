import { CULTURE_DAY_RULE, OFFICIAL_NOTICES, createCalendar } from '../../../domain/calendar';
import { DomainError } from '../../../domain/domain-error';

const national = createCalendar();
const rulesOnly = createCalendar({ notices: [] });

function holidays(calendar = national, year: number): Record<string, string> {
  return Object.fromEntries(
    calendar
      .nonWorkingDays(year)
      .filter((d) => d.kind !== 'weekend')
      .map((d) => [d.date, d.reason]),
  );
}

describe('counting working days', () => {
  it('starts the day after `from`; n = 0 returns `from`, even on a holiday', () => {
    expect(national.addWorkingDays('2026-03-02', 0)).toBe('2026-03-02');
    expect(national.addWorkingDays('2026-01-01', 0)).toBe('2026-01-01');
    expect(national.addWorkingDays('2026-03-02', 1)).toBe('2026-03-03'); // Monday → Tuesday
    expect(national.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09'); // Friday → Monday
    expect(national.addWorkingDays('2026-03-07', 1)).toBe('2026-03-09'); // received on a Saturday
  });

  it('crosses 31/12 → 1/1 skipping New Year and the 2026 swapped Friday', () => {
    // 2025-12-30 Tue: 31/12 Wed (1), 1/1 and 2/1 off, 3–4/1 weekend, 5/1 Mon (2)
    expect(national.addWorkingDays('2025-12-30', 2)).toBe('2026-01-05');
    expect(national.workingDaysBetween('2025-12-30', '2026-01-05')).toBe(2);
    // With the bare rules 2/1/2026 is a normal Friday.
    expect(rulesOnly.addWorkingDays('2025-12-30', 2)).toBe('2026-01-02');
  });

  it('counts a worked Saturday (10/01/2026, swapped against Friday 02/01)', () => {
    expect(national.isWorkingDay('2026-01-10')).toBe(true);
    expect(national.isWorkingDay('2026-01-02')).toBe(false);
    expect(national.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10');
    expect(rulesOnly.isWorkingDay('2026-01-10')).toBe(false);
    expect(national.nonWorkingDays(2026).map((d) => d.date)).not.toContain('2026-01-10');
  });

  it('skips all of Tết 2026 (14/02 to 22/02)', () => {
    expect(national.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    expect(national.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
  });

  it('is antisymmetric when b < a', () => {
    expect(national.workingDaysBetween('2026-03-13', '2026-03-09')).toBe(-4);
    expect(national.workingDaysBetween('2026-03-09', '2026-03-13')).toBe(4);
    expect(national.workingDaysBetween('2026-03-09', '2026-03-09')).toBe(0);
  });

  it('adds calendar days across months and years', () => {
    expect(national.addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(national.addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(national.addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(national.addCalendarDays('2026-03-01', 0)).toBe('2026-03-01');
  });
});

describe('holidays by rule', () => {
  it('compensates a Tết spanning a weekend (2027: Tết on Saturday)', () => {
    const tet2027 = holidays(national, 2027);
    for (const date of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']) {
      expect(tet2027[date]).toBe('Tết Nguyên đán');
    }
    expect(tet2027['2027-02-10']).toBe('Nghỉ bù Tết Nguyên đán');
    expect(tet2027['2027-02-11']).toBe('Nghỉ bù Tết Nguyên đán');
    expect(national.isWorkingDay('2027-02-12')).toBe(true);
    expect(national.isProvisional(2027)).toBe(true);
    expect(national.nonWorkingDays(2027).find((d) => d.date === '2027-02-10')?.provisional).toBe(true);
  });

  it('puts the compensation for 30/4 on a Sunday after 1/5 (2028: 30/4 Sunday, 1/5 Monday)', () => {
    const days = holidays(national, 2028);
    expect(days['2028-04-30']).toBe('Ngày Chiến thắng (30/4)');
    expect(days['2028-05-01']).toBe('Ngày Quốc tế Lao động (1/5)');
    expect(days['2028-05-02']).toBe('Nghỉ bù Ngày Chiến thắng (30/4)');
    expect(national.isWorkingDay('2028-05-03')).toBe(true);
  });

  it('chains compensations when Hùng Kings, 30/4 and 1/5 meet a weekend (2023)', () => {
    const days = holidays(rulesOnly, 2023);
    expect(days['2023-04-29']).toBe('Giỗ Tổ Hùng Vương (10/3 âm lịch)'); // Saturday
    expect(days['2023-05-02']).toBe('Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)');
    expect(days['2023-05-03']).toBe('Nghỉ bù Ngày Chiến thắng (30/4)');
    expect(national.isWorkingDay('2023-05-04')).toBe(true);
  });

  it('adds the day beside 2/9 that joins a weekend, compensating 2/9 on a Saturday', () => {
    expect(holidays(rulesOnly, 2023)['2023-09-01']).toBe('Quốc khánh (ngày nghỉ liền kề 2/9)');
    expect(holidays(rulesOnly, 2023)['2023-09-04']).toBe('Nghỉ bù Quốc khánh (2/9)');
    expect(holidays(rulesOnly, 2024)['2024-09-03']).toBe('Quốc khánh (ngày nghỉ liền kề 2/9)');
    // 2029: 2/9 is a Sunday → 3/9 beside it, 4/9 compensates 2/9.
    expect(holidays(national, 2029)['2029-09-03']).toBe('Quốc khánh (ngày nghỉ liền kề 2/9)');
    expect(holidays(national, 2029)['2029-09-04']).toBe('Nghỉ bù Quốc khánh (2/9)');
  });

  it('reproduces the official Tết and 2/9 schedules 2021–2026 without any notice', () => {
    for (const year of [2021, 2022, 2023, 2024, 2026]) {
      const official = national
        .nonWorkingDays(year)
        .filter((d) => /Tết Nguyên đán|Quốc khánh/.test(d.reason));
      const byRule = rulesOnly.nonWorkingDays(year).filter((d) => /Tết Nguyên đán|Quốc khánh/.test(d.reason));
      expect(byRule.map((d) => d.date)).toEqual(official.map((d) => d.date));
    }
  });

  it('lists weekends with Vietnamese names, sorted, and marks years without notices provisional', () => {
    const days = national.nonWorkingDays(2027);
    expect(days.map((d) => d.date)).toEqual([...days.map((d) => d.date)].sort());
    expect(days.find((d) => d.date === '2027-01-02')).toEqual({
      date: '2027-01-02',
      reason: 'Thứ Bảy',
      kind: 'weekend',
    });
    expect(days.find((d) => d.date === '2027-01-03')?.reason).toBe('Chủ nhật');
    expect(days.every((d) => d.reason === d.reason.normalize('NFC'))).toBe(true);
    expect(national.isProvisional(2025)).toBe(false);
    expect(rulesOnly.isProvisional(2025)).toBe(true);
  });
});

describe('official notices', () => {
  it('replace rule-derived days only for the holidays they cover', () => {
    // 2025 Tết: the notice swaps Monday 27/01 against Saturday 08/02 and has no Monday 03/02 compensation.
    expect(national.isWorkingDay('2025-01-27')).toBe(false);
    expect(national.isWorkingDay('2025-02-03')).toBe(true);
    expect(national.isWorkingDay('2025-02-08')).toBe(true);
    expect(rulesOnly.isWorkingDay('2025-02-03')).toBe(false);
    // Hùng Kings' day 2025 is not covered by any notice and still comes from the rule.
    expect(national.isWorkingDay('2025-04-07')).toBe(false);
  });

  it('carry their reference on the days they set', () => {
    const day = national.nonWorkingDays(2024).find((d) => d.date === '2024-04-29');
    expect(day).toMatchObject({ kind: 'swapped', source: expect.stringContaining('2450/VPCP-KGVX') });
  });

  it('can add a holiday created by a later law, as data', () => {
    const withCultureDay = createCalendar({ annualHolidays: [{ ...CULTURE_DAY_RULE, firstYear: 2027 }] });
    expect(withCultureDay.isWorkingDay('2027-11-24')).toBe(false); // Wednesday
    expect(withCultureDay.isWorkingDay('2026-11-24')).toBe(true);
    expect(national.isWorkingDay('2027-11-24')).toBe(true);
  });

  it('every seeded notice is valid, dated in its year and NFC', () => {
    for (const notice of OFFICIAL_NOTICES) {
      expect(notice.reference).toBe(notice.reference.normalize('NFC'));
      for (const day of [...(notice.daysOff ?? []), ...(notice.workingDays ?? [])]) {
        expect(day.date.startsWith(String(notice.year))).toBe(true);
      }
    }
  });
});

describe('provincial overrides', () => {
  const data = {
    provincialOverrides: [
      { province: '75', date: '2026-03-10', status: 'off' as const, reason: 'Nghỉ lễ hội của tỉnh' },
      { province: '75', date: '2026-03-14', status: 'working' as const, reason: 'Làm bù thứ Bảy' },
      { province: '01', date: '2026-03-11', status: 'off' as const, reason: 'Ngày nghỉ khác tỉnh' },
    ],
  };
  const province75 = createCalendar(data, { province: '75' });

  it('apply only to their province', () => {
    expect(province75.isWorkingDay('2026-03-10')).toBe(false);
    expect(province75.isWorkingDay('2026-03-14')).toBe(true);
    expect(province75.isWorkingDay('2026-03-11')).toBe(true);
    expect(createCalendar(data).isWorkingDay('2026-03-10')).toBe(true);
    expect(province75.nonWorkingDays(2026).find((d) => d.date === '2026-03-10')).toMatchObject({
      kind: 'provincial',
      reason: 'Nghỉ lễ hội của tỉnh',
    });
  });

  it('change deadlines', () => {
    // Monday 09/03 + 4 WD: national → Friday 13/03; province 75 loses Tue 10/03 and gains Sat 14/03.
    expect(national.addWorkingDays('2026-03-09', 4)).toBe('2026-03-13');
    expect(province75.addWorkingDays('2026-03-09', 4)).toBe('2026-03-14');
    expect(province75.addWorkingDays('2026-03-09', 5)).toBe('2026-03-16');
  });

  it('keep the seeded national notices', () => {
    expect(province75.isWorkingDay('2026-01-10')).toBe(true);
  });
});

describe('unhappy paths', () => {
  it.each(['2026-02-30', '2026-2-3', ''])('every date argument rejects %p with INVALID_DATE', (text) => {
    const calls = [
      () => national.isWorkingDay(text),
      () => national.addWorkingDays(text, 1),
      () => national.addCalendarDays(text, 1),
      () => national.workingDaysBetween(text, '2026-01-01'),
      () => national.workingDaysBetween('2026-01-01', text),
    ];
    for (const call of calls) {
      expect(call).toThrow(
        expect.objectContaining({ code: 'INVALID_DATE', message: expect.stringContaining(`"${text}"`) }),
      );
    }
  });

  it('rejects negative or fractional working-day counts', () => {
    expect(() => national.addWorkingDays('2026-01-05', -1)).toThrow(/n must be an integer ≥ 0/);
    expect(() => national.addWorkingDays('2026-01-05', 1.5)).toThrow(DomainError);
    expect(() => national.addCalendarDays('2026-01-05', Number.NaN)).toThrow(/integer/);
  });

  it('rejects years outside the supported range', () => {
    expect(() => national.nonWorkingDays(1800)).toThrow(
      expect.objectContaining({ code: 'DATE_OUT_OF_RANGE' }),
    );
  });

  it('rejects invalid data with the path of each problem', () => {
    const bad = () =>
      createCalendar({
        notices: [
          {
            year: 2026,
            reference: 'x',
            confidence: 'sourced',
            covers: ['tet', 'carnival'],
            daysOff: [{ date: '2026-02-30', reason: 'Tết' }],
            workingDays: [{ date: '2026-01-09', reason: 'thứ Sáu không phải ngày nghỉ' }],
          },
        ],
        provincialOverrides: [{ province: 'HCM', date: '2026-01-05', status: 'off', reason: 'x' }],
      });
    expect(bad).toThrow(expect.objectContaining({ code: 'INVALID_CALENDAR_DATA' }));
    expect(bad).toThrow(/notices\.0\.daysOff\.0\.date/);
    expect(bad).toThrow(/thứ Bảy hoặc Chủ nhật/);
    expect(bad).toThrow(/provincialOverrides\.0\.province/);
    expect(bad).toThrow(/ngày lễ không rõ: carnival/);
  });

  it('rejects two notices covering the same holiday of the same year', () => {
    const notice = { year: 2030, reference: 'x', confidence: 'sourced' as const, covers: ['tet'] };
    expect(() => createCalendar({ notices: [notice, notice] })).toThrow(
      /hai thông báo cùng quy định 2030 tet/,
    );
  });
});
