// A copy of examples/churn for the e2e tests that need a trained, registered model and a Docker
// engine: its own project name and image (so parallel runs never share a container), the
// offline base image, the CLI run in it beforehand, and the containers and images removed after.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');
const CLI = join(REPO, 'dist', 'cli.js');

export const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** `ponte ARGS` in `cwd` against that folder's own backend; throws with its output when it fails. */
export function ponte(cwd: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, PONTE_BACKEND: '', PONTE_DB: '' }, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`ponte ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export interface ChurnCopy {
  folder: string;
  project: string;
  image: string;
  /** Removes the copy, and every container and image of its project. */
  remove(): void;
}

/** The example without its generated files (its committed .dvc files kept), its ponte.yaml edited by `edit`. */
export function churnCopy(name: string, edit: (yaml: string) => string = (y) => y): ChurnCopy {
  const project = `churn-${name}-${process.pid}`;
  const image = `ponte-e2e/${name}-${process.pid}`;
  const folder = mkdtempSync(join(tmpdir(), `ponte-e2e-${name}-`));
  const skip = /(^|\/)(data|models|plots|reports|\.ponte|__pycache__|\.pytest_cache)(\/|$)|(^|\/)(metrics\.json|dvc\.lock)$/;
  const src = join(REPO, 'examples/churn');
  cpSync(src, folder, { recursive: true, filter: (p) => p === src || /^data(\/[^/]+\.dvc)?$/.test(p.slice(src.length + 1)) || !skip.test(p.slice(src.length + 1)) });
  const yaml = join(folder, 'ponte.yaml');
  writeFileSync(yaml, edit(readFileSync(yaml, 'utf8')
    .replace(/^project: churn$/m, `project: ${project}`)
    .replace(/^ {2}image: churn-model$/m, `  image: ${image}\n  build_args: { BASE_IMAGE: ponte-base/python:bookworm }`)));
  return {
    folder, project, image,
    remove() {
      const ids = docker('ps', '-aq', '--filter', `label=org.ponte.project=${project}`).trim();
      if (ids) docker('rm', '-f', ...ids.split('\n'));
      const images = docker('images', '-q', image).trim();
      if (images) docker('rmi', '-f', ...new Set(images.split('\n')));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
