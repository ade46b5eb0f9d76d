// The model registry through the real CLI on a copy of examples/churn (real training, the
// embedded store): register the run that passed its gates, list, show, promote to production;
// then the relative gate (f1 >= production - 0.02) is judged against the real production
// version instead of being skipped; a run that failed its gates is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyProject, json, ponte, removeProject } from '../pipeline/lib/project';

interface Version { name: string; version: number; runId: string; aliases: string[]; tags: Record<string, string>; existing?: boolean; previous?: number | null }
interface GateJson { passed: boolean; production: string | null; rules: { metric: string; verdict: string }[] }

let dir: string;
let runId = '';
before(() => {
  dir = copyProject('examples/churn');
  const r = ponte(dir, 'run', '--json');
  assert.equal(r.code, 0, r.stderr);
  runId = json<{ run_id: string }>(r).run_id;
});
after(() => removeProject(dir));

test('a run is registered only after its gates passed', () => {
  const before = ponte(dir, 'model', 'register');
  assert.equal(before.code, 1);
  assert.match(before.stderr, /error\[registry\.gates_unchecked\].*hint: check it first: ponte gate --run/s);
  const gate = json<GateJson>(ponte(dir, 'gate', '--json'));
  assert.equal(gate.passed, true);
  assert.equal(gate.rules.find((r) => r.metric === 'f1')?.verdict, 'skip', 'no production model yet');
  const r = ponte(dir, 'model', 'register', '--json');
  assert.equal(r.code, 0, r.stderr);
  const v = json<Version>(r);
  assert.deepEqual([v.name, v.version, v.runId, v.existing], ['churn', 1, runId, false]);
  const lock = readFileSync(join(dir, 'dvc.lock'), 'utf8');
  const md5 = /path: models\/model\.pkl\n\s+hash: md5\n\s+md5: ([0-9a-f]{32})/.exec(lock)?.[1];
  assert.equal(v.tags['model.md5'], md5, 'the md5 dvc.lock records for the model');
  assert.equal(json<Version>(ponte(dir, 'model', 'register', '--json')).existing, true);
});

test('list, promote and show by alias; the relative gate now compares with production', () => {
  assert.deepEqual(json<Version[]>(ponte(dir, 'model', 'list', '--json')).map((v) => v.version), [1]);
  const p = ponte(dir, 'model', 'promote', '1', '--to', 'production');
  assert.equal(p.code, 0, p.stderr);
  assert.match(p.stdout, /churn v1 is now in production/);
  const shown = ponte(dir, 'model', 'show', 'production');
  assert.match(shown.stdout, /churn v1 \(production\)/);
  const gate = json<GateJson>(ponte(dir, 'gate', '--json'));
  assert.match(gate.production ?? '', /churn v1/);
  assert.equal(gate.rules.find((r) => r.metric === 'f1')?.verdict, 'pass');
});

test('bad input: unknown alias, unknown version, a run that failed its gates', () => {
  const bad = ponte(dir, 'model', 'promote', '1', '--to', 'prod');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /error\[registry\.bad_alias\].*hint: use --to staging or --to production/s);
  assert.equal(ponte(dir, 'model', 'show', '7').code, 1);
  assert.equal(ponte(dir, 'model', 'frobnicate').code, 2);
  const yaml = join(dir, 'ponte.yaml');
  writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('accuracy: ">= 0.85"', 'accuracy: ">= 0.999"'));
  ponte(dir, 'run', '--force');
  assert.equal(ponte(dir, 'gate').code, 1);
  const refused = ponte(dir, 'model', 'register');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /error\[registry\.gates_failed\]/);
  assert.deepEqual(json<Version[]>(ponte(dir, 'model', 'list', '--json')).map((v) => v.version), [1]);
});
