// The /api/v1 routes: each reads its path, query and body and calls one PonteApi method, which
// validates the input itself. Route patterns are the metric labels, so ids never explode them.
import { invalid, LIMITS, type Deployment, type Json, type PonteApi } from '../core/api';
import { monitorSettingsOf } from '../core/monitor';
import { PonteError } from '../core/errors';
import { Router, type RouteResult } from './router';

export interface RouteContext {
  api: PonteApi;
  query: URLSearchParams;
  body(limit?: number): Promise<unknown>;
  /** Counts predictions newly stored, for /metrics. */
  ingested(n: number): void;
}

/** Bodies of batch routes may be large (10,000 predictions); the rest stay small. */
export const SMALL_BODY = 1024 * 1024;

const NUMERIC_QUERY = new Set(['limit']);

/** Query parameters as an input object; numeric ones converted when they look numeric. */
function queryObject(q: URLSearchParams): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of q) o[k] = NUMERIC_QUERY.has(k) && /^\d{1,9}$/.test(v) ? Number(v) : v;
  return o;
}

/** The body as an object (an empty body is `{}`); a non-object is rejected. */
async function objectBody(ctx: RouteContext, limit = SMALL_BODY): Promise<Record<string, unknown>> {
  const b = await ctx.body(limit);
  if (b === undefined) return {};
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw invalid('body', 'expected a JSON object');
  return b as Record<string, unknown>;
}

/** `{key: value}` of a body that must hold exactly the named field. */
async function field(ctx: RouteContext, name: string, limit?: number): Promise<unknown> {
  const b = await objectBody(ctx, limit);
  for (const k of Object.keys(b)) if (k !== name) throw invalid(`body.${k.slice(0, 50)}`, 'is not a known field', `send {"${name}": ...}`);
  if (b[name] === undefined) throw invalid(`body.${name}`, 'is required');
  return b[name];
}

function version(s: string): number | string {
  return /^\d{1,9}$/.test(s) ? Number(s) : s;
}

function noQuery(ctx: RouteContext): void {
  for (const k of ctx.query.keys()) throw invalid(`query.${k.slice(0, 50)}`, 'is not a known parameter');
}

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const created = (body: unknown): RouteResult => ({ status: 201, body });
const none: RouteResult = { status: 204 };

