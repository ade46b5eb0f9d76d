// The architecture rule: src/core is plain TypeScript that never reaches the editor API,
// so the CLI, the server and worker threads can all run it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('src/core never imports vscode', () => {
  const offenders = sources('src/core').filter((f) =>
    /(from\s+['"]vscode['"])|(require\(\s*['"]vscode['"]\s*\))|(import\(\s*['"]vscode['"]\s*\))/.test(readFileSync(f, 'utf8')),
  );
  assert.deepEqual(offenders, []);
});

test('src/core never imports the faces', () => {
  const offenders = sources('src/core').filter((f) => /from\s+['"](\.\.\/)+(extension|cli|server)\//.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});
