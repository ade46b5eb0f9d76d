// Stage commands run through the shell in their directory with streamed output, and
// cancelling kills the whole process tree: the shell, its children and theirs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { executeCommand } from '../../../src/core/pipeline';
import { copyProject, CLI, ponte, read, removeProject } from './lib/project';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('output streams in order, from the stage directory, with the exit code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-exec-'));
  try {
    const chunks: string[] = [];
    const r = await executeCommand('pwd; echo err >&2; exit 4', { cwd: dir, onOutput: (t) => chunks.push(t) });
    assert.equal(r.code, 4);
    assert.equal(r.cancelled, false);
    assert.match(chunks.join(''), new RegExp(`${dir}\\n`));
    assert.match(r.tail, /err/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cancelling kills the shell and the grandchildren it started', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-exec-'));
  try {
    const controller = new AbortController();
    const done = executeCommand('sleep 60 & echo $! > bg.pid; sh -c \'echo $$ > inner.pid; sleep 60\'', { cwd: dir, signal: controller.signal });
    await waitFor(() => existsSync(join(dir, 'bg.pid')) && existsSync(join(dir, 'inner.pid')) && readFileSync(join(dir, 'inner.pid'), 'utf8').trim() !== '', 'the children to start');
    const pids = ['bg.pid', 'inner.pid'].map((f) => Number(readFileSync(join(dir, f), 'utf8')));
    assert.ok(pids.every(alive));
    controller.abort();
    const r = await done;
    assert.equal(r.cancelled, true);
    await waitFor(() => pids.every((p) => !alive(p)), 'every process of the tree to end');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Ctrl-C on ponte run stops the stage, exits 130, and leaves dvc.lock as it was; a second run meanwhile is refused', async () => {
  const dir = copyProject('test/fixtures/pipeline/chain');
  try {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'step.sh'), 'echo $$ > step.pid\nsleep 60\ncat a.txt > b.txt\n');
    const child = spawn(process.execPath, [CLI, 'run', '--no-record'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    await waitFor(() => existsSync(join(dir, 'step.pid')) && read(dir, 'step.pid').trim() !== '', 'the stage to start');
    const lockBefore = read(dir, 'dvc.lock');
    const stagePid = Number(read(dir, 'step.pid'));
    // A second run of the same project meanwhile is refused, not interleaved.
    const second = ponte(dir, 'run', '--no-record');
    assert.equal(second.code, 1);
    assert.match(second.stderr, /^error\[pipeline\.busy\]: .*already running \(process \d+\)/m);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 130, out);
    assert.match(out, /stage 'second' cancelled/);
    await waitFor(() => !alive(stagePid), 'the stage process to end');
    assert.equal(read(dir, 'dvc.lock'), lockBefore);
    assert.doesNotMatch(lockBefore, /second:/);
  } finally {
    removeProject(dir);
  }
});