export function apiRoutes(bigBody: number): Router<RouteContext> {
  const r = new Router<RouteContext>();
  const p = '/api/v1';
  r.add('GET', `${p}/health`, async (c) => ok(await c.api.health()));

  r.add('POST', `${p}/runs`, async (c) => created(await c.api.createRun((await objectBody(c)) as never)));
  r.add('POST', `${p}/runs/search`, async (c) => ok(await c.api.searchRuns(await objectBody(c))));
  r.add('GET', `${p}/runs`, async (c) => {
    const q = queryObject(c.query);
    const { orderBy, direction, ...rest } = q;
    const input = orderBy === undefined && direction === undefined ? rest : { ...rest, orderBy: { field: orderBy, ...(direction === undefined ? {} : { direction }) } };
    return ok(await c.api.searchRuns(input));
  });
  r.add('GET', `${p}/runs/:id`, async (c, a) => (noQuery(c), ok(await c.api.getRun(a.id))));
  r.add('PATCH', `${p}/runs/:id`, async (c, a) => ok(await c.api.updateRun(a.id, await objectBody(c))));
  r.add('DELETE', `${p}/runs/:id`, async (c, a) => (await c.api.deleteRun(a.id), none));
  r.add('POST', `${p}/runs/:id/metrics`, async (c, a) => (await c.api.logMetrics(a.id, (await field(c, 'metrics', bigBody)) as never), none));
  r.add('POST', `${p}/runs/:id/params`, async (c, a) => (await c.api.logParams(a.id, (await field(c, 'params')) as never), none));
  r.add('PUT', `${p}/runs/:id/plots`, async (c, a) => (await c.api.putRunPlots(a.id, (await field(c, 'plots', bigBody)) as never), none));
  r.add('GET', `${p}/runs/:id/plots`, async (c, a) => (noQuery(c), ok(await c.api.listRunPlots(a.id))));

  r.add('GET', `${p}/models`, async (c) => (noQuery(c), ok(await c.api.listModelVersions())));
  r.add('GET', `${p}/models/:name/versions`, async (c, a) => (noQuery(c), ok(await c.api.listModelVersions(a.name))));
  r.add('POST', `${p}/models/:name/versions`, async (c, a) => {
    const b = await objectBody(c);
    if ('name' in b) throw invalid('body.name', 'is given by the path', `POST /api/v1/models/<name>/versions`);
    return created(await c.api.registerModelVersion({ ...b, name: a.name } as never));
  });
  r.add('GET', `${p}/models/:name/versions/:version`, async (c, a) => ok(await c.api.getModelVersion(a.name, version(a.version) as number)));
  r.add('PUT', `${p}/models/:name/aliases/:alias`, async (c, a) => ok(await c.api.setAlias(a.name, a.alias, (await field(c, 'version')) as number)));
  r.add('GET', `${p}/models/:name/aliases/:alias`, async (c, a) => {
    const mv = await c.api.getAlias(a.name, a.alias);
    if (!mv) throw new PonteError('api.not_found', `alias '${a.alias}' of model '${a.name}' is not set`, { hint: 'set it with PUT /api/v1/models/<name>/aliases/<alias>' });
    return ok(mv);
  });

  r.add('GET', `${p}/datasets`, async (c) => (noQuery(c), ok(await c.api.listDatasetVersions())));
  r.add('GET', `${p}/datasets/:name/versions`, async (c, a) => (noQuery(c), ok(await c.api.listDatasetVersions(a.name))));
  r.add('POST', `${p}/datasets/:name/versions`, async (c, a) => {
    const b = await objectBody(c);
    if ('name' in b) throw invalid('body.name', 'is given by the path');
    return created(await c.api.registerDatasetVersion({ ...b, name: a.name } as never));
  });

  r.add('GET', `${p}/deployments`, async (c) => (noQuery(c), ok(await c.api.listDeployments())));
  r.add('PUT', `${p}/deployments/:name`, async (c, a) => {
    const b = await objectBody(c);
    if ('name' in b) throw invalid('body.name', 'is given by the path');
    return ok(await c.api.upsertDeployment({ ...b, name: a.name }));
  });
  r.add('GET', `${p}/deployments/:name`, async (c, a) => (noQuery(c), ok(await c.api.getDeployment(a.name))));
  r.add('GET', `${p}/deployments/:name/history`, async (c, a) => (noQuery(c), ok(await c.api.deploymentHistory(a.name))));
  r.add('PUT', `${p}/deployments/:name/monitor`, async (c, a) => {
    noQuery(c);
    const monitor = (await field(c, 'monitor')) as Record<string, Json>;
    try {
      // Read as the window closer will, so a bad value is refused now, named by its field.
      monitorSettingsOf({ name: a.name, config: { monitor } } as unknown as Deployment);
    } catch (e) {
      if (e instanceof PonteError) throw new PonteError('api.invalid', e.message.replace(/^deployment \S+: config\.monitor/, 'body.monitor'), { hint: e.hint });
      throw e;
    }
    return ok(await c.api.setMonitorSettings(a.name, monitor));
  });
  r.add('GET', `${p}/deployments/:name/windows`, async (c, a) => {
    const { limit, ...rest } = queryObject(c.query);
    for (const k of Object.keys(rest)) throw invalid(`query.${k.slice(0, 50)}`, 'is not a known parameter');
    return ok(await c.api.listWindows(a.name, (limit ?? LIMITS.defaultPageSize) as number));
  });

  r.add('POST', `${p}/predictions`, async (c) => {
    const result = await c.api.ingestPredictions((await field(c, 'predictions', bigBody)) as never);
    c.ingested(result.accepted);
    return ok(result);
  });
  r.add('GET', `${p}/predictions`, async (c) => ok(await c.api.listPredictions(queryObject(c.query) as never)));
  r.add('POST', `${p}/feedback`, async (c) => ok(await c.api.addFeedback((await field(c, 'labels', bigBody)) as never)));

  r.add('POST', `${p}/windows`, async (c) => created(await c.api.recordWindow((await objectBody(c, bigBody)) as never)));

  r.add('PUT', `${p}/reference-profiles/:dataset/:hash`, async (c, a) => ok(await c.api.putReferenceProfile(a.dataset, a.hash, (await field(c, 'profile', bigBody)) as never)));
  r.add('GET', `${p}/reference-profiles/:dataset/:hash`, async (c, a) => {
    noQuery(c);
    const stored = await c.api.getReferenceProfile(a.dataset, a.hash);
    if (!stored) throw new PonteError('api.not_found', `no reference profile of '${a.dataset}' at ${a.hash}`, { hint: 'ponte deploy uploads it with the monitoring settings' });
    return ok(stored);
  });

  r.add('POST', `${p}/drift-reports`, async (c) => created(await c.api.addDriftReport((await objectBody(c, bigBody)) as never)));
  r.add('GET', `${p}/drift-reports`, async (c) => ok(await c.api.listDriftReports(queryObject(c.query))));

  r.add('POST', `${p}/alerts`, async (c) => created(await c.api.fireAlert((await objectBody(c)) as never)));
  r.add('GET', `${p}/alerts`, async (c) => ok(await c.api.listAlerts(queryObject(c.query))));
  r.add('POST', `${p}/alerts/:id/acknowledge`, async (c, a) => {
    const b = await objectBody(c);
    for (const k of Object.keys(b)) if (k !== 'by') throw invalid(`body.${k.slice(0, 50)}`, 'is not a known field');
    return ok(await c.api.acknowledgeAlert(a.id, b.by as string | undefined));
  });

  r.add('POST', `${p}/audit`, async (c) => created(await c.api.appendAudit((await objectBody(c)) as never)));
  r.add('GET', `${p}/audit`, async (c) => ok(await c.api.listAudit(queryObject(c.query))));
  return r;
}
