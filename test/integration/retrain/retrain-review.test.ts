// Inputs an outside review tried on `ponte retrain` (the real CLI, dist/cli.js), each refused
// before any backend is asked or any step runs: a malformed --build-arg (else found at the build
// step, after the training), a --deployment not declared (named as the flag), `stages: []` with
// a dataset the pipeline writes (the run goes over every stage), and a folder without ponte.yaml.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyProject, json, ponte, removeProject } from '../pipeline/lib/project';

let dir: string;
before(() => {
  dir = copyProject('examples/churn');
});
after(() => removeProject(dir));

type Refusal = { error: { code: string; message: string; file: string | null; line: number | null; hint: string | null } };

test('a --build-arg that is not NAME=VALUE is bad usage (exit 2), said before the backend is looked for', () => {
  const r = ponte(dir, 'retrain', '--build-arg', 'BASE_IMAGE', '--json');
  assert.equal(r.code, 2);
  const e = json<Refusal>(r).error;
  assert.equal(e.code, 'usage.bad_arguments');
  assert.match(e.message, /--build-arg "BASE_IMAGE"/);
});

test('a --deployment that ponte.yaml does not declare is named as the flag', () => {
  const r = ponte(dir, 'retrain', '--deployment', 'nope', '--json');
  assert.equal(r.code, 1);
  const e = json<Refusal>(r).error;
  assert.equal(e.code, 'retrain.unknown_deployment');
  assert.match(e.message, /--deployment nope/);
  assert.equal(e.file, 'ponte.yaml', 'named as validate names it, relative to where the command runs');
  assert.match(e.hint!, /staging, production/);
});

test('stages: [] runs every stage, so a dataset any stage writes is refused as with no stages at all', () => {
  const text = readFileSync(join(dir, 'ponte.yaml'), 'utf8');
  writeFileSync(join(dir, 'ponte.yaml'), text.replace('data: { dataset: production,', 'data: { dataset: raw,').replace('stages: [prepare, train, evaluate]', 'stages: []'));
  try {
    const r = ponte(dir, 'retrain', '--json');
    assert.equal(r.code, 1);
    assert.equal(json<Refusal>(r).error.code, 'retrain.dataset_is_output');
  } finally {
    writeFileSync(join(dir, 'ponte.yaml'), text);
  }
});

test('a folder without ponte.yaml: said so, not that ponte.yaml lacks a retrain block', () => {
  const empty = mkdtempSync(join(tmpdir(), 'ponte-retrain-none-'));
  try {
    const r = ponte(empty, 'retrain', '--json');
    assert.equal(r.code, 1);
    const e = json<Refusal>(r).error;
    assert.equal(e.code, 'retrain.no_project');
    assert.match(e.message, /no ponte\.yaml/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
