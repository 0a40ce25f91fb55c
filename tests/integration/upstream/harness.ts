import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@/emulator';
import { createDevinClient, type DevinClient, type DevinClientConfig } from '@/lib/upstream';

export const ADMIN_TOKEN = 'cog_upstream_suite_admin_0123456789';

export interface EmulatorHarness {
  emulator: RunningEmulator;
  /** A client with the admin token and a small backoff base, so retry tests stay fast. */
  client: DevinClient;
  clientFor(token: string, overrides?: Partial<DevinClientConfig>): DevinClient;
  /** The emulator's request log since `since` (an index from `mark()`). */
  requestsSince(since: number): ReturnType<RunningEmulator['requests']>;
  mark(): number;
}

/** Starts a real emulator on a free port for the enclosing test file. */
export function withEmulator(options: EmulatorOptions = {}): EmulatorHarness {
  const h = {
    emulator: undefined as unknown as RunningEmulator,
    client: undefined as unknown as DevinClient,
    clientFor(token: string, overrides: Partial<DevinClientConfig> = {}) {
      return createDevinClient({ baseUrl: h.emulator.url, token, retryBaseMs: 20, shareReadsMs: 0, ...overrides });
    },
    requestsSince: (since: number) => h.emulator.requests().slice(since),
    mark: () => h.emulator.requests().length,
  };
  beforeAll(async () => {
    h.emulator = await startEmulator({ port: 0, adminToken: ADMIN_TOKEN, ...options });
    h.client = h.clientFor(ADMIN_TOKEN);
  });
  afterAll(async () => {
    await h.emulator?.close();
  });
  return h;
}

export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface StubServer {
  url: string;
  /** Every request received, oldest first. */
  received: StubRequest[];
  /** What the server answers next (replace per test). */
  respond: (req: StubRequest, res: ServerResponse) => void;
  close(): Promise<void>;
}

/** A tiny real HTTP server for wire situations the emulator never produces (malformed bodies, odd headers). */
export async function startStubServer(): Promise<StubServer> {
  const stub: StubServer = {
    url: '',
    received: [],
    respond: (_req, res) => {
      res.writeHead(500).end();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      stub.received.push(received);
      stub.respond(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Whatever the promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
export const DAY = 86_400;
