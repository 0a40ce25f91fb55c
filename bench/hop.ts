/**
 * The floor: a bare `node:http` passthrough with a keep-alive upstream pool, nothing else. Whatever a BFF adds
 * over this is the BFF's own cost.   node --import tsx bench/hop.ts <port> <upstream-url>
 */
import http from 'node:http';

const [port, upstream] = process.argv.slice(2);
const target = new URL(upstream!);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

http
  .createServer((req, res) => {
    const out = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  })
  .listen(Number(port), '127.0.0.1');
