// Issue 12 in a real VS Code (code-server + Chromium) with a real Docker engine, on a copy of
// examples/churn trained twice and registered as versions 1 and 2 (by the CLI, beforehand): a
// person builds version 1's image from the Deployments view, deploys it to production from the
// row's menu, sees the row turn healthy (version, slot, uptime), sends a test request and reads
// the model's prediction, deploys version 2 (the slot turns green) and rolls back from the row
// menu. The run rows in Experiments show which version is in production.
// Screenshots: test-results/deployments-*.png.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { churnCopy, docker, ponte, type ChurnCopy } from './lib/churn-project.js';
import { openSession, type Session } from './lib/session.js';

describe('Ponte deployments in code-server', { timeout: 1_200_000 }, () => {
  let session: Session;
  let churn: ChurnCopy;
  let folder: string;
  let image: string;
  let project: string;
  before(async () => {
    // A trained project with two registered versions; version 2's image built by the CLI, so the
    // editor's Build Image builds version 1 and the rollback has somewhere to go.
    churn = churnCopy('deploy');
    ({ folder, image, project } = churn);
    ponte(folder, 'run');
    ponte(folder, 'gate');
    ponte(folder, 'model', 'register');
    const params = join(folder, 'params.yaml');
    writeFileSync(params, readFileSync(params, 'utf8').replace(/^( {2}C: )[\d.]+$/m, '$10.5'));
    ponte(folder, 'run');
    ponte(folder, 'gate');
    ponte(folder, 'model', 'register');
    ponte(folder, 'model', 'promote', '1', '--to', 'production');
    ponte(folder, 'build', '--model', '2');
    session = await openSession({ name: 'deployments', folder });
  });
  after(async () => {
    await session?.close();
    churn?.remove();
  });
  afterEach(async (t) => {
    await session?.workbench.screenshot(t.name).catch(() => undefined);
  });

  async function pick(label: RegExp): Promise<void> {
    const page = session.workbench.page;
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.click();
  }

  test('the Deployments view lists what ponte.yaml declares, not deployed yet; the production run shows in Experiments', async () => {
    const wb = session.workbench;
    await wb.openViewContainer('Ponte');
    const row = await wb.waitForTreeRow('Deployments', (r) => r.label === 'production', 'for production');
    assert.match(row.description, /not deployed/);
    await wb.treeRow('Experiments', 'Runs').click();
    const run = await wb.waitForTreeRow('Experiments', (r) => /^production v1 · finished · gates passed/.test(r.description), 'for the run in production');
    assert.ok(run.label);
  });

  test('Build Image from the Deployments view builds version 1 with its log', async () => {
    const wb = session.workbench;
    await wb.viewTitleMenu('Deployments', 'Build Image');
    await pick(/^v1/);
    await wb.notifications(new RegExp(`Built ${image.replace(/[/.]/g, '\\$&')}:1`));
    assert.match(docker('image', 'inspect', '--format', '{{index .Config.Labels "dev.ponte.model.version"}}', `${image}:1`), /^1\s*$/);
  });

  test('Deploy from the row menu: the deployment turns healthy with its version, slot and uptime', async () => {
    const wb = session.workbench;
    await wb.treeRowMenu('Deployments', 'production', 'Deploy');
    await pick(/^v1/);
    const row = await wb.waitForTreeRow('Deployments', (r) => r.label === 'production' && /^v1 · blue · up /.test(r.description), 'running v1 in blue');
    assert.ok(row);
  });

  test('Send Test Request shows the model\'s prediction', async () => {
    const wb = session.workbench;
    await wb.treeRowMenu('Deployments', 'production', 'Send Test Request');
    const [toast] = await wb.notifications(/production answered 200: 0\.\d+/);
    assert.match(toast, /production answered 200: 0\.\d+ \(\d+ ms\)/);
  });

  test('Deploy version 2 turns the slot green; Rollback from the row menu brings version 1 back', async () => {
    const wb = session.workbench;
    await wb.treeRowMenu('Deployments', 'production', 'Deploy');
    await pick(/^v2/);
    await wb.waitForTreeRow('Deployments', (r) => r.label === 'production' && /^v2 · green/.test(r.description), 'running v2 in green');
    await wb.treeRowMenu('Deployments', 'production', 'Rollback');
    await wb.answerDialog(/Roll production back/, 'Rollback');
    await wb.waitForTreeRow('Deployments', (r) => r.label === 'production' && /^v1 · blue/.test(r.description), 'running v1 again, in blue');
    // The route switches first; the old slot drains for a moment, then stops.
    let live: string[] = [];
    for (let i = 0; i < 60; i++) {
      live = docker('ps', '--filter', `label=org.ponte.project=${project}`, '--format', '{{.Label "org.ponte.model.version"}}').trim().split('\n');
      if (live.length === 1) break;
      await session.workbench.page.waitForTimeout(500);
    }
    assert.deepEqual(live, ['1'], 'one container, version 1');
  });
});
