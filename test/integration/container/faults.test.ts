// ponte build when things go wrong, on a real engine: no engine at DOCKER_HOST, a Dockerfile step
// that fails, a base image the engine lacks, the model's cache object missing or corrupt, a
// .dockerignore that excludes the model, Ctrl-C mid-build, and a run whose gates failed. Each
// gets a message naming what and where with a hint, exit 1, no stack, and no tag left behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { chmodSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ponte } from '../pipeline/lib/project';
import { BASE_IMAGE, build, docker, removeProjectAndImages, requireEngine, setYaml, tagsOf, trainedProject, type ModelProject } from './lib/model-project';

let p: ModelProject;
let modelObject: string;
before(() => {
  requireEngine();
  p = trainedProject();
  const md5 = /- path: models\/model\.pkl\n\s+hash: md5\n\s+md5: ([0-9a-f]{32})/.exec(readFileSync(join(p.dir, 'dvc.lock'), 'utf8'))![1];
  modelObject = join(p.dir, '.dvc/cache/files/md5', md5.slice(0, 2), md5.slice(2));
});
after(() => removeProjectAndImages(p));

/** Uses a Dockerfile of the test's own for one build. */
function withDockerfile(text: string): void {
  writeFileSync(join(p.dir, 'Dockerfile.test'), text);
  setYaml(p.dir, (t) => t.replace(/^ {2}dockerfile: .*$/m, '  dockerfile: Dockerfile.test'));
}

function assertRefused(r: { code: number; stderr: string }, code: string): void {
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^error\\[${code.replace('.', '\\.')}\\]`, 'm'));
  assert.match(r.stderr, /^ {2}hint: /m);
  assert.doesNotMatch(r.stderr, /^\s+at .*\(.*:\d+:\d+\)$/m, 'no stack trace');
}

test('no engine at DOCKER_HOST: the socket is named, with how to start one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-nodocker-'));
  try {
    const sock = join(dir, 'docker.sock');
    const r = await spawnPonte(['build', '--run', p.runId], { DOCKER_HOST: `unix://${sock}` });
    assertRefused(r, 'container.docker_unreachable');
    assert.match(r.stderr, new RegExp(`the Docker engine at ${sock} does not answer`));
    assert.match(r.stderr, /scripts\/docker-engine\.sh start/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failing Dockerfile step: the step, the error and the last lines of its log; no tag', async () => {
  withDockerfile('ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN echo "checking the model" && echo "model check failed" >&2 && false\n');
  const r = build(p, '--run', p.runId);
  assertRefused(r, 'container.build_failed');
  assert.match(r.stderr, /Dockerfile\.test: the image build failed at step 3\/\d+ \(RUN echo "checking the model" && .* && false\): The command .* returned a non-zero code: 1/);
  assert.match(r.stderr, /last lines of the build log:\n(.*\n)* {4}model check failed\n/);
  assert.deepEqual(await tagsOf(p.image), []);
});

test('a Dockerfile the engine cannot parse: the file, the line and the engine\'s reason', () => {
  withDockerfile('ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n\nCOPPY models/model.pkl /m\n');
  const r = build(p, '--run', p.runId);
  assertRefused(r, 'container.dockerfile_invalid');
  assert.match(r.stderr, /^error\[container\.dockerfile_invalid\]: Dockerfile\.test:4: unknown instruction: COPPY/im);
});

test('a base image the engine does not have is named, and not pulled', async () => {
  withDockerfile('ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY models/model.pkl /m\n');
  const missing = `ponte-missing-${Date.now()}/python:none`;
  const r = ponte(p.dir, 'build', '--run', p.runId, '--build-arg', `BASE_IMAGE=${missing}`);
  assertRefused(r, 'container.base_missing');
  assert.match(r.stderr, new RegExp(`the base image ${missing.replace(/[/.]/g, '\\$&')} \\(FROM in Dockerfile\\.test\\) is not on the Docker engine at /var/run/docker\\.sock; ponte build never pulls`));
  assert.doesNotMatch(r.stderr + r.stdout, /Pulling|pull access denied/);
});

