import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeepAliveFetch } from '@/lib/upstream/keep-alive-fetch';

// A real HTTP server that counts connections and how many requests are open at once.
let server: Server;
let base: string;
let connections = 0;
let open = 0;
let mostOpen = 0;
let dropped = 0;

function route(req: IncomingMessage, res: ServerResponse, body: string) {
  const url = new URL(req.url!, 'http://x');
  if (url.pathname === '/echo') {
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-request-id', 'up-1');
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization ?? null, length: req.headers['content-length'] ?? null }));
  } else if (url.pathname === '/slow') {
    setTimeout(() => res.end('slow'), Number(url.searchParams.get('ms') ?? 50));
  } else if (url.pathname === '/redirect') {
    res.writeHead(302, { location: '/echo' }).end();
  } else if (url.pathname === '/gzip') {
    const json = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i}` })) });
    if (/gzip/.test(req.headers['accept-encoding'] ?? '')) res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(json));
    else res.writeHead(200, { 'content-type': 'application/json' }).end(json);
  } else if (url.pathname === '/drop-reused') {
    // A keep-alive socket the server closes instead of answering a second request on it.
    const socket = req.socket as typeof req.socket & { served?: boolean };
    if (socket.served) {
      dropped++;
      socket.destroy();
      return;
    }
    socket.served = true;
    res.end(JSON.stringify({ body }));
  } else if (url.pathname === '/drop-always') {
    dropped++;
    req.socket.destroy();
  } else if (url.pathname === '/empty') {
    res.writeHead(204).end();
  } else {
    res.writeHead(404).end('nope');
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    open++;
    mostOpen = Math.max(mostOpen, open);
    res.on('close', () => open--);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => route(req, res, body));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('createKeepAliveFetch', () => {
  it('sends method, headers and a string body, and answers a fetch Response', async () => {
    const f = createKeepAliveFetch({ maxSockets: 4 });
    const res = await f(`${base}/echo`, { method: 'POST', headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' }, body: '{"é":1}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('up-1');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.json()).toEqual({ method: 'POST', body: '{"é":1}', auth: 'Bearer t', length: '8' });
  });

  it('reuses one connection for calls made one after another', async () => {
    const f = createKeepAliveFetch({ maxSockets: 4 });
    const before = connections;
    for (let i = 0; i < 10; i++) expect((await f(`${base}/echo`)).status).toBe(200);
    expect(connections - before).toBe(1);
  });

  it('never opens more sockets than allowed; the rest wait their turn', async () => {
    const f = createKeepAliveFetch({ maxSockets: 3 });
    const before = connections;
    mostOpen = 0;
    const answers = await Promise.all(Array.from({ length: 12 }, () => f(`${base}/slow?ms=30`).then((r) => r.text())));
    expect(answers).toEqual(Array(12).fill('slow'));
    expect(mostOpen).toBe(3);
    expect(connections - before).toBe(3);
  });

  it('answers a redirect as it is, and a 204 with no body', async () => {
    const f = createKeepAliveFetch({ maxSockets: 2 });
    const redirect = await f(`${base}/redirect`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/echo');
    const empty = await f(`${base}/empty`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
    await expect(f(`${base}/redirect`, { redirect: 'follow' })).rejects.toThrow(/redirect: manual/);
  });

  it('rejects with the signal’s reason when it aborts, also before the call', async () => {
    const f = createKeepAliveFetch({ maxSockets: 2 });
    const timeout = AbortSignal.timeout(20);
    await expect(f(`${base}/slow?ms=500`, { signal: timeout })).rejects.toMatchObject({ name: 'TimeoutError' });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(f(`${base}/echo`, { signal: controller.signal })).rejects.toThrow('stop');
    // The pool is still usable afterwards.
    expect((await f(`${base}/echo`)).status).toBe(200);
  });

  it('asks for compressed answers and hands back the decoded body', async () => {
    const f = createKeepAliveFetch({ maxSockets: 1 });
    const res = await f(`${base}/gzip`);
    expect(res.headers.get('content-encoding')).toBeNull();
    const body = (await res.json()) as { items: unknown[] };
    expect(body.items).toHaveLength(200);
  });

  it('sends a request once more when a reused socket was closed under it, even a write; never twice, never on a fresh socket', async () => {
    const f = createKeepAliveFetch({ maxSockets: 1 });
    dropped = 0;
    const before = connections;
    expect((await f(`${base}/drop-reused`, { method: 'POST', body: 'first' })).status).toBe(200);
    const again = await f(`${base}/drop-reused`, { method: 'POST', body: 'second' });
    expect(await again.json()).toEqual({ body: 'second' });
    expect(dropped).toBe(1);
    expect(connections - before).toBe(2);
    // A fresh socket reset by the server is a real failure: reported, not resent.
    dropped = 0;
    const err = await createKeepAliveFetch({ maxSockets: 1 })(`${base}/drop-always`, { method: 'POST', body: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(dropped).toBe(1);
  });

  it('fails like fetch on a network error: TypeError with the socket error code as cause', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const f = createKeepAliveFetch({ maxSockets: 1 });
    const err = await f(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });
});
