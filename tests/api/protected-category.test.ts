/**
 * A dossier under clause 5.8 (people with HIV/AIDS) through a whole two-tier route, on the real workflow:
 * nothing public (citizen tracking, its downloads) and nothing in the officer view of a reader without HIV
 * access names the category — no '5.3', '5.8', 'HIV' or 'nhiễm' — while the commune officer and the admin
 * still see it, and the decision itself (read by an officer) does name it. Temporal's own record of the
 * dossier names nothing and nobody to whoever reads it without the payload keys.
 */
import { Client } from '@temporalio/client';
import { FormClient, hiddenValue } from '../helpers/forms';
import { historyAsReadWithout } from '../helpers/histories';
import { testDataConverter } from '../helpers/payload-keys';
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
  mayRevealSensitiveFields: boolean;
  protectedCategory: boolean;
  application: { beneficiary: { qualifications: unknown[] } };
  decision: { clauses: string[]; documentId: string | null } | null;
  dossier: { status: string; result: string | null };
  timeline: Array<{ type: string; reason: string | null; data: Record<string, unknown> }>;
  documents: Array<{ id: string; kind: string; downloadUrl: string | null }>;
}
interface Tracking {
  status: string;
  result: string | null;
  decision: { numberLabel: string; monthlyAmount: number | null; paymentStartMonth: string | null } | null;
  documents: unknown[];
  documentsNote: string | null;
  awaitingSupplement: { missingDocuments: string[] } | null;
}

let api: DossierApi;
let code: string;
/** A second protected dossier, refused at verification with a reason that names the category. */
let refusedCode: string;
const REFUSAL_REASON = 'Người nhiễm HIV nhưng hộ gia đình không thuộc diện hộ nghèo';

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
  api = await startDossierApi({ pages: true });
  await api.skipTo('2054-12-01', 9); // Tuesday
  const base = sampleApplication();
  const protectedBeneficiary = {
    ...base.beneficiary,
    fullName: 'Trần Văn Tám',
    dateOfBirth: '1980-05-10',
    idNumber: '075080000456',
    hivStatus: true,
    qualifications: [{ clause: '5.8' as const }],
  };
  code = await receiveAtDesk(api, { application: { ...base, beneficiary: protectedBeneficiary } });
  refusedCode = await receiveAtDesk(api, {
    application: { ...base, beneficiary: { ...protectedBeneficiary, fullName: 'Lê Văn Chín' } },
  });
  const officer = await api.login('commune_officer.26170');
  const refusal = await api.request(
    'POST',
    `/api/tasks/${await openTaskId(api, refusedCode, 'verification')}/complete`,
    {
      token: officer,
      json: { outcome: 'refuse', reason: REFUSAL_REASON },
    },
  );
  expect(refusal.status).toBe(200);
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
  await eventually(async () => {
    const { rows } = await api.db.pool.query(
      `SELECT 1 FROM dossiers d JOIN documents x ON x.dossier_code = d.code AND x.kind = 'refusal-letter'
        WHERE d.code = $1 AND d.status = 'refused'`,
      [refusedCode],
    );
    return rows.length > 0 ? true : undefined;
  }, 'the refusal letter');
}, 180_000);
afterAll(() => api?.stop());

test('the decision names the category (so hiding it matters), and the commune officer sees it', async () => {
  const view = await officerView('commune_officer.26170');
  expect(view.status).toBe(200);
  expect(view.body).toMatchObject({ mayRevealSensitiveFields: true, protectedCategory: false });
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
    // The amount can name the clause (coefficient 1.5 under 5.8): given at the desk with the decision.
    expect(response.body.decision).toMatchObject({ monthlyAmount: null, paymentStartMonth: null });
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
    expect(view.body).toMatchObject({ mayRevealSensitiveFields: false, protectedCategory: true });
    expect(view.body.application.beneficiary.qualifications).toEqual([
      { clause: 'hidden', label: 'Thuộc diện trợ giúp xã hội (thông tin được bảo vệ)' },
    ]);
    expect(view.body.decision?.clauses).toEqual(['hidden']);
    expectNoCategory(view.body);
  }
  // The province admin sees everything.
  const admin = await officerView('admin.75');
  expect(admin.body).toMatchObject({ mayRevealSensitiveFields: true, protectedCategory: false });
  expect(textOf(admin.body)).toContain('"5.8"');
});

