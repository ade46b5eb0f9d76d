// The extension bundle stays light: under 1 MB, and without the store, Docker or chart code
// (those live in the server process and the webview). Bundled here the way the .vsix ships it
// (scripts/package.mjs builds with --minify): the budget is on what a user downloads and loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';

const heavy = ['@electric-sql/pglite', 'dockerode', 'docker-modem', 'ssh2', 'pg', 'chart.js', 'hyparquet', 'prom-client'];

test('dist/extension.js is under 1 MB and imports no heavy package', async () => {
  const result = await esbuild.build({
    entryPoints: ['src/extension/extension.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    write: false,
    metafile: true,
    logLevel: 'silent',
    minify: true,
    outfile: 'extension.js',
  });
  const size = result.outputFiles[0].contents.byteLength;
  assert.ok(size < 1024 * 1024, `bundle is ${size} bytes`);
  const packages = Object.keys(result.metafile.inputs).filter((f) => heavy.some((p) => f.includes(`node_modules/${p}/`)));
  assert.deepEqual(packages, []);
});
