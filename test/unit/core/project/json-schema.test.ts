// The published JSON Schemas (schemas/*.schema.json, for Red Hat's YAML extension) are generated
// from the same model as validation: they must equal the generated output, accept the valid
// corpus, and reject the broken files whose problem is structural.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { detectKind, findPipelineFiles, toJsonSchema, validateText, type SpecKind } from '../../../../src/core/project';
import { parseYamlSource, toPlain } from '../../../../src/core/project/yaml-source';

// strictNumbers: JSON has no NaN or Infinity, so a validator that keeps to JSON's data model (as
// ajv does under this option) refuses YAML's `.nan` and `.inf` where a number is expected.
const ajv = new Ajv({ strict: false, strictNumbers: true, allErrors: false });
const validators = {
  ponte: ajv.compile(toJsonSchema('ponte')),
  dvc: ajv.compile(toJsonSchema('dvc')),
};

function data(file: string): unknown {
  return toPlain(parseYamlSource(readFileSync(file, 'utf8'), file).root);
}

// After changing the model: PONTE_WRITE_SCHEMAS=1 node scripts/run-tests.mjs unit json-schema
for (const kind of ['ponte', 'dvc'] as const) {
  test(`schemas/${kind}.schema.json is up to date`, () => {
    const file = join('schemas', `${kind}.schema.json`);
    if (process.env.PONTE_WRITE_SCHEMAS === '1') writeFileSync(file, `${JSON.stringify(toJsonSchema(kind), null, 2)}\n`);
    const published = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    assert.deepEqual(published, toJsonSchema(kind), 'stale: run PONTE_WRITE_SCHEMAS=1 node scripts/run-tests.mjs unit json-schema');
  });
}

test('every key and enum value in the schemas has a description', () => {
  const missing: string[] = [];
  const walk = (s: Record<string, unknown>, path: string) => {
    for (const [k, v] of Object.entries((s.properties as Record<string, Record<string, unknown>>) ?? {})) {
      const node = v.anyOf ? v : v;
      if (!node.description) missing.push(`${path}.${k}`);
      walk(node, `${path}.${k}`);
    }
    for (const key of ['additionalProperties', 'items']) {
      const child = s[key];
      if (child && typeof child === 'object') walk(child as Record<string, unknown>, `${path}.${key}`);
    }
    for (const o of (s.anyOf as Record<string, unknown>[]) ?? []) walk(o, path);
    if (s.enum && (!s.markdownEnumDescriptions || (s.markdownEnumDescriptions as unknown[]).length !== (s.enum as unknown[]).length) && (s.enum as unknown[]).length > 1) {
      missing.push(`${path} (enum values)`);
    }
  };
  walk(toJsonSchema('ponte'), 'ponte');
  walk(toJsonSchema('dvc'), 'dvc');
  assert.deepEqual(missing, []);
});

test('the valid corpus, the DESIGN.md example and examples/churn pass the JSON Schemas', () => {
  const files = [...findPipelineFiles(join('test', 'fixtures', 'project', 'valid')), ...findPipelineFiles(join('test', 'fixtures', 'project', 'design-example'))];
  if (existsSync(join('examples', 'churn'))) files.push(...findPipelineFiles(join('examples', 'churn')));
  for (const f of files) {
    const v = validators[detectKind(f) as SpecKind];
    assert.ok(v(data(f)), `${f}: ${JSON.stringify(v.errors?.slice(0, 2))}`);
  }
});

test('broken files with a structural problem fail the JSON Schemas too', () => {
  const dir = join('test', 'fixtures', 'project', 'broken');
  const structural = /^# expect: \d+ (key\.unknown|type\.mismatch|value\.enum|key\.required|key\.conflict|value\.range|key\.too_many|name\.invalid|value\.not_finite|value\.http_path|path\.outside_project)\b/;
  let checked = 0;
  for (const f of readdirSync(dir).filter((n) => detectKind(n))) {
    const text = readFileSync(join(dir, f), 'utf8');
    if (!structural.test(text) || /min above max|foreach without do|do without foreach|belongs inside/.test(text)) continue;
    const v = validators[detectKind(f) as SpecKind];
    assert.equal(v(data(join(dir, f))), false, `${f} passes the JSON Schema`);
    checked++;
  }
  assert.ok(checked > 60, `${checked} checked`);
});

test('names, HTTP paths and output paths: the JSON Schema and ponte validate accept and refuse the same values', () => {
  const names = ['production', 'eu-west.1', 'a_b', 'A9', 'a'.repeat(63), 'prod uction', 'x"y', 'a{b}', 'a\nb', '-lead', '.hidden', 'a'.repeat(64), 'ünï', 'a/b', ''];
  const httpPaths = ['/health', '/', '/v1/predict?full=1', 'health', '/a b', 'predict/', ''];
  const outputs = ['reports/junit.xml', './x.xml', 'a..b/x', '..hidden/x', '../x.xml', '..', 'a/..', 'a/../b', '/abs/x', 'C:/x', 'C:\\x', '\\\\server\\x', 'reports\\..\\..\\x'];
  const files: [string, string][] = [
    ...names.map((n) => [n, `version: 1\nproject: churn\ndeployments:\n  ${JSON.stringify(n)}: { target: docker }\n`] as [string, string]),
    ...names.map((n) => [n, `version: 1\nproject: churn\nmodel: { path: m.pkl, name: ${JSON.stringify(n)} }\n`] as [string, string]),
    ...httpPaths.map((p) => [p, `version: 1\nproject: churn\ncontainer: { dockerfile: Dockerfile, health: ${JSON.stringify(p)} }\n`] as [string, string]),
    ...outputs.map((p) => [p, `version: 1\nproject: churn\ntests: { command: pytest, junit: ${JSON.stringify(p)} }\n`] as [string, string]),
  ];
  const disagree: string[] = [];
  for (const [value, text] of files) {
    const byPonte = !validateText(text, { file: 'ponte.yaml', kind: 'ponte' }).some((d) => d.severity === 'error');
    const bySchema = validators.ponte(toPlain(parseYamlSource(text, 'ponte.yaml').root));
    if (byPonte !== bySchema) disagree.push(`${JSON.stringify(value)}: ponte validate ${byPonte ? 'accepts' : 'refuses'}, the JSON Schema ${bySchema ? 'accepts' : 'refuses'}`);
  }
  assert.deepEqual(disagree, []);
  // Both directions are exercised: some of each are refused, some accepted.
  const accepted = files.filter(([, t]) => !validateText(t, { file: 'ponte.yaml', kind: 'ponte' }).some((d) => d.severity === 'error')).map(([v]) => v);
  assert.deepEqual(accepted, ['production', 'eu-west.1', 'a_b', 'A9', 'a'.repeat(63), 'production', 'eu-west.1', 'a_b', 'A9', 'a'.repeat(63), '/health', '/', '/v1/predict?full=1', 'reports/junit.xml', './x.xml', 'a..b/x', '..hidden/x']);
});

test('YAML .nan and .inf where a number is expected: refused by both', () => {
  for (const v of ['.nan', '.inf', '-.Inf', '1e999']) {
    const text = `version: 1\nproject: churn\ndeployments: { p: { target: docker } }\nmonitor: { deployment: p, latency: { p95_ms: ${v} }, window: { size: 100 } }\n`;
    assert.deepEqual(validateText(text, { file: 'ponte.yaml', kind: 'ponte' }).map((d) => d.code), ['value.not_finite'], v);
    assert.equal(validators.ponte(toPlain(parseYamlSource(text, 'ponte.yaml').root)), false, v);
  }
});
