// The alerts feature's wiring against a fake editor API (the only mock allowed: the editor's):
// what an alert.fired event shows and offers under retrain.mode ask and auto, in a trusted and
// an untrusted workspace; that Retrain runs `ponte retrain --approve` through the CLI bridge;
// that Acknowledge posts; that the status bar item shows while an alert is open. The real
// notification, click and retrain are in test/e2e/alerts.test.ts.
import { fakeValues } from '../fake-vscode';
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert } from '../../../../src/core/api';
import type { PonteContext } from '../../../../src/extension/context';
import { registerAlerts } from '../../../../src/extension/alerts';

interface Shown { text: string; actions: string[] }
let shown: Shown[];
let answer: string | undefined;
let cliCalls: string[][];
let acknowledged: string[];
const item = { visible: false, text: '', show() { this.visible = true; }, hide() { this.visible = false; }, dispose() {} };

fakeValues['window.createStatusBarItem'] = () => item;
fakeValues['window.showWarningMessage'] = (text: string, ...actions: string[]) => {
  shown.push({ text, actions });
  return Promise.resolve(answer);
};
fakeValues['window.showInformationMessage'] = () => Promise.resolve(undefined);
fakeValues['window.showErrorMessage'] = () => Promise.resolve(undefined);

beforeEach(() => {
  shown = [];
  answer = undefined;
  cliCalls = [];
  acknowledged = [];
  item.visible = false;
});

function context(mode: 'ask' | 'auto', trusted = true): { emit(e: { type: string; alert: Alert }): void; settle(): Promise<void> } {
  let listener: ((e: { type: string; alert: Alert }) => void) | undefined;
  const config = {
    retrain: { on: ['drift'], mode, promote: 'production' },
    monitor: { deployment: 'production' },
    deployments: [{ name: 'production' }],
  };
  const ctx = {
    subscriptions: [],
    isTrusted: () => trusted,
    requireTrust: () => {
      if (!trusted) throw new Error('untrusted');
    },
    log: { info() {}, warn() {}, error() {}, show() {} },
    showError: (e: unknown) => assert.fail(String(e)),
    project: { models: () => [{ root: '/work/churn', config }] },
    backend: {
      onEvent: (l: typeof listener) => ((listener = l), { dispose() {} }),
      onDidChangeState: () => ({ dispose() {} }),
      api: () => Promise.resolve({ acknowledgeAlert: (id: string) => (acknowledged.push(id), Promise.resolve()) }),
    },
    withProgress: (_title: string, task: (s: AbortSignal, r: (m: string) => void) => Promise<unknown>) => task(new AbortController().signal, () => undefined),
    cli: {
      json: (args: string[]) => {
        cliCalls.push(args);
        return Promise.resolve({ value: { ok: true, deployment: 'production', modelVersion: 2, steps: [] }, exitCode: 0 });
      },
    },
    deployments: { reload: () => Promise.resolve() },
  } as unknown as PonteContext;
  registerAlerts(ctx);
  return {
    emit: (e) => listener!(e),
    // The notification's answer and the retrain are promises: let them run out.
    settle: async () => {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    },
  };
}

const alert: Alert = {
  id: 'a1', deployment: 'production', kind: 'drift', rule: 'drift', severity: 'warning', message: 'dataset drift: income drifted (share 0.6)',
  details: {}, status: 'open', firedAt: '2026-12-07T00:00:00.000Z', acknowledgedAt: null, acknowledgedBy: null, windowId: 'w1234567890', resolvedAt: null, resolution: null,
};

test('ask: the evidence and a question, with Open Dashboard, Retrain and Acknowledge; Retrain runs ponte retrain --approve', async () => {
  const f = context('ask');
  answer = 'Retrain';
  f.emit({ type: 'alert.fired', alert });
  await f.settle();
  assert.equal(shown.length, 1);
  assert.match(shown[0].text, /^drift alert on production \(window w1234567\): dataset drift: income drifted \(share 0\.6\)\. Fired .* Retrain production on the new production data\?$/);
  assert.deepEqual(shown[0].actions, ['Open Dashboard', 'Retrain', 'Acknowledge']);
  assert.deepEqual(cliCalls, [['retrain', '--deployment', 'production', '--approve', '--json']]);
  assert.ok(item.visible, 'the status bar shows the open alert');
  assert.match(item.text, /drift alert/);
});

test('untrusted: no Retrain, nothing runs', async () => {
  const f = context('auto', false);
  f.emit({ type: 'alert.fired', alert });
  await f.settle();
  assert.deepEqual(shown[0].actions, ['Open Dashboard', 'Acknowledge']);
  assert.deepEqual(cliCalls, []);
});

test('auto: an alert on a rule in retrain.on retrains without asking; another rule asks', async () => {
  const f = context('auto');
  f.emit({ type: 'alert.fired', alert });
  await f.settle();
  assert.deepEqual(cliCalls, [['retrain', '--deployment', 'production', '--approve', '--json']]);
  assert.match(shown[0].text, /Retraining \(retrain\.mode: auto\)\.$/);
  f.emit({ type: 'alert.fired', alert: { ...alert, id: 'a2', rule: 'latency', kind: 'latency' } });
  await f.settle();
  assert.equal(cliCalls.length, 1, 'latency is not in retrain.on');
  assert.deepEqual(shown[1].actions, ['Open Dashboard', 'Retrain', 'Acknowledge']);
});

test('Acknowledge posts; the status bar item goes when no alert is open', async () => {
  const f = context('ask');
  answer = 'Acknowledge';
  f.emit({ type: 'alert.fired', alert });
  await f.settle();
  assert.deepEqual(acknowledged, ['a1']);
  assert.equal(item.visible, false);
  answer = undefined;
  f.emit({ type: 'alert.fired', alert: { ...alert, id: 'a3' } });
  await f.settle();
  assert.equal(item.visible, true);
  f.emit({ type: 'alert.resolved', alert: { ...alert, id: 'a3', status: 'resolved' } });
  await f.settle();
  assert.equal(item.visible, false);
});
