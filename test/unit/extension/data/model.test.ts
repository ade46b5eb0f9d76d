// What the editor's data model reads for each workspace root: tracked paths with their status and
// whether the remote has them; a folder without .dvc/ is quietly empty, a broken .dvc/config is
// an error naming its file and line (it used to hide every tracked path without a word).
import '../fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPonteError } from '../../../../src/core/errors';
import type { PonteContext } from '../../../../src/extension/context';
import { DataModel } from '../../../../src/extension/data/model';

/** A folder with data.csv tracked (its .dvc file and cache object) and `.dvc/config` as given. */
function workspace(config: string | undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'ponte-data-model-'));
  if (config === undefined) return root;
  const bytes = Buffer.from('a,b\n1,2\n');
  const md5 = createHash('md5').update(bytes).digest('hex');
  mkdirSync(join(root, '.dvc', 'cache', 'files', 'md5', md5.slice(0, 2)), { recursive: true });
  writeFileSync(join(root, '.dvc', 'cache', 'files', 'md5', md5.slice(0, 2), md5.slice(2)), bytes);
  writeFileSync(join(root, '.dvc', 'config'), config);
  writeFileSync(join(root, 'data.csv'), bytes);
  writeFileSync(join(root, 'data.csv.dvc'), `outs:\n- md5: ${md5}\n  size: ${bytes.length}\n  hash: md5\n  path: data.csv\n`);
  return root;
}

async function read(root: string): Promise<{ model: DataModel; errors: unknown[] }> {
  const errors: unknown[] = [];
  const ctx = { roots: () => [root], showError: (e: unknown) => errors.push(e) } as unknown as PonteContext;
  const model = new DataModel(ctx);
  await model.now();
  model.dispose();
  return { model, errors };
}

for (const [name, config, pushed] of [
  ['a tracked file with a local remote that lacks its object is unchanged and not pushed', `[core]\n    remote = local\n['remote "local"']\n    url = ../remote\n`, false],
  ['without a remote, pushed is unknown', '', undefined],
] as const) {
  test(name, async (t) => {
    const root = workspace(config);
    t.after(() => rmSync(root, { recursive: true, force: true }));
    const { model, errors } = await read(root);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      model.all().map((s) => [s.rel, s.status, s.pushed]),
      [['data.csv', 'unchanged', pushed]],
    );
  });
}

test('a folder that is no DVC repository has no tracked paths and no error', async (t) => {
  const root = workspace(undefined);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const { model, errors } = await read(root);
  assert.deepEqual(errors, []);
  assert.deepEqual(model.all(), []);
});

test('a broken .dvc/config is shown as an error naming the file and line', async (t) => {
  const root = workspace(`[core]\n    remote = local\nthis is not ini\n`);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const { errors } = await read(root);
  assert.equal(errors.length, 1);
  const e = errors[0];
  assert.ok(isPonteError(e), String(e));
  assert.equal(e.code, 'data.bad_config');
  assert.equal(e.file, join(root, '.dvc', 'config'));
  assert.equal(e.line, 3);
});
