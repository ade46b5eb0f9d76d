// Requests written byte for byte on a socket, for what fetch and http.request will not send:
// no Host, two Host headers, HTTP/1.0, absolute-form targets, odd Host and Origin spellings.
import * as net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: string;
  body: string;
}

export interface RawRequest {
  method?: string;
  target: string;
  /** Header lines in order; none added except content-length (with a body) and connection: close. */
  headers?: [string, string][];
  body?: string;
  version?: '1.0' | '1.1';
}

/** Sends one request and reads the answer to the end (the request asks to close the connection). */
export function rawRequest(port: number, r: RawRequest): Promise<RawAnswer> {
  const lines = [`${r.method ?? 'GET'} ${r.target} HTTP/${r.version ?? '1.1'}`, ...(r.headers ?? []).map(([k, v]) => `${k}: ${v}`)];
  if (r.body !== undefined) lines.push(`content-length: ${Buffer.byteLength(r.body)}`);
  lines.push('connection: close');
  const text = `${lines.join('\r\n')}\r\n\r\n${r.body ?? ''}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (data += d));
    socket.on('error', reject);
    socket.on('end', () => {
      const split = data.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, headers: data.slice(0, split), body: data.slice(split + 4) });
    });
  });
}

/** The error code of a JSON error answer, or undefined. */
export function errorCode(a: RawAnswer): string | undefined {
  try {
    return (JSON.parse(a.body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
