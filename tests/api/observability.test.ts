/**
 * What an operator reads while a dossier goes through: the log of a whole run (desk intake over the API, the
 * workflow opening its task, the citizen tracking it with a second factor, a slip printed to PDF) holds the
 * request id and the dossier code on the lines about it and none of the applicant's personal data; /metrics on
 * the ops port counts the dossier, its open task, the requests by route and status, and the PDF render.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { configureLogging, logErrorTo, logger, REDACTION_CENSOR } from '../../observability/log';
import { startOpsServer, type OpsServer } from '../../runtime/ops-server';
import { serveReadModelMetrics } from '../../runtime/read-model-metrics';
import { DEMO_PASSWORD, withSecondFactor } from './harness';
import {
  openTaskId,
  sampleApplication,
  SENSITIVE,
  startDossierApi,
  type DossierApi,
} from './dossier-harness';

const APPLICATION = sampleApplication();
/** Every personal value of the run: none may reach the log. */
const PERSONAL = [
  APPLICATION.applicant.fullName,
  APPLICATION.beneficiary.fullName,
  APPLICATION.applicant.phone!,
  SENSITIVE.applicantIdNumber,
  SENSITIVE.beneficiaryIdNumber,
  SENSITIVE.beneficiaryDateOfBirth,
  APPLICATION.applicant.address!,
  DEMO_PASSWORD,
];

let api: DossierApi;
let ops: OpsServer;
let stopMetrics: () => void;
let logFile: string;

beforeAll(async () => {
  logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-log-')), 'run.log');
  configureLogging({ level: 'debug', destination: pino.destination({ dest: logFile, sync: true }) });
  // The process's logger as runApi gives it (the harness's default only collects errors for assertions).
  api = await startDossierApi({ pages: true, deps: { logError: logErrorTo } });
  ops = await startOpsServer(0);
  stopMetrics = serveReadModelMetrics(api.db.pool);
});
afterAll(async () => {
  stopMetrics?.();
  await ops?.stop();
  await api?.stop();
  configureLogging({ level: 'warn' });
});

