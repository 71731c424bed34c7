import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli, resolveTestServer, type ToolResolution } from '../../runtime/temporal/tools';

function executableOf(resolution: ToolResolution) {
  return resolution.source === 'download'
    ? ({ type: 'cached-download' } as const)
    : ({ type: 'existing-path', path: resolution.path } as const);
}

/** The Java time-skipping test server (built by the global setup), one per test file. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const server = await resolveTestServer({ fetch: false });
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: executableOf(server) } });
}

/** A real Temporal dev server (the CLI built from source), in memory, one per test file. */
export async function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  const cli = await resolveTemporalCli({ build: false });
  return TestWorkflowEnvironment.createLocal({
    server: { executable: executableOf(cli), ip: '127.0.0.1', extraArgs: ['--log-level', 'error'] },
  });
}
