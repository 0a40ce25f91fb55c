import 'server-only';
import { createServer, type Server } from 'node:http';
import { errorFields, log } from './logger';
import { renderMetrics } from './metrics';

const holder = globalThis as typeof globalThis & { __portalMetricsServer?: Server };

/**
 * Serves GET /metrics on its own port (METRICS_PORT, bound to METRICS_HOST, 127.0.0.1 by default), apart from
 * the portal's public port, so Prometheus can scrape it on a private network without a token.
 */
export function startMetricsServer(port: number, host: string): Promise<Server> {
  if (holder.__portalMetricsServer) return Promise.resolve(holder.__portalMetricsServer);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    renderMetrics().then(
      ({ body, contentType }) => res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body),
      (err: unknown) => {
        log('metrics').error({ error: errorFields(err) }, 'could not render metrics');
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  holder.__portalMetricsServer = server;
  return new Promise((resolve, reject) => {
    server.once('error', (err) => {
      holder.__portalMetricsServer = undefined;
      log('metrics').error({ error: errorFields(err), port, host }, 'metrics listener could not start');
      reject(err);
    });
    server.listen(port, host, () => {
      const address = server.address();
      log('metrics').info({ host, port: typeof address === 'object' && address ? address.port : port }, 'metrics listening');
      resolve(server);
    });
  });
}
