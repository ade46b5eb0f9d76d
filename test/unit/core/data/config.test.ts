// `.dvc/config` INI: DVC's quoted section names, config.local overriding, and clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDvcConfig, resolveRemote } from '../../../../src/core/data/index';
import { PonteError } from '../../../../src/core/errors';

test("reads ['remote \"name\"'] sections and core.remote; later text overrides", () => {
  const config = parseDvcConfig("[core]\n    remote = storage\n['remote \"storage\"']\n    url = /mnt/a\n# comment\n", '.dvc/config');
  parseDvcConfig('[remote "storage"]\n    url = /mnt/b\n', '.dvc/config.local', config);
  assert.deepEqual(resolveRemote(config, '.dvc'), { name: 'storage', url: '/mnt/b', file: '.dvc/config.local' });
});

test('errors name the file and line', () => {
  assert.throws(
    () => parseDvcConfig('[core]\nthis is not ini\n', '.dvc/config'),
    (e: unknown) => e instanceof PonteError && e.code === 'data.bad_config' && e.file === '.dvc/config' && e.line === 2,
  );
  const config = parseDvcConfig('[core]\nremote = nope\n', '.dvc/config');
  assert.throws(() => resolveRemote(config, '.dvc'), (e: unknown) => (e as PonteError).code === 'data.unknown_remote');
  assert.throws(() => resolveRemote(new Map(), '.dvc'), (e: unknown) => (e as PonteError).code === 'data.no_remote');
});

test('an inline # comment after an unquoted value is dropped, as configobj does; a quoted # stays', () => {
  const config = parseDvcConfig("[core]\n    remote = store  # the NAS\n['remote \"store\"']\n    url = '/mnt/a#b' # quoted\n", '.dvc/config');
  assert.deepEqual(resolveRemote(config, '.dvc'), { name: 'store', url: '/mnt/a#b', file: '.dvc/config' });
});