async function scrape(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${ops.port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

/** The value of one sample (`name{labels}`), 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const line = text
    .split('\n')
    .find(
      (l) =>
        (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) &&
        Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

function logLines(): Array<Record<string, unknown>> {
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('a dossier moves the counters, and the log of its run carries ids and codes but no personal data', async () => {
  const before = await scrape();
  const commune = APPLICATION.unit.communeCode;
  const intakeRoute = { method: 'POST', route: '/api/desk/dossiers', status: '201' };

  const clerk = await api.login(`intake_clerk.${commune}`);
  const received = await api.request<{ code: string }>('POST', '/api/desk/dossiers', {
    token: clerk,
    json: { procedureId: 'monthly-allowance', application: APPLICATION },
    headers: { 'X-Request-Id': 'yeu-cau-tiep-nhan-0001' },
  });
  expect(received.status).toBe(201);
  expect(received.headers.get('x-request-id')).toBe('yeu-cau-tiep-nhan-0001');
  const code = received.body.code;
  await openTaskId(api, code, 'verification');
  const { headers, search } = withSecondFactor(`phone=${APPLICATION.applicant.phone}`);
  expect((await api.request('GET', `/api/track/${code}${search}`, { headers })).status).toBe(200);
  const slip = await fetch(`${api.baseUrl}/api/dossiers/${code}/process-control-slip?format=pdf`, {
    headers: { authorization: `Bearer ${clerk}` },
  });
  expect(slip.status).toBe(200);
  // Something careless: an object full of personal data logged whole.
  logger().info({ application: APPLICATION, secondFactor: 'phone=0912345678' }, 'careless line');
  // A payee (app/payments) logged whole: the account, the wallet and the authorised recipient's ID.
  const payee = {
    method: 'bank',
    accountNumber: '0451000123456',
    accountHolder: 'NGUYEN THI LAN',
    walletPhone: '0987654321',
    recipientIdNumber: '075190001234',
  };
  logger().info({ payee }, 'careless payee line');

  const after = await scrape();
  const { rows } = await api.db.pool.query<{ status: string }>(
    'SELECT status FROM dossiers WHERE code = $1',
    [code],
  );
  expect(
    sample(after, 'tgxh_dossiers', { procedure: 'monthly-allowance', status: rows[0]!.status }) -
      sample(before, 'tgxh_dossiers', { procedure: 'monthly-allowance', status: rows[0]!.status }),
  ).toBe(1);
  expect(sample(after, 'tgxh_tasks_open', { unit: commune })).toBe(
    sample(before, 'tgxh_tasks_open', { unit: commune }) + 1,
  );
  expect(sample(after, 'tgxh_http_request_duration_seconds_count', intakeRoute)).toBe(
    sample(before, 'tgxh_http_request_duration_seconds_count', intakeRoute) + 1,
  );
  expect(
    sample(after, 'tgxh_http_request_duration_seconds_count', {
      route: '/api/track/:code',
      status: '200',
    }),
  ).toBeGreaterThanOrEqual(1);
  expect(sample(after, 'tgxh_document_render_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThan(
    sample(before, 'tgxh_document_render_duration_seconds_count', { outcome: 'ok' }),
  );
  expect(after).toMatch(/^tgxh_outbox_messages\{channel="sms",status="pending"\} \d+$/m);
  expect(after).toMatch(/^tgxh_process_resident_memory_bytes \d+/m);
  // No path with a code in it becomes a series of its own.
  expect(after).not.toContain(code);

  // The log: the whole file, as written.
  const text = fs.readFileSync(logFile, 'utf8');
  for (const value of PERSONAL) expect(text).not.toContain(value);
  expect(text).not.toContain(clerk);
  expect(text).not.toMatch(/"hivStatus":\s*true/);
  const lines = logLines();
  const careless = lines.find((line) => line.msg === 'careless line') as {
    application: { applicant: Record<string, unknown>; beneficiary: Record<string, unknown> };
    secondFactor: string;
  };
  expect(careless.application.applicant.fullName).toBe(REDACTION_CENSOR);
  expect(careless.application.beneficiary.hivStatus).toBe(REDACTION_CENSOR);
  expect(careless.application.beneficiary.idNumber).toBe(REDACTION_CENSOR);
  expect(careless.secondFactor).toBe(REDACTION_CENSOR);
  for (const value of Object.values(payee).slice(1)) expect(text).not.toContain(value);
  const payeeLine = lines.find((line) => line.msg === 'careless payee line') as { payee: { method: string } };
  expect(payeeLine.payee.method).toBe('bank');
  // The intake request: its line and the Temporal call it made carry its id and the dossier code.
  const ofRequest = lines.filter((line) => line.requestId === 'yeu-cau-tiep-nhan-0001');
  expect(ofRequest).toContainEqual(
    expect.objectContaining({ msg: 'Temporal start', dossierCode: code, name: 'dossierWorkflow' }),
  );
  expect(ofRequest).toContainEqual(
    expect.objectContaining({
      msg: 'HTTP request',
      route: '/api/desk/dossiers',
      status: 201,
      dossierCode: code,
    }),
  );
  // A request about the dossier names it even without a Temporal call (tracking reads Postgres).
  expect(lines).toContainEqual(
    expect.objectContaining({ msg: 'HTTP request', route: '/api/track/:code', dossierCode: code }),
  );
  // The worker's lines about the dossier (its activities) name it too.
  expect(lines).toContainEqual(
    expect.objectContaining({
      dossierCode: code,
      activityType: expect.any(String),
      msg: expect.stringMatching(/^activity .* done$/),
    }),
  );
  // Each request its own id.
  const httpIds = lines.filter((line) => line.msg === 'HTTP request').map((line) => line.requestId);
  expect(new Set(httpIds).size).toBe(httpIds.length);
});
