/**
 * `npm run backup` / `npm run restore` on the embedded setup, as an operator runs them: refused while the
 * system runs; after a backup, the data directory wiped and the backup restored, Postgres has the same
 * dossiers and documents (PDF bytes included), Temporal the same workflow, and the payload key and the uploaded
 * files are back.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, type Pool } from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { migrateUp } from '../../db/migrate';
import { ensureDatabase } from '../../runtime/embedded-postgres';
import { resolveTemporalCli } from '../../runtime/temporal/tools';
import { DECIDED_FOOD_AID, insertDossierRow } from '../helpers/dossier-rows';
import { testDataConverter } from '../helpers/payload-keys';
import { freePort } from '../helpers/ports';
import { startPostgresProcess } from '../helpers/postgres-process';

const REPO = path.resolve(__dirname, '../..');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-backup-'));
const dataDir = path.join(root, 'data');
const backups = path.join(root, 'backups');
const CODE = '26170-541124-0007';
const PDF = Buffer.from('%PDF-1.7\n% Quyết định hưởng trợ cấp xã hội\n%%EOF\n');

let pgPort: number;
let temporalPort: number;

function run(script: 'backup' | 'restore', args: string[] = []) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    TEMPORAL_DEV_PORT: String(temporalPort),
    LOG_FORMAT: 'json',
  };
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  const result = spawnSync(process.execPath, ['--import', 'tsx', `runtime/${script}-main.ts`, ...args], {
    cwd: REPO,
    env,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The app database of the embedded cluster, as `npm start` names it. */
async function withDatabase<T>(work: (client: Client, url: string) => Promise<T>): Promise<T> {
  const postgres = await startPostgresProcess(path.join(dataDir, 'pg'), pgPort);
  try {
    const url = await ensureDatabase(postgres.url, 'tgxh');
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client, url);
    } finally {
      await client.end();
    }
  } finally {
    await postgres.stop();
  }
}

async function withTemporal<T>(work: (env: TestWorkflowEnvironment) => Promise<T>): Promise<T> {
  const cli = await resolveTemporalCli({ build: false });
  fs.mkdirSync(path.join(dataDir, 'temporal'), { recursive: true });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable:
        cli.source === 'download' ? { type: 'cached-download' } : { type: 'existing-path', path: cli.path },
      ip: '127.0.0.1',
      port: temporalPort,
      dbFilename: path.join(dataDir, 'temporal', 'temporal.sqlite'),
      extraArgs: ['--log-level', 'error'],
    },
    client: { dataConverter: testDataConverter },
  });
  try {
    return await work(env);
  } finally {
    await env.teardown();
  }
}

const readDossiers = (client: Client) =>
  client
    .query(
      `SELECT d.code, d.status, d.applicant_name, doc.kind, doc.number_label, doc.pdf_sha256,
              encode(sha256(doc.pdf), 'hex') AS pdf_bytes_sha256
         FROM dossiers d LEFT JOIN documents doc ON doc.dossier_code = d.code ORDER BY d.code`,
    )
    .then((result) => result.rows);

beforeAll(async () => {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  fs.chmodSync(root, 0o755);
  [pgPort, temporalPort] = await Promise.all([freePort(), freePort()]);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('back up, wipe, restore: the same dossiers, documents, workflow, key and files', async () => {
  // An installation with one decided dossier, its decision as PDF, its workflow, a key and an upload.
  const before = await withDatabase(async (client, url) => {
    await migrateUp(url);
    await insertDossierRow(client as unknown as Pool, CODE, DECIDED_FOOD_AID);
    await client.query(
      `INSERT INTO document_template_versions (version, template_id, sources) VALUES ('v-thu', 'quyet-dinh', '{}')`,
    );
    await client.query(
      `INSERT INTO documents (idempotency_key, dossier_code, kind, issuer_code, number, symbol, number_label, year,
         template_id, template_version, header, data, html, html_sha256, pdf, pdf_sha256, issued_on)
       VALUES ('thu-1', $1, 'decision', '26170', 12, 'QĐ-UBND', '12/QĐ-UBND', 2054, 'quyet-dinh', 'v-thu',
         '{}', '{}', '<p>Quyết định</p>', 'x', $2, $3, '2054-11-30')`,
      [CODE, PDF, createHash('sha256').update(PDF).digest('hex')],
    );
    // Refused while the system runs (here: its Postgres).
    const refused = run('backup', [backups]);
    expect(refused.status).toBe(1);
    expect(refused.output).toContain('stop `npm start` first');
    return readDossiers(client);
  });
  expect(before).toHaveLength(1);
  const workflowId = await withTemporal(async (env) => {
    // Started with nobody polling: it stays running, in the SQLite file.
    const handle = await env.client.workflow.start('dossierWorkflow', {
      taskQueue: 'backup-test',
      workflowId: CODE,
      args: [{ code: CODE }],
    });
    return handle.workflowId;
  });
  fs.writeFileSync(path.join(dataDir, 'payload-keys'), 'thu:khoa\n', { mode: 0o600 });
  fs.mkdirSync(path.join(dataDir, 'attachments', 'ab'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'attachments', 'ab', 'to-khai.pdf'), PDF);

  const backup = run('backup', [backups]);
  expect(backup.status).toBe(0);
  const [archive] = fs.readdirSync(backups).filter((name) => name.endsWith('.tar.gz'));
  expect(archive).toMatch(/^tgxh-backup-\d{8}T\d{6}Z\.tar\.gz$/);
  expect(fs.statSync(path.join(backups, archive!)).mode & 0o777).toBe(0o600);

  fs.rmSync(dataDir, { recursive: true, force: true });
  const restore = run('restore', [path.join(backups, archive!)]);
  expect(restore.status).toBe(0);

  expect(await withDatabase(readDossiers)).toEqual(before);
  expect(before[0]).toMatchObject({ code: CODE, kind: 'decision', number_label: '12/QĐ-UBND' });
  expect(before[0].pdf_bytes_sha256).toBe(before[0].pdf_sha256);
  await withTemporal(async (env) => {
    const description = await env.client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
  });
  expect(fs.readFileSync(path.join(dataDir, 'payload-keys'), 'utf8')).toBe('thu:khoa\n');
  expect(fs.readFileSync(path.join(dataDir, 'attachments', 'ab', 'to-khai.pdf'))).toEqual(PDF);

  // Restoring over an installation keeps what was there, aside.
  const again = run('restore', [path.join(backups, archive!)]);
  expect(again.status).toBe(0);
  const aside = fs.readdirSync(root).filter((name) => name.startsWith('data.before-restore-'));
  expect(aside).toHaveLength(1);
  expect(fs.readdirSync(path.join(root, aside[0]!)).sort()).toEqual(
    ['attachments', 'payload-keys', 'pg', 'pg.secret', 'temporal'].sort(),
  );
});
