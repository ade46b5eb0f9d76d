// The one door for messages from a webview: each is checked by the shared protocol's
// parseFromWebview and handed to the handler for its type (a map, not a switch). A malformed or
// unknown message is dropped and logged once per kind, so a page that misbehaves in a loop
// cannot flood the log or throw into the extension host.
import { parseFromWebview, type FromWebview } from '../../shared/webview-protocol';

export type InboxHandlers = { [K in FromWebview['type']]?: (message: Extract<FromWebview, { type: K }>) => unknown };

export interface InboxOptions {
  /** Where a dropped message (once per kind) and a failing handler are reported. */
  log(line: string): void;
  /** Kinds remembered; past it, one last line says further ones go unlogged. */
  maxKinds?: number;
}

/** What a dropped message is, for logging it once: its `type` when it has one, else its shape. */
export function messageKind(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  if (typeof raw !== 'object') return `a ${typeof raw}`;
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string') return type === undefined ? 'an object without a type' : `an object whose type is a ${type === null ? 'null' : typeof type}`;
  return `type '${type.slice(0, 60)}'`;
}

/** A function to give every raw message to; it never throws. */
export function createInbox(handlers: InboxHandlers, options: InboxOptions): (raw: unknown) => void {
  const seen = new Set<string>();
  const maxKinds = options.maxKinds ?? 200;
  const once = (kind: string, line: string) => {
    if (seen.has(kind)) return;
    if (seen.size === maxKinds) {
      seen.add(kind);
      options.log(`webview: more kinds of malformed messages than ${maxKinds}; further ones are dropped without a word`);
      return;
    }
    if (seen.size > maxKinds) return;
    seen.add(kind);
    options.log(line);
  };
  return (raw: unknown) => {
    let message: FromWebview | undefined;
    try {
      message = parseFromWebview(raw);
    } catch {
      // a getter that throws, a revoked proxy: still just a malformed message
      message = undefined;
    }
    if (!message) {
      let kind: string;
      try {
        kind = messageKind(raw);
      } catch {
        kind = 'an unreadable value';
      }
      once(kind, `webview: dropped a malformed or unknown message (${kind}); further ones of this kind are not logged`);
      return;
    }
    const handler = handlers[message.type] as ((m: FromWebview) => unknown) | undefined;
    if (!handler) return;
    try {
      const result = handler(message);
      if (result instanceof Promise) result.catch((e: unknown) => options.log(`webview: handling '${message.type}' failed: ${String((e as Error)?.message ?? e)}`));
    } catch (e) {
      options.log(`webview: handling '${message.type}' failed: ${String((e as Error)?.message ?? e)}`);
    }
  };
}
