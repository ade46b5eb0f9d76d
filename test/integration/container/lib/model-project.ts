// A copy of examples/churn made ready to build: a git commit, a real `ponte run` and `ponte gate`,
// its image renamed to a name unique to the test file (so cleanup removes exactly what the test
// built), and the engine's images and containers of that name removed afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createDockerClient } from '../../../../src/core/container';
import { registerModel } from '../../../../src/core/registry';
import { openStore } from '../../../../src/core/store';
import { copyProject, json, ponte, removeProject } from '../../pipeline/lib/project';

export const BASE_IMAGE = process.env.PONTE_BASE_IMAGE ?? 'ponte-base/python:bookworm';
export const { docker } = createDockerClient();

export interface ModelProject {
  dir: string;
  /** `container.image`, unique to this copy. */
  image: string;
  runId: string;
}

/** The copy after a real run and a passing gate; `PONTE_BASE_IMAGE` must be on the engine (scripts/build-base-image.sh). */
export function trainedProject(): ModelProject {
  const dir = copyProject('examples/churn');
  const image = `ponte-test-${randomBytes(4).toString('hex')}`;
  setYaml(dir, (t) => t.replace(/^ {2}image: churn-model$/m, `  image: ${image}`));
  const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'churn example');
  const run = ponte(dir, 'run', '--json');
  if (run.code !== 0) throw new Error(`ponte run failed:\n${run.stderr}`);
  const runId = json<{ run_id: string }>(run).run_id;
  const gate = ponte(dir, 'gate', '--run', runId);
  if (gate.code !== 0) throw new Error(`ponte gate failed:\n${gate.stdout}${gate.stderr}`);
  return { dir, image, runId };
}

/** Registers the run as a model version on the project's embedded store (what `ponte model register` will do). */
export async function registerRun(p: ModelProject): Promise<number> {
  const api = await openStore({ root: p.dir });
  try {
    return (await registerModel({ api, project: 'churn', modelName: 'churn', modelPath: 'models/model.pkl', runId: p.runId })).version.version;
  } finally {
    await api.close();
  }
}

export function setYaml(dir: string, edit: (text: string) => string): void {
  const file = join(dir, 'ponte.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

export function build(p: ModelProject, ...args: string[]) {
  return ponte(p.dir, 'build', '--build-arg', `BASE_IMAGE=${BASE_IMAGE}`, ...args);
}

/** The tags of the engine's images named `image`. */
export async function tagsOf(image: string): Promise<string[]> {
  const list = await docker.listImages({ filters: JSON.stringify({ reference: [`${image}:*`] }) });
  return list.flatMap((i) => i.RepoTags ?? []).sort();
}

export async function removeProjectAndImages(p: ModelProject | undefined): Promise<void> {
  if (!p) return;
  for (const tag of await tagsOf(p.image)) {
    for (const c of await docker.listContainers({ all: true, filters: JSON.stringify({ ancestor: [tag] }) })) {
      await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    }
    await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
  }
  removeProject(p.dir);
}

/** Fails the test file early, with the fix, when the engine or the base image is missing. */
export function requireEngine(): void {
  const r = spawnSync('docker', ['image', 'inspect', BASE_IMAGE], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the Docker engine must answer and hold ${BASE_IMAGE}: bash scripts/docker-engine.sh start && bash scripts/build-base-image.sh\n${r.stderr}`);
}

/**
 * One HTTP request with node:http. Not fetch: while the container's server is still starting,
 * docker-proxy accepts and closes the connection, and Node 20's fetch then left its promise
 * pending with nothing keeping the event loop alive (the test runner gave up on the test).
 */
export function httpRequest(url: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, { method: data ? 'POST' : 'GET', headers: data ? { 'content-type': 'application/json' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}
