import { fileURLToPath } from 'node:url';

/**
 * The benchmark's reference: the least a Next.js route handler that forwards a call costs (see route.js). Built by
 * `npm run bench` on first use; the same Next.js as the portal, from the repository's node_modules.
 */
const config = {
  poweredByHeader: false,
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
};

export default config;
