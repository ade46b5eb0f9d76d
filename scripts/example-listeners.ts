// What `npm run example` listens with while the loop runs: the local webhook sink that ponte.yaml's
// drift alert points at (each delivery kept, and appended to a JSON-lines file), and a subscriber
// to the backend's event stream, the one the editor listens to (each event kept).
import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';

export interface WebhookSink {
  url: string;
  received: { at: string; body: unknown }[];
  close(): Promise<void>;
}

/** Listens where `url` (an http://127.0.0.1:PORT/path webhook) points; a port in use is named. */
export async function startWebhookSink(url: string, file: string): Promise<WebhookSink> {
  const u = new URL(url);
  if (u.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(u.hostname)) {
    throw new Error(`the drift alert's webhook is ${url}: the example's sink listens on http://127.0.0.1:PORT/... only; point monitor.alerts[].webhook there`);
  }
  const received: WebhookSink['received'] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== u.pathname) {
        res.writeHead(404).end();
        return;
      }
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text: the sink records what arrived
      }
      const entry = { at: new Date().toISOString(), body };
      received.push(entry);
      appendFileSync(file, `${JSON.stringify(entry)}\n`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${u.port} of the webhook sink (${url}, from ponte.yaml) is in use: stop what holds it, or change the port there`) : e),
    );
    server.listen(Number(u.port || 80), u.hostname, resolve);
  });
  return {
    url,
    received,
    close: () => new Promise((r) => {
      server.close(() => r());
      // the backend's delivery client keeps its connection alive: do not wait for it to let go
      server.closeAllConnections();
    }),
  };
}

export interface EventRecorder {
  events: { type: string; [k: string]: unknown }[];
  close(): void;
}

/** Subscribes to `${backend}/api/v1/events` (server-sent events) and keeps every event. */
export async function recordEvents(backend: string, token: string | undefined): Promise<EventRecorder> {
  const events: EventRecorder['events'] = [];
  const stop = new AbortController();
  const res = await fetch(`${backend}/api/v1/events`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: stop.signal });
  if (!res.ok || !res.body) throw new Error(`the event stream answered HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (data) events.push(JSON.parse(data) as EventRecorder['events'][number]);
        }
      }
    } catch {
      // closed: by close(), or the backend stopped
    }
  })();
  return { events, close: () => stop.abort() };
}
