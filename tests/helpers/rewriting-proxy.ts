import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy in front of the real emulator that can rewrite one JSON response, for the few
 * shapes real Devin can produce but the emulator cannot be put into (a service user holding roles in two
 * scopes; an upstream that answers for a session of another org). Everything else is forwarded untouched.
 */
export interface RewritingProxy {
  url: string;
  /** Rewrites the JSON body of responses to requests whose "METHOD /path" matches. */
  rewrite(match: RegExp, edit: (body: Record<string, unknown>) => Record<string, unknown>): void;
  clear(): void;
  close(): Promise<void>;
}

export async function startRewritingProxy(target: string): Promise<RewritingProxy> {
  let rules: { match: RegExp; edit: (body: Record<string, unknown>) => Record<string, unknown> }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers.set(k, v);
        const upstream = await fetch(`${target}${req.url}`, {
          method: req.method,
          headers,
          body: chunks.length && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined,
        });
        const text = await upstream.text();
        const key = `${req.method} ${(req.url ?? '').split('?')[0]}`;
        const rule = rules.find((r) => r.match.test(key));
        const body = rule && upstream.ok ? JSON.stringify(rule.edit(JSON.parse(text) as Record<string, unknown>)) : text;
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(body);
      })().catch((err: unknown) => {
        res.writeHead(502);
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rewrite: (match, edit) => rules.push({ match, edit }),
    clear: () => {
      rules = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
