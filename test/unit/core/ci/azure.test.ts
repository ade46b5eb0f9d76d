// The generated azure-pipelines.yml, read by Microsoft's azure-pipelines-language-service (the
// validator of the Azure Pipelines extension for VS Code). That package ships the validator but
// not Azure's schema, and no npm package we found ships it: with AZURE_PIPELINES_SCHEMA naming a
// copy of Microsoft's published service-schema.json the files are validated against it, and a
// planted mistake must fail; without it that part is skipped and says so. Always: the service's
// own YAML reader accepts every file, and reports a planted duplicate key and broken indentation.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generatePipeline } from '../../../../src/core/ci';
import { makeProject, removeProject, SHAPES, type Shape } from './projects';

const roots = new Map<Shape, string>(SHAPES.map((s) => [s, makeProject(s)]));
after(() => roots.forEach(removeProject));
const azure = (shape: Shape) => generatePipeline({ root: roots.get(shape)!, kind: 'azure', ponteVersion: '0.1.0' }).text;
const SCHEMA = process.env.AZURE_PIPELINES_SCHEMA;

/** The language service's diagnostics: YAML errors, and schema errors when a schema is given. */
async function azureProblems(text: string, schema?: unknown): Promise<string[]> {
  const service = await import('azure-pipelines-language-service');
  const ls = service.getLanguageService(async () => schema as never, [], null as never);
  ls.configure({ validate: true, schemas: schema ? [{ uri: 'file:///service-schema.json', fileMatch: ['*'], schema }] : [] });
  const doc = service.TextDocument.create('file:///azure-pipelines.yml', 'yaml', 1, text);
  const yamlDoc = service.parse(text);
  const diagnostics = await ls.doValidation(doc, yamlDoc);
  return [...yamlDoc.documents.flatMap((d) => d.errors.map((e) => e.getMessage())), ...diagnostics.map((d) => `${d.range.start.line + 1}: ${typeof d.message === 'string' ? d.message : d.message.value}`)];
}

for (const shape of SHAPES) {
  test(`the Azure pipeline for the ${shape} project reads without a problem in azure-pipelines-language-service`, async () => {
    assert.deepEqual(await azureProblems(azure(shape)), []);
  });
}

test('the same reader reports a planted duplicate key and broken indentation', async () => {
  const text = azure('churn');
  assert.ok((await azureProblems(text.replace('pool:\n', 'pool:\n  vmImage: ubuntu-22.04\n'))).length > 0);
  assert.ok((await azureProblems(text.replace('  displayName: Install Node\n', ' displayName: Install Node\n'))).length > 0);
});

test("against Microsoft's published schema (AZURE_PIPELINES_SCHEMA), valid; a planted mistake is not", { skip: SCHEMA ? false : 'AZURE_PIPELINES_SCHEMA is not set: no npm package ships Azure\'s schema' }, async () => {
  const schema = JSON.parse(readFileSync(SCHEMA!, 'utf8')) as unknown;
  for (const shape of SHAPES) assert.deepEqual(await azureProblems(azure(shape), schema), [], shape);
  assert.ok((await azureProblems(azure('churn').replace('testResultsFormat: JUnit', 'testResultFormat: JUnit'), schema)).length > 0);
});
