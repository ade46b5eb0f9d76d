// Builds the four bundles with esbuild: extension, CLI, server (Node, CommonJS) and the
// dashboard webview (browser IIFE). `--watch` rebuilds on change; `--minify` for packaging.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
mkdirSync('dist', { recursive: true });

// ssh2 (through dockerode) has optional native parts (cpu-features, sshcrypto.node); without
// them it falls back to pure JS.
const nativeOptional = ['cpu-features', '*.node'];
// The editor reaches Docker through the CLI (`ponte build`), so these never enter the extension.
const notInExtension = ['node_modules/dockerode/', 'node_modules/docker-modem/', 'node_modules/ssh2/', 'node_modules/tar-stream/'];
// PGlite loads its .wasm and .data files next to its own module, so it stays a real package.
const runtimePackages = ['@electric-sql/pglite', '@electric-sql/pglite/*', 'pg-native'];

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  minify,
  logLevel: 'warning',
  external: [...nativeOptional, ...runtimePackages],
};

const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: [...node.external, 'vscode'], metafile: !watch },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js' },
  // drift loads both sides of a comparison in worker threads; the CLI, server and extension find it next to themselves
  { ...node, entryPoints: ['src/core/drift/worker.ts'], outfile: 'dist/drift-worker.js' },
  // ponte serve runs the embedded store's PGlite in a worker thread, off the proxy's event loop
  { ...node, entryPoints: ['src/core/store/pglite-worker.ts'], outfile: 'dist/pglite-worker.js' },
  // the extension validates pipeline files in a worker thread, so no file can block the editor
  { ...node, entryPoints: ['src/extension/diagnostics/validate-worker.ts'], outfile: 'dist/validate-worker.js' },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: 'linked',
    minify,
    logLevel: 'warning',
    entryPoints: ['webview-ui/main.ts'],
    outfile: 'dist/webview.js',
  },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  const pulledIn = Object.keys(results[0].metafile.inputs).filter((f) => notInExtension.some((m) => f.includes(m)));
  if (pulledIn.length) {
    console.error(`dist/extension.js must not bundle Docker's client (the CLI talks to Docker); it pulled in:\n  ${pulledIn.slice(0, 5).join('\n  ')}`);
    process.exit(1);
  }
}
