// The reference the monitoring proxy is held against: the least a Node.js HTTP forwarder does
// (keep-alive agent, body buffered, answer buffered, nothing recorded, no metrics, no routing).
// bench/proxy.bench.ts runs it as a process of its own next to `ponte serve`'s proxy, on the
// same upstream, so what the proxy costs beyond forwarding itself can be told from what any
// forwarder costs on this machine.
// Run: npx tsx bench/bare-forwarder.ts UPSTREAM  (prints the URL it listens on)
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const upstream = process.argv[2].replace(/\/+$/, '');
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function readAll(stream: http.IncomingMessage, done: (b: Buffer) => void): void {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(Buffer.concat(chunks)));
}

const server = http.createServer((req, res) => {
  readAll(req, (body) => {
    const out = http.request(upstream + req.url, { method: req.method, headers: { 'content-type': 'application/json', 'content-length': body.length }, agent }, (answer) => {
      readAll(answer, (a) => {
        res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json', 'content-length': a.length });
        res.end(a);
      });
    });
    out.on('error', () => res.writeHead(502).end());
    out.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
