// Talks to a data watcher's socket byte for byte, as a broken or hostile client would.
import { createConnection } from 'node:net';
import { watchSocketPath } from '../../../../../src/core/data/watch-client';

/** Sends `bytes` (then half-closes) and resolves with everything the watcher sent back. */
export function rawRequest(root: string, bytes: string | Buffer): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const c = createConnection(watchSocketPath(root));
    let out = '';
    c.setEncoding('utf8');
    c.on('data', (d: string) => (out += d));
    c.on('close', () => resolve(out));
    // The watcher may hang up before reading everything (an oversized request).
    c.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? resolve(out) : reject(e)));
    c.end(bytes);
  });
}
