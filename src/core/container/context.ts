// The build context as a tar stream: the context directory's files as `.dockerignore` leaves them
// (Docker's own rules, through @balena/dockerignore), the Dockerfile under a reserved name, and the
// model version's file(s) taken from the DVC cache, never from the workspace, with each object's
// md5 checked as its bytes stream so a corrupt cache object stops the build instead of shipping.
import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import ignore from '@balena/dockerignore';
import { pack as tarPack, type Pack } from 'tar-stream';
import { findObject, readManifestObject } from '../data';
import { PonteError, fromSystemError } from '../errors';

/** Where the Dockerfile travels in the context; the walk leaves this name out. */
export const CONTEXT_DOCKERFILE = '.ponte.Dockerfile';

export interface ContextFile {
  /** Path in the context, with `/`. */
  name: string;
  /** The file on disk: a workspace file, or a cache object for the model. */
  source: string;
  /** The md5 the bytes must have (cache objects only). */
  md5?: string;
  symlink?: string;
  /** Bytes sent instead of the file's (the .dockerignore with the Dockerfile's line added). */
  text?: string;
  mode: number;
}

export interface ContextPlan {
  dir: string;
  entries: ContextFile[];
  dockerfile: string;
  /** Things the user should know, such as a .dockerignore rule the model overrides. */
  notes: string[];
}

export interface ModelInCache {
  /** The model's path relative to the context directory, with `/`. */
  path: string;
  md5: string;
  cacheDir: string;
}

/**
 * The context files `.dockerignore` keeps, sorted. `skip`: names Ponte supplies itself (the model);
 * a directory that is excluded is not walked unless an exception (`!pattern`) could re-include
 * something inside it, as Docker does.
 */
export function listContextFiles(dir: string, skip: (name: string) => boolean = () => false): string[] {
  const rules = readDockerignore(dir);
  const ig = ignore({ ignorecase: false }).add(rules);
  const hasExceptions = rules.some((r) => r.trim().startsWith('!'));
  const out: string[] = [];
  const walk = (rel: string): void => {
    const abs = path.join(dir, rel);
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch (e) {
      throw fromSystemError(e, abs, 'list the build context folder');
    }
    for (const name of names) {
      const child = rel ? `${rel}/${name}` : name;
      if (child === CONTEXT_DOCKERFILE || skip(child)) continue;
      const st = lstatSync(path.join(dir, child));
      if (st.isDirectory()) {
        if (ig.ignores(child) && !hasExceptions) continue;
        walk(child);
      } else if ((st.isFile() || st.isSymbolicLink()) && !ig.ignores(child)) {
        out.push(child);
      }
    }
  };
  walk('');
  return out.sort();
}

function readDockerignore(dir: string): string[] {
  const file = path.join(dir, '.dockerignore');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fromSystemError(e, file, 'read');
  }
  return text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

/** The cache objects of a model version: one file, or every file of a directory (`.dir` md5). */
export function modelObjects(model: ModelInCache): ContextFile[] {
  const missing = (md5: string) => new PonteError('container.model_not_in_cache', `the model ${model.path} (md5 ${md5}) is not in the DVC cache at ${model.cacheDir}`, {
    hint: 'bring it back first: ponte data pull (or run the pipeline again on this commit)',
  });
  if (!model.md5.endsWith('.dir')) {
    const source = findObject(model.cacheDir, model.md5);
    if (!source) throw missing(model.md5);
    return [{ name: model.path, source, md5: model.md5, mode: 0o644 }];
  }
  const manifest = readManifestObject(model.cacheDir, model.md5);
  if (!manifest) throw missing(model.md5);
  return manifest.map((e) => {
    const source = findObject(model.cacheDir, e.md5);
    if (!source) throw missing(e.md5);
    return { name: `${model.path}/${e.relpath}`, source, md5: e.md5, mode: 0o644 };
  });
}

/**
 * What goes into the context. A `.dockerignore` rule that excludes the model does not apply to it:
 * the model is what the image is built for, so it is added anyway and a note says so.
 */
export function planContext(options: { dir: string; model: ModelInCache; dockerfile: string }): ContextPlan {
  const { dir, model } = options;
  const inModel = (name: string) => name === model.path || name.startsWith(`${model.path}/`);
  const entries: ContextFile[] = listContextFiles(dir, inModel).map((name) => {
    const source = path.join(dir, name);
    const st = lstatSync(source);
    return st.isSymbolicLink() ? { name, source, symlink: readlinkSync(source), mode: 0o777 } : { name, source, mode: st.mode & 0o7777 };
  });
  entries.push(...modelObjects(model));
  hideDockerfile(entries, dir);
  const notes: string[] = [];
  if (ignore({ ignorecase: false }).add(readDockerignore(dir)).ignores(model.path)) {
    notes.push(`.dockerignore excludes ${model.path}; the model version is added from the cache anyway`);
  }
  return { dir, entries, dockerfile: options.dockerfile, notes };
}

