/**
 * Rows of form 07 (the dossier register) as a reader sees them: the status column (Trước hạn / Đúng hạn /
 * Quá hạn) for finished, refused and open dossiers, the hand-overs in words, and the protected-category rule
 * (a refused HIV dossier's typed reason only for the commune officer and admins).
 */
import type { AuthenticatedUser } from '../../../app/auth/session';
import { PROTECTED_REFUSAL_RESULT } from '../../../app/dossiers/protected-category';
import { registerRow, registerStatus } from '../../../app/registers/dossier-register';
import type { RegisterRecord } from '../../../db/dossier-register';
import type { AdministrativeUnit } from '../../../db/units';
import { sameDayNextYear } from '../../../domain/iso-date';

const unit = (code: string, name: string): AdministrativeUnit => ({
  code,
  name,
  level: 'commune',
  parentCode: null,
  placeName: null,
  abolishedOn: null,
  formerParentCode: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const UNITS = new Map([['26170', unit('26170', 'Thị trấn Trảng Bom')]]);

const user = (role: AuthenticatedUser['role']): AuthenticatedUser =>
  ({ id: '00000000-0000-4000-8000-000000000001', role, unitCode: '26170' }) as AuthenticatedUser;

function record(overrides: Partial<RegisterRecord> = {}): RegisterRecord {
  return {
    code: '26170-260105-0001',
    procedureTitle: 'Thực hiện trợ cấp xã hội hằng tháng',
    tier: 'two-tier',
    applicantName: 'Nguyễn Thị Hoa',
    applicantAddress: 'Khu phố 3, thị trấn Trảng Bom',
    receivedAt: '2026-01-05T01:30:00.000Z',
    receivedOn: '2026-01-05',
    appointmentDate: '2026-01-19',
    finishedOn: null,
    onTimeStatus: null,
    status: 'in_progress',
    result: null,
    communeCode: '26170',
    application: { beneficiary: { qualifications: [{ clause: '5.5a' }] } },
    handlers: [
      { role: 'commune_officer', unitCode: '26170' },
      { role: 'commune_chairman', unitCode: '26170' },
      { role: 'commune_officer', unitCode: '26170' }, // returned to the officer once: named once
    ],
    ...overrides,
  };
}

describe('the status column', () => {
  test('a finished dossier keeps the status the workflow recorded', () => {
    const done = record({ finishedOn: '2026-01-16', onTimeStatus: 'Trước hạn', status: 'completed' });
    expect(registerStatus(done, '2026-03-01')).toBe('Trước hạn');
  });

  test('a refusal (no recorded status) is judged by the same rule on the day it finished', () => {
    const on = (finishedOn: string) =>
      registerStatus(record({ finishedOn, status: 'refused', result: 'Không giải quyết: …' }), '2026-03-01');
    expect([on('2026-01-18'), on('2026-01-19'), on('2026-01-20')]).toEqual([
      'Trước hạn',
      'Đúng hạn',
      'Quá hạn',
    ]);
  });

  test('an open dossier is late once its appointment date has passed, and has no status before', () => {
    expect(registerStatus(record(), '2026-01-19')).toBeUndefined();
    expect(registerStatus(record(), '2026-01-20')).toBe('Quá hạn');
    expect(
      registerStatus(record({ appointmentDate: null, status: 'awaiting_intake_check' }), '2026-09-01'),
    ).toBeUndefined();
  });
});

test('a row names each post handed to once, in order, with its unit and its title on the route', () => {
  const threeTier = registerRow(
    user('commune_chairman'),
    record({ tier: 'three-tier' }),
    UNITS,
    '2026-01-10',
  );
  expect(threeTier.processingUnits[0]).toBe(
    'Công chức phụ trách lao động - thương binh và xã hội cấp xã (Thị trấn Trảng Bom)',
  );
  const row = registerRow(user('commune_chairman'), record(), UNITS, '2026-01-10');
  expect(row).toEqual({
    dossierCode: '26170-260105-0001',
    procedure: 'Thực hiện trợ cấp xã hội hằng tháng',
    applicant: { fullName: 'Nguyễn Thị Hoa', address: 'Khu phố 3, thị trấn Trảng Bom' },
    receivedOn: '2026-01-05',
    appointmentOn: '2026-01-19',
    processingUnits: [
      // Two tiers: the post that exists today, not the abolished labour-invalids officer.
      'Công chức Phòng Văn hóa - Xã hội cấp xã (Thị trấn Trảng Bom)',
      'Chủ tịch Ủy ban nhân dân cấp xã (Thị trấn Trảng Bom)',
    ],
    note: 'Đang giải quyết',
  });
});

test('a refused protected (HIV) dossier: its typed reason only for those who may know the category', () => {
  const refused = record({
    application: { beneficiary: { qualifications: [{ clause: '5.8' }] } },
    status: 'refused',
    finishedOn: '2026-01-15',
    result: 'Không giải quyết: người nhiễm HIV nhưng không thuộc hộ nghèo',
  });
  expect(registerRow(user('commune_chairman'), refused, UNITS, '2026-02-01').note).toBe(
    PROTECTED_REFUSAL_RESULT,
  );
  expect(registerRow(user('intake_clerk'), refused, UNITS, '2026-02-01').note).toBe(PROTECTED_REFUSAL_RESULT);
  expect(registerRow(user('commune_officer'), refused, UNITS, '2026-02-01').note).toContain('nhiễm HIV');
  const neutral = JSON.stringify(registerRow(user('commune_chairman'), refused, UNITS, '2026-02-01'));
  expect(neutral).not.toMatch(/HIV|5\.8/);
});

test('a period of at most a year ends the day before the same day a year later', () => {
  expect(sameDayNextYear('2026-03-15')).toBe('2027-03-15');
  expect(sameDayNextYear('2028-02-29')).toBe('2029-03-01');
  expect(sameDayNextYear('2027-02-28')).toBe('2028-02-28');
});
