/**
 * GET /api/notifications and POST /api/notifications/:id/read: officers read the notifications addressed to
 * their role at their unit, admins and auditors those of their province; newest first, in pages; read state
 * per user. The rows are inserted as the workflow's activity writes them (record-event.ts#notify).
 */
import { hashPassword } from '../../app/auth/passwords';
import { insertUnit } from '../../db/units';
import { insertUser } from '../../db/users';
import { DEMO_PASSWORD, startTestApi, type ErrorBody, type TestApi } from './harness';

interface Notification {
  id: string;
  dossierCode: string;
  kind: string;
  message: string;
  role: string | null;
  unitCode: string | null;
  createdAt: string;
  read: boolean;
  readAt: string | null;
}
interface Page {
  notifications: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

let api: TestApi;
/** id of each inserted notification by label. */
const ids: Record<string, string> = {};
let seq = 0;

async function notification(
  label: string,
  row: { role: string; unitCode: string; kind?: string; at: string; audience?: string },
): Promise<void> {
  seq += 1;
  const { rows } = await api.db.pool.query<{ id: string }>(
    `INSERT INTO notifications (dossier_code, seq, audience, role, unit_code, kind, message, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text`,
    [
      `${row.unitCode.padStart(5, '0')}-541124-0001`,
      seq,
      row.audience ?? 'officer',
      row.role,
      row.unitCode,
      row.kind ?? 'reminder',
      `Hồ sơ ${label}: Sắp đến hạn xử lý (hạn 2054-12-01)`,
      row.at,
    ],
  );
  ids[label] = rows[0]!.id;
}

beforeAll(async () => {
  api = await startTestApi({ now: new Date('2054-11-24T05:00:00Z') });
  // Another province, to check that admins stay in theirs.
  await insertUnit(api.db.pool, {
    code: '01',
    name: 'Thành phố Hà Nội',
    level: 'province',
    parentCode: null,
    placeName: 'Hà Nội',
  });
  await insertUnit(api.db.pool, {
    code: '001',
    name: 'Quận Ba Đình',
    level: 'district',
    parentCode: '01',
    placeName: null,
  });
  await insertUnit(api.db.pool, {
    code: '00001',
    name: 'Phường Phúc Xá',
    level: 'commune',
    parentCode: '001',
    placeName: null,
  });

  await notification('old', { role: 'commune_officer', unitCode: '26170', at: '2054-11-24T01:00:00Z' });
  await notification('new', {
    role: 'commune_officer',
    unitCode: '26170',
    kind: 'escalation',
    at: '2054-11-24T03:00:00Z',
  });
  // Three at the same instant: pages must neither skip nor repeat them.
  for (const label of ['tie1', 'tie2', 'tie3']) {
    await notification(label, {
      role: 'commune_officer',
      unitCode: '26170',
      at: '2054-11-24T02:00:00.123456Z',
    });
  }
  await notification('chairman', {
    role: 'commune_chairman',
    unitCode: '26170',
    kind: 'escalation',
    at: '2054-11-24T04:00:00Z',
  });
  await notification('otherCommune', {
    role: 'commune_officer',
    unitCode: '26173',
    at: '2054-11-24T01:30:00Z',
  });
  await notification('district', { role: 'district_officer', unitCode: '737', at: '2054-11-24T01:40:00Z' });
  await notification('otherProvince', {
    role: 'commune_officer',
    unitCode: '00001',
    at: '2054-11-24T01:50:00Z',
  });
  await notification('citizen', {
    role: 'commune_officer',
    unitCode: '26170',
    audience: 'citizen',
    at: '2054-11-24T04:30:00Z',
  });
});
afterAll(() => api?.close());

const list = (token: string, query = '') => api.request<Page>('GET', `/api/notifications${query}`, { token });
const read = (token: string, id: string) =>
  api.request<Notification & ErrorBody>('POST', `/api/notifications/${id}/read`, { token });
const labelsOf = (page: Page) =>
  page.notifications.map((n) => Object.keys(ids).find((label) => ids[label] === n.id));

describe('GET /api/notifications', () => {
  test('an officer gets those of their role at their unit, newest first, unread', async () => {
    const officer = await api.login('commune_officer.26170');
    const response = await list(officer);
    expect(response.status).toBe(200);
    expect(labelsOf(response.body)).toEqual(['new', 'tie3', 'tie2', 'tie1', 'old']);
    expect(response.body.unreadCount).toBe(5);
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.notifications[0]).toEqual({
      id: ids.new,
      dossierCode: '26170-541124-0001',
      kind: 'escalation',
      message: 'Hồ sơ new: Sắp đến hạn xử lý (hạn 2054-12-01)',
      role: 'commune_officer',
      unitCode: '26170',
      createdAt: '2054-11-24T03:00:00.000Z',
      read: false,
      readAt: null,
    });
  });

  test('scope: other units and other roles see only their own', async () => {
    expect(labelsOf((await list(await api.login('commune_officer.26173'))).body)).toEqual(['otherCommune']);
    expect(labelsOf((await list(await api.login('commune_chairman.26170'))).body)).toEqual(['chairman']);
    expect(labelsOf((await list(await api.login('district_officer.737'))).body)).toEqual(['district']);
    expect(labelsOf((await list(await api.login('intake_clerk.26170'))).body)).toEqual([]);
  });

  test('admins and auditors read every officer notification of their province, none of another', async () => {
    for (const username of ['admin.75', 'auditor.75']) {
      const page = (await list(await api.login(username), '?limit=100')).body;
      expect(labelsOf(page)).toEqual([
        'chairman',
        'new',
        'tie3',
        'tie2',
        'tie1',
        'district',
        'otherCommune',
        'old',
      ]);
    }
  });

  test('pages with a cursor, no row skipped or repeated at equal instants; a crafted cursor is 400', async () => {
    const officer = await api.login('commune_officer.26170');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Page } = await list(
        officer,
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.notifications.map((n) => n.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.new, ids.tie3, ids.tie2, ids.tie1, ids.old]);

    const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    for (const bad of [
      'garbage',
      encode(['2054-99-99', '1']),
      encode(['1', '0']),
      encode([1, '1']),
      encode(['99999999999999999999', '1']),
    ]) {
      const response = await list(officer, `?cursor=${bad}`);
      expect(response.status).toBe(400);
      expect((response.body as unknown as ErrorBody).fieldErrors).toEqual([
        { path: 'query.cursor', message: 'Con trỏ trang không hợp lệ' },
      ]);
    }
    expect(api.errors).toEqual([]);
  });

