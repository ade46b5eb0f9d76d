// Every command that reads ponte.yaml judges it as `ponte validate` does: fed the same broken
// ponte.yaml files (the error cases of test/fixtures/project/broken), run, test, gate, drift and
// data add (and, on a few, status, exp and data log) each stop with exit 1 and the code, line and
// column of the first error validate prints, and a hint. The real CLI, a fresh directory per file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, REPO } from '../pipeline/lib/project';

const BROKEN = join(REPO, 'test', 'fixtures', 'project', 'broken');
const COMMANDS: Record<string, string[]> = {
  run: ['run', '--no-record'],
  test: ['test'],
  gate: ['gate', '--metrics', 'metrics.json'],
  drift: ['drift', '--reference', 'data.csv', '--current', 'data.csv'],
  'data add': ['data', 'add', 'data.csv'],
};
// The other readers of the project model, on the first few files only (6 processes a file is enough).
const ALSO: Record<string, string[]> = { status: ['status'], 'exp list': ['exp', 'list'], 'data log': ['data', 'log', 'data.csv'] };

interface Out {
  code: number;
  stdout: string;
  stderr: string;
}

function ponte(cwd: string, args: string[]): Promise<Out> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, PONTE_BACKEND: '', PONTE_DB: '', PONTE_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A project holding only the broken ponte.yaml, a small CSV and a metrics file. */
function project(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-broken-'));
  copyFileSync(join(BROKEN, fixture), join(dir, 'ponte.yaml'));
  writeFileSync(join(dir, 'data.csv'), 'age,plan\n30,basic\n41,pro\n');
  writeFileSync(join(dir, 'metrics.json'), '{"accuracy": 0.9}\n');
  return dir;
}

const fixtures = readdirSync(BROKEN).filter((f) => f.endsWith('.ponte.yaml')).sort();

test('50 broken ponte.yaml files: every command stops with the code, line and column validate reports', async () => {
  let judged = 0;
  const mismatches: string[] = [];
  for (const fixture of fixtures) {
    if (judged === 50) break; // the first 50 with an error, in name order: enough, at 6 processes each
    const dir = project(fixture);
    try {
      const v = await ponte(dir, ['validate', 'ponte.yaml']);
      // file:line:col: error code message
      const first = /^ponte\.yaml:(\d+):(\d+): error (\S+) /m.exec(v.stdout);
      if (v.code !== 1 || !first) continue; // a warning-only case: nothing stops
      judged++;
      const expected = `${first[3]} at ${first[1]}:${first[2]}`;
      const commands = judged <= 3 ? { ...COMMANDS, ...ALSO } : COMMANDS;
      const outs = await Promise.all(Object.values(commands).map((args) => ponte(dir, args)));
      Object.keys(commands).forEach((name, i) => {
        const o = outs[i];
        const got = /^error\[([^\]]+)\]: ponte\.yaml:(\d+):(\d+): /m.exec(o.stderr);
        const actual = got ? `${got[1]} at ${got[2]}:${got[3]}` : `nothing (exit ${o.code}): ${o.stderr.split('\n')[0]}`;
        if (o.code !== 1 || actual !== expected || !/^ {2}hint: /m.test(o.stderr) || /\n\s+at /.test(o.stderr)) {
          mismatches.push(`${fixture}: ${name} reported ${actual}, validate ${expected}`);
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.equal(judged, 50, `only ${judged} of the broken files have an error`);
  assert.deepEqual(mismatches, []);
});
