// "Ponte: Generate CI Pipeline" with the editor API mocked (the only mock the project allows):
// the chosen CI's pipeline is shown as a read-only preview of a new file or as a diff against the
// existing one, written only on confirmation, and the command is refused in Restricted Mode.
import { fakeValues } from '../fake-vscode';
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCiPipeline, PREVIEW_SCHEME } from '../../../../src/extension/ci';
import { readOnlyCommands } from '../../../../src/extension/commands';
import type { PonteContext } from '../../../../src/extension/context';
import { makeProject, removeProject } from '../../core/ci/projects';

interface FakeUri { scheme: string; path: string; fsPath: string; toString(): string }
const uri = (scheme: string, p: string): FakeUri => ({ scheme, path: p, fsPath: p, toString: () => `${scheme}:${p}` });

let shown: { kind: string; args: unknown[] }[] = [];
let answer: string | undefined;
let chosen = 'gitlab';
let provider: { provideTextDocumentContent(u: FakeUri): string } | undefined;

fakeValues['Uri'] = { file: (p: string) => uri('file', p), from: (c: { scheme: string; path: string }) => uri(c.scheme, c.path) };
fakeValues['EventEmitter'] = class { event = () => ({ dispose() {} }); fire() {} };
fakeValues['workspace.registerTextDocumentContentProvider'] = (scheme: string, p: typeof provider) => {
  assert.equal(scheme, PREVIEW_SCHEME);
  provider = p;
  return { dispose() {} };
};
fakeValues['window.showQuickPick'] = async (items: { ci: string }[]) => items.find((i) => i.ci === chosen);
fakeValues['window.showTextDocument'] = async (...args: unknown[]) => void shown.push({ kind: 'open', args });
fakeValues['commands.executeCommand'] = async (...args: unknown[]) => void shown.push({ kind: 'command', args });
fakeValues['window.showInformationMessage'] = async (...args: unknown[]) => {
  shown.push({ kind: 'ask', args });
  return answer;
};

const root = makeProject('churn');
after(() => removeProject(root));
const logged: string[] = [];
const ctx = {
  roots: () => [root],
  subscriptions: [],
  log: { info: (t: string) => logged.push(t) },
  extension: { extension: { packageJSON: { version: '0.1.0' } } },
} as unknown as PonteContext;

beforeEach(() => {
  shown = [];
});

test('a new file: a read-only preview of the generated text, written on "Write"', async () => {
  chosen = 'gitlab';
  answer = 'Write';
  const written = await generateCiPipeline(ctx);
  assert.equal(written, '.gitlab-ci.yml');
  const [preview, ask, opened] = shown;
  assert.equal(preview.kind, 'open');
  const previewUri = preview.args[0] as FakeUri;
  assert.equal(previewUri.scheme, PREVIEW_SCHEME);
  const text = readFileSync(join(root, '.gitlab-ci.yml'), 'utf8');
  assert.equal(provider!.provideTextDocumentContent(previewUri), text);
  assert.match(String(ask.args[0]), /Write the GitLab CI pipeline to \.gitlab-ci\.yml\?/);
  assert.deepEqual(ask.args[2], 'Write');
  assert.equal((opened.args[0] as FakeUri).fsPath, join(root, '.gitlab-ci.yml'));
});

test('an existing file: a diff against it, and nothing written when the person declines', async () => {
  writeFileSync(join(root, '.gitlab-ci.yml'), '# mine\n');
  answer = undefined;
  assert.equal(await generateCiPipeline(ctx), undefined);
  const [diff, ask] = shown;
  assert.equal(diff.kind, 'command');
  assert.equal(diff.args[0], 'vscode.diff');
  assert.equal((diff.args[1] as FakeUri).fsPath, join(root, '.gitlab-ci.yml'));
  assert.equal((diff.args[2] as FakeUri).scheme, PREVIEW_SCHEME);
  assert.deepEqual(ask.args[2], 'Replace');
  assert.equal(readFileSync(join(root, '.gitlab-ci.yml'), 'utf8'), '# mine\n');
});

test('an existing file is replaced on "Replace"; stopping at the quick pick writes nothing', async () => {
  answer = 'Replace';
  assert.equal(await generateCiPipeline(ctx), '.gitlab-ci.yml');
  assert.match(readFileSync(join(root, '.gitlab-ci.yml'), 'utf8'), /ponte gate/);
  chosen = 'none';
  assert.equal(await generateCiPipeline(ctx), undefined);
  assert.equal(existsSync(join(root, 'azure-pipelines.yml')), false);
});

test('the command writes files, so Restricted Mode refuses it', () => {
  assert.equal(readOnlyCommands.has('ponte.generateCiPipeline'), false);
});
