import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { parsePayloadKeys } from './temporal/payload-keys';
import { DEFAULT_TEMPORAL_CALL_TIMEOUT_MS } from '../app/dossiers/workflow-errors';
import { DEFAULT_POOL_SETTINGS, type PoolSettings } from '../db/pool';
import { trimBaseUrl } from '../notifications/links';

/**
 * Every setting the processes read from the environment, validated in one place so a typo in a deployment
 * fails at start with a message that names the variable, instead of misbehaving later.
 */
const port = z.coerce.number().int().min(1).max(65535);
/** A duration in milliseconds, at least `min`, at most one hour. */
const milliseconds = (min: number, fallback: number) =>
  z.coerce.number().int().min(min).max(3_600_000).default(fallback);
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .min(1)
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
    )
    .optional();

/** The names express (proxy-addr) knows for private ranges, besides addresses and CIDR blocks. */
const NAMED_SUBNETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrBlock(entry: string): boolean {
  if (NAMED_SUBNETS.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which reverse proxies in front of the API may say who the client is (X-Forwarded-For), as express's
 * `trust proxy`: `false` (default: clients connect directly, forwarded headers are ignored), a hop count (`1`:
 * one TLS proxy in front), or a comma-separated list of proxy addresses and CIDR blocks (`10.0.0.0/8`,
 * `loopback`). Trusting every hop (`true`) is refused: any client could then choose its own address and
 * escape the login and tracking throttles.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, context): false | number | string[] => {
    if (value === 'false') return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops <= 10) return hops === 0 ? false : hops;
    }
    const entries = value.split(',').map((entry) => entry.trim());
    if (entries.every((entry) => entry !== '' && isAddressOrBlock(entry))) return entries;
    context.addIssue({
      code: 'custom',
      message:
        'must be false, a hop count 1–10 (proxies in front of the API), or a comma-separated list of proxy ' +
        'addresses and CIDR blocks (e.g. 10.0.0.0/8, loopback)',
    });
    return z.NEVER;
  });

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** Unset: an embedded Postgres is started under DATA_DIR/pg (development only). */
    DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
    EMBEDDED_PG_PORT: port.default(54329),
    /** host:port of an external Temporal frontend. Unset: the local dev server is started. */
    TEMPORAL_ADDRESS: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must look like host:port, e.g. temporal:7233')
      .optional(),
    TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
    TEMPORAL_DEV_PORT: port.default(7233),
    TEMPORAL_UI_PORT: port.default(8233),
    /**
     * Longest the API waits for Temporal on an officer's or citizen's request (start, update, signal, query).
     * Past it the request answers 504 WORKFLOW_TIMEOUT (e.g. no worker is running) instead of hanging.
     */
    TEMPORAL_CALL_TIMEOUT_MS: milliseconds(1_000, DEFAULT_TEMPORAL_CALL_TIMEOUT_MS),
    /** Path to a Temporal CLI binary to use for the dev server instead of the cached build. */
    TEMPORAL_CLI_PATH: z.string().trim().min(1).optional(),
    TASK_QUEUE: z.string().trim().min(1).default('tgxh-dossiers'),
    PORT: port.default(3000),
    /** On SIGTERM the API stops taking connections and lets requests in flight finish for up to this long. */
    SHUTDOWN_GRACE_MS: milliseconds(0, 10_000),
    /** Postgres connections per process (db/pool.ts). */
    PG_POOL_MAX: z.coerce.number().int().min(1).max(500).default(DEFAULT_POOL_SETTINGS.max),
    /** Longest wait for a Postgres connection; past it the request answers 503 SERVICE_UNAVAILABLE. */
    PG_CONNECT_TIMEOUT_MS: milliseconds(100, DEFAULT_POOL_SETTINGS.connectTimeoutMs),
    /** Longest one SQL statement may run (Postgres cancels it). */
    PG_STATEMENT_TIMEOUT_MS: milliseconds(100, DEFAULT_POOL_SETTINGS.statementTimeoutMs),
    /** Longest a statement waits for a lock. */
    PG_LOCK_TIMEOUT_MS: milliseconds(100, DEFAULT_POOL_SETTINGS.lockTimeoutMs),
    /** A transaction idle this long is ended by Postgres (its locks freed). */
    PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds(1_000, DEFAULT_POOL_SETTINGS.idleInTransactionTimeoutMs),
    /** Where embedded services keep their files between starts. */
    DATA_DIR: z.string().trim().min(1).default('data'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** `json` (one pino JSON object a line, for collectors) or `pretty` (for people). Unset: pretty in development. */
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    /**
     * The ops port of each process: GET /metrics (Prometheus), /health/live and /health/ready. Keep it off the
     * public network. 0: none (tests that start several processes on one machine).
     */
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    /**
     * The address the ops ports (METRICS_PORT, TEMPORAL_METRICS_PORT) listen on: loopback unless an operator opens
     * them to a scraper on a private network (docker-compose: 0.0.0.0, ports not published) — they have no login.
     */
    METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
    /**
     * Where a worker process serves the Temporal SDK's own metrics (task slots, poll and schedule-to-start
     * latencies, sticky cache…) through the SDK's Prometheus exporter. 0: not exported.
     */
    TEMPORAL_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
    /** How often the retention schedule purges what has served its purpose (a Temporal Schedule). */
    RETENTION_EVERY_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
    /** Idempotency keys are replayed for 24 hours; kept this many days, then purged. */
    RETENTION_IDEMPOTENCY_DAYS: z.coerce.number().int().min(1).max(3650).default(2),
    /** Throttle rows (failed logins, tracking and complaint attempts, rate limits: windows of an hour at most). */
    RETENTION_THROTTLE_DAYS: z.coerce.number().int().min(1).max(3650).default(1),
    /** Delivered (or suppressed) outbox messages and their attempts; failed ones stay for the admins. */
    RETENTION_OUTBOX_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /**
     * Online dossiers (no account) a receiving unit takes per day. Below the code format's 9999 by at least
     * 5000, so online abuse can never spend the numbers the one-stop desk needs (app/dossiers/submission-limits).
     */
    ONLINE_SUBMISSIONS_PER_UNIT_PER_DAY: z.coerce.number().int().min(1).max(4999).default(300),
    /** Reverse proxies trusted for the client's address (see trustProxy above). Unset: none. */
    TRUST_PROXY: trustProxy.default(false),
    /**
     * Secret for the pages' CSRF tokens; every API process of a deployment must share it. Unset: a random one
     * per start (fine for one process; forms open across a restart must then be sent again).
     */
    WEB_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (e.g. openssl rand -base64 48)')
      .optional(),
    /** Where uploaded attachments are kept with the filesystem store. Unset: <DATA_DIR>/attachments. */
    ATTACHMENTS_DIR: z.string().trim().min(1).optional(),
    /** Largest file a citizen or the desk may upload (bytes). */
    ATTACHMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(10 * 1024 * 1024),
    /** Largest total of all files of one dossier, application and supplements together (bytes). */
    ATTACHMENTS_MAX_TOTAL_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(30 * 1024 * 1024),
    /** `filesystem` (default) or `s3` (an S3-compatible object store: MinIO, Ceph, a provider's S3). */
    ATTACHMENTS_STORE: z.enum(['filesystem', 's3']).default('filesystem'),
    S3_ENDPOINT: optionalUrl(['http:', 'https:']),
    S3_BUCKET: z.string().trim().min(3).optional(),
    S3_REGION: z.string().trim().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().trim().min(1).optional(),
    /** true: /bucket/key (MinIO and most self-hosted stores); false: bucket.host/key. */
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
    /** The address people open links at (tracking link in SMS and e-mail). Unset: http://localhost:<PORT>. */
    PUBLIC_BASE_URL: optionalUrl(['http:', 'https:']),
    /** smtp://user:pass@host:587 or smtps://…:465. Unset: e-mails stay in the development mailbox. */
    SMTP_URL: optionalUrl(['smtp:', 'smtps:']),
    SMTP_FROM: z.string().trim().min(3).default('Trợ giúp xã hội <khong-tra-loi@localhost>'),
    /** Each SMTP wait (connecting, the greeting, the server's silence mid-message). */
    SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
    /** The HTTP gateway SMS are POSTed to. Unset: SMS stay in the development mailbox. */
    SMS_GATEWAY_URL: optionalUrl(['http:', 'https:']),
    /** One header sent with every SMS request, e.g. `Authorization: Bearer …`. */
    SMS_GATEWAY_AUTH_HEADER: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]+:\s*\S.*$/, 'must look like `Header-Name: value`')
      .optional(),
    /**
     * The JSON body of an SMS request; the strings {{to}}, {{text}} and {{id}} inside it are replaced by the
     * number (+84…), the text and the message's idempotency key.
     */
    SMS_GATEWAY_BODY_TEMPLATE: z
      .string()
      .trim()
      .refine(
        (text) => {
          try {
            return typeof JSON.parse(text) === 'object';
          } catch {
            return false;
          }
        },
        { message: 'must be a JSON object, e.g. {"to":"{{to}}","text":"{{text}}"}' },
      )
      .default('{"to":"{{to}}","text":"{{text}}","reference":"{{id}}"}'),
    SMS_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /** Shared secret the gateway sends (header X-Inbound-Secret) with inbound SMS; unset: no inbound endpoint. */
    SMS_INBOUND_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Tries per message before it is marked failed and admins are alerted. */
    NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    /** First retry delay; doubled at each try (with jitter) up to NOTIFY_BACKOFF_MAX_MS. */
    NOTIFY_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(30_000),
    NOTIFY_BACKOFF_MAX_MS: z.coerce.number().int().min(1).default(3_600_000),
    /** Rows one dispatcher loop claims at a time, and how long before an unrecorded claim is taken again. */
    NOTIFY_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
    NOTIFY_LEASE_MS: z.coerce.number().int().min(100).default(120_000),
    /** How often an idle dispatcher looks for due messages. */
    NOTIFY_POLL_MS: z.coerce.number().int().min(10).default(2_000),
    /** Dispatcher loops per process (each sends one message at a time). */
    NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    /** Hour (Vietnam time) at which officers who chose a digest get it. */
    NOTIFY_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
    /**
     * Keys that encrypt Temporal payloads: "id:base64,id:base64", each 32 random bytes (openssl rand -base64
     * 32). Old keys stay listed so what they encrypted still decrypts (runtime/temporal/payload-keys.ts).
     * Required in production; unset elsewhere: a key generated once under DATA_DIR.
     */
    PAYLOAD_KEYS: z.string().trim().min(1).optional(),
    /** The id in PAYLOAD_KEYS that new payloads are encrypted with. */
    PAYLOAD_KEY_ID: z.string().trim().min(1).optional(),
  })
  .strip()
  .superRefine((config, context) => {
    checkPayloadKeys(config, context);
    if (config.ATTACHMENT_MAX_BYTES > config.ATTACHMENTS_MAX_TOTAL_BYTES) {
      context.addIssue({
        code: 'custom',
        path: ['ATTACHMENT_MAX_BYTES'],
        message: 'must not be larger than ATTACHMENTS_MAX_TOTAL_BYTES',
      });
    }
    if (config.NOTIFY_BACKOFF_BASE_MS > config.NOTIFY_BACKOFF_MAX_MS) {
      context.addIssue({
        code: 'custom',
        path: ['NOTIFY_BACKOFF_BASE_MS'],
        message: 'must not be larger than NOTIFY_BACKOFF_MAX_MS',
      });
    }
    // The lease covers one send (it is renewed before each): a send outliving it could be taken and sent again
    // by another loop. An SMS request is bounded by its timeout, an SMTP send by up to three waits (connect,
    // greeting, the server's silence); twice that leaves room for the database round trips around it.
    const sendBound = Math.max(
      config.SMS_GATEWAY_URL ? config.SMS_GATEWAY_TIMEOUT_MS : 0,
      config.SMTP_URL ? 3 * config.SMTP_TIMEOUT_MS : 0,
    );
    if (config.NOTIFY_LEASE_MS < 2 * sendBound) {
      context.addIssue({
        code: 'custom',
        path: ['NOTIFY_LEASE_MS'],
        message:
          `must be at least ${2 * sendBound} ms: twice the longest send ` +
          '(SMS_GATEWAY_TIMEOUT_MS, or 3 × SMTP_TIMEOUT_MS), or a slow message could be sent twice',
      });
    }
    if (config.ATTACHMENTS_STORE !== 's3') return;
    for (const key of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!config[key])
        context.addIssue({ code: 'custom', path: [key], message: 'required when ATTACHMENTS_STORE=s3' });
    }
  });

