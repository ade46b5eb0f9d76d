// Dockerfile generation from container.generate, and the base images a Dockerfile names (what a
// build checks on the engine before it starts, so a missing base is reported instead of pulled).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseImages, generateDockerfile, GENERATED_HEADER } from '../../../../src/core/container';
import { PonteError } from '../../../../src/core/errors';

const spec = { base: 'python:3.12-slim', serve: 'src/serve.py', modelPath: 'models/model.pkl', port: 8080, health: '/health' };

test('a generated Dockerfile copies the context, points MODEL_PATH at the model, checks health and runs the serve file', () => {
  assert.equal(generateDockerfile({ ...spec, requirements: 'requirements.txt' }), [
    GENERATED_HEADER,
    'FROM python:3.12-slim',
    'WORKDIR /app',
    'COPY requirements.txt /tmp/requirements.txt',
    'RUN python3 -m pip install --no-cache-dir -r /tmp/requirements.txt',
    'COPY . /app',
    'ENV PORT=8080 MODEL_PATH=/app/models/model.pkl',
    'EXPOSE 8080',
    'HEALTHCHECK --interval=10s --timeout=3s --start-period=5s CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen(\'http://127.0.0.1:8080/health\')"]',
    'CMD ["python3","src/serve.py"]',
    '',
  ].join('\n'));
});

test('without requirements nothing is installed; an ASGI app (module:app) runs under uvicorn on the port', () => {
  const text = generateDockerfile({ ...spec, serve: 'serve:app', port: 9000, health: '/ready' });
  assert.doesNotMatch(text, /pip install/);
  assert.match(text, /^CMD \["python3","-m","uvicorn","serve:app","--host","0\.0\.0\.0","--port","9000"\]$/m);
  assert.match(text, /127\.0\.0\.1:9000\/ready/);
});

test('a value that would break out of its Dockerfile line is refused, naming the field and its line', () => {
  const locate = (field: string) => ({ file: 'ponte.yaml', line: field === 'base' ? 41 : 42 });
  const refused = (patch: Partial<typeof spec>, field: string) => assert.throws(() => generateDockerfile({ ...spec, ...patch, locate }), (e: unknown) => {
    assert.ok(e instanceof PonteError);
    assert.equal(e.code, 'container.bad_generate');
    assert.match(e.message, new RegExp(`container\\.generate\\.${field}`));
    assert.equal(e.line, field === 'base' ? 41 : 42);
    assert.ok(e.hint);
    return true;
  });
  refused({ base: 'python:3.12\nRUN rm -rf /' }, 'base');
  refused({ serve: '../outside.py' }, 'serve');
  refused({ serve: 'src/serve.py"]\nUSER root' }, 'serve');
  refused({ serve: '/abs/serve.py' }, 'serve');
});

test('base images: ARG defaults before FROM, build args over them, stage names and scratch left out', () => {
  const text = [
    '# syntax=docker/dockerfile:1',
    'ARG BASE_IMAGE=python:3.11-slim',
    'ARG TOOLS="debian:bookworm"',
    'FROM --platform=linux/amd64 ${TOOLS} AS tools',
    'RUN echo \\',
    '  FROM not-an-instruction',
    'FROM $BASE_IMAGE',
    'COPY --from=tools /x /x',
    'FROM tools',
    'FROM scratch AS empty',
    'from ${OTHER:-alpine:3}',
  ].join('\n');
  assert.deepEqual(baseImages(text), ['debian:bookworm', 'python:3.11-slim', 'alpine:3']);
  assert.deepEqual(baseImages(text, { BASE_IMAGE: 'ponte-base/python:bookworm', OTHER: 'busybox' }), ['debian:bookworm', 'ponte-base/python:bookworm', 'busybox']);
});

test('an ARG after the first FROM does not change what a later FROM names', () => {
  assert.deepEqual(baseImages('ARG B=one\nFROM scratch\nARG B=two\nFROM $B\n'), ['one']);
});
