/**
 * Working calendar data: adding official notices, provincial overrides and annual holidays through the API,
 * how they layer over the seeded notices, and loadWorkingCalendar as the due-date activity will use it.
 */
import { calendarVersion, loadWorkingCalendar, mergeCalendarData, noticesDigest } from '../../db/calendar';
import { OFFICIAL_NOTICES } from '../../domain/calendar';
import { startTestApi, type TestApi } from './harness';

interface NonWorkingDay {
  date: string;
  reason: string;
  kind: string;
  provisional?: true;
  source?: string;
}
interface YearBody {
  year: number;
  province: string | null;
  provisional: boolean;
  nonWorkingDays: NonWorkingDay[];
}
interface EntryBody {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  createdBy: string | null;
}

let api: TestApi;
let admin: string;
beforeAll(async () => {
  api = await startTestApi();
  admin = await api.login('admin.75');
});
afterAll(() => api.close());

const offDays = (body: YearBody) =>
  body.nonWorkingDays.filter((day) => day.kind !== 'weekend').map((day) => day.date);

describe('GET /api/admin/calendar/:year', () => {
  test('computes the year from the seeded notices (Tết 2026 from Thông báo 9441/TB-BNV)', async () => {
    const officer = await api.login('commune_officer.26170');
    const response = await api.request<YearBody>('GET', '/api/admin/calendar/2026', { token: officer });
    expect(response.status).toBe(200);
    expect(response.body.year).toBe(2026);
    expect(response.body.province).toBeNull();
    expect(offDays(response.body)).toEqual(
      expect.arrayContaining(['2026-01-01', '2026-02-16', '2026-02-20', '2026-04-30', '2026-05-01']),
    );
    expect(response.body.nonWorkingDays.find((day) => day.date === '2026-02-16')?.source).toContain(
      '9441/TB-BNV',
    );
    // Quốc khánh 2026 is not seeded: the year stays provisional until an admin loads the notice.
    expect(response.body.provisional).toBe(true);
  });

  test('bad year or province is 400; unknown query fields too', async () => {
    expect((await api.request('GET', '/api/admin/calendar/20x6', { token: admin })).status).toBe(400);
    const outOfRange = await api.request('GET', '/api/admin/calendar/1800', { token: admin });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.fieldErrors?.[0]?.path).toBe('params.year');
    const province = await api.request('GET', '/api/admin/calendar/2026?province=7', { token: admin });
    expect(province.body.fieldErrors).toEqual([{ path: 'query.province', message: 'Mã tỉnh gồm 2 chữ số' }]);
    expect((await api.request('GET', '/api/admin/calendar/2026?tinh=75', { token: admin })).status).toBe(400);
  });

  test('needs a login', async () => {
    expect((await api.request('GET', '/api/admin/calendar/2026')).status).toBe(401);
  });
});

