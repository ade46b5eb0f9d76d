// ponte build on a copy of examples/churn against the real Docker engine: a real run, gate and
// registration, then an image of that version built from the example's Dockerfile on the offline
// base image, with the model taken from the DVC cache (the workspace copy is clobbered first),
// tagged and labelled, and a container of it answering /predict with the scikit-learn model's
// own probability.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_HEADER, IMAGE_LABELS } from '../../../src/core/container';
import { json } from '../pipeline/lib/project';
import { BASE_IMAGE, build, docker, httpRequest, registerRun, removeProjectAndImages, requireEngine, setYaml, tagsOf, trainedProject, type ModelProject } from './lib/model-project';

interface BuildJson {
  image_id: string;
  refs: string[];
  labels: Record<string, string>;
  model: { name: string; version: number | null; md5: string };
  run_id: string | null;
}

let p: ModelProject;
let version: number;
let built: BuildJson;
before(async () => {
  requireEngine();
  p = trainedProject();
  version = await registerRun(p);
});
after(() => removeProjectAndImages(p));

const customer = { age: 41, income: 52000, plan: 'basic', tenure_months: 3, monthly_charges: 89.5, support_calls: 5 };

test('ponte build --model builds the version from the cache: tags for the version and the run, labels with its provenance', async () => {
  const head = execFileSync('git', ['-C', p.dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  writeFileSync(join(p.dir, 'models/model.pkl'), 'not the registered model');
  const r = build(p, '--model', String(version), '--tag', 'candidate', '--json');
  assert.equal(r.code, 0, r.stderr);
  built = json<BuildJson>(r);
  const short = p.runId.replace(/-/g, '').slice(0, 8);
  assert.deepEqual(built.refs, [`${p.image}:${version}`, `${p.image}:${short}`, `${p.image}:candidate`]);
  assert.deepEqual(await tagsOf(p.image), [`${p.image}:${version}`, `${p.image}:${short}`, `${p.image}:candidate`].sort());
  assert.match(r.stderr, /Step \d+\/\d+ : COPY models\/model\.pkl models\/model\.pkl/, 'the engine log streamed to stderr');

  const info = await docker.getImage(`${p.image}:${version}`).inspect();
  assert.equal(info.Id, built.image_id);
  const labels = info.Config.Labels;
  assert.equal(labels[IMAGE_LABELS.runId], p.runId);
  assert.equal(labels[IMAGE_LABELS.modelVersion], String(version));
  assert.equal(labels[IMAGE_LABELS.version], String(version));
  assert.equal(labels[IMAGE_LABELS.revision], head);
  assert.equal(labels[IMAGE_LABELS.gates], 'passed');
  assert.match(labels[IMAGE_LABELS.dataHash], /^[0-9a-f]{32}$/);
  assert.equal(labels[IMAGE_LABELS.modelMd5], built.model.md5);
});

test('a container of the image answers POST /predict with the probability the cached model gives', () => predictWith(`${p.image}:${version}`));

/** Starts a container of `ref`, waits for its health, and checks one prediction against the cached model's own. */
async function predictWith(ref: string): Promise<void> {
  const container = await docker.createContainer({ Image: ref, ExposedPorts: { '8080/tcp': {} }, HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } } });
  try {
    await container.start();
    const port = (await container.inspect()).NetworkSettings.Ports['8080/tcp'][0].HostPort;
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, container);
    const res = await httpRequest(`${url}/predict`, customer);
    assert.equal(res.status, 200, res.text);
    const body = JSON.parse(res.text) as { churn_probability: number };
    assert.equal(body.churn_probability, expectedProbability(built.model.md5));
  } finally {
    await container.remove({ force: true });
  }
}

test('from container.generate: the Dockerfile is shown before the build, and its image serves the same model', async () => {
  setYaml(p.dir, (t) => t.replace(/^ {2}dockerfile: Dockerfile$/m, `  generate: { base: "${BASE_IMAGE}", serve: src/serve.py }`));
  const r = build(p, '--model', String(version), '--tag', 'generated');
  assert.equal(r.code, 0, r.stderr);
  const shown = r.stdout.indexOf(`Dockerfile generated from container.generate:\n  ${GENERATED_HEADER}\n  FROM ${BASE_IMAGE}\n`);
  assert.ok(shown >= 0 && shown < r.stdout.indexOf('Step 1/'), r.stdout);
  const info = await docker.getImage(`${p.image}:generated`).inspect();
  assert.deepEqual(info.Config.Cmd, ['python3', 'src/serve.py']);
  assert.ok(info.Config.Env.includes('MODEL_PATH=/app/models/model.pkl'));
  const listing = execFileSync('docker', ['run', '--rm', `${p.image}:generated`, 'python3', '-c', 'import os; print(sorted(os.listdir("/app")))'], { encoding: 'utf8' });
  assert.doesNotMatch(listing, /ponte\.Dockerfile/, 'the Dockerfile Ponte sent is not shipped');
  assert.match(listing, /'models', /);
  await predictWith(`${p.image}:generated`);
});

/** Polls /health until the server inside answers; gives up (with the container's log) if it exits. */
async function waitForHealth(url: string, container: import('dockerode').Container): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const ok = await httpRequest(`${url}/health`).then((r) => r.status === 200, () => false);
    if (ok) return;
    const state = (await container.inspect()).State;
    if (!state.Running) assert.fail(`the model container exited (${state.ExitCode}):\n${(await container.logs({ stdout: true, stderr: true })).toString()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${url}/health never answered`);
}

/** The same prediction computed here by the example's own serve.predict_proba on the cache object. */
function expectedProbability(md5: string): number {
  const object = join(p.dir, '.dvc/cache/files/md5', md5.slice(0, 2), md5.slice(2));
  const script = 'import json, sys; sys.path.insert(0, "src"); from serve import load_model, predict_proba; print(predict_proba(load_model(sys.argv[1]), [json.loads(sys.argv[2])])[0])';
  return Number(execFileSync('/usr/bin/python3', ['-c', script, object, JSON.stringify(customer)], { cwd: p.dir, encoding: 'utf8' }).trim());
}
