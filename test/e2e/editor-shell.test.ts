// Issue 2 in a real VS Code (code-server + Chromium): the packaged .vsix shows the Ponte
// container with its three views, a broken ponte.yaml shows its diagnostic in the Problems
// panel, a hover explains a key, and the in-host API checks pass. Screenshots: test-results/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { reportHostResults } from './lib/host-results.js';
import { repoRoot } from './lib/paths.js';
import { useSession } from './lib/session.js';

describe('Ponte in code-server', { timeout: 300_000 }, () => {
  const session = useSession({
    name: 'editor-shell',
    extraFiles: { 'broken/ponte.yaml': join(repoRoot, 'test/fixtures/e2e/broken/ponte.yaml') },
    hostTests: ['editor-features.host.ts', 'editor-actions.host.ts'],
  });

  test('in the extension host (test/e2e/host/editor-{features,actions}.host.ts)', async (t) => {
    await reportHostResults(t, await session().hostResults());
  });

  describe('what a person sees', () => {
    test('the Ponte container shows Datasets, Experiments and Deployments', async () => {
      const wb = session().workbench;
      await wb.openViewContainer('Ponte');
      const titles = await wb.sideBarViewTitles();
      for (const view of ['Datasets', 'Experiments', 'Deployments']) {
        assert.ok(titles.some((x) => x.includes(view)), `no ${view} view in ${JSON.stringify(titles)}`);
      }
      // Each tree lists what the example declares: datasets and deployments in ponte.yaml,
      // stages in dvc.yaml.
      const ponte = parse(readFileSync(join(session().workspace, 'ponte.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
      const dvc = parse(readFileSync(join(session().workspace, 'dvc.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
      const expected: [string, string[]][] = [
        ['Datasets', Object.keys(ponte.datasets ?? {})],
        ['Experiments', Object.keys(dvc.stages ?? {})],
        ['Deployments', Object.keys(ponte.deployments ?? {})],
      ];
      for (const [view, names] of expected) {
        assert.ok(names.length > 0, `the example declares nothing for ${view}`);
        const rows = await wb.treeRows(view);
        for (const name of names) assert.ok(rows.some((r) => r.label === name), `no ${view} row for ${name} in ${JSON.stringify(rows)}`);
      }
    });

    test('a broken ponte.yaml shows its diagnostic in the Problems panel', async () => {
      const wb = session().workbench;
      await wb.openFile('broken/ponte.yaml');
      const rows = await wb.problems(/datsets/);
      const row = rows.find((r) => r.includes('datsets'));
      assert.ok(row, `Problems rows: ${JSON.stringify(rows)}`);
      assert.match(row, /datasets/, 'the problem should suggest "datasets"');
      assert.match(row, /Ln 4\b/, 'the problem should point at line 4');
    });

    test('Validate Workspace reports what it found in a notification', async () => {
      const wb = session().workbench;
      await wb.runCommand('Ponte: Validate Workspace');
      const toasts = await wb.notifications(/pipeline file\(s\) checked/);
      assert.ok(toasts.some((x) => /[1-9]\d* error/.test(x)), `notifications: ${JSON.stringify(toasts)}`);
    });

    test('hovering a key in the editor shows its documentation', async () => {
      const wb = session().workbench;
      await wb.openFile('ponte.yaml');
      const lines = readFileSync(join(session().workspace, 'ponte.yaml'), 'utf8').split('\n');
      const line = lines.findIndex((l) => l.startsWith('datasets:'));
      assert.ok(line >= 0, 'ponte.yaml has no datasets: key');
      const text = await wb.hoverAt(line + 1, 3);
      assert.match(text, /dataset/i);
    });
  });
});
