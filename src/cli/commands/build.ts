// `ponte build [--model VERSION | --run ID] [--tag T] [--build-arg K=V] [--force] [--json]`: builds
// the model image of a registered version (or of a run) through the Docker engine, from
// container.dockerfile or a Dockerfile generated from container.generate, with the model file
// taken from the DVC cache; the engine's log streams here; Ctrl-C cancels and leaves no tag.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CliCommand } from '../command';
import { parseCommandArgs } from '../command';
import { backendHelp, backendOptions, resolveBackend } from '../backend-options';
import { PonteError, fromSystemError } from '../../core/errors';
import type { PonteApi } from '../../core/api';
import { openDataRepo } from '../../core/data';
import { loadProject } from '../../core/project';
import { gateVerdict, gateVerdictOfVersion, MODEL_TAGS, resolveModelVersion } from '../../core/registry';
import { buildModelImage, connectDocker, generateDockerfile, imageLabels, imageTags, isImageName, isImageTag, type ImageProvenance } from '../../core/container';

const HELP = `Usage: ponte build [--model VERSION | --run ID] [--tag T]... [--build-arg K=V]... [--force] [--json]

Builds the model image through the Docker engine (DOCKER_HOST, else /var/run/docker.sock), from
container.dockerfile in ponte.yaml, or from a Dockerfile generated from container.generate (shown
before the build). The context is container.context as .dockerignore leaves it, plus the model
file of that version taken from the DVC cache (its md5 checked), never the workspace's copy.
Tags: <container.image>:<version> and :<run short id>. Labels: run, model version, git commit,
model and data hashes, gate verdict. Base images are never pulled.

Options:
  --model VERSION    a registered version: a number (3, v3) or an alias (production, staging);
                     default: the latest registered version
  --run ID           the model of this run (its registered version if there is one)
  --tag T            one more tag (repeatable)
  --build-arg K=V    a build argument (repeatable); over container.build_args
  --force            build a model whose gates failed or were never checked
  --json             print {image_id, refs, labels, model, run_id} (the log goes to stderr)
${backendHelp}
Exit codes: 0 built, 1 the build failed or was refused, 2 bad usage. Ctrl-C cancels the build.

Examples:
  ponte build
  ponte build --model production --tag latest
  ponte build --run 3f2a... --build-arg BASE_IMAGE=ponte-base/python:bookworm
`;

const options = {
  model: { type: 'string' }, run: { type: 'string' }, tag: { type: 'string', multiple: true }, 'build-arg': { type: 'string', multiple: true },
  force: { type: 'boolean' }, json: { type: 'boolean' }, ...backendOptions,
} as const;

