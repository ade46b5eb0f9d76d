// Runs one test layer (unit | integration | e2e) with node's own test runner through tsx.
// Finds every *.test.ts below test/<layer>, so a new test file needs no registration.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const layer = process.argv[2] ?? 'unit';
const filter = process.argv.slice(3);
function find(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fixtures' && name !== 'node_modules') out = out.concat(find(p));
    } else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
let files = find(join('test', layer)).sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error(`no test files under test/${layer}`);
  process.exit(1);
}
// e2e files share one code-server and one browser, so they run one after another.
const concurrency = layer === 'e2e' ? ['--test-concurrency=1'] : [];
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...concurrency, ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
