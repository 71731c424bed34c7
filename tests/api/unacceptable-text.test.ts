/**
 * Issue 15, point 1 at the API's edges: text Postgres cannot store (a NUL byte, a lone surrogate) is refused
 * by every route that takes text — 400 VALIDATION_FAILED naming the field, never a 500 from the database and
 * never a write. One table over the routes: login, users, units, calendar, base levels, procedure versions,
 * templates, search, tracking, postings; and the pages' forms (web/form-errors.ts parseForm), which answer the
 * form again with the message beside the field.
 */
import { MONTHLY_ALLOWANCE_TWO_TIER } from '../../domain/procedures';
import { FormClient, hiddenValue } from '../helpers/forms';
import { startTestApi, type TestApi } from './harness';

let api: TestApi;
let admin: string;
let officer: string;
beforeAll(async () => {
  api = await startTestApi({ pages: true });
  admin = await api.login('admin.75');
  officer = await api.login('commune_officer.26170');
});
afterAll(() => api.close());

const NUL = '\u0000';
const LONE = '\ud800';

function definitionTitled(title: string) {
  const { version: _version, ...rest } = MONTHLY_ALLOWANCE_TWO_TIER;
  return { ...rest, title, effectiveFrom: '2054-04-01' };
}

interface Case {
  route: string;
  method: string;
  path: string;
  as?: 'admin' | 'officer';
  json?: (bad: string) => unknown;
  /** The field the answer must name. */
  field: string;
}

const CASES: Case[] = [
  {
    route: 'login: username',
    method: 'POST',
    path: '/api/auth/login',
    json: (bad) => ({ username: `admin.75${bad}`, password: 'x' }),
    field: 'body.username',
  },
  {
    route: 'login: password',
    method: 'POST',
    path: '/api/auth/login',
    json: (bad) => ({ username: 'admin.75', password: `mat-khau${bad}` }),
    field: 'body.password',
  },
  {
    route: 'create user: full name',
    method: 'POST',
    path: '/api/admin/users',
    as: 'admin',
    json: (bad) => ({
      username: 'nguoi.moi',
      fullName: `Nguyễn ${bad}`,
      password: 'mat-khau-rat-dai-2026',
      role: 'commune_officer',
      unitCode: '26170',
    }),
    field: 'body.fullName',
  },
  {
    route: 'create unit: name',
    method: 'POST',
    path: '/api/admin/units',
    as: 'admin',
    json: (bad) => ({ code: '26999', name: `Xã ${bad}`, parentCode: '731' }),
    field: 'body.name',
  },
  {
    route: 'annual holiday: reason',
    method: 'POST',
    path: '/api/admin/calendar/annual-holidays',
    as: 'admin',
    json: (bad) => ({ id: 'culture-day', reason: `Ngày ${bad}`, month: 11, day: 24, firstYear: 2054 }),
    field: 'body.reason',
  },
  {
    route: 'annual holiday: reference',
    method: 'POST',
    path: '/api/admin/calendar/annual-holidays',
    as: 'admin',
    json: (bad) => ({
      id: 'culture-day',
      reason: 'Ngày Văn hóa',
      month: 11,
      day: 24,
      firstYear: 2054,
      reference: `Luật ${bad}`,
    }),
    field: 'body.reference',
  },
  {
    route: 'provincial override: reason',
    method: 'POST',
    path: '/api/admin/calendar/overrides',
    as: 'admin',
    json: (bad) => ({ province: '75', date: '2054-05-04', status: 'off', reason: `Nghỉ ${bad}` }),
    field: 'body.reason',
  },
  {
    route: 'official notice: note',
    method: 'POST',
    path: '/api/admin/calendar/notices',
    as: 'admin',
    json: (bad) => ({
      year: 2054,
      reference: 'Thông báo thử',
      confidence: 'sourced',
      covers: ['new-year'],
      note: `ghi chú ${bad}`,
    }),
    field: 'body.note',
  },
  {
    route: 'base level: legal basis',
    method: 'POST',
    path: '/api/admin/base-levels',
    as: 'admin',
    json: (bad) => ({ effectiveFrom: '2054-01-01', amount: 600000, legalBasis: `Nghị định ${bad}` }),
    field: 'body.legalBasis',
  },
  {
    route: 'procedure version: title',
    method: 'POST',
    path: '/api/admin/procedures/monthly-allowance/versions',
    as: 'admin',
    json: (bad) => ({ kind: 'definition', definition: definitionTitled(`Trợ cấp ${bad}`) }),
    field: 'body.definition.title',
  },
  {
    route: 'template override: source',
    method: 'PUT',
    path: '/api/admin/templates/receipt-appointment',
    as: 'admin',
    json: (bad) => ({ source: `<p>${bad}</p>` }),
    field: 'body.source',
  },
  {
    route: 'search: name',
    method: 'GET',
    path: '/api/dossiers?name=Nguy%00n',
    as: 'officer',
    field: 'query.name',
  },
  {
    route: 'tracking: code',
    method: 'GET',
    path: '/api/track/26170-261123-0001%00',
    field: 'params.code',
  },
  {
    route: 'public objection: content',
    method: 'POST',
    path: '/api/postings/26170-261123-0001/complaints',
    json: (bad) => ({
      complaintId: 'complaint-0001',
      name: 'Trần Thị B',
      phone: '0912345678',
      content: `Không đúng ${bad}`,
    }),
    field: 'body.content',
  },
];

describe.each([
  ['a NUL byte', NUL],
  ['a lone surrogate', LONE],
])('%s', (_label, bad) => {
  test.each(CASES.filter((c) => c.json || bad === NUL))(
    '$route → 400 VALIDATION_FAILED naming $field',
    async (c) => {
      const errorsBefore = api.errors.length;
      const token = c.as === 'admin' ? admin : c.as === 'officer' ? officer : undefined;
      const response = await api.request(c.method, c.path, {
        ...(token ? { token } : {}),
        ...(c.json ? { json: c.json(bad) } : {}),
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.message).toMatch(/[À-ỹ]/u);
      const named = (response.body.fieldErrors ?? []).find((error) => error.path === c.field);
      expect(named?.message).toMatch(/ký tự/);
      expect(api.errors.length).toBe(errorsBefore);
    },
  );
});

test('nothing was written', async () => {
  const users = await api.db.pool.query(`SELECT 1 FROM users WHERE username = 'nguoi.moi'`);
  expect(users.rowCount).toBe(0);
  const units = await api.db.pool.query(`SELECT 1 FROM administrative_units WHERE code = '26999'`);
  expect(units.rowCount).toBe(0);
});

describe('pages: a form with a NUL byte comes back with the message beside the field', () => {
  test.each([
    ['officer login', '/can-bo/dang-nhap', { username: 'admin\u000075', password: 'x' }, 'username'],
    [
      'citizen tracking',
      '/tra-cuu',
      { code: '26170-261123-0001', factorKind: 'phone', factor: '0912\u0000345678' },
      'factor',
    ],
  ])('%s', async (_label, path, fields, field) => {
    const client = new FormClient(api.baseUrl);
    const page = await client.get(path);
    const form = new URLSearchParams({ _csrf: hiddenValue(page.html, '_csrf'), ...fields });
    const errorsBefore = api.errors.length;
    const answer = await client.post(path, form);
    expect(answer.status).toBe(422);
    expect(answer.html).toContain('Chứa ký tự điều khiển không được phép');
    expect(answer.html).toContain(`href="#${field}"`);
    expect(api.errors.length).toBe(errorsBefore);
  });
});
