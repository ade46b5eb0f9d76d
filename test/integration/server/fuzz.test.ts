// Fuzzing: 1,000 generated bad requests (random JSON, wrong types, oversized bodies, invalid
// UTF-8, odd ids, path tricks, wrong methods and media types, bad queries, valid writes from a
// rebound Host or another site's page, empty untyped bodies) all get a 4xx, the
// server stays up, and nothing is written. Seeded, so a failure replays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { startBackend } from './lib/backends';

const SEED = Number(process.env.PONTE_FUZZ_SEED ?? 20261127);
const COUNT = 1000;
const MAX_BODY = 256 * 1024;

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

interface BadRequest {
  kind: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const JSON_HEADERS = { 'content-type': 'application/json' };

function randomString(r: Rng, max = 12): string {
  const alphabet = 'abcXYZ019 _-./\\%$é€😀\u0007"\'{}[]';
  return Array.from({ length: 1 + r.int(max) }, () => r.pick([...alphabet])).join('');
}

function randomJson(r: Rng, depth = 0): unknown {
  const k = r.int(depth > 3 ? 4 : 6);
  if (k === 0) return r.next() * 1e6 - 5e5;
  if (k === 1) return randomString(r);
  if (k === 2) return r.pick([true, false, null]);
  if (k === 3) return r.int(1000);
  if (k === 4) return Array.from({ length: r.int(4) }, () => randomJson(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < 1 + r.int(4); i++) o[`z_${randomString(r, 6)}`] = randomJson(r, depth + 1);
  return o;
}

/** Write routes with a valid body, and the fields whose type is fixed (safe to corrupt). */
const TEMPLATES: { method: string; path: string; body: Record<string, unknown>; typed: string[] }[] = [
  { method: 'POST', path: '/api/v1/runs', body: { project: 'fuzz', name: 'r', params: { a: 1 }, status: 'running', gitDirty: false }, typed: ['project', 'name', 'params', 'status', 'gitDirty'] },
  { method: 'POST', path: '/api/v1/models/fuzz/versions', body: { uri: 'm.pkl', metrics: { acc: 1 } }, typed: ['uri', 'metrics'] },
  { method: 'POST', path: '/api/v1/datasets/fuzz/versions', body: { hash: 'h', path: 'd.csv', size: 1 }, typed: ['hash', 'path', 'size'] },
  { method: 'PUT', path: '/api/v1/deployments/fuzz', body: { target: 'docker', status: 'running', modelVersion: 1 }, typed: ['target', 'status', 'modelVersion'] },
  { method: 'POST', path: '/api/v1/predictions', body: { predictions: [{ id: 'f1', deployment: 'fuzz', features: { a: 1 }, prediction: 1, latencyMs: 2 }] }, typed: ['predictions'] },
  { method: 'POST', path: '/api/v1/windows', body: { deployment: 'fuzz', start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z', count: 1, stats: {} }, typed: ['deployment', 'start', 'end', 'count', 'stats'] },
  { method: 'POST', path: '/api/v1/alerts', body: { kind: 'drift', message: 'm', severity: 'info' }, typed: ['kind', 'message', 'severity'] },
  { method: 'POST', path: '/api/v1/audit', body: { actor: 'a', action: 'b', details: {} }, typed: ['actor', 'action', 'details'] },
  {
    method: 'POST', path: '/api/v1/drift-reports', typed: ['project', 'title', 'report'],
    body: { project: 'fuzz', title: 'a → b', report: { mode: 'exact', reference: { file: 'a', rows: 1 }, current: { file: 'b', rows: 1 }, columns: [], summary: { columns: 0, drifted: 0, share: 0, share_threshold: 0.5, dataset_drift: false } } },
  },
];

function wrongType(r: Rng, v: unknown): unknown {
  const candidates: unknown[] = [42, -1.5, 'text', '', true, null, [], [1, 2], { x: 1 }, 1e400, '\u0000', '\ud800'];
  const wrong = candidates.filter((c) => typeof c !== typeof v || Array.isArray(c) !== Array.isArray(v) || c === null || (typeof c === 'string' && /[\u0000\ud800]|^$/.test(c)));
  return r.pick(wrong);
}

function generate(r: Rng): BadRequest {
  const t = r.pick(TEMPLATES);
  switch (r.int(14)) {
    case 0: // random JSON to a write route
      return { kind: 'random-json', method: t.method, path: t.path, headers: JSON_HEADERS, body: json(randomJson(r)) };
    case 1: {
      // one typed field of a valid body given the wrong type
      const field = r.pick(t.typed);
      return { kind: 'wrong-type', method: t.method, path: t.path, headers: JSON_HEADERS, body: json({ ...t.body, [field]: wrongType(r, t.body[field]) }) };
    }
    case 2: {
      // a nested field corrupted: inside the prediction or the params
      const p = { id: 'f2', deployment: 'fuzz', features: { a: 1 }, prediction: 1, latencyMs: 2 } as Record<string, unknown>;
      const field = r.pick(['id', 'deployment', 'features', 'latencyMs', 'status', 'timestamp']);
      const bad: Record<string, unknown[]> = {
        timestamp: ['yesterday', '2026-13-45', 'T', 12],
        id: ['', 'a b', '../x', 'x'.repeat(300), '\u0000', 5],
        status: ['200', -1, 1000, 1.5, null],
      };
      p[field] = bad[field] ? r.pick(bad[field]) : wrongType(r, p[field]);
      return { kind: 'nested', method: 'POST', path: '/api/v1/predictions', headers: JSON_HEADERS, body: json({ predictions: [p] }) };
    }
    case 3: {
      // oversized: over the batch limit, or over the 1 MiB limit of the other routes
      const big = r.int(2) === 0;
      const size = big ? MAX_BODY + 1 + r.int(MAX_BODY) : 1024 * 1024 + 1 + r.int(1000);
      const body = Buffer.from(JSON.stringify({ pad: 'x'.repeat(size) }));
      return { kind: 'oversized', method: 'POST', path: big ? '/api/v1/predictions' : '/api/v1/runs', headers: JSON_HEADERS, body };
    }
    case 4: {
      // invalid UTF-8 inside otherwise valid JSON
      const bad = r.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]]);
      const body = Buffer.concat([Buffer.from('{"project":"'), Buffer.from(bad), Buffer.from('"}')]);
      return { kind: 'invalid-utf8', method: 'POST', path: '/api/v1/runs', headers: JSON_HEADERS, body };
    }
    case 5: {
      // odd ids in the path
      const id = r.pick(['%00', '%ff', '%', 'a%2Fb', '%2e%2e', 'x'.repeat(5000), 'null', 'undefined', '-1', '%20', '%C3%A9', '%F0%9F%98%80', '%E2%80%AE', "'%20OR%201=1--", '{}']);
      const where = r.pick([
        ['GET', `/api/v1/runs/${id}`],
        ['DELETE', `/api/v1/runs/${id}`],
        ['GET', `/api/v1/deployments/${id}`],
        ['GET', `/api/v1/models/${id}/versions/1`],
        ['GET', `/api/v1/models/fuzz/versions/${id}`],
        ['POST', `/api/v1/alerts/${id}/acknowledge`],
      ]);
      return { kind: 'odd-id', method: where[0], path: where[1] };
    }
    case 6: {
      // path tricks
      const path = r.pick([
        '/api/v1/runs/../../healthz',
        '/api/v1/../metrics',
        '/api/v1/./runs',
        '//api/v1/runs',
        '/api/v1/runs//x',
        '/api\\v1\\runs',
        'http://evil.example/api/v1/health',
        '/api/v1/runs/%2e%2e/%2e%2e/healthz',
        '/api/v2/runs',
        '/api/v1/runs/x/y/z/w',
        '/etc/passwd',
        '/api/v1/runs/..',
      ]);
      return { kind: 'path-trick', method: 'GET', path };
    }
    case 7: // a valid body for something that does not exist: refused, nothing written
      return r.pick([
        { kind: 'missing-target', method: 'POST', path: '/api/v1/runs/doesnotexist/metrics', headers: JSON_HEADERS, body: json({ metrics: [{ key: 'a', value: 1 }] }) },
        { kind: 'missing-target', method: 'POST', path: '/api/v1/runs/doesnotexist/params', headers: JSON_HEADERS, body: json({ params: { a: 1 } }) },
        { kind: 'missing-target', method: 'PUT', path: '/api/v1/models/fuzz/aliases/production', headers: JSON_HEADERS, body: json({ version: 1 }) },
        { kind: 'missing-target', method: 'PATCH', path: '/api/v1/runs/doesnotexist', headers: JSON_HEADERS, body: json({ status: 'failed' }) },
      ]);
    case 8: // wrong method
      return { kind: 'wrong-method', method: r.pick(['DELETE', 'PUT', 'PATCH']), path: r.pick(['/api/v1/predictions', '/api/v1/feedback', '/api/v1/audit', '/healthz', '/api/v1/events']) };
    case 9: // a valid body with the wrong media type
      return { kind: 'media-type', method: t.method, path: t.path, headers: { 'content-type': r.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) }, body: json(t.body) };
    case 10: {
      // bad queries
      const q = r.pick(['deployment=fuzz&limit=100000', 'deployment=fuzz&limit=-1', 'deployment=fuzz&limit=abc', 'limit=5&deployment=', 'deployment=fuzz&pageToken=%%%', 'deployment=fuzz&pageToken=bm9wZQ', 'deployment=fuzz&since=yesterday', 'deployment=fuzz&evil=1']);
      return { kind: 'bad-query', method: 'GET', path: `/api/v1/${r.pick(['predictions', 'predictions', 'alerts', 'audit'])}?${q}` };
    }
    case 11: {
      // a valid write from a rebound name or another site's page: refused, nothing written
      const foreign = r.pick<Record<string, string>>([
        { host: 'evil.example' },
        { host: 'localhost.' },
        { host: '127.0.0.1.evil.example' },
        { origin: 'http://evil.example' },
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
      ]);
      return { kind: 'foreign', method: t.method, path: t.path, headers: { ...JSON_HEADERS, ...foreign }, body: json(t.body) };
    }
    case 12: // an empty body without the JSON media type (a cross-site "simple" request)
      return { kind: 'empty-untyped', method: 'PUT', path: '/api/v1/deployments/fuzz', headers: r.pick<Record<string, string>>([{}, { 'content-type': 'text/plain' }, { 'content-type': 'multipart/form-data; boundary=x' }]), body: Buffer.alloc(0) };
    default: {
      // malformed JSON text
      const text = r.pick(['{', '{"project":', '[1,2', '{"a":1,}', "{'a':1}", 'NaN', '{"project":"p"}}', '\u0000', '{"project":"p",,}', '[' .repeat(5000)]);
      return { kind: 'bad-json', method: 'POST', path: r.pick(['/api/v1/runs', '/api/v1/predictions', '/api/v1/feedback']), headers: JSON_HEADERS, body: Buffer.from(text) };
    }
  }
}

