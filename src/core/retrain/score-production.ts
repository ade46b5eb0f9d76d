// Production's metrics on the retrain's own test set, for the relative gates: the pipeline's
// stage that writes the gated metrics file is run again, in a temporary copy of the project, with
// the production model's file from the DVC cache in place of the new one. The workspace is never
// written; when production cannot be scored, its recorded metrics stand in and the reason is said.
import { execFileSync } from 'node:child_process';
import { constants, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ModelVersion, PonteApi } from '../api';
// The context module alone: the container index would load the Docker client too.
import { modelObjects } from '../container/context';
import { openDataRepo } from '../data';
import { isPonteError } from '../errors';
import { parseGateRule } from '../gates';
import { executeCommand, mergeMetricFiles, readMetricsFile, type Metrics } from '../pipeline';
import type { PonteConfig } from '../project';
import { MODEL_TAGS } from '../registry';

/** A pipeline stage with what scoring needs: paths as written, relative to the stage's wdir. */
export interface ScoringStage {
  name: string;
  wdir: string;
  cmd?: string[];
  deps?: { path: string }[];
  outs: { path: string }[];
  metrics?: { path: string }[];
  plots?: { path: string }[];
  params?: { file: string }[];
}

export type ProductionScore =
  /** No relative gate, or no model in production: nothing to compare with. */
  | { kind: 'none' }
  | { kind: 'scored'; ref: string; metrics: Metrics; recorded: Metrics; stages: string[] }
  | { kind: 'recorded'; ref: string; recorded: Metrics; why: string };

export interface ScoreProductionOptions {
  api: PonteApi;
  config: PonteConfig;
  pipeline?: { dir: string; stages: ScoringStage[] };
  signal?: AbortSignal;
  onLog?: (line: string) => void;
}

/** Why production was not scored: the fallback's reason, as a value rather than an exception. */
class CannotScore extends Error {}

export async function scoreProduction(o: ScoreProductionOptions): Promise<ProductionScore> {
  const { config } = o;
  const relative = (config.gates?.rules ?? []).some((r) => {
    const p = parseGateRule(r.text);
    return p.ok && p.rule.base === 'production';
  });
  if (!relative) return { kind: 'none' };
  const version = await o.api.getAlias(config.model.name, 'production');
  if (!version) return { kind: 'none' };
  let recorded = version.metrics;
  if (Object.keys(recorded).length === 0 && version.runId) recorded = (await o.api.getRun(version.runId)).metrics;
  const ref = `${version.name} v${version.version}`;
  try {
    const { metrics, stages } = await scoreInCopy(o, version);
    return { kind: 'scored', ref, metrics, recorded, stages };
  } catch (e) {
    if (o.signal?.aborted) throw e;
    if (e instanceof CannotScore || isPonteError(e)) return { kind: 'recorded', ref, recorded, why: e.message };
    throw e;
  }
}

