import { Client, type Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { requestContextInterceptor } from '../observability/temporal-context';
import type { Pool } from 'pg';
import type { AttachmentLimits } from './attachments/limits';
import type { AttachmentStore } from './attachments/store';

/** What the API needs from the process that runs it. Optional fields have production defaults. */
export interface AppDeps {
  pool: Pool;
  temporal: Connection;
  /**
   * How payloads are encoded: the encrypting converter of runtime/temporal/payload-codec.ts, so no personal
   * data reaches Temporal in clear. Required so that no composition root can forget it.
   */
  dataConverter: DataConverter;
  namespace: string;
  /** Task queue the dossier workflows are started on (config TASK_QUEUE); a worker must poll it. */
  taskQueue: string;
  /** The Temporal client for dossier workflows. Default: a client on `temporal` and `namespace`. */
  temporalClient?: Client;
  /**
   * Longest wait for Temporal on one request (config TEMPORAL_CALL_TIMEOUT_MS); past it 504 WORKFLOW_TIMEOUT.
   * Default 15 s (app/dossiers/workflow-errors.ts).
   */
  temporalCallTimeoutMs?: number;
  /** The clock for sessions, throttling and "today" (tests move it). Default: the system clock. */
  now?: () => Date;
  /** Where unexpected errors are logged (never sent to clients). Default: the process's logger. */
  logError?: (message: string, error: unknown) => void;
  /** Failed logins allowed per username and client address within `windowMs`. Default 5 per 15 min. */
  loginThrottle?: { maxFailures: number; windowMs: number };
  /**
   * Wrong second factors on citizen tracking allowed within `windowMs`: per dossier code and client address,
   * and per client address across all codes. Default 10 and 20 per 15 min (api/dossiers/second-factor.ts).
   */
  trackingThrottle?: { perCode: number; perAddress: number; windowMs: number };
  /**
   * Online submissions (no account): per client address and per phone within `windowMs`, and online dossiers
   * per receiving unit and day (config ONLINE_SUBMISSIONS_PER_UNIT_PER_DAY). Defaults in
   * app/dossiers/submission-limits.ts.
   */
  submissionLimits?: { perAddress: number; perPhone: number; windowMs: number; onlinePerUnitPerDay: number };
  /** Complaints anyone may file during a posting, per client address. Default 10 per hour. */
  publicComplaintThrottle?: { maxAttempts: number; windowMs: number };
  /**
   * express's `trust proxy` setting, for deployments behind a reverse proxy: without it every client has the
   * proxy's address and login throttling counts them together. Default: proxies are not trusted. Set from
   * config TRUST_PROXY (runtime/config.ts: a hop count or a list of proxy addresses and CIDR blocks).
   */
  trustProxy?: boolean | number | string | readonly string[];
  /**
   * Where uploaded files go and how large they may be (config ATTACHMENTS_*). Required by the routes and pages
   * that take or serve attachments; limits default to 10 MiB per file and 30 MiB per dossier.
   */
  attachments?: { store: AttachmentStore; limits?: AttachmentLimits };
  /** Shared secret the SMS gateway sends with inbound messages (config SMS_INBOUND_SECRET); unset: no endpoint. */
  smsInboundSecret?: string;
}

export function clockOf(deps: AppDeps): () => Date {
  return deps.now ?? (() => new Date());
}

/** Today's legal date (YYYY-MM-DD) in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving). */
export function legalToday(now: Date): string {
  return new Date(now.getTime() + 7 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

const clients = new WeakMap<Connection, Client>();

/** The client dossier routes start, signal, query and update workflows with (one per connection). */
export function temporalClientOf(deps: AppDeps): Client {
  if (deps.temporalClient) return deps.temporalClient;
  let client = clients.get(deps.temporal);
  if (!client) {
    client = new Client({
      connection: deps.temporal,
      namespace: deps.namespace,
      dataConverter: deps.dataConverter,
      // The HTTP request's id and the dossier code go with each call (and into the request's log lines).
      interceptors: { workflow: [requestContextInterceptor] },
    });
    clients.set(deps.temporal, client);
  }
  return client;
}