function send(port: number, req: BadRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body) headers['content-length'] = req.body.length;
    const r = http.request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

for (const kind of ['pglite', 'postgres'] as const) {
  test(`${kind}: 1,000 bad requests get only 4xx, the server stays up, nothing is written`, () => fuzz(kind));
}

async function fuzz(kind: 'pglite' | 'postgres'): Promise<void> {
  const b = await startBackend(kind, { maxBody: MAX_BODY });
  try {
    const r = prng(SEED);
    const port = b.server.port;
    const seen = new Map<string, number>();
    for (let i = 0; i < COUNT; i++) {
      const req = generate(r);
      seen.set(req.kind, (seen.get(req.kind) ?? 0) + 1);
      const status = await send(port, req);
      assert.ok(status >= 400 && status < 500, `request ${i} (${req.kind}) ${req.method} ${req.path.slice(0, 80)} got ${status}; body ${req.body?.subarray(0, 120).toString()}`);
      if (i % 100 === 99) assert.equal((await b.client.health()).status, 'ok');
    }
    assert.ok(seen.size >= 14, `every kind was generated: ${[...seen.keys()].join(', ')}`);
    assert.equal((await b.client.health()).status, 'ok');
    assert.deepEqual((await b.client.searchRuns({})).items, []);
    assert.deepEqual(await b.client.listModelVersions(), []);
    assert.deepEqual(await b.client.listDatasetVersions(), []);
    assert.deepEqual(await b.client.listDeployments(), []);
    assert.deepEqual((await b.client.listPredictions({ deployment: 'fuzz' })).items, []);
    assert.deepEqual(await b.client.listWindows('fuzz'), []);
    assert.deepEqual((await b.client.listAlerts()).items, []);
    assert.deepEqual((await b.client.listAudit()).items, []);
    assert.deepEqual(await b.client.listDriftReports(), []);
  } finally {
    await b.close();
  }
}
