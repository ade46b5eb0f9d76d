// Temporary copies of pipeline projects (the fixtures and examples/churn), and the real CLI
// (dist/cli.js) run inside them, for the pipeline integration tests.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../../..');
export const CLI = join(REPO, 'dist/cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function ponte(cwd: string, ...args: string[]): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, PONTE_DEBUG: '', PONTE_BACKEND: '', PONTE_DB: '' }, timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `--json` output of a command that succeeded or failed as expected. */
export function json<T>(r: CliRun): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

/** A copy of a fixture project (`test/fixtures/pipeline/NAME`) or of `examples/NAME`, without generated files. */
export function copyProject(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-pipeline-'));
  const src = join(REPO, from);
  const skip = /(^|\/)(data|models|plots|reports|\.ponte|__pycache__|\.pytest_cache)(\/|$)|(^|\/)(metrics\.json|dvc\.lock)$/;
  // A source dataset's .dvc file under data/ (the example's production data) is committed, so it is copied.
  const committed = (rel: string) => rel === 'data' || /^data\/[^/]+\.dvc$/.test(rel);
  cpSync(src, dir, { recursive: true, filter: (p) => !skip.test(p.slice(src.length + 1)) || committed(p.slice(src.length + 1)) || p === src });
  return dir;
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function read(dir: string, rel: string): string {
  return readFileSync(join(dir, rel), 'utf8');
}