function checkPayloadKeys(
  config: { NODE_ENV: string; PAYLOAD_KEYS?: string | undefined; PAYLOAD_KEY_ID?: string | undefined },
  context: z.RefinementCtx,
): void {
  const issue = (path: string, message: string) =>
    context.addIssue({ code: 'custom', path: [path], message });
  if (!config.PAYLOAD_KEYS) {
    if (config.PAYLOAD_KEY_ID) issue('PAYLOAD_KEYS', 'required when PAYLOAD_KEY_ID is set');
    else if (config.NODE_ENV === 'production')
      issue(
        'PAYLOAD_KEYS',
        'required in production (id:base64 of 32 random bytes, e.g. openssl rand -base64 32)',
      );
    return;
  }
  const parsed = parsePayloadKeys(config.PAYLOAD_KEYS);
  if ('problems' in parsed) {
    parsed.problems.forEach((problem) => issue('PAYLOAD_KEYS', problem));
    return;
  }
  if (!config.PAYLOAD_KEY_ID) issue('PAYLOAD_KEY_ID', 'required with PAYLOAD_KEYS: the id new payloads use');
  else if (!parsed.keys.has(config.PAYLOAD_KEY_ID))
    issue('PAYLOAD_KEY_ID', `"${config.PAYLOAD_KEY_ID}" is not an id in PAYLOAD_KEYS`);
}

export type Config = z.infer<typeof configSchema> & {
  dataDir: string;
  attachmentsDir: string;
  publicBaseUrl: string;
};

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment. Empty strings count as unset, as most deployment tools write them. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  return {
    ...parsed.data,
    dataDir,
    attachmentsDir: path.resolve(parsed.data.ATTACHMENTS_DIR ?? path.join(dataDir, 'attachments')),
    publicBaseUrl: trimBaseUrl(parsed.data.PUBLIC_BASE_URL ?? `http://localhost:${parsed.data.PORT}`),
  };
}

/** The pool's bounds from the configuration. */
export function poolSettingsOf(config: Config): PoolSettings {
  return {
    max: config.PG_POOL_MAX,
    connectTimeoutMs: config.PG_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.PG_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: config.PG_LOCK_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

/** The variable names the schema knows, so deployment files can be checked against it. */
export const knownConfigKeys: readonly string[] = Object.keys(configSchema.shape);
