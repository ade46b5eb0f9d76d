// Validation of one pipeline file (synchronous: the editor calls it as the user types) and of
// the files below a directory (for `ponte validate` and CI). Never throws on any file content.
import { readdirSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { PonteError, fromSystemError } from '../errors';
import type { Diagnostic, SpecFileAccess, SpecKind } from './types';
import { checkSchema, type SchemaCheck } from './check-schema';
import { checkStageDefinitions, checkStageGraph } from './dvc-checks';
import { expandDvcStages, parseDvcPipeline, type DvcPipeline, type ExpandResult } from './dvc-pipeline';
import { nodeFileAccess } from './file-access';
import { closestNames } from './did-you-mean';
import { checkPonteReferences, pipelineFileOf } from './ponte-checks';
import { schemaFor } from './spec-schemas';
import { parseYamlSource, diagnosticAt, type SourceFile } from './yaml-source';

/** `ponte.yaml`, `x.ponte.yaml` → ponte; `dvc.yaml`, `train.dvc.yaml` → dvc (`.yml` too). */
export function detectKind(fileName: string): SpecKind | undefined {
  const name = basename(fileName.replace(/\\/g, '/')).toLowerCase();
  if (name.endsWith('ponte.yaml') || name.endsWith('ponte.yml')) return 'ponte';
  if (name.endsWith('dvc.yaml') || name.endsWith('dvc.yml')) return 'dvc';
  return undefined;
}

export interface ValidateOptions {
  file: string;
  kind: SpecKind;
  fs?: SpecFileAccess;
  /** ponte.yaml: its pipeline file, already checked by the caller, so it is not parsed again. */
  pipeline?: CheckedPipeline;
  /** ponte.yaml: the text as the caller already parsed it. */
  source?: SourceFile;
}

/** A checked file: its diagnostics beside what was parsed, for callers that go on to use it. */
export interface CheckedFile {
  diagnostics: Diagnostic[];
  /** Absent only when the checker itself failed (an `internal` diagnostic). */
  source?: SourceFile;
  /** dvc.yaml: the stages, parsed and expanded, that `ponte run` and the trees use. */
  pipeline?: DvcPipeline;
  expanded?: ExpandResult;
}

/** A checked dvc.yaml and the name it goes by. */
export interface CheckedPipeline extends CheckedFile {
  /** As the caller named it; relative to the ponte.yaml that names it, when one does. */
  file: string;
}

export function validateText(text: string, options: ValidateOptions): Diagnostic[] {
  return checkText(text, options).diagnostics;
}

/** Checks a dvc.yaml and keeps its parse and expansion. */
export function checkPipelineText(text: string, options: Omit<ValidateOptions, 'kind' | 'pipeline'>): CheckedPipeline {
  return { file: options.file, ...checkText(text, { ...options, kind: 'dvc' }) };
}

export function checkText(text: string, options: ValidateOptions): CheckedFile {
  try {
    const checked = runChecks(text, options);
    return { ...checked, diagnostics: sortDiagnostics(dedupe(quietBrokenLines(checked.diagnostics))) };
  } catch (e) {
    // A bug here must not take the editor down; it shows as one diagnostic instead.
    return {
      diagnostics: [
        {
          file: options.file,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 'error',
          code: 'internal',
          message: `Ponte could not check this file (${(e as Error)?.message ?? String(e)}); please report it`,
        },
      ],
    };
  }
}

function runChecks(text: string, { file, kind, fs, pipeline: checkedPipeline, source: parsed }: ValidateOptions): CheckedFile {
  const src = kind === 'dvc' ? undefined : (parsed ?? parseYamlSource(text, file));
  const pipeline = kind === 'dvc' ? parseDvcPipeline(text, file) : undefined;
  const source = (pipeline?.source ?? src) as SourceFile;
  const out = [...source.diagnostics];
  const result = { diagnostics: out, source, pipeline };
  if (out.some((d) => d.code === 'yaml.too_complex')) return result;
  const root = source.root;
  const schema = schemaFor[kind];
  const fileName = kind === 'dvc' ? 'dvc.yaml' : 'ponte.yaml';
  if (!root || (root.kind === 'scalar' && root.value === null)) {
    if (!out.some((d) => d.severity === 'error')) out.push(diagnosticAt(source, 0, 0, 'warning', 'file.empty', `${fileName} is empty`));
    return result;
  }
  const known = Object.keys(schema.properties ?? {});
  // A file with none of the keys (and none close to them, like `stagess`) is some other YAML.
  const looksLikeOurs = root.kind === 'map' && root.entries.some((e) => known.includes(e.key) || closestNames(e.key, known).length > 0);
  if (root.kind !== 'map' || (root.entries.length > 0 && !looksLikeOurs)) {
    const what = root.kind === 'map' ? `it has none of the keys ${known.join(', ')}` : `its top level is ${root.kind === 'seq' ? 'a list' : 'a single value'}, not a mapping`;
    out.push(
      diagnosticAt(source, root.start, root.kind === 'map' ? root.entries[0].keyEnd : root.end, 'error', 'file.not_pipeline', `this is not a ${fileName} file: ${what}`),
    );
    return result;
  }
  const check: SchemaCheck = { src: source, diagnostics: out, refs: [], templated: kind === 'dvc', rootLabel: fileName };
  checkSchema(check, root, schema);
  if (pipeline) {
    checkStageDefinitions(source, pipeline.stageEntries, out);
    const expanded = expandDvcStages(pipeline, { fs });
    out.push(...expanded.diagnostics);
    checkStageGraph(source, expanded, fs, out);
    return { ...result, expanded };
  }
  checkPonteReferences(source, check.refs, fs, out, checkedPipeline);
  return result;
}

/**
 * Other findings on or next to a line the YAML parser could not read are mostly echoes of that
 * error (a mis-indented key turns the line above into a mapping): drop them until it is fixed.
 */
function quietBrokenLines(list: Diagnostic[]): Diagnostic[] {
  const broken = new Set(
    list.filter((d) => d.code.startsWith('yaml.') && d.severity === 'error').flatMap((d) => [d.range.start.line - 1, d.range.start.line, d.range.start.line + 1]),
  );
  if (broken.size === 0) return list;
  return list.filter((d) => d.code.startsWith('yaml.') || !broken.has(d.range.start.line));
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}:${d.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort(
    (a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

// Files larger than this are refused rather than parsed (a pipeline file is a few KB).
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Reads and validates one file; an unreadable path is a PonteError (the CLI exits 2). */
export function validateFile(path: string, kind?: SpecKind, displayName: string = path): Diagnostic[] {
  return checkFile(path, kind, displayName).diagnostics;
}

/** `checkedPipelines`: dvc.yaml files checked already, by absolute path, that a ponte.yaml naming one reuses. */
function checkFile(path: string, kind: SpecKind | undefined, displayName: string, checkedPipelines?: Map<string, CheckedPipeline>): CheckedPipeline {
  const k = kind ?? detectKind(path);
  if (!k) {
    throw new PonteError('usage.not_pipeline_file', `not a pipeline file: its name ends neither in ponte.yaml nor in dvc.yaml`, {
      file: displayName,
      hint: 'pass --kind dvc or --kind ponte to check it anyway',
    });
  }
  let text: string;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st.size > MAX_FILE_BYTES) {
      return { file: displayName, diagnostics: [{ file: displayName, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'file.too_large', message: `the file is ${st.size} bytes; pipeline files over ${MAX_FILE_BYTES} bytes are not checked` }] };
    }
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw fromSystemError(e, displayName, 'read');
  }
  const dir = dirname(path);
  const options: ValidateOptions = { file: displayName, kind: k, fs: nodeFileAccess(dir) };
  if (k === 'ponte' && checkedPipelines?.size) {
    options.source = parseYamlSource(text, displayName);
    const rel = pipelineFileOf(options.source.root);
    const known = checkedPipelines.get(resolve(dir, rel));
    if (known?.pipeline) options.pipeline = { ...known, file: rel };
  }
  return { file: displayName, ...checkText(text, options) };
}

export interface ValidatePathsOptions {
  kind?: SpecKind;
  cwd: string;
}

export interface ValidatePathsResult {
  /** The files checked, as shown in diagnostics (relative to cwd when below it). */
  files: string[];
  diagnostics: Diagnostic[];
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.dvc']);
// Bounds the walk of a huge tree; a pipeline file deeper than this is unusual.
const MAX_DEPTH = 12;
const MAX_ENTRIES = 200_000;

/** With no paths, finds ponte.yaml and dvc.yaml files below cwd. Directories are searched too. */
export function validatePaths(paths: string[], options: ValidatePathsOptions): ValidatePathsResult {
  const files: string[] = [];
  const roots = paths.length ? paths : ['.'];
  for (const p of roots) {
    const abs = resolve(options.cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      throw fromSystemError(e, p, 'read');
    }
    if (st.isDirectory()) {
      const found = findPipelineFiles(abs, options.kind);
      files.push(...found);
    } else files.push(abs);
  }
  const display = (abs: string) => {
    const rel = relative(options.cwd, abs);
    return rel && !rel.startsWith('..') ? rel.split('\\').join('/') : abs;
  };
  const unique = [...new Set(files)];
  // dvc.yaml files first, so a ponte.yaml naming one takes its parse instead of parsing it again.
  const kindOf = (f: string) => options.kind ?? detectKind(f);
  const checked = new Map<string, CheckedPipeline>();
  for (const f of unique.filter((f) => kindOf(f) === 'dvc')) checked.set(f, checkFile(f, options.kind, display(f)));
  for (const f of unique.filter((f) => kindOf(f) !== 'dvc')) checked.set(f, checkFile(f, options.kind, display(f), checked));
  return { files: unique.map(display), diagnostics: unique.flatMap((f) => checked.get(f)!.diagnostics) };
}

export function findPipelineFiles(dir: string, kind?: SpecKind): string[] {
  const out: string[] = [];
  let budget = MAX_ENTRIES;
  const walk = (d: string, depth: number) => {
    if (depth > MAX_DEPTH || budget <= 0) return;
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (--budget <= 0) return;
      const p = join(d, name);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(p, depth + 1);
      } else if (st.isFile()) {
        const k = detectKind(name);
        if (k && (!kind || k === kind)) out.push(p);
      }
    }
  };
  walk(dir, 0);
  return out;
}
