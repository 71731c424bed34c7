/**
 * Rotating the payload key under a running dossier: a worker and client given a new current key (the old
 * one still listed) carry on a dossier whose history was written with the old key, and write what follows
 * with the new one; a process that no longer has the old key says which key it is missing.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  EncryptionCodec,
  encryptingDataConverter,
  KEY_ID_METADATA,
} from '../../runtime/temporal/payload-codec';
import type { PayloadKeyRing } from '../../runtime/temporal/payload-keys';
import { dossierWorkflow } from '../../workflows';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { publishSuccessorVersions } from '../helpers/successor-versions';
import {
  act,
  eventually,
  insertDemoUnits,
  newCode,
  openTaskFor,
  sampleApplication,
  startWorker,
  state,
  type DossierTestbed,
} from '../helpers/dossier';
import { createDevServerEnv } from '../helpers/temporal';
import { insertReceivedApplication } from '../../db/received-applications';

const OLD = randomBytes(32);
const NEW = randomBytes(32);
const ring = (currentKeyId: string, keys: Record<string, Buffer>): PayloadKeyRing => ({
  currentKeyId,
  keys: new Map(Object.entries(keys)),
});
const BEFORE = ring('2025b', { '2025b': OLD });
const AFTER = ring('2026a', { '2026a': NEW, '2025b': OLD });
const WITHOUT_OLD = ring('2026a', { '2026a': NEW });

const keyIdOf = (payload: Payload | null | undefined) =>
  Buffer.from(payload?.metadata?.[KEY_ID_METADATA] ?? []).toString('utf8');

describe('payload key rotation under a running dossier', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let worker: DossierTestbed | undefined;
  beforeAll(async () => {
    // The dev server, not the time-skipping one: a stopped worker's sticky queue must be given up at once,
    // as a real server does when a worker shuts down, or the new worker would wait for it to time out.
    [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
    await insertDemoUnits(db.pool);
    await publishSuccessorVersions(db.pool);
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.drop()]);
  });

  const clientWith = (keys: PayloadKeyRing) =>
    new Client({
      connection: env.connection,
      namespace: env.namespace,
      dataConverter: encryptingDataConverter(keys),
    });

  it('old payloads still decrypt, new ones use the new key, and a missing key is named', async () => {
    worker = await startWorker(env, db.pool, encryptingDataConverter(BEFORE));
    const { taskQueue } = worker;
    const code = await newCode(env);
    const beneficiary = { ...sampleApplication().beneficiary, hivStatus: true };
    const application = { ...sampleApplication(), beneficiary };
    await insertReceivedApplication(db.pool, code, application);
    const before = await clientWith(BEFORE).workflow.start(dossierWorkflow, {
      taskQueue,
      workflowId: code,
      args: [{ code, procedureId: 'monthly-allowance', channel: 'walk_in', units: application.unit }],
    });
    const verification = await openTaskFor(before, 'verification');

    // Rotation: every process restarts with the new current key and the old one still listed. The new
    // worker has an empty cache, so it replays the history written with the old key before going on.
    await worker.stop();
    worker = await startWorker(env, db.pool, encryptingDataConverter(AFTER), taskQueue);
    const after = clientWith(AFTER).workflow.getHandle<typeof dossierWorkflow>(code);
    expect((await state(after)).openTasks.map((task) => task.stepKey)).toEqual(['verification']);
    await act(after, verification, 'approve');
    await eventually(after, 'posting_started');

    const events = (await after.fetchHistory()).events ?? [];
    const startInput = events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    expect(keyIdOf(startInput)).toBe('2025b');
    const update = events.findIndex((event) => event.workflowExecutionUpdateAcceptedEventAttributes);
    expect(update).toBeGreaterThan(0);
    const laterResults = events.slice(update).flatMap((event) => [
      ...(event.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
      // A local activity's result (recordEvent since the 'local-record-event' patch) is in its marker.
      ...(event.markerRecordedEventAttributes?.details?.result?.payloads ?? []),
    ]);
    expect(laterResults.length).toBeGreaterThan(0);
    expect(new Set(laterResults.map(keyIdOf))).toEqual(new Set(['2026a']));

    // Dropping the old key too early: the old payloads fail, saying which key to put back.
    await expect(new EncryptionCodec(WITHOUT_OLD).decode([startInput])).rejects.toThrow(
      'Temporal payload encrypted with key "2025b", which is not in PAYLOAD_KEYS (this process knows: 2026a)',
    );
    expect(await new EncryptionCodec(AFTER).decode([startInput])).toHaveLength(1);
  });
});
