import 'server-only';
import http from 'node:http';
import https from 'node:https';

export interface KeepAliveFetchOptions {
  /** Sockets open to the upstream host at once; requests beyond it queue in the agent. */
  maxSockets: number;
  /** An idle socket is closed after this many ms (sooner if the server's Keep-Alive header asks). Default 4 000. */
  idleMs?: number;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The portal's upstream HTTP: a `fetch`-shaped function over `node:http(s)` with one keep-alive agent, so every
 * call reuses a warm connection, the socket count is bounded, and the call skips the framework's patched global
 * `fetch` (whose caching the portal never wants). It covers exactly what the Devin client uses: method, headers,
 * a string body, an AbortSignal, no redirects followed (a 3xx is answered as is, so the bearer token only ever
 * goes to the configured host), and a fully buffered response. Failures look like undici's: `TypeError('fetch
 * failed')` with the socket error (and its `code`) as `cause`, or the signal's reason when it aborted.
 */
export function createKeepAliveFetch(options: KeepAliveFetchOptions): typeof fetch {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets, timeout: options.idleMs ?? 4_000 };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  return (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent) return Promise.reject(new TypeError(`fetch failed: unsupported protocol ${url.protocol}`));
    if (init.redirect && init.redirect !== 'manual') return Promise.reject(new TypeError('keep-alive fetch only answers redirects as they are (redirect: manual)'));
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
      return Promise.reject(new TypeError('keep-alive fetch sends string bodies only'));
    }
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const headers = new Headers(init.headers);
    const body = init.body ?? undefined;
    if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)));

    return new Promise<Response>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: init.method ?? 'GET',
        headers: Object.fromEntries(headers),
        agent,
      });
      const onAbort = () => request.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => signal?.removeEventListener('abort', onAbort);

      request.on('error', (err) => {
        settle();
        reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: err }));
      });
      request.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => {
          settle();
          reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: err }));
        });
        res.on('end', () => {
          settle();
          const status = res.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          try {
            resolve(
              new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage ?? '',
                headers: responseHeaders,
              }),
            );
          } catch (err) {
            reject(new TypeError('fetch failed', { cause: err }));
          }
        });
      });
      request.end(body);
    });
  };
}
