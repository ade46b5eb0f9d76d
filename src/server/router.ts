// A route table: `METHOD /api/v1/runs/:id` patterns matched segment by segment. Path segments
// are percent-decoded once; a malformed escape or a dot segment is a 400 or 404, never a lookup.
import { httpError } from './http-io';

export interface Route<C> {
  method: string;
  pattern: string;
  handle(ctx: C, params: Record<string, string>): Promise<RouteResult>;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
}

interface Compiled<C> {
  route: Route<C>;
  segments: string[];
}

export interface RouteMatch<C> {
  route: Route<C>;
  params: Record<string, string>;
}

export class Router<C> {
  private readonly compiled: Compiled<C>[] = [];

  add(method: string, pattern: string, handle: Route<C>['handle']): this {
    this.compiled.push({ route: { method, pattern, handle }, segments: pattern.split('/').filter(Boolean) });
    return this;
  }

  /** The matching route, or a 404 / 405 PonteError. */
  match(method: string, pathname: string): RouteMatch<C> {
    const raw = pathname.split('/').filter(Boolean);
    let parts: string[];
    try {
      parts = raw.map((s) => decodeURIComponent(s));
    } catch {
      throw httpError(400, 'api.bad_request', 'the path has a malformed %-escape');
    }
    let methodMismatch = false;
    for (const c of this.compiled) {
      if (c.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const s = c.segments[i];
        if (s.startsWith(':')) {
          if (parts[i] === '.' || parts[i] === '..' || parts[i].includes('/')) ok = false;
          else params[s.slice(1)] = parts[i];
        } else ok = s === parts[i];
      }
      if (!ok) continue;
      if (c.route.method !== method) {
        methodMismatch = true;
        continue;
      }
      return { route: c.route, params };
    }
    if (methodMismatch) throw httpError(405, 'api.method_not_allowed', `${method} is not allowed on ${pathname.slice(0, 200)}`);
    throw httpError(404, 'api.not_found', `no route for ${method} ${pathname.slice(0, 200)}`, 'see docs/api.md for the routes');
  }
}
