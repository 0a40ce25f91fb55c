import 'server-only';
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

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
 * goes to the configured host), a fully buffered response, decoded when the server compressed it, and one resend
 * of a request that met a pooled socket the server had just closed. Failures look like undici's: `TypeError('fetch
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

    // Asked for compressed answers, as fetch would: Devin's larger pages (audit logs) shrink several times.
    if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate, br');
    const send = (isRetry: boolean): Promise<Response> =>
      new Promise<Response>((resolve, reject) => {
        const request = (url.protocol === 'https:' ? https : http).request(url, {
          method: init.method ?? 'GET',
          headers: Object.fromEntries(headers),
          agent,
        });
        let answered = false;
        const onAbort = () => request.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        signal?.addEventListener('abort', onAbort, { once: true });
        const settle = () => signal?.removeEventListener('abort', onAbort);
        const fail = (err: unknown) => {
          settle();
          reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: err }));
        };

        request.on('error', (err: NodeJS.ErrnoException) => {
          // A pooled socket the server closed just as it was reused: the request never reached the server (no answer
          // began), so sending it once more on a new socket is safe even for a write. Node documents this pattern.
          if (!answered && !isRetry && request.reusedSocket && err.code === 'ECONNRESET' && !signal?.aborted) {
            settle();
            resolve(send(true));
            return;
          }
          fail(err);
        });
        request.on('response', (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', fail);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const responseHeaders = new Headers();
            for (let i = 0; i < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
            const raw = Buffer.concat(chunks);
            decode(raw, responseHeaders.get('content-encoding')).then((body) => {
              settle();
              if (body !== null) {
                // What the Response holds is the decoded body, as fetch's would be.
                responseHeaders.delete('content-encoding');
                responseHeaders.delete('content-length');
              }
              try {
                resolve(
                  new Response(NULL_BODY_STATUSES.has(status) ? null : bytes(body ?? raw), {
                    status,
                    statusText: res.statusMessage ?? '',
                    headers: responseHeaders,
                  }),
                );
              } catch (err) {
                reject(new TypeError('fetch failed', { cause: err }));
              }
            }, fail);
          });
        });
        request.end(body);
      });
    return send(false);
  };
}

/** The body decoded per Content-Encoding; null when it was not encoded (or in a coding this transport does not ask for). */
function decode(raw: Buffer, encoding: string | null): Promise<Buffer | null> {
  const coding = encoding?.trim().toLowerCase();
  const run = coding === 'gzip' || coding === 'x-gzip' ? zlib.gunzip : coding === 'deflate' ? zlib.inflate : coding === 'br' ? zlib.brotliDecompress : null;
  if (!run || raw.length === 0) return Promise.resolve(null);
  return new Promise((resolve, reject) => run(raw, (err, out) => (err ? reject(err) : resolve(out))));
}

/** A Buffer as a plain Uint8Array over the same memory (what a Response body accepts), without copying. */
function bytes(b: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
}
