import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { waitUntil } from './processes';

/**
 * Workflow histories recorded from real runs of the test suite, replayed by tests/workflow/replay.test.ts
 * against the current workflow code: a change that would break dossiers already running fails CI.
 *
 * Files are the plain proto-JSON of a history (what `temporal workflow show --output json` prints), so a
 * history exported from a production server can be dropped in next to them. They are only ever written by
 * `CAPTURE_HISTORIES=1 npx jest tests/workflow/capture-histories.test.ts`, never edited by hand.
 */
export const HISTORIES_DIR = path.join(__dirname, '..', 'workflow', 'histories');

export const capturingHistories = process.env.CAPTURE_HISTORIES === '1';

/**
 * The proto-JSON codec of histories. `historyToJSON`/`historyFromJSON` from @temporalio/common/lib/proto-utils
 * are the documented way, but in this install they throw "type must be a Type": npm left two copies of
 * protobufjs 8 (under @temporalio/common and under @temporalio/proto, because the top-level slot holds
 * grpc's protobufjs 7), and protojson's `instanceof Type` check fails across copies. This does what they do
 * with the protojson of the same copy that built @temporalio/proto's root, so the files are byte-for-byte
 * what historyToJSON writes (and what `temporal workflow show --output json` prints).
 */
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): History | null;
}
// Resolved the way @temporalio/proto itself resolves it: the protobufjs copy its root was built with.
const requireFromProto = createRequire(require.resolve('@temporalio/proto'));
const protojson = requireFromProto('protobufjs/ext/protojson') as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

export function historyToJson(history: History): string {
  return JSON.stringify(
    protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)),
    null,
    2,
  );
}

export function historyFromJson(json: unknown): History {
  const history = protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
  if (!history) throw new TypeError('not a workflow history');
  return history;
}

/**
 * Waits until the workflow is idle — no activity pending and its last workflow task completed — so a
 * still-running history ends at a clean point rather than in the middle of a workflow task.
 */
export async function settled(handle: WorkflowHandle): Promise<void> {
  await waitUntil(
    async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const open = new Set<string>();
      let lastWorkflowTask: 'open' | 'done' = 'done';
      for (const event of events) {
        if (event.activityTaskScheduledEventAttributes) open.add(String(event.eventId));
        const closed =
          event.activityTaskCompletedEventAttributes ??
          event.activityTaskFailedEventAttributes ??
          event.activityTaskTimedOutEventAttributes ??
          event.activityTaskCanceledEventAttributes;
        if (closed) open.delete(String(closed.scheduledEventId));
        if (event.workflowTaskScheduledEventAttributes || event.workflowTaskStartedEventAttributes) {
          lastWorkflowTask = 'open';
        }
        if (event.workflowTaskCompletedEventAttributes) lastWorkflowTask = 'done';
      }
      return open.size === 0 && lastWorkflowTask === 'done';
    },
    30_000,
    `workflow ${handle.workflowId} to settle`,
  );
}

/** Saves the workflow's history as `<name>.json` when CAPTURE_HISTORIES=1; otherwise does nothing. */
export async function saveHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (!capturingHistories) return;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
    throw new Error(`history name "${name}": lowercase, digits, dashes`);
  await settled(handle);
  const file = path.join(HISTORIES_DIR, `${name}.json`);
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  fs.writeFileSync(file, `${historyToJson(await handle.fetchHistory())}\n`);
  // Formatted by the repository's prettier, so `npm run lint` stays clean. Run as its own process: prettier
  // 3 loads its plugins with dynamic import(), which jest's module sandbox refuses.
  execFileSync(process.execPath, [
    require.resolve('prettier/bin/prettier.cjs'),
    '--write',
    '--log-level=warn',
    file,
  ]);
}

export interface StoredHistory {
  name: string;
  history: History;
}

/**
 * Every committed history, named by its path under the folder without `.json` (the name also serves as the
 * workflow id during replay). Subfolders hold earlier generations kept after a re-capture, so dossiers
 * recorded by older code stay covered for as long as such dossiers may still be running.
 */
export function loadHistories(dir = HISTORIES_DIR): StoredHistory[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      name: file
        .replace(/\.json$/, '')
        .split(path.sep)
        .join('/'),
      history: historyFromJson(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))),
    }));
}

/**
 * A history as someone without the payload keys reads it (the Temporal Web UI, `temporal workflow show`): every
 * payload the default data converter understands turned back into its value, the others left as their
 * bytes read as UTF-8. Returns the whole history as one JSON text, how many of our payloads were found and how
 * many of them were encrypted. Not ours, so never through the codec and not counted: what the SDK's core writes
 * about a marker (a local activity's sequence number, type and times, a patch's id — every detail but `result`,
 * which is the activity's result and is ours), the search attributes it upserts for patches, and the request id
 * header (observability/temporal-context.ts); the whole text is still there for a caller to search.
 */
export async function historyAsReadWithout(
  history: History,
  codecs: readonly PayloadCodec[] = [],
): Promise<{ text: string; payloads: number; encrypted: number }> {
  let payloads = 0;
  let encrypted = 0;
  const notOurs = (trail: readonly string[]): boolean => {
    const markerDetail = trail.lastIndexOf('details');
    if (
      trail.includes('markerRecordedEventAttributes') &&
      markerDetail >= 0 &&
      trail[markerDetail + 1] !== 'result'
    )
      return true;
    if (trail.includes('searchAttributes')) return true;
    return trail.at(-1) === 'requestId' && trail.includes('header');
  };
  const read = async (value: unknown, trail: readonly string[] = []): Promise<unknown> => {
    if (Array.isArray(value)) return Promise.all(value.map((item) => read(item, trail)));
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (typeof value !== 'object' || value === null) return value;
    const record = value as Record<string, unknown>;
    if (record.metadata && typeof record.metadata === 'object' && 'data' in record) {
      let payload = record as Payload;
      for (const codec of [...codecs].reverse()) payload = (await codec.decode([payload]))[0]!;
      const encoding = Buffer.from(payload.metadata?.encoding ?? []).toString('utf8');
      if (!notOurs(trail)) {
        payloads += 1;
        if (encoding === 'binary/encrypted') encrypted += 1;
      }
      try {
        return { encoding, value: defaultPayloadConverter.fromPayload(payload) };
      } catch {
        return { encoding, bytes: Buffer.from(payload.data ?? []).toString('utf8') };
      }
    }
    const entries = await Promise.all(
      Object.entries(record).map(async ([k, v]) => [k, await read(v, [...trail, k])]),
    );
    return Object.fromEntries(entries);
  };
  const text = JSON.stringify(await read(history));
  return { text, payloads, encrypted };
}
