// The published JSON Schemas (schemas/*.schema.json, for Red Hat's YAML extension) are generated
// from the same model as validation: they must equal the generated output, accept the valid
// corpus, and reject the broken files whose problem is structural.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { detectKind, findPipelineFiles, toJsonSchema, type SpecKind } from '../../../../src/core/project';
import { parseYamlSource, toPlain } from '../../../../src/core/project/yaml-source';

const ajv = new Ajv({ strict: false, allErrors: false });
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
  const structural = /^# expect: \d+ (key\.unknown|type\.mismatch|value\.enum|key\.required|key\.conflict|value\.range|key\.too_many)\b/;
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