async function scoreInCopy(o: ScoreProductionOptions, version: ModelVersion): Promise<{ metrics: Metrics; stages: string[] }> {
  const root = o.config.root;
  const modelPath = o.config.model.path;
  const md5 = version.tags[MODEL_TAGS.md5];
  if (!modelPath) throw new CannotScore('ponte.yaml declares no model.path');
  if (!md5) throw new CannotScore(`${version.name} v${version.version} records no model md5`);
  if (!o.pipeline) throw new CannotScore('there is no dvc.yaml to find the evaluating stage in');
  const pipeline = o.pipeline;
  const abs = (st: ScoringStage, p: string) => path.resolve(pipeline.dir, st.wdir, p);
  const gated = new Set((o.config.gates?.metrics ?? []).map((m) => path.resolve(root, m)));
  const writes = (st: ScoringStage) => [...(st.metrics ?? []), ...st.outs].filter((x) => gated.has(abs(st, x.path)));
  const stages = pipeline.stages.filter((st) => writes(st).length > 0);
  if (stages.length === 0) throw new CannotScore(`no stage of the pipeline writes ${o.config.gates?.metrics.join(', ')}`);
  const model = path.resolve(root, modelPath);
  const blind = stages.find((st) => !(st.deps ?? []).some((d) => abs(st, d.path) === model));
  if (blind) throw new CannotScore(`stage ${blind.name}, which writes the gated metrics, does not list ${modelPath} among its deps`);

  const repo = await openDataRepo(root);
  // Throws container.model_not_in_cache (a PonteError): the fallback's reason.
  const objects = modelObjects({ path: modelPath.split(path.sep).join('/'), md5, cacheDir: repo.cacheDir });

  const copy = mkdtempSync(path.join(tmpdir(), 'ponte-score-production-'));
  try {
    const produced = (st: ScoringStage) => [...st.outs, ...(st.metrics ?? []), ...(st.plots ?? [])].map((x) => abs(st, x.path));
    const written = new Set(stages.flatMap(produced));
    const outs = new Set(pipeline.stages.flatMap(produced));
    const inputs = new Set<string>(projectFiles(root, outs));
    for (const st of stages) {
      for (const d of st.deps ?? []) inputs.add(abs(st, d.path));
      for (const p of st.params ?? []) inputs.add(abs(st, p.file));
    }
    const under = (f: string, dir: string) => f === dir || f.startsWith(dir + path.sep);
    for (const f of inputs) {
      if (under(f, model) || [...written].some((w) => under(f, w)) || !existsSync(f) || !under(f, root)) continue;
      const to = path.join(copy, path.relative(root, f));
      mkdirSync(path.dirname(to), { recursive: true });
      if (statSync(f).isDirectory()) cpSync(f, to, { recursive: true });
      else copyFileSync(f, to, constants.COPYFILE_FICLONE);
    }
    for (const obj of objects) {
      const to = path.join(copy, obj.name);
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(obj.source, to, constants.COPYFILE_FICLONE);
    }
    for (const st of stages) {
      const cwd = path.join(copy, path.relative(root, pipeline.dir), st.wdir);
      mkdirSync(cwd, { recursive: true });
      for (const cmd of st.cmd ?? []) {
        o.onLog?.(`scoring production's model: ${cmd}`);
        let partial = '';
        const r = await executeCommand(cmd, {
          cwd, signal: o.signal,
          onOutput: (text) => {
            const lines = (partial + text).split('\n');
            partial = lines.pop() ?? '';
            for (const l of lines) o.onLog?.(l);
          },
        });
        if (r.cancelled) throw new Error('cancelled');
        if (r.code !== 0) {
          const last = r.tail.trim().split('\n').slice(-2).join(' | ');
          throw new CannotScore(`stage ${st.name} failed on production's model (exit ${r.code ?? r.signal}${last ? `: ${last}` : ''})`);
        }
      }
    }
    const files = stages.flatMap((st) => writes(st).map((x) => abs(st, x.path)));
    const perFile: [string, Metrics][] = [];
    for (const f of files) {
      const inCopy = path.join(copy, path.relative(root, f));
      if (!existsSync(inCopy)) throw new CannotScore(`stage ${stages.map((s) => s.name).join(', ')} wrote no ${path.relative(root, f)} for production's model`);
      perFile.push([f, await readMetricsFile(inCopy)]);
    }
    return { metrics: mergeMetricFiles(perFile, root), stages: stages.map((s) => s.name) };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * The files a stage may read besides its deps (its code, params): what git tracks or would; out
 * of git, every file but dot-directories, node_modules and the pipeline's outs (generated data).
 */
function projectFiles(root: string, outs: Set<string>): string[] {
  try {
    const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
    return listed.split('\0').filter(Boolean).map((f) => path.resolve(root, f));
  } catch {
    // not a git work tree (or no git): walk it
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (outs.has(f)) continue;
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules') walk(f);
      } else if (e.isFile()) files.push(f);
    }
  };
  walk(root);
  return files;
}
