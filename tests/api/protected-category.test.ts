/**
 * A dossier under clause 5.8 (people with HIV/AIDS) through a whole two-tier route, on the real workflow:
 * nothing public (citizen tracking, its downloads) and nothing in the officer view of a reader without HIV
 * access names the category — no '5.3', '5.8', 'HIV' or 'nhiễm' — while the commune officer and the admin
 * still see it, and the decision itself (read by an officer) does name it.
 */
import { withSecondFactor, type ErrorBody } from './harness';
import {
  eventually,
  openTaskId,
  receiveAtDesk,
  sampleApplication,
  startDossierApi,
  type DossierApi,
} from './dossier-harness';

const PHONE = '0912345678';
const FORBIDDEN = ['5.3', '5.8', 'HIV', 'nhiễm', 'hivStatus'];

interface OfficerDossier {
  sensitiveFieldsShown: boolean;
  protectedCategory: boolean;
  application: { beneficiary: { qualifications: unknown[] } };
  decision: { clauses: string[]; documentId: string | null } | null;
  documents: Array<{ id: string; kind: string; downloadUrl: string }>;
}
interface Tracking {
  status: string;
  decision: { numberLabel: string } | null;
  documents: unknown[];
  documentsNote: string | null;
  awaitingSupplement: { missingDocuments: string[] } | null;
}

let api: DossierApi;
let code: string;

/** The answer as text, without instants (a timestamp such as 02:00:05.8Z is no clause). */
const textOf = (body: unknown) =>
  JSON.stringify(body).replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<instant>');

function expectNoCategory(body: unknown): void {
  const text = textOf(body);
  for (const value of FORBIDDEN) expect(text).not.toContain(value);
}

const track = (factor = `phone=${PHONE}`) =>
  api.request<Tracking>('GET', `/api/track/${code}`, { headers: withSecondFactor(factor).headers });
const officerView = async (username: string) =>
  api.request<OfficerDossier>('GET', `/api/dossiers/${code}`, { token: await api.login(username) });

beforeAll(async () => {
  api = await startDossierApi();
  await api.skipTo('2054-12-01', 9); // Tuesday
  const base = sampleApplication();
  code = await receiveAtDesk(api, {
    application: {
      ...base,
      beneficiary: {
        ...base.beneficiary,
        fullName: 'Trần Văn Tám',
        dateOfBirth: '1980-05-10',
        idNumber: '075080000456',
        hivStatus: true,
        qualifications: [{ clause: '5.8' }],
      },
    },
  });
  const officer = await api.login('commune_officer.26170');
  const verification = await openTaskId(api, code, 'verification');
  const verified = await api.request('POST', `/api/tasks/${verification}/complete`, {
    token: officer,
    json: { outcome: 'approve' },
  });
  expect(verified.status).toBe(200);
  // The posting lasts 2 working days (Wed 02, Thu 03 December); the chairman decides on Friday.
  await eventually(async () => {
    const { rows } = await api.db.pool.query(
      `SELECT 1 FROM dossier_events WHERE dossier_code = $1 AND type = 'posting_started'`,
      [code],
    );
    return rows.length > 0 ? true : undefined;
  }, 'the posting');
  await api.skipTo('2054-12-04', 8);
  const chairman = await api.login('commune_chairman.26170');
  const decision = await openTaskId(api, code, 'commune_decision');
  // The deciding step never allows bulk approval (the workflow records it on the task): refused per task.
  const bulk = await api.request<{ results: unknown[] }>('POST', '/api/tasks/bulk-complete', {
    token: chairman,
    json: { taskIds: [decision], outcome: 'approve' },
  });
  expect(bulk.status).toBe(200);
  expect(bulk.body.results).toEqual([
    {
      taskId: decision,
      ok: false,
      code: 'BULK_NOT_ALLOWED',
      message: 'Bước này không được duyệt hàng loạt, mỗi hồ sơ phải được xử lý riêng',
    },
  ]);
  const decided = await api.request('POST', `/api/tasks/${decision}/complete`, {
    token: chairman,
    json: { outcome: 'approve' },
  });
  expect(decided.status).toBe(200);
  await eventually(
    async () => {
      const { rows } = await api.db.pool.query(
        `SELECT 1 FROM dossiers d JOIN decisions x ON x.dossier_code = d.code
          WHERE d.code = $1 AND d.status = 'completed' AND x.document_id IS NOT NULL`,
        [code],
      );
      return rows.length > 0 ? true : undefined;
    },
    'the decision',
    60_000,
  );
}, 120_000);
afterAll(() => api?.stop());

test('the decision names the category (so hiding it matters), and the commune officer sees it', async () => {
  const view = await officerView('commune_officer.26170');
  expect(view.status).toBe(200);
  expect(view.body).toMatchObject({ sensitiveFieldsShown: true, protectedCategory: false });
  expect(view.body.application.beneficiary.qualifications).toEqual([{ clause: '5.8' }]);
  expect(view.body.decision?.clauses).toEqual(['5.8']);
  const decision = view.body.documents.find((document) => document.kind === 'grant-monthly-allowance');
  expect(decision).toBeDefined();
  const download = await fetch(`${api.baseUrl}${decision!.downloadUrl}`, {
    headers: { authorization: `Bearer ${await api.login('commune_officer.26170')}` },
  });
  expect(download.status).toBe(200);
  // The download is the printed PDF; its text is the stored HTML.
  const { rows } = await api.db.pool.query<{ html: string }>('SELECT html FROM documents WHERE id = $1', [
    decision!.id,
  ]);
  expect(rows[0]?.html).toContain('nhiễm HIV');
});

test('citizen tracking offers no document, by either factor, and names no category', async () => {
  for (const query of [`phone=${PHONE}`, 'idLast4=0123']) {
    const response = await track(query);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('completed');
    expect(response.body.decision?.numberLabel).toMatch(/QĐ-UBND/);
    expect(response.body.documents).toEqual([]);
    expect(response.body.documentsNote).toContain('Bộ phận Một cửa');
    expectNoCategory(response.body);
  }
});

test('the documents cannot be downloaded on the public endpoint either', async () => {
  const { rows } = await api.db.pool.query<{ id: string }>(
    'SELECT id FROM documents WHERE dossier_code = $1',
    [code],
  );
  expect(rows.length).toBeGreaterThanOrEqual(2); // the receipt (form 01) and the decision
  for (const { id } of rows) {
    for (const query of [`phone=${PHONE}`, 'idLast4=0123']) {
      const response = await api.request<ErrorBody>('GET', `/api/track/${code}/documents/${id}`, {
        headers: withSecondFactor(query).headers,
      });
      expect(response.status).toBe(404);
      expectNoCategory(response.body);
    }
  }
});

test('readers without HIV access get a neutral entry instead of the clause, everywhere in the view', async () => {
  for (const username of [
    'commune_chairman.26170',
    'intake_clerk.26170',
    'district_officer.737',
    'payment_officer.737',
    'auditor.75',
  ]) {
    const view = await officerView(username);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ sensitiveFieldsShown: false, protectedCategory: true });
    expect(view.body.application.beneficiary.qualifications).toEqual([
      { clause: 'hidden', label: 'Thuộc diện trợ giúp xã hội (thông tin được bảo vệ)' },
    ]);
    expect(view.body.decision?.clauses).toEqual(['hidden']);
    expectNoCategory(view.body);
  }
  // The province admin sees everything.
  const admin = await officerView('admin.75');
  expect(admin.body).toMatchObject({ sensitiveFieldsShown: true, protectedCategory: false });
  expect(textOf(admin.body)).toContain('"5.8"');
});
