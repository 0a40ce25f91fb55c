import http from 'node:http';
import { headers } from 'next/headers';

/**
 * The page floor: a server-rendered page that makes the given upstream GETs (`?calls=/v3/a,/v3/b`) at once, with the
 * caller's Authorization header, and lists how much each answered. No session, no store, no validation, almost
 * nothing rendered: what this costs over its slowest call is what any Next.js page with that fan-out costs.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function get(path, authorization) {
  const upstream = new URL(process.env.UPSTREAM);
  return new Promise((resolve, reject) => {
    const out = http.get({ host: upstream.hostname, port: upstream.port, path, headers: { authorization }, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).length));
      res.on('error', reject);
    });
    out.on('error', reject);
  });
}

export default async function FloorPage({ searchParams }) {
  const { calls = '' } = await searchParams;
  const authorization = (await headers()).get('authorization') ?? '';
  const paths = calls.split(',').filter(Boolean);
  const sizes = await Promise.all(paths.map((path) => get(path, authorization)));
  return (
    <main>
      <h1>{paths.length} upstream calls</h1>
      <ul>
        {paths.map((path, i) => (
          <li key={`${i}:${path}`}>
            {path}: {sizes[i]} bytes
          </li>
        ))}
      </ul>
    </main>
  );
}
