import fs from 'node:fs';
import path from 'node:path';
import { toolCacheDir } from './cache-dir';
import { isExecutable, run, which } from './exec';
import { TEMPORAL_CLI_VERSION, TEMPORAL_TEST_SERVER_VERSION } from './versions';
import { logLine } from '../../observability/log';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CLI_MODULE_DIR = path.join(REPO_ROOT, 'tools', 'temporal-cli');
const TEST_SERVER_POM = path.join(REPO_ROOT, 'tools', 'temporal-test-server', 'pom.xml');

/** How a Temporal executable was found; `download` means "let the SDK fetch its own" (needs internet). */
export type ToolResolution =
  | { source: 'env' | 'path' | 'cache' | 'built'; path: string; description: string }
  | { source: 'download'; description: string };

type Log = (line: string) => void;

export function cachedCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolCacheDir(env), `temporal-${TEMPORAL_CLI_VERSION}`);
}

/**
 * Finds the Temporal CLI for the dev server, in this order: TEMPORAL_CLI_PATH, `temporal` on PATH, the cached
 * build, a fresh build from the Go module proxy (when `go` is installed), and finally the SDK's own download.
 */
export async function resolveTemporalCli(
  options: { env?: NodeJS.ProcessEnv; log?: Log; build?: boolean } = {},
): Promise<ToolResolution> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  if (env.TEMPORAL_CLI_PATH) {
    if (!isExecutable(env.TEMPORAL_CLI_PATH)) {
      throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    }
    return {
      source: 'env',
      path: env.TEMPORAL_CLI_PATH,
      description: `TEMPORAL_CLI_PATH (${env.TEMPORAL_CLI_PATH})`,
    };
  }
  const onPath = which('temporal', env);
  if (onPath) return { source: 'path', path: onPath, description: `temporal on PATH (${onPath})` };
  const cached = cachedCliPath(env);
  if (isExecutable(cached)) return { source: 'cache', path: cached, description: `cached build (${cached})` };
  if (options.build !== false && which('go', env)) {
    log(
      `Building Temporal CLI ${TEMPORAL_CLI_VERSION} from the Go module proxy (first run only, a few minutes)…`,
    );
    await buildTemporalCli(cached, env, log);
    return { source: 'built', path: cached, description: `built from source (${cached})` };
  }
  return { source: 'download', description: "the SDK's download of the Temporal CLI (needs internet)" };
}

async function buildTemporalCli(target: string, env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Build to a private name and rename: a half-written binary must never look like a cached one.
  const partial = `${target}.${process.pid}.partial`;
  const ldflags = `-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`;
  try {
    await run('go', ['build', '-trimpath', '-ldflags', ldflags, '-o', partial, '.'], {
      cwd: CLI_MODULE_DIR,
      // GOTOOLCHAIN=local: use the machine's Go; fetching another toolchain is not possible offline.
      env: { ...env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' },
      log,
    });
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

export function testServerDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolCacheDir(env), `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`);
}

/**
 * Finds the time-skipping test server: TEMPORAL_TEST_SERVER_PATH, the cached Maven classpath with its wrapper,
 * or a fresh `mvn dependency:copy-dependencies`; else the SDK's own download.
 */
export async function resolveTestServer(
  options: { env?: NodeJS.ProcessEnv; log?: Log; fetch?: boolean } = {},
): Promise<ToolResolution> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  if (env.TEMPORAL_TEST_SERVER_PATH) {
    return { source: 'env', path: env.TEMPORAL_TEST_SERVER_PATH, description: 'TEMPORAL_TEST_SERVER_PATH' };
  }
  const dir = testServerDir(env);
  const wrapper = path.join(dir, 'temporal-test-server');
  if (isExecutable(wrapper) && fs.existsSync(path.join(dir, '.complete'))) {
    return { source: 'cache', path: wrapper, description: `cached Maven classpath (${dir})` };
  }
  if (options.fetch !== false && which('mvn', env) && which('java', env)) {
    log(`Fetching io.temporal:temporal-test-server ${TEMPORAL_TEST_SERVER_VERSION} with Maven…`);
    await fetchTestServer(dir, env, log);
    return { source: 'built', path: wrapper, description: `fetched with Maven (${dir})` };
  }
  return { source: 'download', description: "the SDK's download of the test server (needs internet)" };
}

async function fetchTestServer(dir: string, env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  const lib = path.join(dir, 'lib');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(lib, { recursive: true });
  await run(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      TEST_SERVER_POM,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-Dtemporal.testserver.version=${TEMPORAL_TEST_SERVER_VERSION}`,
      `-DoutputDirectory=${lib}`,
    ],
    { cwd: path.dirname(TEST_SERVER_POM), env, log },
  );
  // `exec` matters: the SDK stops the server by SIGKILL to the pid it started, which must be the JVM itself,
  // not a shell that would leave the JVM running. SerialGC and C1-only keep start-up and memory small: tests
  // start one server per file, two at a time.
  const script = [
    '#!/bin/sh',
    '# Generated by tgxh runtime/temporal/tools.ts: Temporal time-skipping test server on the JVM.',
    `exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '${lib}/*' io.temporal.testserver.TestServer "$@"`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'temporal-test-server'), script, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, '.complete'), `${new Date().toISOString()}\n`);
}

/** Prepares both tools ahead of time (CI and first-time setup), printing what was chosen. */
export async function prepareTemporalTools(
  log: Log = logLine,
): Promise<{ cli: ToolResolution; testServer: ToolResolution }> {
  const cli = await resolveTemporalCli({ log });
  log(`Temporal CLI: ${cli.description}`);
  const testServer = await resolveTestServer({ log });
  log(`Temporal test server: ${testServer.description}`);
  return { cli, testServer };
}