export const buildCommand: CliCommand = {
  grammar: { options },
  summary: 'build the model image of a registered version (or a run) through Docker',
  async run(argv) {
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let api: PonteApi | undefined;
    try {
      const args = parseCommandArgs('build', argv, options, HELP);
      if (!args) return 0;
      if (args.positionals.length) throw new PonteError('usage.bad_arguments', `ponte build takes no positional arguments (got "${args.positionals[0]}")`, { hint: 'use --model VERSION or --run ID' });
      if (args.values.model && args.values.run) throw new PonteError('usage.bad_arguments', 'give --model or --run, not both', { hint: 'ponte build --model 3, or ponte build --run ID' });
      const badTag = (args.values.tag ?? []).find((t) => !isImageTag(t));
      if (badTag !== undefined) throw new PonteError('usage.bad_arguments', `--tag "${badTag}" is not a Docker tag`, { hint: 'letters, digits, "_", "." and "-", at most 128, not starting with "." or "-"; e.g. --tag latest' });
      const json = args.values.json === true;
      const say = (s: string) => (json ? process.stderr : process.stdout).write(s);
      const root = process.cwd();
      const cfg = await readBuildConfig(root);
      const buildArgs = { ...cfg.buildArgs, ...parseBuildArgs(args.values['build-arg'] ?? []) };

      api = (await resolveBackend({ backend: args.values.backend, token: args.values.token })).api;
      const source = await pickModel(api, cfg, args.values.model, args.values.run);
      if (source.gates !== 'passed' && !args.values.force) {
        const what = source.version !== undefined ? `${cfg.modelName} v${source.version}` : `the model of run ${source.runId}`;
        throw new PonteError(source.gates === 'failed' ? 'container.gates_failed' : 'container.gates_unchecked', `${what} ${source.gates === 'failed' ? 'failed its gates' : 'has no gate result'}; it is not built`, {
          hint: source.gates === 'failed' ? 'build a version that passed, or pass --force' : `check it first (ponte gate --run ${source.runId ?? 'ID'}), or pass --force`,
        });
      }

      const repo = await openDataRepo(root);
      const contextDir = path.resolve(root, cfg.context);
      const modelInContext = path.relative(contextDir, path.resolve(root, cfg.modelPath)).split(path.sep).join('/');
      if (modelInContext.startsWith('..') || path.isAbsolute(modelInContext)) {
        throw new PonteError('container.model_outside_context', `model.path ${cfg.modelPath} is outside the build context ${cfg.context}`, { file: cfg.file, hint: 'set container.context to a folder that holds the model path (e.g. ".")' });
      }
      let dockerfile: string;
      let dockerfileName: string;
      if (cfg.generate) {
        dockerfile = generateDockerfile({ ...cfg.generate, modelPath: modelInContext, port: cfg.port, health: cfg.health, locate: cfg.locate });
        dockerfileName = `${path.basename(cfg.file)} (container.generate)`;
        say(`Dockerfile generated from container.generate:\n${dockerfile.replace(/^/gm, '  ')}\n`);
      } else {
        const file = path.resolve(root, cfg.dockerfile!);
        try {
          dockerfile = readFileSync(file, 'utf8');
        } catch (e) {
          throw fromSystemError(e, path.relative(root, file), 'read the Dockerfile named by container.dockerfile');
        }
        dockerfileName = path.relative(root, file);
      }

      const connection = await connectDocker();
      const provenance: ImageProvenance = { modelName: cfg.modelName, version: source.version, runId: source.runId, gitCommit: source.commit, modelMd5: source.md5, modelPath: cfg.modelPath, dataHash: source.dataHash, gates: source.gates };
      say(`Building ${cfg.image} for ${source.version !== undefined ? `${cfg.modelName} v${source.version}` : `run ${source.runId}`} on ${connection.describe}\n`);
      const built = await buildModelImage({
        connection, contextDir, dockerfile, dockerfileName, buildArgs,
        model: { path: modelInContext, md5: source.md5, cacheDir: repo.cacheDir },
        image: cfg.image,
        tags: imageTags(provenance, args.values.tag ?? []),
        labels: imageLabels(provenance, cfg.labels),
      }, { onLog: (line) => say(`${line}\n`), signal: controller.signal });
      if (json) {
        process.stdout.write(`${JSON.stringify({ image_id: built.id, refs: built.refs, labels: built.labels, model: { name: cfg.modelName, version: source.version ?? null, md5: source.md5 }, run_id: source.runId ?? null }, null, 2)}\n`);
      } else {
        say(`Built ${built.refs.join(', ')} (${built.id})\n`);
      }
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await api?.close().catch(() => undefined);
    }
  },
};

interface ModelSource {
  version?: number;
  runId?: string;
  md5: string;
  commit?: string;
  dataHash?: string;
  gates: string;
}

