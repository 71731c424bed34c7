/**
 * The one logger of every process: pino JSON lines (pretty in development), at the configured level, with the
 * request id and dossier code of the work in hand added to every line, and personal fields redacted by
 * configuration wherever they appear in a logged object — so a careless `log.info({ application })` cannot
 * put an applicant's name, ID number, phone or HIV status into the log.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import pinoPretty from 'pino-pretty';

/** What the lines written during one piece of work (an HTTP request, an activity) have in common. */
export interface LogContext {
  requestId?: string;
  dossierCode?: string;
  /** In a worker: the activity whose lines these are. */
  activityType?: string;
}

const context = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `fields` added to (a copy of) the current context; lines logged inside carry them. */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, work);
}

/** Adds fields to the context of the work in hand (e.g. the dossier code once a request has found it). */
export function addToLogContext(fields: LogContext): void {
  const store = context.getStore();
  if (store) Object.assign(store, fields);
}

/** The context object itself, for code that reads it after the work's async context has ended. */
export function liveLogContext(): LogContext | undefined {
  return context.getStore();
}

export function currentLogContext(): LogContext {
  return { ...context.getStore() };
}

/**
 * Keys whose values never reach the log, at any of the first four levels of a logged object: names, phone
 * numbers and e-mail, ID numbers, dates of birth, addresses, HIV status, second factors, passwords, tokens,
 * cookies, and Postgres's error `detail` (which quotes the offending row's values).
 */
export const REDACTED_KEYS = [
  'fullName',
  'applicantName',
  'beneficiaryName',
  'recipientName',
  'displayName',
  'phone',
  'email',
  'idNumber',
  'applicantIdNumber',
  'beneficiaryIdNumber',
  'recipientIdNumber',
  'accountNumber',
  'accountHolder',
  'walletPhone',
  'dateOfBirth',
  'address',
  'hivStatus',
  'secondFactor',
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'authorization',
  'cookie',
  'set-cookie',
  'detail',
] as const;

export const REDACTION_CENSOR = '[REDACTED]';

function redactPaths(): string[] {
  const quoted = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`);
  return REDACTED_KEYS.flatMap((key) => {
    const k = quoted(key);
    const join = (prefix: string) => (k.startsWith('[') ? `${prefix}${k}` : `${prefix}.${k}`);
    return [k, join('*'), join('*.*'), join('*.*.*')];
  });
}

/**
 * pino's error serializer, keeping only plain values beside the message, stack and causes: drivers hang whole
 * objects on their errors (pg: the client with its connection parameters), which say nothing useful and
 * could carry what the redaction paths do not know.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(serialized).filter(
      ([key, value]) =>
        value === null || typeof value !== 'object' || key === 'cause' || key === 'aggregateErrors',
    ),
  );
}

export interface LoggingOptions {
  level: LevelWithSilent;
  /** Human-readable lines (development) instead of JSON. */
  pretty?: boolean;
  /** Which process writes (api, worker, notifier, start…), on every line. */
  role?: string;
  /** Where lines go. Default: standard output. */
  destination?: DestinationStream;
}

/** Standard output, and standard error for errors (each line to one of them), as people and collectors expect. */
function standardStreams(pretty: boolean): DestinationStream {
  const to = (fd: 1 | 2): DestinationStream =>
    pretty
      ? pinoPretty({
          colorize: Boolean(process.stdout.isTTY),
          translateTime: 'SYS:HH:MM:ss.l',
          // A person at a terminal knows which process it is.
          ignore: 'pid,hostname,role',
          destination: fd,
          sync: true,
        })
      : pino.destination({ dest: fd, sync: true });
  return pino.multistream(
    [
      { level: 'trace', stream: to(1) },
      { level: 'error', stream: to(2) },
    ],
    { dedupe: true },
  );
}

export function createLogger(options: LoggingOptions): Logger {
  const destination = options.destination ?? standardStreams(Boolean(options.pretty));
  return pino(
    {
      level: options.level,
      base: { pid: process.pid, ...(options.role ? { role: options.role } : {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths(), censor: REDACTION_CENSOR },
      mixin: () => ({ ...context.getStore() }),
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
}

let root: Logger = createLogger({
  level: (process.env.LOG_LEVEL as LevelWithSilent | undefined) ?? 'info',
});

/** Replaces the process's logger (entry points from the config; tests to capture or silence lines). */
export function configureLogging(options: LoggingOptions): Logger {
  root = createLogger(options);
  return root;
}

/** The process's logger. Call at the time of logging (not at import), so configuration applies. */
export function logger(): Logger {
  return root;
}

/** `(message, error)` for the `logError` dependencies of app/, api/ and web/. */
export function logErrorTo(message: string, error: unknown): void {
  root.error({ err: error }, message);
}

/** `(line)` for the start-up banners and the `log` callbacks of runtime/. */
export function logLine(line: string): void {
  const text = line.trim();
  if (text) root.info(text);
}

export type { Logger };
