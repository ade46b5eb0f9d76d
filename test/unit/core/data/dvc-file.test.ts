// `.dvc` files: DVC 3's exact bytes on write, raw hash text on read, legacy detection, and
// broken input reported with file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLegacyOut, parseDvcFile, serializeDvcFile, yamlScalar } from '../../../../src/core/data/index';
import { PonteError } from '../../../../src/core/errors';

test('writes the key order and quoting DVC 3 writes', () => {
  assert.equal(
    serializeDvcFile([{ md5: 'd8e8fca2dc0f896fd7cb4cb0031ba249', size: 5, hash: 'md5', path: 'foo' }]),
    'outs:\n- md5: d8e8fca2dc0f896fd7cb4cb0031ba249\n  size: 5\n  hash: md5\n  path: foo\n',
  );
  assert.equal(
    serializeDvcFile([{ md5: 'cb58ee07cb01044db229e4d6121a0dfc.dir', size: 10, nfiles: 2, hash: 'md5', path: 'data' }]),
    'outs:\n- md5: cb58ee07cb01044db229e4d6121a0dfc.dir\n  size: 10\n  nfiles: 2\n  hash: md5\n  path: data\n',
  );
  assert.equal(
    serializeDvcFile([{ md5: '12345678901234567890123456789012', size: 1, isexec: true, hash: 'md5', path: 'run.sh' }]),
    "outs:\n- md5: '12345678901234567890123456789012'\n  size: 1\n  isexec: true\n  hash: md5\n  path: run.sh\n",
  );
  assert.match(serializeDvcFile([{ md5: '1234567890123456789012345678e901', size: 1, hash: 'md5', path: 'x' }]), /md5: '1234567890123456789012345678e901'/);
});

test('paths stay plain when YAML 1.2 reads them back as strings, else quoted as ruamel quotes them', () => {
  assert.equal(yamlScalar('données'), 'données');
  assert.equal(yamlScalar('data/x.csv'), 'data/x.csv');
  assert.equal(yamlScalar('true'), "'true'");
  assert.equal(yamlScalar('yes'), 'yes', 'YAML 1.2: not a boolean');
  assert.equal(yamlScalar('123'), "'123'");
  assert.equal(yamlScalar('a: b'), "'a: b'");
  assert.equal(yamlScalar("it's #1"), '"it\'s #1"', 'a quote inside: double quotes');
  assert.equal(yamlScalar('-dash'), '-dash');
  assert.equal(yamlScalar('- dash'), "'- dash'");
  assert.equal(yamlScalar('tab\there'), '"tab\\there"');
});

test('reads the hash as raw text, even when it looks like a number', () => {
  const f = parseDvcFile("outs:\n- md5: '12345678901234567890123456789012'\n  size: 3\n  hash: md5\n  path: a\n", 'a.dvc');
  assert.equal(f.outs[0].md5, '12345678901234567890123456789012');
  const round = parseDvcFile(serializeDvcFile(f.outs), 'a.dvc');
  assert.deepEqual(round.outs, f.outs);
});

test('an entry without hash: is DVC 2 (legacy)', () => {
  const f = parseDvcFile('outs:\n- md5: 987929d61c9b69f0c6406b840aa77fd8\n  size: 20\n  path: notes.txt\n', 'notes.txt.dvc');
  assert.equal(isLegacyOut(f.outs[0]), true);
  assert.equal(isLegacyOut({ ...f.outs[0], hash: 'md5' }), false);
});

function rejects(text: string, code: string, line: number, message: RegExp): void {
  assert.throws(
    () => parseDvcFile(text, 'data/x.csv.dvc'),
    (e: unknown) => e instanceof PonteError && e.code === code && e.file === 'data/x.csv.dvc' && e.line === line && message.test(e.message) && !!e.hint,
  );
}

