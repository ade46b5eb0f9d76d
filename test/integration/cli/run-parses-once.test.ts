// `ponte run` on a copy of examples/churn reads dvc.yaml once: the project model checks it, and
// the plan and the run reuse that parse. Parses are counted on the `ponte:dvc-parse` diagnostics
// channel parseDvcPipeline publishes to, by a hook preloaded into the real CLI (a count, not a timer).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, copyProject, removeProject } from '../pipeline/lib/project';

const dir = copyProject('examples/churn');
const logs = mkdtempSync(join(tmpdir(), 'ponte-parses-'));
after(() => {
  removeProject(dir);
  rmSync(logs, { recursive: true, force: true });
});

function run(name: string, ...args: string[]): { code: number; stdout: string; stderr: string; parses: string[] } {
  const log = join(logs, name);
  const r = spawnSync(process.execPath, ['--import', join(__dirname, 'lib', 'count-dvc-parses.mjs'), CLI, 'run', ...args], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, PONTE_PARSE_LOG: log, PONTE_BACKEND: '', PONTE_DB: '' }, timeout: 300_000,
  });
  const parses = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, parses };
}

test('ponte run parses dvc.yaml once: one plan, carried out as made', () => {
  const r = run('first', '--json', '--no-record');
  assert.equal(r.code, 0, r.stderr);
  const ran = (JSON.parse(r.stdout) as { stages: { name: string; ran: boolean }[] }).stages.filter((s) => s.ran).map((s) => s.name);
  assert.deepEqual(ran, ['generate', 'prepare', 'train', 'evaluate']);
  assert.ok(existsSync(join(dir, 'models/model.pkl')));
  assert.deepEqual(r.parses, ['dvc.yaml']);
});

test('a run with nothing to do, and a dry run, parse it once too', () => {
  for (const args of [['--no-record'], ['--dry-run', '--force']]) {
    const r = run(args.join(''), ...args);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.parses, ['dvc.yaml'], args.join(' '));
  }
});
