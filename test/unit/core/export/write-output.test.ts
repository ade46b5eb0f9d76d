// Where an export goes: stdout without --out; a file inside the project written atomically;
// never over an existing file without --force (the file stays as it was); never outside the
// project or into .git.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeExport, type OutputOptions } from '../../../../src/core/export';
import { PonteError } from '../../../../src/core/errors';

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'ponte-export-out-'));
  const printed: string[] = [];
  const o = (out: string | undefined, force = false): OutputOptions => ({ root, out, force, cwd: root, command: 'ponte export grafana', stdout: (t) => printed.push(t) });
  return { root, printed, o, remove: () => rmSync(root, { recursive: true, force: true }) };
}

test('no --out, or -: the text goes to stdout and nothing is written', async () => {
  const s = setup();
  try {
    assert.equal(await writeExport('a\n', s.o(undefined)), undefined);
    assert.equal(await writeExport('b\n', s.o('-')), undefined);
    assert.deepEqual(s.printed, ['a\n', 'b\n']);
    assert.deepEqual(readdirSync(s.root), []);
  } finally {
    s.remove();
  }
});

test('--out: written (folders made), refused over an existing file without --force, replaced with it', async () => {
  const s = setup();
  try {
    const file = join(s.root, 'monitoring', 'dash.json');
    assert.equal(await writeExport('one\n', s.o('monitoring/dash.json')), file);
    assert.equal(readFileSync(file, 'utf8'), 'one\n');
    await assert.rejects(writeExport('two\n', s.o('monitoring/dash.json')), (e) => e instanceof PonteError && e.code === 'export.exists' && e.file === 'monitoring/dash.json' && /--force/.test(e.hint!));
    assert.equal(readFileSync(file, 'utf8'), 'one\n', 'untouched');
    await writeExport('two\n', s.o('monitoring/dash.json', true));
    assert.equal(readFileSync(file, 'utf8'), 'two\n');
    assert.deepEqual(readdirSync(join(s.root, 'monitoring')), ['dash.json'], 'no temporary file left');
  } finally {
    s.remove();
  }
});

test('outside the project or into .git: refused by the path guard, nothing written', async () => {
  const s = setup();
  try {
    writeFileSync(join(s.root, 'keep'), '');
    await assert.rejects(writeExport('x', s.o('../elsewhere.json')), (e) => e instanceof PonteError && e.code === 'path.outside_repo');
    await assert.rejects(writeExport('x', s.o('.git/hooks/pre-commit', true)), (e) => e instanceof PonteError && e.code === 'path.protected');
    assert.deepEqual(readdirSync(s.root), ['keep']);
  } finally {
    s.remove();
  }
});
