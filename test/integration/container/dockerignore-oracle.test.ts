// The build context's .dockerignore handling held to Docker's own: for each set of rules, the
// files `listContextFiles` keeps equal the files the docker CLI (legacy builder, its own pattern
// matcher) copies with `COPY . /ctx/` into a scratch image, read back with `docker export`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { listContextFiles } from '../../../src/core/container';

const TREE = [
  'README.md', '.env', 'x.log', 'notes.txt', 'Dockerfile.dev',
  'src/serve.py', 'src/features.py', 'src/x.log', 'src/__pycache__/serve.cpython-311.pyc', 'src/a.tmp', 'src/deep/b.tmp',
  'data/raw.csv', 'data/train.csv', 'data/keep/ref.csv', 'data/keep/big.bin',
  'models/model.pkl', 'models/old/model.pkl', 'tests/test_a.py', 'tests/fixtures/c.csv',
  'a1.txt', 'b2.txt', 'c3.txt', 'docs/x/y/z.md',
];

const CASES: Record<string, string> = {
  'plain names and a root-anchored glob': 'data\n*.log\n.env\n',
  '** at any depth, comments and blank lines': '# caches\n\n**/__pycache__\n**/*.tmp\n',
  'exceptions re-include inside an excluded folder': 'data\n!data/keep\ndata/keep/*.bin\n',
  'a later exception wins; a later exclusion wins back': '*.txt\n!a1.txt\nmodels/**\n!models/model.pkl\n',
  'middle wildcards, ? and character classes': 'src/*.tmp\n[ab]?.txt\ndocs/*/y\n',
  'leading slash and ./ are the root, trailing slash a folder': '/tests/fixtures/\n./README.md\nmodels/old/\n',
  'exclude everything but a few': '*\n!src\n!models/model.pkl\n',
};

let tag = '';
const dirs: string[] = [];
before(() => {
  const r = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the Docker engine must answer (bash scripts/docker-engine.sh start):\n${r.stderr}`);
  tag = `ponte-oracle-${process.pid}`;
});
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(ignore: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-dockerignore-'));
  dirs.push(dir);
  for (const f of TREE) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), f);
  }
  writeFileSync(join(dir, '.dockerignore'), ignore);
  return dir;
}

/** The files Docker's CLI sends and COPY keeps. */
function dockerKeeps(dir: string): string[] {
  execFileSync('docker', ['build', '-q', '-t', tag, '-f', '-', dir], { input: 'FROM scratch\nCOPY . /ctx/\n', env: { ...process.env, DOCKER_BUILDKIT: '0' }, stdio: ['pipe', 'ignore', 'pipe'] });
  const id = execFileSync('docker', ['create', tag, 'none'], { encoding: 'utf8' }).trim();
  try {
    const list = execFileSync('docker', ['export', id], { maxBuffer: 64 << 20 });
    const names = execFileSync('tar', ['-t'], { input: list, encoding: 'utf8' }).split('\n');
    return names.filter((n) => n.startsWith('ctx/') && !n.endsWith('/')).map((n) => n.slice(4)).sort();
  } finally {
    execFileSync('docker', ['rm', id], { stdio: 'ignore' });
    execFileSync('docker', ['rmi', tag], { stdio: 'ignore' });
  }
}

for (const [name, rules] of Object.entries(CASES)) {
  test(`.dockerignore as Docker reads it: ${name}`, () => {
    const dir = project(rules);
    const ours = listContextFiles(dir);
    assert.deepEqual(ours, dockerKeeps(dir));
  });
}
