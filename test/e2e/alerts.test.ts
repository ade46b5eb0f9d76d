// Issue 14's alerts and retraining in a real VS Code (code-server + Chromium) with a real Docker
// engine, on a copy of examples/churn trained, registered and built as version 1 by the CLI: a
// person deploys v1 from the Deployments view (the editor starts its backend); drifted, labelled
// traffic through the proxy closes a window with drift; the alert arrives as a notification
// with its evidence, Open Dashboard, Retrain and Acknowledge, and the status bar shows it; its
// Retrain runs `ponte retrain` with progress; the Deployments tree shows v2, in the green slot.
// Screenshots: test-results/alerts-*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { HttpClient } from '../../src/core/api';
import { readServerFile } from '../../src/core/workspace';
import { churnCopy, ponte, type ChurnCopy } from './lib/churn-project.js';
import { openSession, type Session } from './lib/session.js';

describe('Ponte alerts and retraining in code-server', { timeout: 1_200_000 }, () => {
  let session: Session;
  let churn: ChurnCopy;
  before(async () => {
    churn = churnCopy('alerts', (yaml) => yaml
      .replace(/^ {2}window: \{ size: \d+ \}$/m, '  window: { size: 40 }')
      .replace(/^ {4}- \{ on: drift, webhook: .*\}$/m, '    - { on: drift }'));
    for (const args of [['run'], ['gate'], ['model', 'register'], ['model', 'promote', '1', '--to', 'production'], ['build', '--model', '1']]) ponte(churn.folder, ...args);
    session = await openSession({ name: 'alerts', folder: churn.folder });
  });
  after(async () => {
    await session?.close();
    churn?.remove();
  });
  afterEach(async (t) => {
    await session?.workbench.screenshot(t.name).catch(() => undefined);
  });

  test('Deploy v1 from the row menu: the editor\'s backend serves it', async () => {
    const wb = session.workbench;
    await wb.openViewContainer('Ponte');
    await wb.treeRowMenu('Deployments', 'production', 'Deploy');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: /^v1/ }).first().click({ timeout: 60_000 });
    await wb.waitForTreeRow('Deployments', (r) => r.label === 'production' && /^v1 · blue · up /.test(r.description), 'running v1 in blue');
  });

  test('drifted traffic fires a drift alert: a notification with its evidence and actions, and a status bar item', async () => {
    const server = (await readServerFile(session.workspace))!;
    const api = new HttpClient({ url: server.url, token: server.token });
    try {
      // The test set's customers, older, richer, charged more and calling support more: drift in
      // four of the six monitored features. Their true labels follow as feedback.
      const lines = readFileSync(join(session.workspace, 'data/test.csv'), 'utf8').trim().split('\n');
      const header = lines[0].split(',');
      const labels: { predictionId: string; label: number }[] = [];
      for (const line of lines.slice(1, 81)) {
        const v = Object.fromEntries(line.split(',').map((x, i) => [header[i], x]));
        const body = {
          age: Math.min(Number(v.age) + 20, 100), income: v.income === '' ? null : Number(v.income) * 3, plan: v.plan,
          tenure_months: Number(v.tenure_months), monthly_charges: Number(v.monthly_charges) + 40, support_calls: Number(v.support_calls) + 3,
        };
        const r = await fetch(`${server.url}/deployments/production/predict`, {
          method: 'POST', headers: { 'content-type': 'application/json', ...(server.token ? { authorization: `Bearer ${server.token}` } : {}) }, body: JSON.stringify(body),
        });
        assert.equal(r.status, 200, await r.text());
        labels.push({ predictionId: r.headers.get('ponte-prediction-id')!, label: Number(v.churned) });
      }
      for (;;) {
        // Recording is asynchronous: the labels go once every prediction is stored.
        const { unknown } = await api.addFeedback(labels);
        if (unknown.length === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await api.close();
    }
    const wb = session.workbench;
    const [toast] = await wb.notifications(/drift alert on production/);
    assert.match(toast, /drift alert on production \(window [0-9a-f]{8}\): .*Retrain production on the new production data\?/);
    const toastRow = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'drift alert on production' }).first();
    for (const action of ['Open Dashboard', 'Retrain', 'Acknowledge']) assert.ok(await toastRow.getByRole('button', { name: action }).isVisible(), action);
    const status = wb.page.locator('.statusbar-item', { hasText: 'drift alert' });
    await status.first().waitFor({ timeout: 10_000 });
  });

  test('Retrain from the notification runs the retrain with progress; the Deployments tree shows v2 in green', async () => {
    const wb = session.workbench;
    const toastRow = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'drift alert on production' }).first();
    await toastRow.getByRole('button', { name: 'Retrain' }).click();
    await wb.notifications(/Ponte: Retraining production/);
    await wb.page.locator('.notifications-toasts .notification-toast', { hasText: /Retrained production: it now serves v2/ }).first().waitFor({ timeout: 600_000 });
    await wb.waitForTreeRow('Deployments', (r) => r.label === 'production' && /^v2 · green/.test(r.description), 'running v2 in green');
    const audit = JSON.parse(ponte(session.workspace, 'model', 'list', '--json')) as { version: number; aliases: string[] }[];
    assert.deepEqual(audit.find((v) => v.version === 2)?.aliases, ['production'], 'v2 is now the production alias');
  });
});