describe('adding calendar data', () => {
  const nationalDay2026 = {
    year: 2026,
    reference: 'Thông báo số 01/TB-BNV năm 2026 (dữ liệu thử nghiệm)',
    confidence: 'sourced',
    covers: ['national-day'],
    daysOff: [
      { date: '2026-08-31', reason: 'Quốc khánh (ngày nghỉ liền kề 2/9)' },
      { date: '2026-09-01', reason: 'Nghỉ hoán đổi', type: 'swapped' },
      { date: '2026-09-02', reason: 'Quốc khánh (2/9)' },
    ],
    workingDays: [{ date: '2026-09-12', reason: 'Làm bù cho ngày nghỉ hoán đổi 01/9/2026' }],
  };

  test('an official notice for a year and holiday not seeded is stored and used', async () => {
    const response = await api.request<EntryBody>('POST', '/api/admin/calendar/notices', {
      token: admin,
      json: nationalDay2026,
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ kind: 'notice', createdBy: 'admin.75' });
    expect(response.body.payload).toMatchObject({ year: 2026, covers: ['national-day'] });

    const year = await api.request<YearBody>('GET', '/api/admin/calendar/2026', { token: admin });
    expect(offDays(year.body)).toEqual(expect.arrayContaining(['2026-08-31', '2026-09-01', '2026-09-02']));
    expect(year.body.provisional).toBe(false);
    const calendar = await loadWorkingCalendar(api.db.pool);
    expect(calendar.isWorkingDay('2026-09-12')).toBe(true); // a Saturday worked
    expect(calendar.isWorkingDay('2026-08-31')).toBe(false);
  });

  test('a stored notice replaces the seeded one for the same year and holiday', async () => {
    const before = await loadWorkingCalendar(api.db.pool);
    expect(before.isWorkingDay('2025-01-27')).toBe(false); // seeded Tết 2025: swapped day off
    const response = await api.request('POST', '/api/admin/calendar/notices', {
      token: admin,
      json: {
        year: 2025,
        reference: 'Thông báo lịch nghỉ Tết Ất Tỵ 2025 (bản thay thế, thử nghiệm)',
        confidence: 'sourced',
        covers: ['tet'],
        daysOff: ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03'].map((date) => ({
          date,
          reason: 'Tết Nguyên đán',
        })),
      },
    });
    expect(response.status).toBe(201);
    const after = await loadWorkingCalendar(api.db.pool);
    expect(after.isWorkingDay('2025-01-27')).toBe(true);
    expect(after.isWorkingDay('2025-02-03')).toBe(false);
    expect(after.isWorkingDay('2025-02-08')).toBe(false); // the seeded notice's Saturday worked is gone with it
  });

  test('a notice that would drop another holiday of a replaced notice is refused', async () => {
    const response = await api.request('POST', '/api/admin/calendar/notices', {
      token: admin,
      json: {
        year: 2025,
        reference: 'Chỉ quy định 1/5',
        confidence: 'sourced',
        covers: ['labour-day'],
        daysOff: [{ date: '2025-05-01', reason: 'Ngày Quốc tế Lao động (1/5)' }],
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.fieldErrors?.[0]?.path).toBe('body.covers');
    expect(response.body.fieldErrors?.[0]?.message).toContain('victory-day');
  });

  test('a notice that clashes with the data in force (a day declared twice, unknown holiday) is 400', async () => {
    const clash = await api.request('POST', '/api/admin/calendar/notices', {
      token: admin,
      json: {
        year: 2026,
        reference: 'Giỗ Tổ 2026 (thử nghiệm)',
        confidence: 'sourced',
        covers: ['hung-kings'],
        daysOff: [{ date: '2026-09-02', reason: 'trùng ngày' }],
      },
    });
    expect(clash.status).toBe(400);
    expect(clash.body.fieldErrors?.map((error) => error.message)).toEqual(
      expect.arrayContaining(['ngày 2026-09-02 được khai báo hai lần']),
    );
    const unknownHoliday = await api.request('POST', '/api/admin/calendar/notices', {
      token: admin,
      json: { year: 2026, reference: 'Lễ lạ', confidence: 'sourced', covers: ['le-la'], daysOff: [] },
    });
    expect(unknownHoliday.status).toBe(400);
    expect(unknownHoliday.body.fieldErrors?.map((error) => error.message)).toEqual([
      'ngày lễ không rõ: le-la',
    ]);
  });

  test('invalid entries are 400 with the domain schema’s Vietnamese messages', async () => {
    const response = await api.request('POST', '/api/admin/calendar/notices', {
      token: admin,
      json: {
        year: 2026,
        reference: 'x',
        confidence: 'maybe',
        covers: [],
        daysOff: [{ date: '2026-02-30', reason: 'ngày không có thật' }],
        workingDays: [{ date: '2026-09-09', reason: 'thứ Tư không phải cuối tuần' }],
        extra: 1,
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.fieldErrors).toEqual(
      expect.arrayContaining([
        { path: 'body.daysOff.0.date', message: 'ngày phải có dạng YYYY-MM-DD và có thật' },
        { path: 'body.workingDays.0.date', message: 'ngày làm bù phải là thứ Bảy hoặc Chủ nhật' },
        { path: 'body.covers', message: 'Phải có ít nhất 1 phần tử' },
        { path: 'body.extra', message: 'Trường không được phép' },
        expect.objectContaining({ path: 'body.confidence' }),
      ]),
    );
  });

  test('a provincial override applies to its province only; another province’s is 403', async () => {
    const override = {
      province: '75',
      date: '2026-12-21',
      status: 'off',
      reason: 'Nghỉ kỷ niệm ngày thành lập tỉnh (thử nghiệm)',
      reference: 'Quyết định số 99/QĐ-UBND (thử nghiệm)',
    };
    const stored = await api.request<EntryBody>('POST', '/api/admin/calendar/overrides', {
      token: admin,
      json: override,
    });
    expect(stored.status).toBe(201);
    const province = await api.request<YearBody>('GET', '/api/admin/calendar/2026?province=75', {
      token: admin,
    });
    expect(province.body.nonWorkingDays.find((day) => day.date === '2026-12-21')).toMatchObject({
      kind: 'provincial',
      source: 'Quyết định số 99/QĐ-UBND (thử nghiệm)',
    });
    const national = await api.request<YearBody>('GET', '/api/admin/calendar/2026', { token: admin });
    expect(offDays(national.body)).not.toContain('2026-12-21');
    expect((await loadWorkingCalendar(api.db.pool, { province: '75' })).isWorkingDay('2026-12-21')).toBe(
      false,
    );
    expect((await loadWorkingCalendar(api.db.pool, { province: '79' })).isWorkingDay('2026-12-21')).toBe(
      true,
    );

    const other = await api.request('POST', '/api/admin/calendar/overrides', {
      token: admin,
      json: { ...override, province: '79' },
    });
    expect(other.status).toBe(403);

    // Storing the same day again replaces the earlier override (a correction), it is not a clash.
    const corrected = await api.request('POST', '/api/admin/calendar/overrides', {
      token: admin,
      json: { ...override, status: 'working', reason: 'Hủy ngày nghỉ (thử nghiệm)' },
    });
    expect(corrected.status).toBe(201);
    expect((await loadWorkingCalendar(api.db.pool, { province: '75' })).isWorkingDay('2026-12-21')).toBe(
      true,
    );
  });

  test('an annual holiday added by a later law applies from its first year', async () => {
    const response = await api.request('POST', '/api/admin/calendar/annual-holidays', {
      token: admin,
      json: {
        id: 'culture-day',
        reason: 'Ngày Văn hóa Việt Nam (24/11)',
        month: 11,
        day: 24,
        firstYear: 2027,
        reference: 'Luật sửa đổi (thử nghiệm)',
      },
    });
    expect(response.status).toBe(201);
    const calendar = await loadWorkingCalendar(api.db.pool);
    expect(calendar.isWorkingDay('2026-11-24')).toBe(true);
    expect(calendar.isWorkingDay('2027-11-24')).toBe(false);

    const invalid = await api.request('POST', '/api/admin/calendar/annual-holidays', {
      token: admin,
      json: { id: 'Ngày Lễ', reason: '', month: 13, day: 1, firstYear: 2027 },
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body.fieldErrors ?? []).map((error) => error.path)).toEqual(
      expect.arrayContaining(['body.id', 'body.month', 'body.reason']),
    );
    expect(invalid.body.fieldErrors?.find((error) => error.path === 'body.reason')?.message).toBe(
      'Không được để trống',
    );
  });

  test('entries are listed oldest first, filtered by kind; the auditor reads but cannot add', async () => {
    const auditor = await api.login('auditor.75');
    const all = await api.request<{ entries: EntryBody[] }>('GET', '/api/admin/calendar/entries', {
      token: auditor,
    });
    expect(all.status).toBe(200);
    expect(all.body.entries.map((entry) => entry.kind)).toEqual([
      'notice',
      'notice',
      'override',
      'override',
      'annual_holiday',
    ]);
    const overrides = await api.request<{ entries: EntryBody[] }>(
      'GET',
      '/api/admin/calendar/entries?kind=override',
      { token: auditor },
    );
    expect(overrides.body.entries).toHaveLength(2);
    const add = await api.request('POST', '/api/admin/calendar/notices', {
      token: auditor,
      json: nationalDay2026,
    });
    expect(add.status).toBe(403);
    const officer = await api.login('district_officer.731');
    expect((await api.request('GET', '/api/admin/calendar/entries', { token: officer })).status).toBe(403);
  });
});

describe('mergeCalendarData (pure)', () => {
  test('without stored entries it is the seeded notices', () => {
    expect(mergeCalendarData(OFFICIAL_NOTICES, [])).toEqual({
      notices: [...OFFICIAL_NOTICES],
      provincialOverrides: [],
      annualHolidays: [],
    });
  });
});

test('the version names the seeded notices too: a release that corrects one is a new calendar', async () => {
  // Running dossiers take the calendar again at each step only when its version moved.
  expect(await calendarVersion(api.db.pool)).toMatch(
    new RegExp(`^${noticesDigest(OFFICIAL_NOTICES)}:\\d+:\\d+$`),
  );
  const corrected = OFFICIAL_NOTICES.map((notice, index) =>
    index === 0 ? { ...notice, reference: `${notice.reference} (đính chính)` } : notice,
  );
  expect(noticesDigest(corrected)).not.toBe(noticesDigest(OFFICIAL_NOTICES));
});
