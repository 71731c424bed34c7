import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

export interface PostgresProcess {
  /** Server URL (database `postgres`). */
  url: string;
  child: ChildProcess;
  /** Stops Postgres cleanly (as an operator's restart would) and waits for it. */
  stop(): Promise<void>;
}

/**
 * Starts an embedded Postgres on `dataDir` and `port` in a child process (tests/helpers/postgres-server.ts);
 * starting it again on the same directory and port brings the same data back. `env` is added to the child's
 * environment (a marker, so leftovers can be found).
 */
export async function startPostgresProcess(
  dataDir: string,
  port: number,
  env: NodeJS.ProcessEnv = {},
): Promise<PostgresProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO, 'tests/helpers/postgres-server.ts'), dataDir, String(port)],
    { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Postgres did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const ready = /^ready (\S+)$/m.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Postgres process exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
