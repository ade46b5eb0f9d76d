// Incoming messages → the page's handlers. Every message passes parseToWebview first; one that is
// malformed or unknown is logged once (a short description, never the whole payload) and dropped:
// the handler never throws, and a handler that throws is logged the same way.
import { parseToWebview, type ToWebview } from '../src/shared/webview-protocol';

export type Handlers = { [K in ToWebview['type']]: (msg: Extract<ToWebview, { type: K }>) => void };

function describe(x: unknown): string {
  if (typeof x !== 'object' || x === null) return x === null ? 'null' : typeof x;
  const type = (x as { type?: unknown }).type;
  return typeof type === 'string' ? `a "${type.slice(0, 40)}" message with the wrong shape` : 'an object with no type';
}

export function createMessageHandler(handlers: Handlers, log: (line: string) => void): (raw: unknown) => void {
  return (raw) => {
    let msg: ToWebview | undefined;
    try {
      msg = parseToWebview(raw);
    } catch (e) {
      log(`ponte dashboard: ignored ${describe(raw)} (${(e as Error).message})`);
      return;
    }
    if (!msg) {
      log(`ponte dashboard: ignored ${describe(raw)}`);
      return;
    }
    try {
      (handlers[msg.type] as (m: ToWebview) => void)(msg);
    } catch (e) {
      log(`ponte dashboard: a "${msg.type}" message could not be shown: ${(e as Error).message}`);
    }
  };
}
