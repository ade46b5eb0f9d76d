// Project shapes the CI generators are tried on, each in a fresh temporary folder: the churn
// example as it ships (no remote, tests, gates, Dockerfile, two deployments), a small project on
// an S3 remote with requirements but no container, and one on a directory remote with neither
// tests nor gates (so no release).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../../..');
export const SHAPES = ['churn', 's3', 'local'] as const;
export type Shape = (typeof SHAPES)[number];

const DVC_YAML = `stages:
  train:
    cmd: python3 train.py
    deps: [train.py]
    outs: [model.pkl]
    metrics:
      - metrics.json:
          cache: false
`;

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** A fresh copy of the shape; remove it with `removeProject`. */
export function makeProject(shape: Shape): string {
  const root = mkdtempSync(join(tmpdir(), `ponte-ci-${shape}-`));
  if (shape === 'churn') {
    cpSync(join(REPO, 'examples', 'churn'), root, { recursive: true });
    return root;
  }
  write(root, { 'dvc.yaml': DVC_YAML, 'train.py': 'print("train")\n' });
  if (shape === 's3') {
    write(root, {
      'ponte.yaml': 'version: 1\nproject: mini\ntests: { command: python3 -m pytest tests }\ngates: { metrics: metrics.json, rules: { accuracy: ">= 0.8" } }\nmodel: { path: model.pkl }\n',
      'requirements.txt': 'scikit-learn\n',
      '.dvc/config': "[core]\n    remote = store\n['remote \"store\"']\n    url = s3://bucket/path\n",
    });
  } else {
    write(root, {
      'ponte.yaml': 'version: 1\nproject: plain\nmodel: { path: model.pkl }\n',
      '.dvc/config': "[core]\n    remote = shared\n['remote \"shared\"']\n    url = /mnt/dvc-store\n",
    });
  }
  return root;
}

export function removeProject(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