/**
 * The engine removes the Dockerfile from the context when the context's .dockerignore names it,
 * so `COPY . /app` does not ship it; the docker CLI does the same for `docker build -f -`. Only
 * the .dockerignore sent is changed, never the one on disk.
 */
function hideDockerfile(entries: ContextFile[], dir: string): void {
  const line = `\n/${CONTEXT_DOCKERFILE}\n`;
  const existing = entries.find((e) => e.name === '.dockerignore' && e.symlink === undefined);
  if (existing) existing.text = readFileSync(existing.source, 'utf8') + line;
  // A .dockerignore that names itself is removed too: the context gains nothing the user did not have.
  else entries.push({ name: '.dockerignore', source: path.join(dir, '.dockerignore'), text: `/.dockerignore${line}`, mode: 0o644 });
}

/** The plan as an uncompressed tar stream; a read failure or an md5 mismatch destroys it with a PonteError. */
export function packContext(plan: ContextPlan): Readable {
  const tar = tarPack();
  // The error reaches the caller through the iteration below; streamx would also throw it from
  // an 'error' event nobody listens to.
  tar.on('error', () => undefined);
  void writeEntries(tar, plan).then(() => tar.finalize(), (e: unknown) => tar.destroy(e as Error));
  // tar-stream 3 streams are streamx streams; the engine's HTTP request wants a Node stream whose
  // error reaches the request, which iterating the pack gives.
  return Readable.from(tar as AsyncIterable<Buffer>, { objectMode: false });
}

async function writeEntries(tar: Pack, plan: ContextPlan): Promise<void> {
  const mtime = new Date();
  const dockerfile = Buffer.from(plan.dockerfile);
  await new Promise<void>((resolve, reject) => tar.entry({ name: CONTEXT_DOCKERFILE, size: dockerfile.length, mode: 0o644, mtime }, dockerfile, (e) => (e ? reject(e) : resolve())));
  for (const f of plan.entries) {
    if (f.symlink !== undefined) {
      await new Promise<void>((resolve, reject) => tar.entry({ name: f.name, type: 'symlink', linkname: f.symlink, mode: f.mode, mtime }, (e) => (e ? reject(e) : resolve())));
      continue;
    }
    if (f.text !== undefined) {
      const bytes = Buffer.from(f.text);
      await new Promise<void>((resolve, reject) => tar.entry({ name: f.name, size: bytes.length, mode: f.mode, mtime }, bytes, (e) => (e ? reject(e) : resolve())));
      continue;
    }
    await writeFile(tar, f, mtime);
  }
}

async function writeFile(tar: Pack, f: ContextFile, mtime: Date): Promise<void> {
  let size: number;
  try {
    size = statSync(f.source).size;
  } catch (e) {
    throw fromSystemError(e, f.source, 'read');
  }
  const hash = f.md5 ? createHash('md5') : undefined;
  let written = 0;
  await new Promise<void>((resolve, reject) => {
    const entry = tar.entry({ name: f.name, size, mode: f.mode, mtime }, (e) => (e ? reject(e) : resolve()));
    entry.on('error', () => undefined);
    const input = createReadStream(f.source);
    input.on('error', (e) => reject(fromSystemError(e, f.source, 'read')));
    input.on('data', (chunk) => {
      if (typeof chunk === 'string') return;
      hash?.update(chunk);
      written += chunk.length;
      if (!entry.write(chunk)) {
        input.pause();
        entry.once('drain', () => input.resume());
      }
    });
    input.on('end', () => {
      const actual = hash?.digest('hex');
      // Checked before the entry is closed: a mismatch never reaches the engine as a whole file.
      if (f.md5 && actual !== f.md5.replace(/\.dir$/, '')) {
        reject(new PonteError('container.cache_corrupt', `the cache object ${f.source} for ${f.name} has md5 ${actual}, not ${f.md5}`, {
          file: f.source,
          hint: 'the object is damaged: delete it and fetch it again (ponte data pull), or run the pipeline again',
        }));
        return;
      }
      if (written !== size) {
        reject(new PonteError('container.context_changed', `${f.source} changed size while the build context was being sent`, { file: f.source, hint: 'run ponte build again' }));
        return;
      }
      entry.end(() => undefined);
    });
  });
}
