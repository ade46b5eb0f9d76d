// Registering a model: a run whose gates passed becomes a numbered version of the model, with
// everything needed to rebuild it later: the model file's md5 (the DVC cache object, not
// whatever the workspace holds now), the run, the data hashes, the metrics and the git commit.
import { createHash } from 'node:crypto';
import type { ModelVersion, PonteApi, Run } from '../api';
import { PonteError } from '../errors';

export interface RegisterModelOptions {
  api: PonteApi;
  /** The project whose runs are searched (ponte.yaml's `project`). */
  project: string;
  /** The registered model's name (ponte.yaml's `model.name`, which defaults to the project). */
  modelName: string;
  /** The model file, relative to the repository root (`model.path`). */
  modelPath: string;
  /** Default: the project's latest finished run. */
  runId?: string;
  /** Register a run whose gates failed or were never checked. */
  force?: boolean;
  /** Who is asking, for the audit log (a user name, `ci`, `retrain`). */
  actor?: string;
  /** Whether the cache holds an object: a version must be buildable from the cache. */
  inCache?: (md5: string) => boolean;
}

export interface RegisterModelResult {
  version: ModelVersion;
  /** True when this run's model was registered before: the existing version is returned. */
  existing: boolean;
}

/** Tags every version carries; the build labels and the deployments read them. */
export const MODEL_TAGS = { md5: 'model.md5', path: 'model.path', commit: 'git.commit', dirty: 'git.dirty', gates: 'gates' } as const;

export async function registerModel(o: RegisterModelOptions): Promise<RegisterModelResult> {
  const run = await pickRun(o);
  const gates = gateVerdict(run);
  if (gates !== 'passed' && !o.force) {
    throw new PonteError(
      gates === 'failed' ? 'registry.gates_failed' : 'registry.gates_unchecked',
      gates === 'failed' ? `run ${run.id} failed its gates; a model that failed is not registered` : `run ${run.id} has no gate result yet`,
      { hint: gates === 'failed' ? 'improve the model and run the pipeline again, or pass --force to register it anyway' : `check it first: ponte gate --run ${run.id}` },
    );
  }
  const md5 = run.dataHashes[o.modelPath];
  if (!md5) {
    throw new PonteError('registry.model_not_recorded', `run ${run.id} recorded no hash for the model file ${o.modelPath}`, {
      hint: 'make model.path in ponte.yaml an output (outs) of a stage in dvc.yaml, then run the pipeline again',
    });
  }
  if (o.inCache && !o.inCache(md5)) {
    throw new PonteError('registry.model_not_in_cache', `the model file ${o.modelPath} of run ${run.id} (md5 ${md5}) is not in the DVC cache`, {
      hint: 'bring it into the cache first: ponte data pull, or run the pipeline again',
    });
  }
  const earlier = (await o.api.listModelVersions(o.modelName)).find((v) => v.runId === run.id && v.tags[MODEL_TAGS.md5] === md5);
  if (earlier) return { version: earlier, existing: true };

  const tags: Record<string, string> = { [MODEL_TAGS.md5]: md5, [MODEL_TAGS.path]: o.modelPath, [MODEL_TAGS.gates]: gates };
  if (run.gitCommit) tags[MODEL_TAGS.commit] = run.gitCommit;
  if (run.gitDirty !== null) tags[MODEL_TAGS.dirty] = String(run.gitDirty);
  const version = await o.api.registerModelVersion({
    name: o.modelName,
    uri: `dvc-md5:${md5}`,
    runId: run.id,
    dataHash: dataFingerprint(run.dataHashes, o.modelPath),
    metrics: run.metrics,
    tags,
  });
  await o.api.appendAudit({
    actor: o.actor ?? 'ponte',
    action: 'model.register',
    target: `model:${o.modelName}`,
    details: { version: version.version, run: run.id, md5, gates, forced: gates !== 'passed' },
  });
  return { version, existing: false };
}

async function pickRun(o: RegisterModelOptions): Promise<Run> {
  if (o.runId) return o.api.getRun(o.runId);
  const latest = (await o.api.searchRuns({ project: o.project, filter: [{ field: 'status', op: '=', value: 'finished' }], limit: 1 })).items[0];
  if (!latest) {
    throw new PonteError('registry.no_run', `no finished run of project "${o.project}" is recorded yet`, { hint: "run the pipeline first: 'ponte run', then 'ponte gate'" });
  }
  return latest;
}

/** `passed`, `failed`, or `unchecked`, from the gate result `ponte gate` stored with the run. */
export function gateVerdict(run: Run): 'passed' | 'failed' | 'unchecked' {
  const g = run.gates;
  if (!g || typeof g !== 'object' || Array.isArray(g) || typeof g.passed !== 'boolean') return 'unchecked';
  return g.passed ? 'passed' : 'failed';
}

/** One hash over the run's data (every recorded path but the model), so two versions trained on the same data compare equal. */
function dataFingerprint(hashes: Record<string, string>, modelPath: string): string | undefined {
  const entries = Object.entries(hashes).filter(([p]) => p !== modelPath).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return undefined;
  return createHash('md5').update(JSON.stringify(entries)).digest('hex');
}
