// Workspace Trust ON, folder untrusted (Restricted Mode): Ponte still validates, and a command
// that would run something refuses with a message instead of running.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { reportHostResults } from './lib/host-results.js';
import { repoRoot } from './lib/paths.js';
import { useSession } from './lib/session.js';

function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

interface DeclaredCommand {
  command: string;
  title: string;
  category?: string;
}

// Commands that start processes (pipeline, tests, Docker, the backend) by their id.
const runsSomething = /^ponte\.(run|test|build|deploy|serve|start|retrain|promote|push|pull|repro)/i;

describe('Ponte in an untrusted workspace', { timeout: 300_000 }, () => {
  const session = useSession({
    name: 'untrusted',
    workspaceTrust: true,
    extraFiles: { 'broken/ponte.yaml': join(repoRoot, 'test/fixtures/e2e/broken/ponte.yaml') },
    hostTests: 'untrusted.host.ts',
  });

  test('in the extension host (test/e2e/host/untrusted.host.ts)', async (t) => {
    await reportHostResults(t, await session().hostResults());
  });

  describe('what a person sees', () => {
    test('the status bar says Restricted Mode', async () => {
      await session().workbench.page.locator('.part.statusbar', { hasText: 'Restricted Mode' }).waitFor({ timeout: 15_000 });
    });

    test('the Problems panel still shows the broken file\'s diagnostic', async () => {
      const wb = session().workbench;
      await wb.openFile('broken/ponte.yaml');
      const rows = await wb.problems(/datsets/);
      assert.ok(rows.some((r) => r.includes('datsets')), `Problems rows: ${JSON.stringify(rows)}`);
    });

    test('a command that runs something refuses', async (t) => {
      const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes?: { commands?: DeclaredCommand[] } };
      const command = (manifest.contributes?.commands ?? []).find((c) => runsSomething.test(c.command));
      if (!command) {
        t.skip('package.json declares no command that runs anything yet');
        return;
      }
      t.diagnostic(`running ${command.command} ("${command.title}")`);
      const wb = session().workbench;
      const before = listFiles(session().workspace);
      await wb.runCommand(command.category ? `${command.category}: ${command.title}` : command.title);
      const toasts = await wb.notifications(/untrusted|trust/i);
      assert.ok(toasts.some((x) => /untrusted|trust/i.test(x)), `notifications: ${JSON.stringify(toasts)}`);
      // Nothing ran: no lock file, no outputs, no logs appeared in the workspace.
      assert.deepEqual(listFiles(session().workspace), before);
    });
  });
});