test('a container.generate value that would break its Dockerfile line: ponte.yaml, its line and the field', () => {
  const before_ = readFileSync(join(p.dir, 'ponte.yaml'), 'utf8');
  setYaml(p.dir, (t) => t.replace(/^ {2}dockerfile: .*$/m, '  generate: { base: "python:3.12 AS x", serve: src/serve.py }'));
  try {
    const line = readFileSync(join(p.dir, 'ponte.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('python:3.12 AS x')) + 1;
    const r = build(p, '--run', p.runId);
    assertRefused(r, 'container.bad_generate');
    assert.match(r.stderr, new RegExp(`^error\\[container\\.bad_generate\\]: ponte\\.yaml:${line}:\\d+: container\\.generate\\.base "python:3\\.12 AS x" is not an image reference`, 'm'));
    assert.doesNotMatch(r.stdout, /Step 1\//, 'nothing was built');
  } finally {
    writeFileSync(join(p.dir, 'ponte.yaml'), before_);
  }
});

test('an image name Docker would refuse is caught before the build, at its line', () => {
  const before_ = readFileSync(join(p.dir, 'ponte.yaml'), 'utf8');
  setYaml(p.dir, (t) => t.replace(`  image: ${p.image}`, '  image: ChurnModel'));
  try {
    const line = readFileSync(join(p.dir, 'ponte.yaml'), 'utf8').split('\n').indexOf('  image: ChurnModel') + 1;
    const r = build(p, '--run', p.runId);
    assertRefused(r, 'container.bad_image');
    assert.match(r.stderr, new RegExp(`ponte\\.yaml:${line}:\\d+: container\\.image "ChurnModel" is not a name Docker accepts`));
  } finally {
    writeFileSync(join(p.dir, 'ponte.yaml'), before_);
  }
});

test('the model\'s cache object missing: named, with ponte data pull', () => {
  withDockerfile('ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY models/model.pkl /m\n');
  renameSync(modelObject, `${modelObject}.away`);
  try {
    const r = build(p, '--run', p.runId);
    assertRefused(r, 'container.model_not_in_cache');
    assert.match(r.stderr, /the model models\/model\.pkl \(md5 [0-9a-f]{32}\) is not in the DVC cache/);
    assert.match(r.stderr, /hint: .*ponte data pull/);
  } finally {
    renameSync(`${modelObject}.away`, modelObject);
  }
});

test('a corrupt cache object is caught while it streams into the context; no tag', async () => {
  withDockerfile('ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY models/model.pkl /m\n');
  const good = readFileSync(modelObject);
  chmodSync(modelObject, 0o644);
  const bad = Buffer.from(good);
  bad[bad.length >> 1] ^= 0xff;
  writeFileSync(modelObject, bad);
  try {
    const r = build(p, '--run', p.runId);
    assertRefused(r, 'container.cache_corrupt');
    assert.match(r.stderr, /the cache object .* for models\/model\.pkl has md5 [0-9a-f]{32}, not [0-9a-f]{32}/);
    assert.deepEqual(await tagsOf(p.image), []);
  } finally {
    writeFileSync(modelObject, good);
    chmodSync(modelObject, 0o444);
  }
});

test('a .dockerignore that excludes models/: the model is added anyway, with a note', async () => {
  withDockerfile('ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY models/model.pkl /m\nRUN test -s /m\n');
  const ignore = join(p.dir, '.dockerignore');
  const before_ = readFileSync(ignore, 'utf8');
  writeFileSync(ignore, `${before_}models/\n`);
  try {
    const r = build(p, '--run', p.runId, '--tag', 'ignored');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /note: \.dockerignore excludes models\/model\.pkl; the model version is added from the cache anyway/);
    assert.ok((await tagsOf(p.image)).includes(`${p.image}:ignored`));
  } finally {
    writeFileSync(ignore, before_);
  }
});

test('Ctrl-C mid-build stops the build: exit 1, no tag, the step\'s container removed', async () => {
  const mark = `ponte-cancel-${Date.now()}`;
  withDockerfile(`ARG BASE_IMAGE\nFROM \${BASE_IMAGE}\nLABEL ponte.test=${mark}\nRUN echo "step started" && sleep 300\n`);
  const child = spawn(process.execPath, [CLI, 'build', '--run', p.runId, '--tag', 'cancelled', '--build-arg', `BASE_IMAGE=${BASE_IMAGE}`], { cwd: p.dir, env: { ...process.env, PONTE_BACKEND: '', PONTE_DB: '' } });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
  await new Promise<void>((resolve) => child.stdout.on('data', (c) => {
    out += c;
    if (out.includes('step started')) resolve();
  }));
  child.kill('SIGINT');
  assert.equal(await exited, 1, out + err);
  assert.match(err, /error\[container\.build_cancelled\]: the image build was cancelled; no tag was set/);
  assert.ok(!(await tagsOf(p.image)).includes(`${p.image}:cancelled`));
  const marked = JSON.stringify({ label: [`ponte.test=${mark}`] });
  try {
    // The engine removes the step's container once it has seen the client go.
    for (let i = 0; ; i++) {
      const left = await docker.listContainers({ all: true, filters: marked });
      if (left.length === 0) break;
      if (i === 600) assert.fail(`the cancelled step's container is still there: ${left.map((c) => `${c.Id.slice(0, 12)} ${c.State}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    // The LABEL step's untagged image stays in the engine's build cache; it is this test's.
    for (const image of await docker.listImages({ all: true, filters: marked })) await docker.getImage(image.Id).remove({ force: true }).catch(() => undefined);
  }
});

test('a run whose gates failed is not built without --force', () => {
  setYaml(p.dir, (t) => t.replace('accuracy: ">= 0.85"', 'accuracy: ">= 0.999"'));
  assert.equal(ponte(p.dir, 'gate', '--run', p.runId).code, 1);
  const r = build(p, '--run', p.runId);
  assertRefused(r, 'container.gates_failed');
  assert.match(r.stderr, /the model of run [0-9a-f]+ failed its gates; it is not built/);
  assert.match(r.stderr, /pass --force/);
});

test('--force builds it anyway, labelled failed; here over DOCKER_HOST=tcp:// (a relay to the engine\'s socket)', async () => {
  const relay = createServer((client) => {
    const engine = connect('/var/run/docker.sock');
    client.pipe(engine).pipe(client);
    const close = () => { client.destroy(); engine.destroy(); };
    client.on('error', close);
    engine.on('error', close);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  try {
    const port = (relay.address() as { port: number }).port;
    withDockerfile('ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY models/model.pkl /m\n');
    const r = await spawnPonte(['build', '--run', p.runId, '--force', '--tag', 'forced', '--build-arg', `BASE_IMAGE=${BASE_IMAGE}`], { DOCKER_HOST: `tcp://127.0.0.1:${port}` });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`on tcp://127\\.0\\.0\\.1:${port}`));
    const info = await docker.getImage(`${p.image}:forced`).inspect();
    assert.equal(info.Config.Labels['dev.ponte.gates'], 'failed');
  } finally {
    relay.close();
  }
});

/** The CLI without blocking this process (the tcp relay above lives in it). */
function spawnPonte(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: p.dir, env: { ...process.env, PONTE_BACKEND: '', PONTE_DB: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
