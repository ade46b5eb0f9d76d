// The same in-host checks under a desktop VS Code, through @vscode/test-electron, where one is
// installed: set VSCODE_EXECUTABLE to its binary (on a machine without a display, run the suite
// under xvfb-run). Without it the test skips and says why; nothing is downloaded.
import { runTests } from '@vscode/test-electron';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundleHostTests, ensurePonteVsix } from './lib/build.js';
import { repoRoot } from './lib/paths.js';
import { copyWorkspace, exampleFolder, makeWorkDir } from './lib/workspace.js';

const executable = process.env.VSCODE_EXECUTABLE;

test('in-host checks under desktop VS Code (@vscode/test-electron)', { timeout: 300_000 }, async (t) => {
  if (!executable) {
    t.skip('VSCODE_EXECUTABLE is not set: no desktop VS Code on this machine (code-server covers the same checks)');
    return;
  }
  ensurePonteVsix(); // builds dist/, which --extensionDevelopmentPath loads
  const workDir = makeWorkDir('electron');
  try {
    const workspace = copyWorkspace(exampleFolder(), workDir, { 'broken/ponte.yaml': join(repoRoot, 'test/fixtures/e2e/broken/ponte.yaml') });
    const bundle = await bundleHostTests(['editor-features.host.ts', 'editor-actions.host.ts'], join(workDir, 'host-tests.js'));
    // runTests rejects when the bundle's run() throws, i.e. when any in-host check fails.
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: bundle,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(workDir, 'user-data'),
        '--extensions-dir', join(workDir, 'extensions')],
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
});
