// A throwaway project folder with the ponte.yaml a test writes, read through the project model
// as every export command reads it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject, type PonteConfig } from '../../../../../src/core/project';

export interface TempProject {
  dir: string;
  config: PonteConfig;
  remove(): void;
}

/** A project whose ponte.yaml holds `yaml` and whose reference dataset is a small CSV. */
export function tempProject(yaml: string): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-export-'));
  writeFileSync(join(dir, 'ponte.yaml'), yaml);
  writeFileSync(join(dir, 'reference.csv'), 'age,plan\n30,basic\n40,pro\n');
  return { dir, config: loadProject(dir).config, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every threshold monitor knows, and two deployments. */
export const FULL_YAML = `version: 1
project: shop
datasets:
  reference: { path: reference.csv }
container: { dockerfile: Dockerfile, image: shop-model, port: 9000, health: /healthz }
deployments:
  production:
    target: docker
    strategy: blue-green
    resources: { cpus: 1.5, memory: 512m }
    env: { WORKERS: 2, MODE: fast }
  staging: { target: docker }
monitor:
  deployment: production
  reference: reference
  features: [age, plan]
  prediction: p
  label: y
  drift: { threshold: 0.1, share: 0.5 }
  latency: { p50_ms: 50, p95_ms: 200, p99_ms: 400 }
  error_rate: { max: 0.05 }
  accuracy: { metric: f1, min: 0.8 }
`;
