// What ponte retrain refuses before it runs anything, with the field or the fix named: a project
// with no retrain block (at ponte.yaml's line), a retrain dataset no one declared, and a backend
// that is only the embedded store (the deploy step needs a server's proxy). Nothing is written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyProject, json, ponte, removeProject } from '../pipeline/lib/project';

let dir: string;
before(() => {
  dir = copyProject('examples/churn');
});
after(() => removeProject(dir));

type Refusal = { error: { code: string; message: string; file: string | null; line: number | null; hint: string | null } };
const yaml = () => readFileSync(join(dir, 'ponte.yaml'), 'utf8');

test('the embedded store is refused: the deploy step needs a running backend', () => {
  const r = ponte(dir, 'retrain', '--json');
  assert.equal(r.code, 1);
  const e = json<Refusal>(r).error;
  assert.equal(e.code, 'retrain.no_server');
  assert.match(e.hint!, /ponte serve/);
  assert.ok(!existsSync(join(dir, '.ponte/retrain.lock')));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('a retrain dataset that is not declared is named at its line', () => {
  const text = yaml();
  writeFileSync(join(dir, 'ponte.yaml'), text.replace('data: { dataset: production,', 'data: { dataset: prodution,'));
  try {
    const r = ponte(dir, 'retrain', '--json');
    assert.equal(r.code, 1);
    const e = json<Refusal>(r).error;
    // validate's own check, or retrain's: either names the field's line.
    assert.match(`${e.code} ${e.message}`, /prodution/);
    assert.equal(e.line, text.split('\n').findIndex((l) => l.includes('dataset: production,')) + 1);
  } finally {
    writeFileSync(join(dir, 'ponte.yaml'), text);
  }
});

test('no retrain block: said so, with the block to add', () => {
  const text = yaml();
  writeFileSync(join(dir, 'ponte.yaml'), text.slice(0, text.indexOf('retrain:')));
  try {
    const r = ponte(dir, 'retrain', '--json');
    assert.equal(r.code, 1);
    const e = json<Refusal>(r).error;
    assert.equal(e.code, 'retrain.not_configured');
    assert.match(e.file!, /ponte\.yaml$/);
    assert.match(e.hint!, /retrain: \{ on: \[drift\]/);
  } finally {
    writeFileSync(join(dir, 'ponte.yaml'), text);
  }
});

test('a retrain dataset that a retrain stage writes is refused at its line: the appended rows would be lost', () => {
  const text = yaml();
  writeFileSync(join(dir, 'ponte.yaml'), text.replace('data: { dataset: production,', 'data: { dataset: train,'));
  try {
    const r = ponte(dir, 'retrain', '--json');
    assert.equal(r.code, 1);
    const e = json<Refusal>(r).error;
    assert.equal(e.code, 'retrain.dataset_is_output');
    assert.match(e.message, /"train" \(data\/train\.csv\) is an out of stage prepare/);
    assert.equal(e.line, text.split('\n').findIndex((l) => l.includes('dataset: production,')) + 1);
  } finally {
    writeFileSync(join(dir, 'ponte.yaml'), text);
  }
});