  test('only logged-in users', async () => {
    expect((await api.request('GET', '/api/notifications')).status).toBe(401);
  });
});

describe('POST /api/notifications/:id/read', () => {
  test('marks it read for the caller only; again keeps the first time; unread filter and count follow', async () => {
    await insertUser(api.db.pool, {
      username: 'commune_officer2.26170',
      fullName: 'Võ Thị Thu',
      role: 'commune_officer',
      unitCode: '26170',
      passwordHash: await hashPassword(DEMO_PASSWORD),
    });
    const officer = await api.login('commune_officer.26170');
    const colleague = await api.login('commune_officer2.26170');

    const first = await read(officer, ids.new!);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: ids.new, read: true, readAt: '2054-11-24T05:00:00.000Z' });
    api.clock.advance(60_000);
    expect((await read(officer, ids.new!)).body.readAt).toBe('2054-11-24T05:00:00.000Z');

    const mine = (await list(officer)).body;
    expect(mine.unreadCount).toBe(4);
    expect(mine.notifications.find((n) => n.id === ids.new)).toMatchObject({ read: true });
    expect(labelsOf((await list(officer, '?unread=true')).body)).toEqual(['tie3', 'tie2', 'tie1', 'old']);
    expect(labelsOf((await list(officer, '?unread=false')).body)).toEqual(['new']);
    // The colleague at the same unit has not read it.
    const theirs = (await list(colleague)).body;
    expect(theirs.unreadCount).toBe(5);
    expect(theirs.notifications.find((n) => n.id === ids.new)).toMatchObject({ read: false, readAt: null });
  });

  test('someone else’s notification is 403, an unknown one 404, a malformed id 400', async () => {
    const officer = await api.login('commune_officer.26170');
    expect((await read(officer, ids.chairman!)).status).toBe(403);
    expect((await read(officer, ids.otherCommune!)).status).toBe(403);
    expect((await read(officer, ids.citizen!)).status).toBe(404);
    expect((await read(officer, '999999')).status).toBe(404);
    expect((await read(officer, 'abc')).status).toBe(400);
    expect((await read(await api.login('admin.75'), ids.otherProvince!)).status).toBe(403);
    expect((await read(await api.login('admin.75'), ids.chairman!)).status).toBe(200);
    expect((await api.request('POST', `/api/notifications/${ids.new}/read`)).status).toBe(401);
  });
});
