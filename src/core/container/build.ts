// One model image build through dockerode: the base images checked first (the engine would try to
// pull a missing one; Ponte never pulls), the context streamed from the plan, the engine's log
// passed on line by line, and the tags set only once the build succeeded, so a failed or
// cancelled build leaves no tag behind.
import { PonteError } from '../errors';
import { packContext, planContext, CONTEXT_DOCKERFILE, type ModelInCache } from './context';
import { baseImages } from './dockerfile';
import { dockerError, type DockerConnection } from './docker-client';

export interface BuildModelImageOptions {
  connection: DockerConnection;
  /** The build context directory (absolute). */
  contextDir: string;
  /** The Dockerfile's text, and where it came from for messages (`Dockerfile`, `container.generate`). */
  dockerfile: string;
  dockerfileName: string;
  model: ModelInCache;
  /** The repository part of every tag (`container.image`). */
  image: string;
  tags: string[];
  labels: Record<string, string>;
  buildArgs?: Record<string, string>;
}

export interface BuildHooks {
  /** Each line of the engine's log, as it arrives. */
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

export interface BuiltImage {
  id: string;
  /** `image:tag` for every tag set. */
  refs: string[];
  labels: Record<string, string>;
}

interface BuildEvent {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { message?: string };
}

/** How many log lines a failed build's message carries. */
const TAIL_LINES = 12;

export async function buildModelImage(o: BuildModelImageOptions, hooks: BuildHooks = {}): Promise<BuiltImage> {
  const { docker } = o.connection;
  const log = hooks.onLog ?? (() => undefined);
  const buildArgs = o.buildArgs ?? {};
  await checkBaseImages(o, buildArgs);
  const plan = planContext({ dir: o.contextDir, model: o.model, dockerfile: o.dockerfile });
  for (const note of plan.notes) log(`note: ${note}`);
  log(`context: ${plan.entries.length} files from ${o.contextDir}, the model from the DVC cache (md5 ${o.model.md5})`);

  const context = packContext(plan);
  let contextError: Error | undefined;
  context.on('error', (e) => {
    contextError = e instanceof Error ? e : new Error(String(e));
  });
  const tail: string[] = [];
  let step: string | undefined;
  let id: string | undefined;
  let failure: string | undefined;
  const onEvent = (ev: BuildEvent) => {
    if (ev.aux?.ID) id = ev.aux.ID;
    if (ev.error || ev.errorDetail) {
      failure = (ev.errorDetail?.message ?? ev.error ?? '').trim();
      return;
    }
    const text = ev.stream ?? (ev.status ? `${ev.status}${ev.progress ? ` ${ev.progress}` : ''}` : undefined);
    if (!text) return;
    // The engine colours a step's stderr with ANSI escapes; a log file or a message wants none.
    for (const line of text.replace(/\x1b\[[0-9;]*m/g, '').split(/\r?\n/)) {
      if (line.trim() === '') continue;
      if (/^Step \d+\/\d+ :/.test(line)) step = line;
      const built = /^Successfully built ([0-9a-f]+)/.exec(line);
      if (built && !id) id = built[1];
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      log(line);
    }
  };
  try {
    const stream = await docker.buildImage(context, {
      dockerfile: CONTEXT_DOCKERFILE,
      labels: o.labels,
      buildargs: buildArgs,
      rm: true,
      forcerm: true,
      abortSignal: hooks.signal,
    } as Parameters<typeof docker.buildImage>[1]);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()), onEvent);
    });
  } catch (e) {
    if (hooks.signal?.aborted) throw cancelled();
    if (contextError) throw contextError;
    throw dockerfileError(e, o.dockerfileName) ?? dockerError(e, o.connection);
  }
  if (hooks.signal?.aborted) throw cancelled();
  if (contextError) throw contextError;
  if (failure !== undefined) {
    const at = step ? ` at ${step.replace(/^Step (\S+) : (.*)$/, 'step $1 ($2)')}` : '';
    throw new PonteError('container.build_failed', `the image build failed${at}: ${failure}\n  last lines of the build log:\n${tail.map((l) => `    ${l}`).join('\n')}`, {
      file: o.dockerfileName,
      hint: 'fix that step of the Dockerfile and run ponte build again',
    });
  }
  if (!id) throw new PonteError('container.build_no_image', 'the Docker engine reported no image id for the build', { hint: 'run ponte build again; see the log above' });
  const refs: string[] = [];
  try {
    for (const tag of o.tags) {
      await docker.getImage(id).tag({ repo: o.image, tag });
      refs.push(`${o.image}:${tag}`);
    }
  } catch (e) {
    throw dockerError(e, o.connection);
  }
  return { id, refs, labels: o.labels };
}

/** The engine refuses a Dockerfile it cannot parse before any step runs; say where. */
function dockerfileError(e: unknown, file: string): PonteError | undefined {
  const err = e as { json?: { message?: string }; message?: string };
  const message = err.json?.message ?? err.message ?? '';
  const m = /dockerfile parse error (?:on )?line (\d+): (.*)/i.exec(message);
  if (!m) return undefined;
  return new PonteError('container.dockerfile_invalid', m[2].trim(), { file, line: Number(m[1]), hint: 'see https://docs.docker.com/reference/dockerfile/ for the instruction\'s syntax' });
}

function cancelled(): PonteError {
  return new PonteError('container.build_cancelled', 'the image build was cancelled; no tag was set', { hint: 'run ponte build again when ready' });
}

async function checkBaseImages(o: BuildModelImageOptions, buildArgs: Record<string, string>): Promise<void> {
  for (const base of baseImages(o.dockerfile, buildArgs)) {
    try {
      await o.connection.docker.getImage(base).inspect();
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 404) throw dockerError(e, o.connection);
      throw new PonteError('container.base_missing', `the base image ${base} (FROM in ${o.dockerfileName}) is not on the Docker engine at ${o.connection.describe}; ponte build never pulls`, {
        file: o.dockerfileName,
        hint: 'load or build it first (docker load, or bash scripts/build-base-image.sh for ponte-base/python:bookworm), or pass --build-arg BASE_IMAGE=<an image the engine has>',
      });
    }
  }
}
