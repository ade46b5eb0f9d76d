// Metrics files a stage declares (`metrics:` in dvc.yaml): JSON or YAML, flattened with dots
// (`{"test": {"f1": 0.8}}` → `test.f1`). Every value must be a finite number: a NaN, a string
// or broken JSON is a clear error at its line, never a silently missing metric.
import * as path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { PonteError } from '../errors';
import { jsonError, readTextFile } from '../formats/params-file';

export type Metrics = Record<string, number>;

export function parseMetricsText(text: string, file: string): Metrics {
  const isJson = path.extname(file).toLowerCase() === '.json';
  if (isJson) {
    try {
      JSON.parse(text);
    } catch (e) {
      throw jsonError(e as Error, text, file, 'metrics.syntax');
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    throw new PonteError('metrics.syntax', `metrics file is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, {
      file, ...at(doc.errors[0].pos[0]), hint: 'fix the syntax of the file the stage writes',
    });
  }
  const out: Metrics = {};
  const walk = (node: Node | null | undefined, key: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        walk(pair.value as Node | null, key ? `${key}.${k}` : k);
      }
      return;
    }
    if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as Node | null, `${key}.${i}`));
      return;
    }
    const value = isScalar(node) ? node.value : null;
    const where = node?.range ? at(node.range[0]) : {};
    if (typeof value === 'number' && Number.isFinite(value)) {
      out[key] = value;
      return;
    }
    const shown = typeof value === 'string' ? `the string "${value}"` : typeof value === 'number' ? String(value) : value === null ? 'empty' : `${value as boolean}`; // what else a YAML or JSON scalar holds
    throw new PonteError('metrics.not_a_number', `metric "${key || '(root)'}" is ${shown}, not a number`, {
      file, ...where, hint: 'a metrics file holds numbers only; write other facts to another file',
    });
  };
  if (doc.contents === null) return out;
  if (!isMap(doc.contents)) {
    throw new PonteError('metrics.not_mapping', 'a metrics file must hold a mapping of names to numbers', { file, line: 1, column: 1, hint: 'write e.g. {"accuracy": 0.9, "f1": 0.8}' });
  }
  walk(doc.contents, '');
  return out;
}

export async function readMetricsFile(file: string): Promise<Metrics> {
  return parseMetricsText(await readTextFile(file, 'read metrics file'), file);
}
