// A manifest is sound only when it hashes to its name, parses, names 32-hex md5s and keeps every
// relpath inside its folder; each way to fail is named, and a sound one gives its entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkManifestFile } from '../../../../src/core/data/verified-copy';

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

/** The verdict on a manifest holding `relpath`, stored under its own md5. */
function verdict(entries: { md5: string; relpath: string }[]): string | number {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-manifest-'));
  try {
    const bytes = JSON.stringify(entries);
    const file = join(dir, 'm.dir');
    writeFileSync(file, bytes);
    const r = checkManifestFile(file, { md5: `${createHash('md5').update(bytes).digest('hex')}.dir`, kind: 'md5' });
    return 'problem' in r ? r.problem : r.entries.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('relpaths that stay inside the folder are sound, unicode and dots in names included', () => {
  assert.equal(verdict([{ md5: MD5, relpath: 'a.csv' }, { md5: MD5, relpath: 'sub/..b/c...' }, { md5: MD5, relpath: 'é/ü.txt' }]), 3);
});

test('each relpath that would leave the folder or is not one is named (the path guard\'s rules, applied by parseManifest)', () => {
  const cases = ['../x', 'a/../../x', 'a/./b', 'a//b', 'a/', '/etc/passwd', '', 'a\0b', '.git/hooks/pre-commit', 'd/.DVC/config'];
  for (const relpath of cases) {
    const problem = String(verdict([{ md5: MD5, relpath }]));
    assert.ok(problem.startsWith(`entry 0 has the relpath ${JSON.stringify(relpath)}, which`), `${JSON.stringify(relpath)}: ${problem}`);
  }
  assert.equal(verdict([{ md5: MD5, relpath: 'a/b.csv' }]), 1, 'a plain relpath is read');
});

test('an md5 that is not 32 hex digits, a non-list, and a wrong name are each named', () => {
  assert.match(String(verdict([{ md5: MD5.toUpperCase(), relpath: 'a' }])), /entry 0 has md5 'D41D.*', not 32 hex digits/);
  const dir = mkdtempSync(join(tmpdir(), 'ponte-manifest-'));
  try {
    writeFileSync(join(dir, 'm.dir'), '{}');
    const name = `${createHash('md5').update('{}').digest('hex')}.dir`;
    assert.deepEqual(checkManifestFile(join(dir, 'm.dir'), { md5: name, kind: 'md5' }), { problem: 'is not a list of entries' });
    const wrong = checkManifestFile(join(dir, 'm.dir'), { md5: `${MD5}.dir`, kind: 'md5-dos2unix' });
    assert.deepEqual(wrong, { problem: `its md5 is ${name.slice(0, 32)} (2 bytes), the name says ${MD5}` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