test("Temporal's history of the dossier holds no personal field, sealed or not", async () => {
  // Read as the Temporal Web UI or CLI would: a client with the default (plain) data converter.
  const plain = new Client({ connection: api.env.connection, namespace: api.env.namespace });
  const history = await plain.workflow.getHandle(code).fetchHistory();
  const unreadable = await historyAsReadWithout(history);
  // Start input, activity inputs and results, updates: a score of payloads (fewer since events are written
  // once per workflow task), all sealed.
  expect(unreadable.payloads).toBeGreaterThan(10);
  expect(unreadable.encrypted).toBe(unreadable.payloads);
  const personal = [
    'Trần Văn Tám', // beneficiary
    'Nguyễn Thị Hoa', // applicant
    '075080000456',
    '075185000123', // ID numbers
    PHONE,
    '1980-05-10', // date of birth
    '"hivStatus":true',
    '"clause":"5.8"', // the clause that names HIV (the procedure's own data lists every clause and field name)
  ];
  for (const value of personal)
    expect({ value, found: unreadable.text.includes(value) }).toEqual({ value, found: false });
  // Even opened with the keys (as anyone holding them, or a leaked key, would): the workflow carries the
  // dossier code and its units; activities read the application from Postgres by that code. (The decision
  // the workflow records still names its clauses and their payment starts: sealed, as checked above.)
  const readable = await historyAsReadWithout(history, testDataConverter.payloadCodecs);
  expect(readable.encrypted).toBe(0);
  expect(readable.text).toContain(code);
  const application = personal.filter((value) => value !== '"clause":"5.8"');
  for (const value of application)
    expect({ value, found: readable.text.includes(value) }).toEqual({ value, found: false });
  // Every one of those values is the dossier's: the check above looks for what is really there to leak.
  const { rows } = await api.db.pool.query<{ application: unknown }>(
    'SELECT application FROM dossiers WHERE code = $1',
    [code],
  );
  const stored = JSON.stringify(rows[0]?.application);
  for (const value of personal)
    expect({ value, found: stored.includes(value) }).toEqual({ value, found: true });
});

/** Everyone in scope but the commune officer and the admin: they may not know the category. */
const WITHOUT_HIV_ACCESS = [
  'intake_clerk.26170',
  'commune_chairman.26170',
  'district_officer.737',
  'payment_officer.737',
  'auditor.75',
];
const WITH_HIV_ACCESS = ['commune_officer.26170', 'admin.75'];

async function documentsOf(dossierCode: string): Promise<Array<{ id: string; kind: string }>> {
  const { rows } = await api.db.pool.query<{ id: string; kind: string }>(
    'SELECT id, kind FROM documents WHERE dossier_code = $1 ORDER BY kind',
    [dossierCode],
  );
  return rows;
}

const mayOpen = (username: string, kind: string) =>
  WITH_HIV_ACCESS.includes(username) || (username === 'intake_clerk.26170' && kind === 'receipt-appointment');

