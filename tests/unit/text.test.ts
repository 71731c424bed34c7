import { annualHolidaySchema } from '../../domain/calendar/calendar-data';
import { MONTHLY_ALLOWANCE_TWO_TIER, ProcedureDefinitionSchema } from '../../domain/procedures';
import { reasonSchema, storedText, textProblem, textProblemsIn, textSchema } from '../../domain/text';

describe('acceptable text', () => {
  it.each([
    ['a NUL byte', 'Nguyễn\u0000Văn A'],
    ['a lone high surrogate', 'Nguyễn \ud800'],
    ['a lone low surrogate', '\udc00 Văn A'],
    ['a bell', 'ding\u0007'],
    ['a C1 control', 'x\u0085y'],
  ])('refuses %s with a Vietnamese reason', (_label, text) => {
    expect(textProblem(text)).toMatch(/ký tự/);
    const result = textSchema({ max: 100 }).safeParse(text);
    expect(result.success).toBe(false);
  });

  it('keeps newline, tab and emoji (a well-formed surrogate pair)', () => {
    expect(textProblem('Dòng 1\r\nDòng 2\tcột 😀')).toBeUndefined();
    expect(textSchema({ max: 100 }).parse(' Dòng 1\r\nDòng 2 ')).toBe('Dòng 1\nDòng 2');
  });

  it('stores NFC: a decomposed "ệ" equals the composed one', () => {
    const decomposed = 'Nguye\u0302\u0303n'.normalize('NFD');
    expect(storedText(decomposed)).toBe('Nguyễn');
    expect(textSchema({ max: 10 }).parse(decomposed)).toBe('Nguyễn');
  });

  it('counts length after trimming and refuses empty', () => {
    expect(textSchema({ max: 3 }).safeParse('  abc  ').success).toBe(true);
    expect(textSchema({ max: 3 }).safeParse('abcd').success).toBe(false);
    const empty = textSchema({ max: 3 }).safeParse('   ');
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toBe('Không được để trống');
  });

  it('a reason has at least one letter or digit', () => {
    expect(reasonSchema().safeParse('.').success).toBe(false);
    expect(reasonSchema().safeParse(' - ').success).toBe(false);
    expect(reasonSchema().parse('Thiếu giấy xác nhận khuyết tật')).toBe('Thiếu giấy xác nhận khuyết tật');
  });
});

describe('text anywhere in a request (the edges check every string before their schema)', () => {
  it('names each unacceptable string by its path, keys included', () => {
    const problems = textProblemsIn({ a: 'ok', b: ['x', 'y\u0000'], c: { 'k\ud800': 1 }, d: 3 });
    expect(problems.map((problem) => problem.path)).toEqual([
      ['b', 1],
      ['c', 'k\ud800'],
    ]);
  });
});

describe('domain schemas that admins fill refuse it too', () => {
  it('a procedure definition with a NUL in its title', () => {
    const { title: _title, ...rest } = MONTHLY_ALLOWANCE_TWO_TIER;
    const result = ProcedureDefinitionSchema.safeParse({ ...rest, title: 'Trợ cấp\u0000' });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toContainEqual([
      'title',
      'acceptable_text',
    ]);
  });

  it('an annual holiday with a lone surrogate in its reference', () => {
    const result = annualHolidaySchema.safeParse({
      id: 'culture-day',
      reason: 'Ngày Văn hóa',
      month: 11,
      day: 24,
      firstYear: 2054,
      reference: 'Luật \ud800',
    });
    expect(result.success).toBe(false);
  });
});
