// Run search: the filter language (`metrics.acc >= 0.8 and status = finished`), the fields it
// may name, and their translation into one parameterised SQL query with keyset pagination.
import type { RunFilter, RunOrder, SearchRunsInput } from '../api/types';
import { invalid } from '../api/validate';
import { decodePageToken } from './page-token';

interface FieldSql {
  /** SQL expression for comparisons; `$K` is replaced by the key's parameter. */
  expr: string;
  /** Cast of a compared value. */
  cast: 'text' | 'float8' | 'timestamptz' | 'boolean';
  /** Expression used for sorting: never NULL so keyset comparisons stay total. */
  sort: string;
}

const COLUMNS: Record<string, FieldSql> = {
  status: { expr: 'r.status', cast: 'text', sort: 'r.status' },
  name: { expr: 'r.name', cast: 'text', sort: "COALESCE(r.name, '')" },
  project: { expr: 'r.project', cast: 'text', sort: 'r.project' },
  gitCommit: { expr: 'r.git_commit', cast: 'text', sort: "COALESCE(r.git_commit, '')" },
  createdAt: { expr: 'r.created_at', cast: 'timestamptz', sort: 'r.created_at' },
  updatedAt: { expr: 'r.updated_at', cast: 'timestamptz', sort: 'r.updated_at' },
};

const PREFIXED = /^(metrics|params|tags)\.(.+)$/;

function fieldSql(field: string, where: string, numeric: boolean, push: (v: unknown) => string): FieldSql {
  const column = COLUMNS[field];
  if (column) return column;
  const m = PREFIXED.exec(field);
  if (!m) {
    throw invalid(where, `'${field}' is not a run field`, `use one of ${Object.keys(COLUMNS).join(', ')}, metrics.<key>, params.<key>, tags.<key>`);
  }
  const [, kind, key] = m;
  const k = push(key);
  if (kind === 'metrics') {
    return { expr: `(r.metrics->>${k})::float8`, cast: 'float8', sort: `COALESCE((r.metrics->>${k})::float8, '-Infinity'::float8)` };
  }
  if (kind === 'params' && numeric) {
    const e = `CASE WHEN jsonb_typeof(r.params->${k}) = 'number' THEN (r.params->>${k})::float8 END`;
    return { expr: e, cast: 'float8', sort: `COALESCE(${e}, '-Infinity'::float8)` };
  }
  const col = kind === 'params' ? 'r.params' : 'r.tags';
  return { expr: `${col}->>${k}`, cast: 'text', sort: `COALESCE(${col}->>${k}, '')` };
}

const TOKEN = /\s*(?:(<=|>=|!=|=|<|>)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([^\s<>=!'"]+))/y;

/** Parses `field op value [and field op value]...`; values are numbers, true/false, quoted or bare words. */
export function parseRunFilter(text: string): RunFilter[] {
  const tokens: { kind: 'op' | 'str' | 'word'; text: string; at: number }[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) throw invalid('filter', `cannot read '${text.slice(pos, pos + 20).trim()}' at offset ${pos}`, "write it like: metrics.accuracy >= 0.8 and status = 'finished'");
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3]).length;
    if (m[1]) tokens.push({ kind: 'op', text: m[1], at });
    else if (m[2]) tokens.push({ kind: 'str', text: m[2].slice(1, -1).replace(/\\(.)/g, '$1'), at });
    else tokens.push({ kind: 'word', text: m[3], at });
    pos = TOKEN.lastIndex;
  }
  const filters: RunFilter[] = [];
  let i = 0;
  const hint = "write it like: metrics.accuracy >= 0.8 and status = 'finished'";
  while (i < tokens.length) {
    const [f, op, v] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (!f || f.kind !== 'word') throw invalid('filter', `expected a field name at offset ${f?.at ?? text.length}`, hint);
    if (!op || op.kind !== 'op') throw invalid('filter', `expected an operator after '${f.text}' at offset ${op?.at ?? text.length}`, hint);
    if (!v || v.kind === 'op') throw invalid('filter', `expected a value after '${f.text} ${op.text}' at offset ${v?.at ?? text.length}`, hint);
    let value: string | number | boolean = v.text;
    if (v.kind === 'word') {
      if (v.text === 'true' || v.text === 'false') value = v.text === 'true';
      else if (v.text.trim() !== '' && Number.isFinite(Number(v.text))) value = Number(v.text);
    }
    filters.push({ field: f.text, op: op.text as RunFilter['op'], value });
    i += 3;
    if (i < tokens.length) {
      if (tokens[i].kind !== 'word' || tokens[i].text.toLowerCase() !== 'and') throw invalid('filter', `expected 'and' at offset ${tokens[i].at}`, hint);
      i += 1;
      if (i === tokens.length) throw invalid('filter', "ends after 'and'", hint);
    }
  }
  return filters;
}

export interface BuiltQuery {
  sql: string;
  params: unknown[];
  /** Expression naming the sort value in the result (`sort_value`), for the next cursor. */
  limit: number;
}

/** SELECT ... FROM runs r WHERE ... ORDER BY ... LIMIT n+1, with `sort_value` for the cursor. */
export function buildRunSearch(input: SearchRunsInput, columns: string, defaultLimit: number): BuiltQuery {
  const params: unknown[] = [];
  const push = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (input.project) where.push(`r.project = ${push(input.project)}`);
  const filters = typeof input.filter === 'string' ? parseRunFilter(input.filter) : (input.filter ?? []);
  filters.forEach((f, i) => {
    const field = fieldSql(f.field, `filter[${i}].field`, typeof f.value === 'number', push);
    if (field.cast === 'float8' && typeof f.value !== 'number') throw invalid(`filter[${i}].value`, `${f.field} compares numbers, got '${f.value}'`);
    if (field.cast === 'timestamptz' && (typeof f.value !== 'string' || Number.isNaN(Date.parse(f.value)))) {
      throw invalid(`filter[${i}].value`, `${f.field} compares timestamps, got '${f.value}'`, 'write it like 2026-01-31T12:00:00Z');
    }
    where.push(`${field.expr} ${f.op} ${push(String(f.value))}::${field.cast}`);
  });
  const order: RunOrder = input.orderBy ?? { field: 'createdAt', direction: 'desc' };
  const dir = order.direction === 'asc' ? 'ASC' : 'DESC';
  const sort = fieldSql(order.field, 'orderBy.field', order.field.startsWith('metrics.'), push);
  const cursor = decodePageToken(input.pageToken);
  if (cursor) {
    const v = cursor.v === null ? null : String(cursor.v);
    where.push(`(${sort.sort}, r.id) ${dir === 'ASC' ? '>' : '<'} (${push(v)}::${sort.cast}, ${push(String(cursor.id))}::text)`);
  }
  const limit = input.limit ?? defaultLimit;
  const sortValue = sort.cast === 'timestamptz' ? `to_char(${sort.sort} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : sort.sort;
  const sql =
    `SELECT ${columns}, ${sortValue} AS sort_value FROM runs r` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY ${sort.sort} ${dir}, r.id ${dir} LIMIT ${limit + 1}`;
  return { sql, params, limit };
}
