import http from 'node:http';

/** One keep-alive pool to UPSTREAM for the floor's route and page, as the portal keeps one per instance. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** A call to UPSTREAM, its answer fully read: `{ status, body }` (a Buffer). */
export function callUpstream({ method = 'GET', path, authorization = '', body }) {
  const upstream = new URL(process.env.UPSTREAM);
  const headers = { authorization, ...(body && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }) };
  return new Promise((resolve, reject) => {
    const out = http.request({ host: upstream.hostname, port: upstream.port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}
