import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli, resolveTestServer, type ToolResolution } from '../../runtime/temporal/tools';
import { testDataConverter } from './payload-keys';

function executableOf(resolution: ToolResolution) {
  return resolution.source === 'download'
    ? ({ type: 'cached-download' } as const)
    : ({ type: 'existing-path', path: resolution.path } as const);
}

/** The Java time-skipping test server (built by the global setup), one per test file. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const server = await resolveTestServer({ fetch: false });
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executableOf(server) },
    // env.client encrypts as the project's own clients do (runtime/temporal/payload-codec.ts).
    client: { dataConverter: testDataConverter },
  });
}

/** A real Temporal dev server (the CLI built from source), in memory, one per test file. */
export async function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  const cli = await resolveTemporalCli({ build: false });
  return TestWorkflowEnvironment.createLocal({
    server: { executable: executableOf(cli), ip: '127.0.0.1', extraArgs: ['--log-level', 'error'] },
    client: { dataConverter: testDataConverter },
  });
}
