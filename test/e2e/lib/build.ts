// Prepares what an e2e run installs: Ponte's .vsix (rebuilt only when a source is newer),
// the never-shipped harness .vsix, the in-host test bundle, and code-server in its cache.
import { createVSIX } from '@vscode/vsce';
import * as esbuild from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { cacheDir, repoRoot } from './paths.js';

const sourceRoots = ['src', 'webview-ui', 'schemas', 'syntaxes', 'media', 'package.json', 'README.md', 'LICENSE', '.vscodeignore'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Ponte's .vsix, packed by scripts/package.mjs unless it is newer than every source. */
export function ensurePonteVsix(): string {
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = join(repoRoot, `${name}-${version}.vsix`);
  const sources = Math.max(...sourceRoots.map((p) => newestMtime(join(repoRoot, p))));
  if (!existsSync(vsix) || statSync(vsix).mtimeMs < sources) {
    // Packed aside and renamed: two e2e runs at once never install a half-written .vsix.
    const tmp = `${vsix}.${process.pid}.tmp`;
    // vsce lists every file it packs; that listing only matters when packing fails.
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'package.mjs'), '--out', tmp], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) {
      rmSync(tmp, { force: true });
      throw new Error(`scripts/package.mjs failed:\n${r.stdout}\n${r.stderr}`);
    }
    renameSync(tmp, vsix);
  }
  return vsix;
}

/** Installs code-server and Node 24 once (scripts/install-code-server.sh is idempotent). */
export function ensureCodeServer(): void {
  // The first install takes about 2.5 minutes; a hung registry must still end the run.
  execFileSync('bash', [join(repoRoot, 'scripts', 'install-code-server.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 15 * 60_000 });
}

const commonBundle: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  logLevel: 'warning',
};

/**
 * Bundles in-host test files (test/e2e/host/*.host.ts, run in the order given) with the runner
 * into one CommonJS file that exports `runRegisteredTests` (for the harness) and `run` (for
 * @vscode/test-electron).
 */
export async function bundleHostTests(hostFiles: string | string[], outFile: string): Promise<string> {
  const hostDir = join(repoRoot, 'test', 'e2e', 'host');
  const imports = [hostFiles].flat().map((f) => `import ${JSON.stringify(join(hostDir, f))};`);
  await esbuild.build({
    ...commonBundle,
    stdin: {
      contents: [`export { runRegisteredTests, run } from './runner.ts';`, ...imports].join('\n'),
      resolveDir: hostDir,
      loader: 'ts',
    },
    outfile: outFile,
  });
  return outFile;
}

/**
 * The test-harness extension (test/e2e/harness) as a .vsix. Packed once per content of its
 * sources and kept in the cache, so a session does not spend two seconds on it each time.
 */
export async function packHarnessVsix(workDir: string): Promise<string> {
  const harnessSrc = join(repoRoot, 'test', 'e2e', 'harness');
  const sources = [join(harnessSrc, 'package.json'), join(harnessSrc, 'extension.ts'), join(repoRoot, 'LICENSE')];
  const hash = createHash('sha256');
  for (const f of sources) hash.update(readFileSync(f));
  const cached = join(cacheDir, 'e2e', `ponte-e2e-harness-${hash.digest('hex').slice(0, 16)}.vsix`);
  if (existsSync(cached)) return cached;

  const stage = join(workDir, 'harness');
  mkdirSync(join(stage, 'dist'), { recursive: true });
  copyFileSync(join(harnessSrc, 'package.json'), join(stage, 'package.json'));
  copyFileSync(join(repoRoot, 'LICENSE'), join(stage, 'LICENSE'));
  writeFileSync(join(stage, '.vscodeignore'), '**/*.map\n');
  await esbuild.build({ ...commonBundle, entryPoints: [join(harnessSrc, 'extension.ts')], outfile: join(stage, 'dist', 'extension.js') });
  const vsix = join(workDir, 'ponte-e2e-harness.vsix');
  // The harness has no dependencies: vsce must not run npm for it.
  // vsce reports through console.log; its file listing would bury the test output.
  const log = console.log;
  console.log = () => undefined;
  try {
    await createVSIX({ cwd: stage, packagePath: vsix, allowMissingRepository: true, dependencies: false });
  } finally {
    console.log = log;
  }
  // Renamed into place whole, so a session running alongside never installs half a file.
  mkdirSync(dirname(cached), { recursive: true });
  copyFileSync(vsix, `${cached}.${process.pid}.tmp`);
  renameSync(`${cached}.${process.pid}.tmp`, cached);
  return cached;
}
