import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { afterAll, expect, it } from 'vitest';

/**
 * `npm run dev` serves the app with Vite and passes `/api` to the API server: the live delivery
 * view's console also needs its WebSocket passed on, and the server refuses a handshake whose
 * Origin is not the host it was sent to (routes/delivery.ts: cross-site WebSocket hijacking).
 */
const webRoot = fileURLToPath(new URL('..', import.meta.url));
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

it("the dev server passes the session's WebSocket on to the API server, its Origin that host", async () => {
  const seen: http.IncomingHttpHeaders[] = [];
  const api = http.createServer((_req, res) => res.end());
  api.on('upgrade', (req, socket) => {
    seen.push(req.headers);
    socket.end(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    );
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => api.close(resolve)));
  const before = process.env.MICROCORE_API_URL;
  process.env.MICROCORE_API_URL = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const vite = await createServer({
    root: webRoot,
    configFile: `${webRoot}/vite.config.ts`,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, hmr: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  if (before === undefined) delete process.env.MICROCORE_API_URL;
  else process.env.MICROCORE_API_URL = before;
  closers.push(() => vite.close());
  await vite.listen();
  const port = (vite.httpServer?.address() as AddressInfo | null)?.port;

  const status = await new Promise<number | string>((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port,
      path: '/api/patients/p/delivery-sessions/s/socket?consoleId=c',
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        Origin: `http://127.0.0.1:${port}`,
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    request.on('response', (response) => resolve(response.statusCode ?? 0));
    request.on('error', reject);
    request.setTimeout(3000, () => {
      request.destroy();
      resolve('no answer');
    });
    request.end();
  });
  expect(status).toBe(101);
  const { origin, host } = seen[0];
  expect(origin && new URL(origin).host).toBe(host);
});
