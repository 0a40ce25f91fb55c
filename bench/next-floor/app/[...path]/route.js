import http from 'node:http';

/**
 * A route handler that forwards the call to UPSTREAM over a keep-alive pool and answers with what came back:
 * no session, no store, no validation, no mapping. What it costs over the bare `node:http` hop is Next.js's own
 * per-request cost; what the portal costs over it is the portal's.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export const dynamic = 'force-dynamic';

async function forward(req) {
  const upstream = new URL(process.env.UPSTREAM);
  const url = new URL(req.url);
  const body = req.method === 'GET' ? undefined : await req.text();
  const answer = await new Promise((resolve, reject) => {
    const out = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: `${url.pathname}${url.search}`,
        headers: { authorization: req.headers.get('authorization') ?? '', 'content-type': 'application/json', ...(body && { 'content-length': Buffer.byteLength(body) }) },
        agent,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
  return new Response(answer.body, { status: answer.status, headers: { 'content-type': 'application/json' } });
}

export { forward as GET, forward as POST };
