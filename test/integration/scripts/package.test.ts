// `npm run package` (scripts/package.mjs) builds a .vsix that holds only what runs: the bundles,
// the manifest, README, LICENSE, the contributed schemas/grammars/icons, and PGlite; and the
// CLI inside it runs on its own, unpacked outside the repository.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const workDir = mkdtempSync(join(tmpdir(), 'ponte-package-'));
const vsix = join(workDir, 'ponte.vsix');
// Unpacked outside the repository, so nothing resolves from the repo's own node_modules.
const unpacked = join(workDir, 'unpacked');
let entries: { name: string; size: number }[] = [];

before(() => {
  // --no-build: other integration tests run dist/cli.js meanwhile, so dist/ must not be rewritten.
  execFileSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--no-build', '--out', vsix], { cwd: root, stdio: 'pipe' });
  // A .vsix is a zip; Python's zipfile lists it without another dependency.
  const list = execFileSync('/usr/bin/python3', ['-c',
    'import json,sys,zipfile; print(json.dumps([[i.filename, i.file_size] for i in zipfile.ZipFile(sys.argv[1]).infolist()]))', vsix], { encoding: 'utf8' });
  entries = (JSON.parse(list) as [string, number][]).map(([name, size]) => ({ name, size }));
  execFileSync('/usr/bin/python3', ['-c', 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', vsix, unpacked]);
});
after(() => rmSync(workDir, { recursive: true, force: true }));

const inExtension = () => entries.filter((e) => e.name.startsWith('extension/')).map((e) => ({ ...e, name: e.name.slice('extension/'.length) }));

test('the .vsix holds the four bundles, the manifest, README and LICENSE', () => {
  const names = inExtension().map((e) => e.name);
  for (const f of ['package.json', 'readme.md', 'LICENSE.txt', 'dist/extension.js', 'dist/cli.js', 'dist/server.js', 'dist/webview.js']) {
    assert.ok(names.includes(f), `${f} is missing from the .vsix`);
  }
});

test('the .vsix holds PGlite, the runtime package the CLI and server load', () => {
  const names = inExtension().map((e) => e.name);
  assert.ok(names.includes('node_modules/@electric-sql/pglite/package.json'));
  assert.ok(names.some((n) => n.startsWith('node_modules/@electric-sql/pglite/dist/') && n.endsWith('.wasm')));
});

test('the .vsix holds no sources, tests, source maps or other packages', () => {
  const stray = inExtension()
    .map((e) => e.name)
    .filter((n) => /^(src|test|bench|scripts|examples|webview-ui|docs)\//.test(n) || n.endsWith('.map') || n.endsWith('.ts')
      || (n.startsWith('node_modules/') && !n.startsWith('node_modules/@electric-sql/pglite/')));
  assert.deepEqual(stray, []);
});

// The size budget is held on the minified bundle the .vsix ships by
// test/integration/extension/bundle.test.ts: --no-build here packages the unminified dist/.

test('every file the manifest names (main, icons, schemas, grammars) ships in the .vsix', () => {
  const names = new Set(inExtension().map((e) => e.name));
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as unknown;
  const named: string[] = [];
  // A relative path with a folder and a known extension, wherever it sits in the manifest.
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && /^(\.\/)?[\w@.-]+\/[\w./@-]+\.(json|svg|png|js|md)$/.test(v)) named.push(v.replace(/^\.\//, ''));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(manifest);
  assert.ok(named.includes('dist/extension.js'));
  assert.deepEqual(named.filter((f) => !names.has(f)), []);
});

test('the CLI inside the .vsix validates the example on its own', () => {
  const out = execFileSync(process.execPath, [join(unpacked, 'extension', 'dist', 'cli.js'), 'validate', '--json'], {
    cwd: join(root, 'examples', 'churn'),
    encoding: 'utf8',
  });
  assert.deepEqual(JSON.parse(out), []);
});

test('the CLI inside the .vsix opens a store with the PGlite it ships', () => {
  const project = join(workDir, 'project');
  mkdirSync(project);
  const out = execFileSync(process.execPath, [join(unpacked, 'extension', 'dist', 'cli.js'), 'exp', 'list', '--json'], { cwd: project, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), []);
  assert.ok(existsSync(join(project, '.ponte', 'db')), 'no PGlite database was created');
});