/** A registered version (by --model, by --run, or the latest), else the run's own model. */
async function pickModel(api: PonteApi, cfg: BuildConfig, modelRef?: string, runId?: string): Promise<ModelSource> {
  let version = modelRef ? await resolveModelVersion(api, cfg.modelName, modelRef) : undefined;
  if (!modelRef) {
    const versions = await api.listModelVersions(cfg.modelName);
    version = runId ? versions.filter((v) => v.runId === runId).at(-1) : versions.reduce<typeof version>((a, v) => (!a || v.version > a.version ? v : a), undefined);
  }
  if (version) {
    const md5 = version.tags[MODEL_TAGS.md5] ?? version.uri.replace(/^dvc-md5:/, '');
    return { version: version.version, runId: version.runId ?? undefined, md5, commit: version.tags[MODEL_TAGS.commit], dataHash: version.dataHash ?? undefined, gates: gateVerdictOfVersion(version) };
  }
  if (!runId) {
    throw new PonteError('container.no_model_version', `no version of model ${cfg.modelName} is registered yet`, { hint: 'register a run whose gates passed, or build a run directly: ponte build --run ID' });
  }
  const run = await api.getRun(runId);
  const md5 = run.dataHashes[cfg.modelPath];
  if (!md5) {
    throw new PonteError('container.model_not_recorded', `run ${run.id} recorded no hash for the model file ${cfg.modelPath}`, { hint: 'make model.path an out of a stage in dvc.yaml and run the pipeline again' });
  }
  return { runId: run.id, md5, commit: run.gitCommit ?? undefined, gates: gateVerdict(run) };
}

export function parseBuildArgs(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new PonteError('usage.bad_arguments', `--build-arg "${item}" is not NAME=VALUE`, { hint: 'e.g. --build-arg BASE_IMAGE=ponte-base/python:bookworm' });
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

interface BuildConfig {
  file: string;
  modelName: string;
  modelPath: string;
  dockerfile?: string;
  generate?: { base: string; serve: string; requirements?: string };
  context: string;
  image: string;
  port: number;
  health: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  locate: (field: string) => { file: string; line?: number; column?: number };
}

/** `model` and `container` from the project model (a broken ponte.yaml stops the build with validate's diagnostic). */
async function readBuildConfig(root: string): Promise<BuildConfig> {
  const { config } = loadProject(root);
  const rel = config.file ? path.relative(root, config.file) : 'ponte.yaml';
  const container = config.container;
  const where = (loc: { range: { start: { line: number; character: number } } } | undefined, key?: string) => {
    const r = key && loc && 'at' in loc ? (loc as { at: Record<string, { start: { line: number; character: number } }> }).at[key] : loc?.range;
    return { file: rel, line: r ? r.start.line + 1 : undefined, column: r ? r.start.character + 1 : undefined };
  };
  if (!config.model.path) throw new PonteError('container.no_model_path', 'ponte.yaml has no model.path: the model file the image is built around', { file: rel, hint: 'add e.g. `model: { path: models/model.pkl }`' });
  if (!container) throw new PonteError('container.not_configured', 'ponte.yaml has no container section', { file: rel, hint: 'add e.g. `container: { dockerfile: Dockerfile, image: my-model }`' });
  const image = container.image;
  if (!image) throw new PonteError('container.no_image', 'container.image is not set: the name the model image is tagged with', { ...where(container), hint: 'add e.g. `image: churn-model` under container' });
  if (!isImageName(image)) {
    throw new PonteError('container.bad_image', `container.image "${image}" is not a name Docker accepts`, {
      ...where(container, 'image'), hint: 'lowercase letters, digits, ".", "_" and "-", components joined by "/"; e.g. churn-model or registry.example.org:5000/team/churn',
    });
  }
  const generate = container.generate;
  return {
    file: rel,
    modelName: config.model.name,
    modelPath: config.model.path,
    dockerfile: container.dockerfile,
    generate: generate && { base: generate.base, serve: generate.serve, requirements: generate.requirements },
    context: container.context,
    image,
    port: container.port,
    health: container.health,
    buildArgs: container.buildArgs,
    labels: container.labels,
    locate: (field) => where(generate ?? container, field),
  };
}
