// The checks every request passes before authentication and routing: a Host this server serves
// (DNS rebinding), no request from another origin's web page (CSRF), an origin-form target with no
// dot, empty, encoded-slash or backslash segment, and `application/json` on every body. The
// decisions for each spelling, and why, are in docs/backend.md ("Which requests are served").
import type { IncomingMessage } from 'node:http';
import { canonicalHostname, isLoopbackHostname } from './allowed-hosts';
import { httpError } from './http-io';

const show = (s: string) => JSON.stringify(s.length > 100 ? `${s.slice(0, 100)}…` : s);

/** The one Host header's value, when it names a host this server serves. */
export function checkHost(values: readonly string[], allowed: ReadonlySet<string>): string {
  if (values.length === 0) {
    throw httpError(400, 'api.bad_request', 'the request has no Host header', 'send Host: 127.0.0.1:<port> (HTTP/1.1 clients do on their own)');
  }
  if (values.length > 1) throw httpError(400, 'api.bad_request', `the request has ${values.length} Host headers`, 'send exactly one');
  const value = values[0];
  const name = canonicalHostname(value);
  if (name === undefined) {
    throw httpError(400, 'api.bad_request', `the Host header ${show(value)} is not host[:port]`, 'a name or an address, an IPv6 address in brackets without a zone id');
  }
  if (!isLoopbackHostname(name) && !allowed.has(name)) {
    throw httpError(403, 'api.host_not_allowed', `this server does not serve the host ${show(name)}`, `if clients reach it by that name, start it with --allowed-host ${name} (or PONTE_ALLOWED_HOSTS)`);
  }
  return value;
}

/** Browsers say where a request comes from; only the server's own origin (a page it served, the
 * monitoring proxy's) may call it. The scheme is not the server's to know behind a TLS proxy. */
export function checkBrowserOrigin(host: string, origin: string | undefined, fetchSite: string | undefined): void {
  const hint = "the Ponte API serves its CLI, the editor and scripts, which send no Origin or Sec-Fetch-Site; web pages of other sites may not call it";
  if (origin !== undefined && origin !== new URL(`http://${host}`).origin && origin !== new URL(`https://${host}`).origin) {
    throw httpError(403, 'api.cross_origin', `requests from a web page of another origin are refused (Origin: ${show(origin)})`, hint);
  }
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw httpError(403, 'api.cross_origin', `requests a browser sends from another site are refused (Sec-Fetch-Site: ${show(fetchSite)})`, hint);
  }
}

const badTarget = (what: string) => httpError(400, 'api.bad_request', `the request path ${what}`, 'send a plain path such as /api/v1/runs; ids go in one segment, %-encoded once');

/** Only origin-form targets, decoded once and never resolved: URL parsing would otherwise turn
 * `/api/v1/x/%2e%2e/runs` or `http://x/...` into another route. */
export function checkRequestTarget(target: string): void {
  if (!target.startsWith('/')) throw badTarget(`${show(target)} is not a path: absolute and authority forms are not served`);
  const path = target.split(/[?#]/)[0];
  if (path.includes('\\')) throw badTarget('has a backslash');
  const segments = path.split('/').slice(1);
  segments.forEach((raw, i) => {
    if (raw === '') {
      if (i < segments.length - 1) throw badTarget('has an empty segment');
      return;
    }
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      throw badTarget('has a malformed %-escape');
    }
    if (s === '.' || s === '..') throw badTarget(`has a dot segment (${show(raw)})`);
    if (/[/\\]/.test(s)) throw badTarget(`has an encoded slash or backslash (${show(raw)})`);
    if (/%(2e|2f|5c)/i.test(s)) throw badTarget(`has a doubly encoded dot, slash or backslash (${show(raw)})`);
  });
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** POST, PUT and PATCH carry a body even when it is empty; any other method when it declares one. */
export function hasBody(method: string, headers: IncomingMessage['headers']): boolean {
  const length = headers['content-length'];
  return BODY_METHODS.has(method) || (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined;
}

/** JSON on every body, an empty one too: a browser sends text/plain, a form type or no type at all
 * across origins without asking first, and application/json only after a preflight no route answers. */
export function checkMediaType(contentType: string | undefined): void {
  const type = contentType ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw httpError(415, 'api.unsupported_media_type', `expected content-type: application/json, got ${type ? show(type) : 'none'}`, 'send the body (even an empty one, {}) as application/json');
  }
}

function headerValues(req: IncomingMessage, name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === name) out.push(req.rawHeaders[i + 1]);
  return out;
}

/** All the checks, in the order that says least to a stranger: host, origin, then the target. */
export function guardRequest(req: IncomingMessage, allowed: ReadonlySet<string>): void {
  const host = checkHost(headerValues(req, 'host'), allowed);
  checkBrowserOrigin(host, req.headers.origin, req.headers['sec-fetch-site']);
  checkRequestTarget(req.url ?? '/');
}
