// Which names a request's Host header may carry (the DNS-rebinding defence): loopback names and
// addresses, the names the operator configured, and the address the server binds to. A Host is
// read with the WHATWG URL host parser, the one browsers apply before they send it, so a spelling
// is judged as the browser saw it: `127.1` is 127.0.0.1, `LOCALHOST` is localhost, `localhost.` is
// another name (another origin), and a zone id or a %-escape is not a host at all.
import { networkInterfaces } from 'node:os';
import { PonteError } from '../core/errors';

/** A name (letters, digits, ".", "-", "_") or a bracketed IPv6 address without a zone id. */
const HOSTNAME = String.raw`(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)`;
const HOST_SYNTAX = new RegExp(`^${HOSTNAME}(?::\\d{1,5})?$`);
const HOSTNAME_SYNTAX = new RegExp(`^${HOSTNAME}$`);

/** The hostname as a browser serialises it (lower case, IPv4 dotted decimal, IPv6 bracketed and
 * compressed), or undefined when `value` is not `host[:port]`. */
export function canonicalHostname(value: string): string | undefined {
  if (!HOST_SYNTAX.test(value)) return undefined;
  try {
    return new URL(`http://${value}/`).hostname;
  } catch {
    return undefined;
  }
}

/** localhost, 127.0.0.0/8, ::1 and IPv4-mapped 127.0.0.0/8: names no DNS answer can move. The
 * address is matched whole: `127.0.0.1.evil.example` is a name its owner's DNS answers for. */
export function isLoopbackHostname(canonical: string): boolean {
  return canonical === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(canonical) || canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

/** A bind address (`--host`; IPv6 with or without brackets) that only this machine can reach. */
export function isLoopbackBind(host: string): boolean {
  const c = canonicalHostname(bracketed(host));
  return c !== undefined && isLoopbackHostname(c);
}

const bracketed = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/** A configured name (`--allowed-host`, PONTE_ALLOWED_HOSTS) in canonical form; `source` names
 * where it came from in the error. */
export function parseAllowedHost(value: string, source: string): string {
  const name = bracketed(value.trim());
  const c = HOSTNAME_SYNTAX.test(name) ? canonicalHostname(name) : undefined;
  if (c === undefined) {
    throw new PonteError('usage.bad_allowed_host', `${source}: '${value}' is not a host name or address`, {
      hint: 'give a name or an address without a port or a wildcard, e.g. --allowed-host ponte.example.org',
    });
  }
  return c;
}

const WILDCARDS = new Set(['0.0.0.0', '[::]']);

/** The Host names a server serves besides loopback: the configured ones and its bind address. A
 * wildcard bind is reached through every address of this machine, so those count too; an
 * address cannot be rebound by DNS, only a name can. */
export function allowedHostnames(bindHost: string, configured: readonly string[] = []): Set<string> {
  const names = new Set(configured.map((n) => parseAllowedHost(n, 'allowed host')));
  const bind = canonicalHostname(bracketed(bindHost));
  if (bind) names.add(bind);
  if (bind && WILDCARDS.has(bind)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) {
        const c = canonicalHostname(bracketed(a.address));
        if (c) names.add(c);
      }
    }
  }
  return names;
}
