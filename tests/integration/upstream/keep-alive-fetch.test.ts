import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeepAliveFetch } from '@/lib/upstream/keep-alive-fetch';

// A real HTTP server that counts connections and how many requests are open at once.
let server: Server;
let base: string;
let connections = 0;
let open = 0;
let mostOpen = 0;

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
