// The shared lists walked end to end: every drift method, column type and missing token (and a
// few near misses) is accepted or refused alike by the published JSON Schema, by `ponte validate`'s
// checker, by the project model's readers and by the engines that use it (the drift engine on a
// real file, the data checks on a real CSV). Before issue 11, ztest and `none` split them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { COLUMN_TYPES, DRIFT_METHODS, MISSING_TOKENS, toJsonSchema, validateText } from '../../../../src/core/project';
import { parseYamlSource, toPlain } from '../../../../src/core/project/yaml-source';
import { kindOfSpecType, readDriftSettings, runDrift } from '../../../../src/core/drift/run';
import { loadTable, runLoadJob } from '../../../../src/core/drift';
import { runDataChecks } from '../../../../src/core/testing/data-checks';

const schema = new Ajv({ strict: false }).compile(toJsonSchema('ponte'));
const dir = mkdtempSync(join(tmpdir(), 'ponte-vocabulary-'));

/** Accepted by the JSON Schema, by the checker, and by the project model (drift's reader). */
function judged(name: string, yaml: string): { schema: boolean; validator: boolean; model: boolean } {
  const project = mkdtempSync(join(dir, `${name.replace(/\W/g, '_')}-`));
  writeFileSync(join(project, 'ponte.yaml'), yaml);
  let model = true;
  try {
    readDriftSettings(project);
  } catch {
    model = false;
  }
  return {
    schema: schema(toPlain(parseYamlSource(yaml, 'ponte.yaml').root)) === true,
    validator: !validateText(yaml, { file: 'ponte.yaml', kind: 'ponte' }).some((d) => d.severity === 'error'),
    model,
  };
}

test('drift methods: the schema, the validator, the model and the drift engine agree on each', async () => {
  // A binary numeric column suits every method, ztest included.
  const ref = join(dir, 'ref.csv');
  const cur = join(dir, 'cur.csv');
  writeFileSync(ref, `flag\n${'0\n1\n'.repeat(30)}`);
  writeFileSync(cur, `flag\n${'0\n1\n1\n'.repeat(20)}`);
  for (const method of ['auto', ...DRIFT_METHODS, 'magic', 'KS', 'z-test', 'kl_div']) {
    const verdicts = judged(method, `version: 1\ndeployments:\n  p: { target: docker }\nmonitor:\n  deployment: p\n  drift:\n    method: ${method}\n`);
    let engine = true;
    try {
      await runDrift(ref, cur, { mode: 'exact', threads: false, inThread: runLoadJob, config: { method: method as never } });
    } catch {
      engine = false;
    }
    const expected = method === 'auto' || (DRIFT_METHODS as readonly string[]).includes(method);
    assert.deepEqual({ ...verdicts, engine }, { schema: expected, validator: expected, model: expected, engine: expected }, method);
  }
  assert.ok(DRIFT_METHODS.includes('ztest'));
});

test('column types: the schema, the validator, the model and drift\'s type mapping agree on each', () => {
  for (const type of [...COLUMN_TYPES, 'int', 'float', 'numeric', 'categorical', 'bool', 'blob']) {
    const verdicts = judged(type, `version: 1\ndatasets:\n  d:\n    path: d.csv\n    schema:\n      columns:\n        x: { type: ${type} }\n`);
    const expected = (COLUMN_TYPES as readonly string[]).includes(type);
    assert.deepEqual({ ...verdicts, engine: kindOfSpecType(type) !== undefined }, { schema: expected, validator: expected, model: expected, engine: expected }, type);
  }
});

test('missing tokens: drift and the data checks (max_missing) count the same cells as missing', async () => {
  const near = ['none', '?', 'missing', 'N.A.', 'nil', 'Nan', '0'];
  for (const token of [...MISSING_TOKENS, ...near]) {
    const file = join(dir, `cells-${Buffer.from(token).toString('hex')}.csv`);
    writeFileSync(file, `id,c\n1,a\n2,b\n3,${token}\n`);
    const table = await loadTable(file, { types: { c: 'categorical' } });
    const driftMissing = table.columns.find((c) => c.name === 'c')!.missing;
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const [check] = await runDataChecks({
      root: dir, configFile: join(dir, 'ponte.yaml'),
      datasets: [{ name: 'd', path: file, range, columns: [{ name: 'c', type: 'category', maxMissing: 0, range }] }],
    });
    const expected = MISSING_TOKENS.includes(token) ? 1 : 0;
    assert.equal(driftMissing, expected, `drift on ${JSON.stringify(token)}`);
    assert.equal(check.status, expected ? 'failed' : 'passed', `data checks on ${JSON.stringify(token)}: ${check.message}`);
  }
});

test('docs/validate.md names every drift method, column type and missing token', () => {
  const doc = readFileSync('docs/validate.md', 'utf8');
  for (const name of [...DRIFT_METHODS, ...COLUMN_TYPES]) assert.match(doc, new RegExp(`\`${name}\``), name);
  for (const token of MISSING_TOKENS.filter(Boolean)) assert.ok(doc.includes(`\`${token}\``), token);
});