test('documents of a protected dossier: only the commune officer and the admin, and the desk its receipt (API)', async () => {
  const granted = await documentsOf(code);
  const refused = await documentsOf(refusedCode);
  expect(granted.map((d) => d.kind)).toEqual(['grant-monthly-allowance', 'receipt-appointment']);
  expect(refused.map((d) => d.kind)).toEqual(['receipt-appointment', 'refusal-letter']);
  for (const username of [...WITHOUT_HIV_ACCESS, ...WITH_HIV_ACCESS]) {
    const token = await api.login(username);
    for (const [dossierCode, documents] of [
      [code, granted],
      [refusedCode, refused],
    ] as const) {
      const view = await api.request<OfficerDossier>('GET', `/api/dossiers/${dossierCode}`, { token });
      for (const document of documents) {
        const allowed = mayOpen(username, document.kind);
        const listed = view.body.documents.find((d) => d.id === document.id);
        expect({ username, kind: document.kind, link: listed?.downloadUrl !== null }).toEqual({
          username,
          kind: document.kind,
          link: allowed,
        });
        const download = await fetch(`${api.baseUrl}/api/dossiers/${dossierCode}/documents/${document.id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect({ username, kind: document.kind, status: download.status }).toEqual({
          username,
          kind: document.kind,
          status: allowed ? 200 : 403,
        });
        if (allowed) await download.arrayBuffer();
        else {
          const body = (await download.json()) as ErrorBody;
          expect(body.code).toBe('PROTECTED_DOCUMENT');
          expectNoCategory(body);
        }
      }
    }
  }
});

test('the officer pages link and serve the same documents, by role (web routes)', async () => {
  const decision = (await documentsOf(code)).find((d) => d.kind === 'grant-monthly-allowance')!;
  for (const username of [...WITHOUT_HIV_ACCESS, ...WITH_HIV_ACCESS]) {
    const cookie = `tgxh_session=${await api.login(username)}`;
    const page = await fetch(`${api.baseUrl}/can-bo/ho-so/${code}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const allowed = mayOpen(username, decision.kind);
    expect({ username, linked: html.includes(`/van-ban/${decision.id}`) }).toEqual({
      username,
      linked: allowed,
    });
    for (const suffix of ['', '/pdf']) {
      const download = await fetch(`${api.baseUrl}/can-bo/ho-so/${code}/van-ban/${decision.id}${suffix}`, {
        headers: { cookie },
      });
      const body = await download.text();
      expect({ username, suffix, status: download.status }).toEqual({
        username,
        suffix,
        status: allowed ? 200 : 403,
      });
      if (!allowed) {
        expect(body).toContain('Hồ sơ thuộc diện bảo vệ thông tin cá nhân');
        expect(body).not.toContain('HIV');
      }
    }
  }
});

test('a refusal names no category on tracking (API and page): a neutral wording instead of the reason', async () => {
  const tracking = await api.request<Tracking>('GET', `/api/track/${refusedCode}`, {
    headers: withSecondFactor(`phone=${PHONE}`).headers,
  });
  expect(tracking.status).toBe(200);
  expect(tracking.body.status).toBe('refused');
  expect(tracking.body.result).toBe(
    'Không giải quyết (lý do được nêu trong văn bản trả lời, nhận tại Bộ phận Một cửa)',
  );
  expect(textOf(tracking.body)).not.toContain(REFUSAL_REASON);
  expectNoCategory(tracking.body);

  const client = new FormClient(api.baseUrl);
  const form = await client.get('/tra-cuu');
  const page = await client.post(
    '/tra-cuu',
    new URLSearchParams({
      _csrf: hiddenValue(form.html, '_csrf'),
      code: refusedCode,
      factorKind: 'phone',
      factor: PHONE,
    }),
  );
  expect(page.status).toBe(200);
  expect(page.html).toContain('lý do được nêu trong văn bản trả lời');
  expect(page.html).not.toContain('HIV');
});

test('officer views: the typed reason only for readers who may know the category', async () => {
  for (const username of [...WITHOUT_HIV_ACCESS, ...WITH_HIV_ACCESS]) {
    const view = await api.request<OfficerDossier>('GET', `/api/dossiers/${refusedCode}`, {
      token: await api.login(username),
    });
    expect(view.status).toBe(200);
    const shown = textOf(view.body).includes(REFUSAL_REASON);
    expect({ username, shown }).toEqual({ username, shown: WITH_HIV_ACCESS.includes(username) });
    if (!WITH_HIV_ACCESS.includes(username)) {
      expectNoCategory(view.body);
      expect(view.body.dossier.result).toMatch(/^Không giải quyết \(lý do được nêu/);
      const refusedEvents = view.body.timeline.filter(
        (event) => event.reason !== null && event.type !== 'due_date_changed',
      );
      expect(refusedEvents.length).toBeGreaterThan(0);
      for (const event of refusedEvents)
        expect(event.reason).toBe('Nội dung được bảo vệ (hồ sơ thuộc diện bảo vệ thông tin cá nhân)');
      // The timeline on the officer's page, as that reader sees it.
      const page = await fetch(`${api.baseUrl}/can-bo/ho-so/${refusedCode}`, {
        headers: { cookie: `tgxh_session=${await api.login(username)}` },
      });
      const html = await page.text();
      expect(html).not.toContain(REFUSAL_REASON);
      expect(html).toContain('Nội dung được bảo vệ');
    }
  }
});
