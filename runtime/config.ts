import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TEMPORAL_CALL_TIMEOUT_MS } from '../app/dossiers/workflow-errors';
import { DEFAULT_POOL_SETTINGS, type PoolSettings } from '../db/pool';

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
  })
  .strip()
  .superRefine((config, context) => {
    if (config.ATTACHMENT_MAX_BYTES > config.ATTACHMENTS_MAX_TOTAL_BYTES) {
      context.addIssue({
        code: 'custom',
        path: ['ATTACHMENT_MAX_BYTES'],
        message: 'must not be larger than ATTACHMENTS_MAX_TOTAL_BYTES',
      });
    }
    if (config.ATTACHMENTS_STORE !== 's3') return;
    for (const key of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!config[key])
        context.addIssue({ code: 'custom', path: [key], message: 'required when ATTACHMENTS_STORE=s3' });
    }
  });

export type Config = z.infer<typeof configSchema> & { dataDir: string; attachmentsDir: string };

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
