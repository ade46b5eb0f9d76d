// Image tags and labels: the version and the run's short id as tags, provenance under OCI names
// where they exist, user labels never overwriting them; and the names Docker accepts, checked
// before a build rather than discovered when tagging after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IMAGE_LABELS, imageLabels, imageTags, isImageName, isImageTag } from '../../../../src/core/container';

test('tags: the version, the first 8 characters of the run id, then the extra ones, once each', () => {
  assert.deepEqual(imageTags({ version: 3, runId: '9e47aaaf14ff4ed1aefb08756925af66' }, ['latest', '3']), ['3', '9e47aaaf', 'latest']);
  assert.deepEqual(imageTags({ runId: '0b8f1c2e-77aa-4d1e-9c3b-5e2f00aa11bb' }), ['0b8f1c2e']);
});

test('labels: provenance under OCI and dev.ponte names; a user label cannot overwrite them; absent values are left out', () => {
  const created = new Date('2026-12-06T21:00:00Z');
  const labels = imageLabels({ modelName: 'churn', version: 2, runId: 'r1', gitCommit: 'c0ffee', modelMd5: 'a'.repeat(32), modelPath: 'models/model.pkl', gates: 'passed', created }, { team: 'risk', [IMAGE_LABELS.revision]: 'forged' });
  assert.deepEqual(labels, {
    team: 'risk',
    'org.opencontainers.image.created': '2026-12-06T21:00:00.000Z',
    'org.opencontainers.image.title': 'churn',
    'org.opencontainers.image.version': '2',
    'org.opencontainers.image.revision': 'c0ffee',
    'dev.ponte.run.id': 'r1',
    'dev.ponte.model.name': 'churn',
    'dev.ponte.model.version': '2',
    'dev.ponte.model.md5': 'a'.repeat(32),
    'dev.ponte.model.path': 'models/model.pkl',
    'dev.ponte.gates': 'passed',
  });
});

test('image names and tags as Docker takes them', () => {
  for (const ok of ['churn-model', 'team/churn_model', 'registry.example.org:5000/team/churn', 'a__b', 'localhost/x']) assert.ok(isImageName(ok), ok);
  for (const bad of ['ChurnModel', 'churn model', '-churn', 'churn-', 'team//churn', 'churn:latest', '']) assert.ok(!isImageName(bad), bad);
  for (const ok of ['3', 'latest', 'v1.2-rc_1', '_x']) assert.ok(isImageTag(ok), ok);
  for (const bad of ['.x', '-x', 'a/b', 'a:b', 'x'.repeat(129), '']) assert.ok(!isImageTag(bad), bad);
});
