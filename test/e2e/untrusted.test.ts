// Workspace Trust ON, folder untrusted (Restricted Mode): Ponte still validates, and every command
// that writes or runs something refuses with a message instead, leaving every file as it was.
// "Every" is derived, not listed: package.json's commands minus readOnlyCommands in
// src/extension/commands.ts, so a new command is covered the day it is declared.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileDigests } from './lib/files.js';
import { reportHostResults } from './lib/host-results.js';
import { repoRoot } from './lib/paths.js';
import { useSession } from './lib/session.js';

interface DeclaredCommand {
  command: string;
  title: string;
  category?: string;
}

interface Manifest {
  contributes: { commands: DeclaredCommand[]; menus: { commandPalette?: { command: string; when?: string }[] } };
}

/** The ids in `readOnlyCommands` of src/extension/commands.ts (that module imports vscode, so it is read, not imported). */
function readOnlyCommandIds(source: string): string[] {
  const block = /export const readOnlyCommands\b[^=]*=\s*new Set\(\[([^\]]*)\]\)/.exec(source);
  assert.ok(block, 'readOnlyCommands = new Set([...]) not found in src/extension/commands.ts');
  return [...block[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const readOnly = new Set(readOnlyCommandIds(readFileSync(join(repoRoot, 'src/extension/commands.ts'), 'utf8')));
const hiddenFromPalette = new Set((manifest.contributes.menus.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
/** Every command that writes or runs something. */
const guarded = manifest.contributes.commands.filter((c) => !readOnly.has(c.command));
const label = (c: DeclaredCommand) => (c.category ? `${c.category}: ${c.title}` : c.title);
/** What the command wrapper says (src/extension/context.ts requireTrust). */
const refusal = (c: DeclaredCommand) => `${label(c)} is disabled in an untrusted workspace`;

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

  test('the guarded commands are derived from package.json and include the data commands', () => {
    const ids = guarded.map((c) => c.command);
    for (const id of ['ponte.data.track', 'ponte.data.push', 'ponte.data.pull', 'ponte.data.checkoutVersion', 'ponte.runPipeline', 'ponte.deleteRun']) {
      assert.ok(ids.includes(id), `${id} is among ${ids.join(', ')}`);
    }
    assert.ok(readOnly.has('ponte.validateWorkspace') && !readOnly.has('ponte.data.push'), [...readOnly].join(', '));
  });

  describe('what a person sees', () => {
    let initial: Record<string, string> = {};
    test('the status bar says Restricted Mode', async () => {
      initial = fileDigests(session().workspace);
      await session().workbench.page.locator('.part.statusbar', { hasText: 'Restricted Mode' }).waitFor({ timeout: 15_000 });
    });

    test('the Problems panel still shows the broken file\'s diagnostic', async () => {
      const wb = session().workbench;
      await wb.openFile('broken/ponte.yaml');
      const rows = await wb.problems(/datsets/);
      assert.ok(rows.some((r) => r.includes('datsets')), `Problems rows: ${JSON.stringify(rows)}`);
    });

    test('the commands hidden from the palette, run in the host, were refused with a trust message', async () => {
      const wb = session().workbench;
      for (const c of guarded.filter((x) => hiddenFromPalette.has(x.command))) await wb.notificationCenter(refusal(c));
      await wb.runCommand('Notifications: Clear All Notifications');
    });

    for (const c of guarded.filter((x) => !hiddenFromPalette.has(x.command))) {
      test(`${c.command} ("${label(c)}") refuses and changes no file`, async () => {
        const wb = session().workbench;
        const before = fileDigests(session().workspace);
        await wb.runCommand(label(c));
        // A toast, or else the center: VS Code drops the toast of a 4th notification within 800 ms.
        const shown = await wb.notifications(refusal(c)).catch(() => wb.notificationCenter(refusal(c)));
        assert.ok(shown.some((x) => x.includes(refusal(c)) && x.includes('trust the workspace')), `notifications: ${JSON.stringify(shown)}`);
        // Nothing ran: no .dvc file, lock file, output, log or store appeared or changed.
        assert.deepEqual(fileDigests(session().workspace), before);
      });
    }

    test('after all of them, every file is as it was', () => {
      assert.deepEqual(fileDigests(session().workspace), initial);
    });
  });
});
