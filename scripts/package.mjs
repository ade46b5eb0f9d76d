// Builds the minified bundles and packs them into ponte-<version>.vsix with @vscode/vsce.
// Before packing, it checks that the file list holds only what the extension runs (see
// .vscodeignore), so a stray folder never ships. `--out FILE` names the .vsix elsewhere;
// `--no-build` packs dist/ as it is (tests that must not rewrite dist/ under other tests).
import { createVSIX, listFiles } from '@vscode/vsce';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(root, `${manifest.name}-${manifest.version}.vsix`);

// What may ship: anything else in the list means .vscodeignore let too much through.
const allowed = [
  /^dist\/[^/]+\.js$/,
  /^(schemas|syntaxes|media)\//,
  /^(package\.json|README\.md|LICENSE)$/,
  /^node_modules\/@electric-sql\/pglite\//,
];
// What must ship: without these the extension, the CLI or the server cannot start.
const required = ['package.json', 'LICENSE', 'README.md', 'dist/extension.js', 'dist/cli.js', 'dist/server.js', 'dist/webview.js', 'dist/validate-worker.js',
  'node_modules/@electric-sql/pglite/package.json'];

if (!process.argv.includes('--no-build')) {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--minify'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('package: the build failed');
    process.exit(1);
  }
}

const files = await listFiles({ cwd: root });
const stray = files.filter((f) => !allowed.some((re) => re.test(f)));
const missing = required.filter((f) => !files.includes(f));
if (stray.length || missing.length) {
  if (stray.length) console.error(`package: files that should not ship (fix .vscodeignore):\n  ${stray.slice(0, 20).join('\n  ')}`);
  if (missing.length) console.error(`package: files that must ship are missing:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}

// No `repository` in the manifest yet: README links stay as written rather than rewritten to a host.
await createVSIX({ cwd: root, packagePath: out, allowMissingRepository: true, rewriteRelativeLinks: false });
const kb = (n) => `${Math.round(n / 1024)} KB`;
console.log(`package: ${out} (${files.length} files, ${kb(statSync(out).size)}; dist/extension.js ${kb(statSync(join(root, 'dist/extension.js')).size)})`);
