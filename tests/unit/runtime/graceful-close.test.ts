import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeGracefully } from '../../../runtime/graceful-close';

/** A server whose /slow answers after `ms`, as a request in flight during a deploy. */
async function serverWithSlowRoute(ms: number) {
  const server = http.createServer((req, res) => {
    const delay = req.url === '/slow' ? ms : 0;
    const timer = setTimeout(() => res.end('done'), delay);
    res.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('a request in flight when shutdown starts is answered; new connections are refused', async () => {
  const { server, url } = await serverWithSlowRoute(800);
  // A keep-alive connection that is idle must not hold the shutdown up.
  await fetch(`${url}/fast`).then((r) => r.text());
  const inFlight = fetch(`${url}/slow`).then(async (r) => ({ status: r.status, text: await r.text() }));
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = Date.now();
  const closing = closeGracefully(server, 5_000);
  await expect(fetch(`${url}/fast`)).rejects.toThrow();
  expect(await inFlight).toEqual({ status: 200, text: 'done' });
  expect(await closing).toEqual({ forced: false });
  expect(Date.now() - started).toBeLessThan(3_000);
});

test('a request still running when the grace runs out is cut, and shutdown goes on', async () => {
  const { server, url } = await serverWithSlowRoute(60_000);
  const inFlight = fetch(`${url}/slow`).then(
    () => 'answered',
    () => 'cut',
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = Date.now();
  expect(await closeGracefully(server, 300)).toEqual({ forced: true });
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(await inFlight).toBe('cut');
});
