import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { retryWhileStarting } from '../retry-while-starting';

export interface DevServerHandle {
  address: string;
  uiUrl: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Runs `temporal server start-dev` with a SQLite file, so workflows and their timers survive a restart of
 * `npm start`. Listens on 127.0.0.1 only: the dev server has no authentication.
 */
export async function startDevServer(options: {
  cliPath: string;
  /** Where the SQLite file goes; without it the server keeps everything in memory (tests). */
  dataDir?: string;
  port: number;
  /** The web UI's port; without it the server runs headless. */
  uiPort?: number;
  namespace: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  log?: (line: string) => void;
}): Promise<DevServerHandle> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port)];
  if (options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.dataDir !== undefined) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    args.push('--db-filename', path.join(options.dataDir, 'temporal.sqlite'));
  }
  args.push('--namespace', options.namespace, '--log-level', options.logLevel ?? 'warn');
  const server = await startServerProcess(options.cliPath, args, options.port, options.log);
  try {
    await waitUntilServing(server.address, 60_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { ...server, uiUrl: `http://127.0.0.1:${options.uiPort ?? options.port}` };
}

/**
 * The dev server listens before its frontend is healthy: a client connecting then is refused ("Frontend is
 * not healthy yet", seen at load in CI). Connects until it is answered.
 */
async function waitUntilServing(address: string, timeoutMs: number): Promise<void> {
  await retryWhileStarting(
    `Temporal dev server at ${address}`,
    async () => {
      const connection = Connection.lazy({ address, connectTimeout: '5 seconds' });
      try {
        await connection.ensureConnected();
      } finally {
        await connection.close();
      }
    },
    timeoutMs,
  );
}

export interface ServerProcess {
  address: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Spawns a server and waits up to a minute for its port: a JVM or a Go server on a loaded machine can take
 * far longer than the SDK's fixed 5 s window for the servers it starts itself.
 */
export async function startServerProcess(
  command: string,
  args: string[],
  port: number,
  log: (line: string) => void = () => {},
): Promise<ServerProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString('utf8').trimEnd()));
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString('utf8').trimEnd()));
  // Safety net: if this process dies without an orderly stop, do not leave the server running.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.removeListener('exit', killOnExit);
      resolve();
    }),
  );
  try {
    await waitForPort(port, 60_000, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { address: `127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child, exited) };
}

/** SIGTERM lets the server flush SQLite; SIGKILL after 15 s so shutdown can never hang forever. */
async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`Server exited with code ${child.exitCode} before listening on ${port}`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
