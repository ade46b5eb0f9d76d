// A DVC plots file's text → its data points, as `dvc plots show` reads them: CSV and TSV (a header
// row unless `header: false`, then fields are named 0, 1, ...), JSON and YAML (the first list of
// objects found, depth first). Numbers become numbers. Bad text is a PonteError naming file and line.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { PonteError } from '../errors';
import { jsonErrorOffset } from '../formats/json-error';

export type PlotScalar = string | number | boolean | null;
export type PlotRow = Record<string, PlotScalar>;

const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.gif', '.svg'];

export function isImagePlot(file: string): boolean {
  const lower = file.toLowerCase();
  return IMAGE_EXTENSIONS.some((e) => lower.endsWith(e));
}

export function imageMime(file: string): string {
  const ext = file.toLowerCase().slice(file.lastIndexOf('.') + 1);
  return ext === 'svg' ? 'image/svg+xml' : ext === 'jpg' ? 'image/jpeg' : `image/${ext}`;
}

export function parsePlotText(text: string, file: string, options: { header?: boolean } = {}): PlotRow[] {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return parseDelimited(text, file, ',', options.header ?? true);
  if (lower.endsWith('.tsv')) return parseDelimited(text, file, '\t', options.header ?? true);
  if (lower.endsWith('.json')) return fromStructured(parseJson(text, file), file);
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return fromStructured(parseYamlText(text, file), file);
  throw new PonteError('plots.format', `${file}: DVC cannot draw this file as a data series`, {
    file, hint: 'plots files are CSV, TSV, JSON or YAML (or PNG, JPEG, GIF, SVG images)',
  });
}

/** A cell as DVC's Vega data holds it: numeric text as a number, the rest as written. */
function cellValue(s: string): PlotScalar {
  const t = s.trim();
  if (t !== '' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  return s;
}

/** RFC 4180 records: quoted cells may hold the separator, doubled quotes and newlines. */
function splitRecords(text: string, file: string, sep: string): { cells: string[]; line: number }[] {
  const out: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let sawAny = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; cell += c; }
      continue;
    }
    if (c === '"' && cell === '') { quoted = true; sawAny = true; }
    else if (c === sep) { cells.push(cell); cell = ''; sawAny = true; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      if (sawAny || cell !== '') { cells.push(cell); out.push({ cells, line: start }); }
      cells = []; cell = ''; sawAny = false; line++; start = line;
    } else { cell += c; sawAny = true; }
  }
  if (quoted) throw new PonteError('plots.parse', `${file}:${start}: a quoted cell is never closed`, { file, line: start, hint: 'close the cell with a double quote' });
  if (sawAny || cell !== '') { cells.push(cell); out.push({ cells, line: start }); }
  return out;
}

function parseDelimited(text: string, file: string, sep: string, header: boolean): PlotRow[] {
  const records = splitRecords(text, file, sep);
  if (records.length === 0) return [];
  const names = header ? records[0].cells.map((h) => h.trim()) : records[0].cells.map((_, i) => String(i));
  const rows: PlotRow[] = [];
  for (const r of header ? records.slice(1) : records) {
    if (r.cells.length !== names.length) {
      throw new PonteError('plots.parse', `${file}:${r.line}: ${r.cells.length} fields where the header has ${names.length}`, {
        file, line: r.line, hint: header ? 'every row needs one value per header column' : 'every row needs as many values as the first',
      });
    }
    const row: PlotRow = {};
    names.forEach((n, i) => { row[n] = cellValue(r.cells[i]); });
    rows.push(row);
  }
  return rows;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const line = text.slice(0, jsonErrorOffset(text)).split('\n').length;
    throw new PonteError('plots.parse', `${file}:${line}: not valid JSON (${(e as Error).message.split('\n')[0]})`, {
      file, line, hint: 'a JSON plots file holds a list of objects, or an object with one',
    });
  }
}

function parseYamlText(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (e) {
    const line = e instanceof YAMLParseError ? e.linePos?.[0].line : undefined;
    throw new PonteError('plots.parse', `${file}${line ? `:${line}` : ''}: not valid YAML`, {
      file, line, hint: 'a YAML plots file holds a list of mappings, or a mapping with one', cause: e,
    });
  }
}

const isRow = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** DVC takes the first list of objects it meets, depth first: `[{...}]` or `{"train": [{...}]}`. */
function firstList(x: unknown): Record<string, unknown>[] | undefined {
  if (Array.isArray(x)) return x.length > 0 && x.every(isRow) ? x : undefined;
  if (isRow(x)) {
    for (const v of Object.values(x)) {
      const found = firstList(v);
      if (found) return found;
    }
  }
  return undefined;
}

function fromStructured(x: unknown, file: string): PlotRow[] {
  if (Array.isArray(x) && x.length === 0) return [];
  const list = firstList(x);
  if (!list) {
    throw new PonteError('plots.parse', `${file}: no list of data points in it`, {
      file, hint: 'DVC draws a list of objects such as [{"epoch": 1, "loss": 0.2}], at the top or under a key',
    });
  }
  return list.map((o) => {
    const row: PlotRow = {};
    for (const [k, v] of Object.entries(o)) row[k] = v === null || ['string', 'number', 'boolean'].includes(typeof v) ? (v as PlotScalar) : JSON.stringify(v);
    return row;
  });
}
