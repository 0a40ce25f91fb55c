import { headers } from 'next/headers';
import { callUpstream } from '../../upstream';

/**
 * The page floor: a server-rendered page that makes the given upstream GETs (`?calls=/v3/a,/v3/b`) at once, with the
 * caller's Authorization header, and lists how much each answered. No session, no store, no validation, almost
 * nothing rendered: what this costs over its slowest call is what any Next.js page with that fan-out costs.
 */
export default async function FloorPage({ searchParams }) {
  const { calls = '' } = await searchParams;
  const authorization = (await headers()).get('authorization') ?? '';
  const paths = calls.split(',').filter(Boolean);
  const answers = await Promise.all(paths.map((path) => callUpstream({ path, authorization })));
  return (
    <main>
      <h1>{paths.length} upstream calls</h1>
      <ul>
        {paths.map((path, i) => (
          <li key={`${i}:${path}`}>
            {path}: {answers[i].body.length} bytes
          </li>
        ))}
      </ul>
    </main>
  );
}