test('broken YAML, unknown keys and bad values name the file and line', () => {
  rejects('outs:\n- md5: [unclosed\n', 'data.bad_dvc_file', 3, /not valid YAML/);
  rejects('outs:\n- md5: d8e8fca2dc0f896fd7cb4cb0031ba249\n  sise: 5\n  path: x\n', 'data.bad_dvc_file', 3, /unknown key 'sise'.*did you mean "size"/);
  rejects('outz:\n- path: x\n', 'data.bad_dvc_file', 1, /unknown key 'outz'/);
  rejects('outs:\n- md5: nothex\n  path: x\n', 'data.bad_dvc_file', 2, /not an md5/);
  rejects('outs:\n- md5: d8e8fca2dc0f896fd7cb4cb0031ba249\n  size: big\n  path: x\n', 'data.bad_dvc_file', 3, /whole number/);
  rejects('outs:\n- md5: d8e8fca2dc0f896fd7cb4cb0031ba249\n', 'data.bad_dvc_file', 2, /no `path`/);
  rejects('- just a list\n', 'data.bad_dvc_file', 1, /mapping/);
  rejects('outs:\n- md5: d8e8fca2dc0f896fd7cb4cb0031ba249\n  isexec: maybe\n  path: x\n', 'data.bad_dvc_file', 3, /'isexec' must be true or false, not 'maybe'/);
  rejects('outs:\n- md5:\n  path: x\n', 'data.bad_dvc_file', 2, /not an md5 hash: ''/);
});

test('other DVC keys (desc, remote, push, meta, labels) survive a rewrite verbatim, after path', () => {
  const text =
    "outs:\n- md5: d8e8fca2dc0f896fd7cb4cb0031ba249\n  size: 5\n  hash: md5\n  path: foo\n  desc: the raw 'data'\n  remote: storage\n  push: false\n  meta:\n    owner: ada\n    version: 2\n  labels:\n  - a\n  - b\n";
  const f = parseDvcFile(text, 'foo.dvc');
  assert.equal(serializeDvcFile(f.outs), text);
  const updated = serializeDvcFile([{ ...f.outs[0], md5: '0cc175b9c0f1b6a831c399e269772661', size: 1 }]);
  assert.equal(updated, text.replace('d8e8fca2dc0f896fd7cb4cb0031ba249', '0cc175b9c0f1b6a831c399e269772661').replace('size: 5', 'size: 1'));
});

test("DVC 3's other output keys (version_id, cloud, fs_config) are accepted and kept", () => {
  const text =
    'outs:\n- md5: d8e8fca2dc0f896fd7cb4cb0031ba249\n  size: 5\n  hash: md5\n  path: foo\n  cloud:\n    storage:\n      version_id: 3a7f\n      etag: abc\n  fs_config:\n    allow_anonymous_login: true\n';
  const f = parseDvcFile(text, 'foo.dvc');
  assert.equal(f.outs[0].md5, 'd8e8fca2dc0f896fd7cb4cb0031ba249');
  assert.equal(serializeDvcFile(f.outs), text);
  assert.equal(parseDvcFile('outs:\n- path: foo\n  version_id: 3a7f\n', 'foo.dvc').outs[0].path, 'foo');
});

test('an upper-case md5 reads lower-cased, as DVC reads it', () => {
  assert.equal(parseDvcFile('outs:\n- md5: D8E8FCA2DC0F896FD7CB4CB0031BA249.dir\n  path: x\n', 'x.dvc').outs[0].md5, 'd8e8fca2dc0f896fd7cb4cb0031ba249.dir');
});

test('wdir (older DVC files) is read; a collection there is an error with its line', () => {
  assert.equal(parseDvcFile('wdir: ..\nouts:\n- md5: d8e8fca2dc0f896fd7cb4cb0031ba249\n  path: data/x.csv\n', 'meta/x.dvc').wdir, '..');
  assert.equal(parseDvcFile('outs:\n- path: x\n', 'x.dvc').wdir, undefined);
  rejects('wdir: [a]\nouts:\n- path: x\n', 'data.bad_dvc_file', 1, /`wdir` must be a folder/);
});

test('a path with a line break is double-quoted with \\n, as ruamel.yaml 0.17 writes it', () => {
  assert.equal(serializeDvcFile([{ md5: 'd8e8fca2dc0f896fd7cb4cb0031ba249', size: 1, hash: 'md5', path: 'a\nb' }]).split('\n').at(-2), '  path: "a\\nb"');
  assert.equal(parseDvcFile(serializeDvcFile([{ md5: 'd8e8fca2dc0f896fd7cb4cb0031ba249', size: 1, hash: 'md5', path: 'a\nb' }]), 'x.dvc').outs[0].path, 'a\nb');
});
