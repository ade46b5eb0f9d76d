// The context's promises to every feature: requireTrust refuses in an untrusted workspace with a
// clear PonteError, and an error is shown once (with its code, "Open File" at its line and
// "Show Output") however often it repeats.
import { fakeValues } from './fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PonteError, isPonteError } from '../../../src/core/errors';
import { createPonteContext } from '../../../src/extension/context';

const logged: string[] = [];
const shown: { text: string; actions: string[] }[] = [];
let dismiss: (choice: string | undefined) => void = () => {};
fakeValues['window.createOutputChannel'] = () => ({ info: (t: string) => logged.push(t), error: (t: string) => logged.push(t), show: () => {}, dispose: () => {} });
fakeValues['window.showErrorMessage'] = (text: string, ...actions: string[]) => {
  shown.push({ text, actions });
  return new Promise((resolve) => (dismiss = resolve));
};

fakeValues['workspace.asRelativePath'] = (f: string) => f.replace(/^\/work\/p\//, '');
const opened: { file: string; line: number; character: number }[] = [];
fakeValues['Uri.file'] = (fsPath: string) => ({ fsPath });
fakeValues['Position'] = class {
  constructor(readonly line: number, readonly character: number) {}
};
fakeValues['Range'] = class {
  constructor(readonly start: { line: number; character: number }) {}
};
fakeValues['window.showTextDocument'] = async (uri: { fsPath: string }, options: { selection: { start: { line: number; character: number } } }) => {
  opened.push({ file: uri.fsPath, ...options.selection.start });
};

function context() {
  return createPonteContext({ subscriptions: [] } as never);
}

test('requireTrust passes in a trusted workspace and refuses in an untrusted one', () => {
  fakeValues['workspace.isTrusted'] = true;
  const ctx = context();
  ctx.requireTrust('Running the pipeline');
  fakeValues['workspace.isTrusted'] = false;
  assert.throws(
    () => ctx.requireTrust('Running the pipeline'),
    (e) => isPonteError(e) && e.code === 'trust.required' && /Running the pipeline is disabled in an untrusted workspace/.test(e.message) && !!e.hint,
  );
});

test('an error repeated while its notification is up is shown once, with Open File and Show Output; all are logged', async () => {
  shown.length = 0;
  logged.length = 0;
  const ctx = context();
  const e = new PonteError('spec.read', 'cannot parse the file', { file: '/work/p/ponte.yaml', line: 3, hint: 'check it' });
  ctx.showError(e);
  ctx.showError(e);
  ctx.showError(e);
  assert.equal(shown.length, 1);
  assert.deepEqual(shown[0], { text: 'cannot parse the file (ponte.yaml:3). check it [spec.read]', actions: ['Open File', 'Show Output'] });
  assert.equal(logged.filter((l) => l.includes('cannot parse the file')).length, 3);
  dismiss(undefined);
  await new Promise((r) => setImmediate(r));
  ctx.showError(e);
  assert.equal(shown.length, 2, 'shown again once the first notification was dismissed');
});

test('a cancelled task is logged, not shown', () => {
  shown.length = 0;
  context().showError(new PonteError('cancelled', 'Building: cancelled'));
  assert.equal(shown.length, 0);
});

test('Open File opens the error\'s file at its line; an error without a file offers only Show Output', async () => {
  shown.length = 0;
  opened.length = 0;
  const ctx = context();
  ctx.showError(new PonteError('data.bad_dvc_file', 'not valid YAML', { file: '/work/p/x.csv.dvc', line: 3, column: 2, hint: 'fix it' }));
  dismiss('Open File');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(opened, [{ file: '/work/p/x.csv.dvc', line: 2, character: 1 }]);
  ctx.showError(new PonteError('usage.drift', '--current FILE is required'));
  assert.deepEqual(shown[1].actions, ['Show Output']);
  dismiss(undefined);
});
