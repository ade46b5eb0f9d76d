// Inline validation runs in a worker thread: the real worker bundle (built here the way
// scripts/build.mjs builds dist/validate-worker.js) answers diagnostics while the host's event
// loop keeps turning, a newer version of a document replaces its running job, and a worker that
// never answers or crashes is ended with one "validation stopped" diagnostic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ValidationWorker, type ValidateRequest } from '../../../src/extension/diagnostics/validation-worker';
import { SHAPES } from '../core/project/pathological-yaml';

let dir: string;
let script: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ponte-validate-worker-'));
  script = join(dir, 'validate-worker.js');
  await esbuild.build({ entryPoints: ['src/extension/diagnostics/validate-worker.ts'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: script, logLevel: 'silent' });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const request = (text: string, file = join(dir, 'dvc.yaml'), open: Record<string, string> = {}): ValidateRequest => ({ text, file, kind: 'dvc', open });

test('the worker answers the diagnostics of a document, reading unsaved neighbours before the disk', async () => {
  const w = new ValidationWorker({ script, timeoutMs: 60_000 });
  try {
    const broken = await w.validate('a', request('stages:\n  train:\n    cmd: x\n    outz: [m]\n'));
    assert.equal(broken.kind, 'done');
    assert.deepEqual(broken.kind === 'done' && broken.diagnostics.map((d) => `${d.range.start.line} ${d.code}`), ['3 key.unknown']);
    // ${lr} resolves from an unsaved params.yaml that is not on disk at all.
    writeFileSync(join(dir, 'params.yaml'), 'other: 1\n');
    const text = 'stages:\n  train:\n    cmd: python t.py ${lr}\n';
    const onDisk = await w.validate('a', request(text));
    assert.deepEqual(onDisk.kind === 'done' && onDisk.diagnostics.map((d) => d.code), ['var.unknown']);
    const unsaved = await w.validate('a', request(text, undefined, { [join(dir, 'params.yaml')]: 'lr: 0.1\n' }));
    assert.deepEqual(unsaved, { kind: 'done', diagnostics: [] });
  } finally {
    w.dispose();
  }
});

test('ponte.yaml in the editor: unsafe names, .nan limits, HTTP paths without "/" and outputs outside the project, as ponte validate says them', async () => {
  const w = new ValidationWorker({ script, timeoutMs: 60_000 });
  try {
    const text = [
      'version: 1',
      'project: churn',
      'tests: { command: pytest, junit: ../junit.xml }',
      'container: { dockerfile: Dockerfile, health: health }',
      'deployments:',
      '  "prod uction": { target: docker }',
      'monitor:',
      '  deployment: prod uction',
      '  latency: { p95_ms: .nan }',
      '',
    ].join('\n');
    const r = await w.validate('p', { text, file: join(dir, 'ponte.yaml'), kind: 'ponte', open: {} });
    assert.equal(r.kind, 'done');
    const found = r.kind === 'done' ? r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`) : [];
    assert.deepEqual(found, ['3:34 path.outside_project', '4:46 value.http_path', '6:3 name.invalid', '9:22 value.not_finite']);
    const health = r.kind === 'done' ? r.diagnostics.find((d) => d.code === 'value.http_path') : undefined;
    assert.deepEqual(health?.suggestions, ['/health'], 'the quick fix writes the path with its slash');
  } finally {
    w.dispose();
  }
});

test('a pathological file is checked in the worker while the host keeps turning', async () => {
  const w = new ValidationWorker({ script, timeoutMs: 120_000 });
  try {
    const text = SHAPES.find((s) => s.name.startsWith('one anchor + n keys'))!.text(40_000);
    let turns = 0;
    const spin = setInterval(() => turns++, 0);
    const outcome = await w.validate('big', request(text));
    clearInterval(spin);
    assert.equal(outcome.kind, 'done');
    assert.ok(turns > 0, 'the host ran timers while the worker validated');
  } finally {
    w.dispose();
  }
});

test('a newer version replaces the running and the queued job of the same document', async () => {
  const w = new ValidationWorker({ script, timeoutMs: 120_000 });
  try {
    const slow = w.validate('doc', request(SHAPES.find((s) => s.name.startsWith('one anchor + n keys'))!.text(40_000)));
    const other = w.validate('other', request('stages: {}\nbogus: 1\n'));
    const queued = w.validate('other', request('stages: {}\nbogus2: 1\n'));
    const latest = w.validate('doc', request('stages:\n  t:\n    cmd: x\n    outz: [m]\n'));
    const order: string[] = [];
    const results = await Promise.all([slow, other, queued, latest].map((p, i) => p.then((o) => (order.push(`${i}`), o))));
    assert.deepEqual(results.map((r) => r.kind), ['superseded', 'superseded', 'done', 'done']);
    assert.equal(order[0], '0', 'the running job is given up at once');
    assert.match(JSON.stringify(results[2]), /bogus2/);
    assert.match(JSON.stringify(results[3]), /outz/);
  } finally {
    w.dispose();
  }
});

test('a worker that never answers is ended after the timeout: one "validation stopped" diagnostic, and the next job runs', async () => {
  const hang = join(dir, 'hang-worker.js');
  writeFileSync(hang, "require('node:worker_threads').parentPort.on('message', () => { for (;;) {} });\n");
  const stops: string[] = [];
  const w = new ValidationWorker({ script: hang, timeoutMs: 200, onStopped: (file) => stops.push(file) });
  try {
    for (const file of ['/p/dvc.yaml', '/q/dvc.yaml']) {
      const outcome = await w.validate(file, request('stages: {}\n', file));
      assert.equal(outcome.kind, 'stopped');
      const [d, ...rest] = outcome.kind === 'stopped' ? outcome.diagnostics : [];
      assert.deepEqual(rest, []);
      assert.equal(d.file, file);
      assert.equal(d.code, 'validation.stopped');
      assert.match(d.message, /^validation stopped: checking this file took more than 0\.2 s/);
    }
    assert.deepEqual(stops, ['/p/dvc.yaml', '/q/dvc.yaml']);
  } finally {
    w.dispose();
  }
});

test('a worker that crashes or runs out of its heap answers "validation stopped", never throws', async () => {
  const crash = join(dir, 'crash-worker.js');
  writeFileSync(crash, "require('node:worker_threads').parentPort.on('message', () => { throw new Error('boom'); });\n");
  const greedy = join(dir, 'greedy-worker.js');
  writeFileSync(greedy, "require('node:worker_threads').parentPort.on('message', () => { const a = []; for (;;) a.push(new Array(1e5).fill(1)); });\n");
  for (const [script, why] of [[crash, /the checker failed \(boom\)/], [greedy, /the checker failed \(.*out of memory/i]] as const) {
    const w = new ValidationWorker({ script, timeoutMs: 60_000, maxHeapMb: 32 });
    try {
      const outcome = await w.validate('x', request('stages: {}\n'));
      assert.equal(outcome.kind, 'stopped');
      assert.match(outcome.kind === 'stopped' ? outcome.diagnostics[0].message : '', why);
    } finally {
      w.dispose();
    }
  }
});

test('dispose answers every pending job as superseded', async () => {
  const hang = join(dir, 'hang-worker-2.js');
  writeFileSync(hang, "require('node:worker_threads').parentPort.on('message', () => { for (;;) {} });\n");
  const w = new ValidationWorker({ script: hang, timeoutMs: 60_000 });
  const jobs = [w.validate('a', request('x: 1\n')), w.validate('b', request('y: 1\n'))];
  w.dispose();
  assert.deepEqual((await Promise.all(jobs)).map((o) => o.kind), ['superseded', 'superseded']);
  assert.deepEqual(await w.validate('c', request('z: 1\n')), { kind: 'superseded' });
});

test('past 1,000 problems the editor gets the first 1,000 and one note with the count of the rest', async () => {
  const w = new ValidationWorker({ script, timeoutMs: 120_000 });
  try {
    const tags = SHAPES.find((s) => s.name === 'n tags')!.text(1500);
    const outcome = await w.validate('tags', request(tags));
    const list = outcome.kind === 'done' ? outcome.diagnostics : [];
    assert.equal(list.length, 1001);
    assert.ok(list.slice(0, 1000).every((d) => d.code === 'yaml.unknown_tag'));
    assert.equal(list[1000].code, 'validation.truncated');
    assert.equal(list[1000].range.start.line, list[999].range.start.line + 2, 'at the first problem left out');
    assert.match(list[1000].message, /^500 more problems from here on are not shown; run 'ponte validate .*dvc\.yaml' to list them all$/);
  } finally {
    w.dispose();
  }
});

test('a missing worker bundle answers "validation stopped" with what to do, never throws', async () => {
  const w = new ValidationWorker({ script: join(dir, 'no-such-worker.js'), timeoutMs: 60_000 });
  try {
    const outcome = await w.validate('x', request('stages: {}\n'));
    assert.equal(outcome.kind, 'stopped');
    assert.match(outcome.kind === 'stopped' ? outcome.diagnostics[0].message : '', /^validation stopped: the checker (could not start|failed) .*/);
  } finally {
    w.dispose();
  }
});
