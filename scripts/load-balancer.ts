/**
 * A small round-robin HTTP load balancer for running several portal instances behind one origin (the demo's
 * PORTAL_INSTANCES, and the multi-instance test). A request with `X-Portal-Instance: <n>` goes to instance n
 * (1-based), so a test can choose; otherwise instances take turns, skipping any that has stopped.
 * With `control`, `POST /_lb/instances/<n>/stop` stops instance n (the test's way of killing one).
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface Backend {
  port: number;
  /** False once stopped (or its process exited). */
  up: boolean;
  stop: () => void;
}

export function startLoadBalancer(port: number, backends: Backend[], options: { control?: boolean } = {}): Promise<Server> {
  let next = 0;
  const pick = (req: IncomingMessage): Backend | undefined => {
    const wanted = Number(req.headers['x-portal-instance']);
    if (Number.isInteger(wanted) && wanted >= 1) return backends[wanted - 1];
    for (let i = 0; i < backends.length; i++) {
      const b = backends[next++ % backends.length]!;
      if (b.up) return b;
    }
    return undefined;
  };

  const server = createServer((req, res) => {
    const control = options.control && /^\/_lb\/instances\/(\d+)\/stop$/.exec(req.url ?? '');
    if (control && req.method === 'POST') return stopInstance(backends[Number(control[1]) - 1], res);
    const backend = pick(req);
    if (!backend?.up) return unavailable(res);
    const upstream = request(
      { host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) unavailable(res);
      else res.destroy();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}

function stopInstance(backend: Backend | undefined, res: ServerResponse) {
  if (!backend) return void res.writeHead(404).end();
  backend.up = false;
  backend.stop();
  res.writeHead(204).end();
}

function unavailable(res: ServerResponse) {
  res.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'unavailable', message: 'No portal instance is up.' } }));
}
