// Params files (params.yaml and any other a stage names): read as YAML, JSON, TOML or Python
// (by extension, anything else as YAML, as DVC does) keeping Python's int/float distinction, and
// the values a stage depends on picked out by dotted key, as DVC does.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { fromSystemError, PonteError } from '../errors';
import { readTomlParamsText, TomlError } from './toml-params';
import { jsonErrorOffset } from './json-error';
import { isPyMapping, pyValueOfNode, type PyValue } from './py-values';
import { PySyntaxError, readPythonParams, type PyOmission } from './python-params';

export type ParamsTree = { [key: string]: PyValue };

/** What a params.py held that is not in its tree: skipped as DVC skips it, or not holdable. */
const omitted = new WeakMap<ParamsTree, PyOmission[]>();

/** Parses the text of a params file: YAML (`.yaml`, `.yml`), JSON, TOML or Python. */
export function parseParamsText(text: string, file: string): ParamsTree {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.py') return parsePythonParams(text, file);
  if (ext === '.toml') return parseTomlParams(text, file);
  if (ext === '.json') {
    try {
      JSON.parse(text);
    } catch (e) {
      throw jsonError(e as Error, text, file, 'params.syntax');
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const pos = lines.linePos(doc.errors[0].pos[0]);
    throw new PonteError('params.syntax', `params file is not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${doc.errors[0].message.split('\n')[0]}`, {
      file, line: pos.line, column: pos.col, hint: 'fix the syntax, then run again',
    });
  }
  const value = pyValueOfNode(doc.contents);
  if (value === null) return {};
  if (!isPyMapping(value)) {
    throw new PonteError('params.not_mapping', 'a params file must hold a mapping of names to values', { file, line: 1, hint: 'e.g. "train:\\n  C: 1.0"' });
  }
  return value;
}

function parsePythonParams(text: string, file: string): ParamsTree {
  try {
    const { tree, omissions } = readPythonParams(text);
    omitted.set(tree, omissions);
    return tree;
  } catch (e) {
    if (!(e instanceof PySyntaxError)) throw e;
    throw new PonteError('params.bad_python', `params file is not valid Python: ${e.message}`, {
      file, line: e.line, column: e.column,
      hint: 'fix the syntax (DVC reads params.py without running it: NAME = literal, and class attributes), then run again',
    });
  }
}

function parseTomlParams(text: string, file: string): ParamsTree {
  try {
    return readTomlParamsText(text) as ParamsTree;
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    const before = text.slice(0, e.offset);
    throw new PonteError('params.syntax', `params file is not valid TOML: ${e.message}`, {
      file, line: before.split('\n').length, column: e.offset - before.lastIndexOf('\n'), hint: e.hint ?? 'fix the TOML syntax, then run again',
    });
  }
}

export async function readParamsFile(file: string): Promise<ParamsTree> {
  return parseParamsText(await readTextFile(file, 'read params file'), file);
}

/** A UTF-8 file's text, or a PonteError naming it. */
export async function readTextFile(file: string, action: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw fromSystemError(e, file, action);
  }
}

/** DVC's lookup: `train.C` walks mappings by dot-separated parts; a whole key is tried first. */
export function lookupParam(tree: ParamsTree, key: string): { found: boolean; value?: PyValue } {
  if (Object.prototype.hasOwnProperty.call(tree, key)) return { found: true, value: tree[key] };
  let node: PyValue = tree;
  for (const part of key.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(part) && Number(part) < node.length) {
      node = node[Number(part)];
    } else if (isPyMapping(node) && Object.prototype.hasOwnProperty.call(node, part)) {
      node = node[part];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: node };
}

/** The values a stage depends on in one params file: the named keys, or every top-level key. */
export function selectParams(tree: ParamsTree, keys: string[] | null, context: { file: string; stage: string }): Record<string, PyValue> {
  const omissions = omitted.get(tree) ?? [];
  const unholdable = (o: PyOmission) => new PonteError('params.bad_python', `stage "${context.stage}" depends on '${o.key}', but ${o.reason}`, {
    file: context.file, line: o.line,
    hint: `write it as a number, string, bool, None, or a list or dict of those, or leave it out of the stage's params in dvc.yaml`,
  });
  if (keys === null) {
    const bad = omissions.find((o) => o.dvcReads);
    if (bad) throw unholdable(bad);
    return { ...tree };
  }
  const out: Record<string, PyValue> = {};
  const missing: string[] = [];
  for (const key of keys) {
    const r = lookupParam(tree, key);
    const inside = omissions.find((o) => o.dvcReads && (o.key.startsWith(`${key}.`) || (!r.found && (o.key === key || key.startsWith(`${o.key}.`)))));
    if (inside) throw unholdable(inside);
    if (r.found) out[key] = r.value as PyValue;
    else missing.push(key);
  }
  if (missing.length > 0) {
    const why = omissions.find((o) => missing.some((k) => k === o.key || k.startsWith(`${o.key}.`)));
    throw new PonteError('params.missing', `stage "${context.stage}" depends on ${missing.map((k) => `'${k}'`).join(', ')}, missing from ${context.file}`, {
      file: context.file, line: why?.line,
      hint: why
        ? `DVC skips '${why.key}' (line ${why.line}) because ${why.reason}: write a literal there, or remove the key from the stage's params in dvc.yaml`
        : `add ${missing.length === 1 ? 'it' : 'them'} to ${path.basename(context.file)}, or remove ${missing.length === 1 ? 'it' : 'them'} from the stage's params in dvc.yaml`,
    });
  }
  return out;
}

/** A JSON.parse failure as a PonteError at its line and column. */
export function jsonError(e: Error, text: string, file: string, code: string): PonteError {
  const at = (offset: number) => {
    const before = text.slice(0, offset);
    return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
  };
  const offset = jsonErrorOffset(text);
  const nan = /-?\b(NaN|Infinity)\b/.exec(text);
  if (nan && (offset < 0 || nan.index <= offset)) {
    return new PonteError(code, `${nan[0]} is not a number JSON allows`, {
      file, ...at(nan.index),
      hint: 'the program wrote a NaN or infinite value: check the computation that produced it (Python: json.dump(..., allow_nan=False) catches it early)',
    });
  }
  const reason = e.message.replace(/^JSON\.parse: /, '').replace(/, ".*$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  return new PonteError(code, `not valid JSON: ${reason}`, { file, ...(offset >= 0 ? at(offset) : {}), hint: 'fix the JSON syntax' });
}
