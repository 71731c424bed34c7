import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startDevServer, startServerProcess, type ServerProcess } from '../../runtime/temporal/dev-server';
import { resolveTemporalCli, resolveTestServer, type ToolResolution } from '../../runtime/temporal/tools';
import { testDataConverter } from './payload-keys';
import { freePort } from './ports';

/**
 * The SDK gives a server it starts itself 5 s to listen (not configurable). A JVM or the Go dev server on a
 * loaded 2-core machine can take longer, which says nothing about the code under test; so the servers built
 * into the tool cache are started here with a minute's window, and the SDK connects to them. Only the SDK's
 * own download (no cached tool) still goes through its 5 s window, tried three times.
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

/** The environment's teardown closes its connections, then stops the server started for it. */
function stoppingServerOnTeardown(
  env: TestWorkflowEnvironment,
  server: ServerProcess,
): TestWorkflowEnvironment {
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    try {
      await teardown();
    } finally {
      await server.stop();
    }
  };
  return env;
}

type CreateOnExistingServer = (options: {
  server: { type: 'existing' };
  address: string;
  client: { dataConverter: typeof testDataConverter };
  supportsTimeSkipping: boolean;
}) => Promise<TestWorkflowEnvironment>;

/**
 * The SDK connects to an existing server only without time skipping (createFromExistingServer); its own
 * factory, which createTimeSkipping calls, takes both. Undefined if a later SDK renames it: then the SDK
 * starts the server itself.
 */
function sdkFactory(): CreateOnExistingServer | undefined {
  const create = (TestWorkflowEnvironment as unknown as { create?: CreateOnExistingServer }).create;
  return typeof create === 'function' ? create.bind(TestWorkflowEnvironment) : undefined;
}

async function connectTo(
  server: ServerProcess,
  supportsTimeSkipping: boolean,
  create: CreateOnExistingServer,
) {
  try {
    const env = await create({
      server: { type: 'existing' },
      address: server.address,
      client: { dataConverter: testDataConverter },
      supportsTimeSkipping,
    });
    return stoppingServerOnTeardown(env, server);
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** The Java time-skipping test server (built by the global setup), one per test file. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const tool = await resolveTestServer({ fetch: false });
  const create = sdkFactory();
  if (tool.source === 'download' || !create) {
    return startingAgain(() =>
      TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: executableOf(tool) },
        // env.client encrypts as the project's own clients do (runtime/temporal/payload-codec.ts).
        client: { dataConverter: testDataConverter },
      }),
    );
  }
  const port = await freePort();
  return connectTo(await startServerProcess(tool.path, [String(port)], port), true, create);
}

/** A real Temporal dev server (the CLI built from source), in memory, one per test file. */
export async function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  const cli = await resolveTemporalCli({ build: false });
  if (cli.source === 'download') {
    return startingAgain(() =>
      TestWorkflowEnvironment.createLocal({
        server: { executable: executableOf(cli), ip: '127.0.0.1', extraArgs: ['--log-level', 'error'] },
        client: { dataConverter: testDataConverter },
      }),
    );
  }
  const port = await freePort();
  const server = await startDevServer({ cliPath: cli.path, port, namespace: 'default', logLevel: 'error' });
  return TestWorkflowEnvironment.createFromExistingServer({
    address: server.address,
    client: { dataConverter: testDataConverter },
  }).then(
    (env) => stoppingServerOnTeardown(env, server),
    async (error: unknown) => {
      await server.stop();
      throw error;
    },
  );
}

function executableOf(resolution: ToolResolution) {
  return resolution.source === 'download'
    ? ({ type: 'cached-download' } as const)
    : ({ type: 'existing-path', path: resolution.path } as const);
}
