// The fields `monitor.features` and `monitor.prediction` name, read out of JSON bodies: a plain
// key (`churn_probability`) or a dotted path (`outputs.0.score`, `instances.0`).
import type { Json } from '../api';

export function readJsonPath(value: Json | undefined, path: string): Json | undefined {
  let cur: Json | undefined = value;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? (/^\d+$/.test(part) ? cur[Number(part)] : undefined) : cur[part];
  }
  return cur;
}

/** The features of one request: the named fields (each by path), or the whole body when none are named. */
export function featuresOf(body: Json | undefined, names: readonly string[] | undefined): Record<string, Json> {
  if (body === null || body === undefined || typeof body !== 'object' || Array.isArray(body)) {
    return names?.length ? Object.fromEntries(names.map((n) => [n, null])) : { body: body ?? null };
  }
  if (!names?.length) return body;
  return Object.fromEntries(names.map((n) => [n, readJsonPath(body, n) ?? null]));
}
