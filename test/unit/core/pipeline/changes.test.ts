import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expandDvcStages, parseDvcPipeline } from '../../../../src/core/project';
import { buildStageGraph } from '../../../../src/core/pipeline/graph';
import { checkStage, ParamsReader } from '../../../../src/core/pipeline/changes';
import { parseLockFile } from '../../../../src/core/pipeline/lock-file';
import type { OutputHash, StageStorage } from '../../../../src/core/pipeline/storage';

// A storage whose files and cache are plain maps: the rules are tested without hashing.
function fakeStorage(files: Record<string, string>, cached: string[] = []): StageStorage {
  return {
    async hash(abs): Promise<OutputHash | undefined> {
      const md5 = files[path.basename(abs)];
      return md5 === undefined ? undefined : { md5, size: 1 };
    },
    async isCached(md5) {
      return cached.includes(md5);
    },
    async save() {
      throw new Error('not used');
    },
  };
}

const dir = mkdtempSync(path.join(tmpdir(), 'ponte-changes-'));
writeFileSync(path.join(dir, 'params.yaml'), 'train:\n  C: 1.0\n  seed: 3\n');

function node(yaml: string, name = 'train') {
  const stages = expandDvcStages(parseDvcPipeline(yaml, 'dvc.yaml'), { dir }).stages;
  return buildStageGraph(stages, dir).nodes.get(name)!;
}

const STAGE = 'stages:\n  train:\n    cmd: python t.py\n    deps: [d.csv]\n    params: [train.C]\n    outs: [m.pkl]\n';
const LOCK = `schema: '2.0'
stages:
  train:
    cmd: python t.py
    deps:
    - path: d.csv
      hash: md5
      md5: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
      size: 1
    params:
      params.yaml:
        train.C: 1.0
    outs:
    - path: m.pkl
      hash: md5
      md5: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
      size: 1
`;
const locked = () => parseLockFile(LOCK, 'dvc.lock').stages.get('train');
const same = { 'd.csv': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'm.pkl': 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' };
const ctx = (files: Record<string, string>, cached = ['bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb']) => ({ storage: fakeStorage(files, cached), params: new ParamsReader() });

test('unchanged stage is up to date', async () => {
  assert.deepEqual(await checkStage(node(STAGE), locked(), ctx(same)), { changed: false, reasons: ['up to date'] });
});

test('never run, command changed, params changed and added', async () => {
  assert.deepEqual((await checkStage(node(STAGE), undefined, ctx(same))).reasons, ['never run: no entry in dvc.lock']);
  assert.deepEqual((await checkStage(node(STAGE.replace('python t.py', 'python t2.py')), locked(), ctx(same))).reasons, ['command changed']);
  assert.deepEqual((await checkStage(node(STAGE.replace('[train.C]', '[train.C, train.seed]')), locked(), ctx(same))).reasons, ['param train.seed added']);
  const other = parseLockFile(LOCK.replace('train.C: 1.0', 'train.C: 0.5'), 'dvc.lock').stages.get('train');
  assert.deepEqual((await checkStage(node(STAGE), other, ctx(same))).reasons, ['param train.C changed: 0.5 → 1.0']);
});

test('deps and outs: modified, deleted, new, not in cache, removed', async () => {
  assert.deepEqual((await checkStage(node(STAGE), locked(), ctx({ ...same, 'd.csv': 'cccccccccccccccccccccccccccccccc' }))).reasons, ['dep d.csv modified']);
  assert.deepEqual((await checkStage(node(STAGE), locked(), ctx({ 'd.csv': same['d.csv'] }))).reasons, ['out m.pkl deleted']);
  assert.deepEqual((await checkStage(node(STAGE), locked(), ctx(same, []))).reasons, ['out m.pkl not in cache']);
  const more = STAGE.replace('deps: [d.csv]', 'deps: [d.csv, e.csv]');
  assert.deepEqual((await checkStage(node(more), locked(), ctx({ ...same, 'e.csv': 'dddddddddddddddddddddddddddddddd' }))).reasons, ['dep e.csv is new']);
  const fewer = STAGE.replace('deps: [d.csv]', 'deps: []');
  assert.deepEqual((await checkStage(node(fewer), locked(), ctx(same))).reasons, ['dep d.csv removed from the stage']);
});

test('an out with cache: false is not required in the cache', async () => {
  const s = STAGE.replace('outs: [m.pkl]', 'outs: [{m.pkl: {cache: false}}]');
  assert.equal((await checkStage(node(s), locked(), ctx(same, []))).changed, false);
});

test('always_changed, frozen, and a command without deps or outs', async () => {
  const always = await checkStage(node(STAGE + '    always_changed: true\n'), locked(), ctx(same));
  assert.deepEqual(always, { changed: true, reasons: ['always_changed'] });
  const frozen = await checkStage(node(STAGE + '    frozen: true\n'), undefined, ctx({}));
  assert.deepEqual(frozen, { changed: false, reasons: ['frozen'] });
  const bare = parseLockFile("schema: '2.0'\nstages:\n  ping:\n    cmd: echo hi\n", 'dvc.lock').stages.get('ping');
  const r = await checkStage(node('stages:\n  ping: {cmd: echo hi}\n', 'ping'), bare, ctx({}));
  assert.equal(r.changed, true);
  assert.match(r.reasons[0], /no deps or outs/);
});
