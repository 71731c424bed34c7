import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli, resolveTestServer, type ToolResolution } from '../../runtime/temporal/tools';
import { testDataConverter } from './payload-keys';

function executableOf(resolution: ToolResolution) {
  return resolution.source === 'download'
    ? ({ type: 'cached-download' } as const)
    : ({ type: 'existing-path', path: resolution.path } as const);
}

/**
 * The SDK gives a starting server 5 s (not configurable). A JVM on a loaded 2-core machine can take longer;
 * that says nothing about the code under test, so starting is tried again before the file fails.
 */
async function startingAgain<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      const slowStart = error instanceof Error && /did not start within/.test(error.message);
      if (!slowStart || attempt >= attempts) throw error;
    }
  }
}

/** The Java time-skipping test server (built by the global setup), one per test file. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const server = await resolveTestServer({ fetch: false });
  return startingAgain(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: executableOf(server) },
      // env.client encrypts as the project's own clients do (runtime/temporal/payload-codec.ts).
      client: { dataConverter: testDataConverter },
    }),
  );
}

/** A real Temporal dev server (the CLI built from source), in memory, one per test file. */
export async function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  const cli = await resolveTemporalCli({ build: false });
  return startingAgain(() =>
    TestWorkflowEnvironment.createLocal({
      server: { executable: executableOf(cli), ip: '127.0.0.1', extraArgs: ['--log-level', 'error'] },
      client: { dataConverter: testDataConverter },
    }),
  );
}
