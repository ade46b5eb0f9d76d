// The one adapter between the dashboard and the plot resolver: each revision (the workspace, or
// a recorded run) brings its plot files, and PlotViews come back. Until the resolver with DVC's
// templates and x/y/title rules (src/core/pipeline/plots*) lands, a plain reading stands in:
// one plot per file, DVC's defaults (x the row index as `step`, y the last column), images as
// data: URIs. Swapping it is the body of `dashboardPlots`: resolvePlots(await
// readPlotDefinitions(dvcFile), revisions as workspaceRevision / storedRevision).plots.
import type { PlotFormat, RunPlotInput } from '../../core/api';
import type { PlotView, Scalar } from '../../shared/webview-protocol';

export interface PlotRevision {
  /** 'workspace' or a run id. */
  revision: string;
  label: string;
  files: RunPlotInput[];
}

/** The plots of `dvcFile` (the project's pipeline file; undefined when there is none) for each revision. */
export async function dashboardPlots(_dvcFile: string | undefined, revisions: PlotRevision[]): Promise<PlotView[]> {
  return plainPlots(revisions);
}

const IMAGE_MIME: Partial<Record<PlotFormat, string>> = { png: 'image/png', jpeg: 'image/jpeg', svg: 'image/svg+xml' };

/** Rows of a CSV or TSV plots file with a header (quoted fields with the separator or "" inside). */
export function delimitedRows(text: string, separator: ',' | '\t'): Record<string, Scalar>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) {
      record.push(field);
      field = '';
    }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (record.some((f) => f !== '')) records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  record.push(field);
  if (record.some((f) => f !== '')) records.push(record);
  const [header, ...body] = records;
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, scalar(r[i] ?? '')])));
}

function scalar(s: string): Scalar {
  return s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s;
}

/** DVC reads a JSON plots file as a list of records, or an object holding one such list. */
export function jsonRows(text: string): Record<string, Scalar>[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return [];
  }
  const list = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v).find(Array.isArray) : undefined;
  return (list ?? []).filter((r): r is Record<string, Scalar> => !!r && typeof r === 'object' && !Array.isArray(r));
}

function rowsOf(file: RunPlotInput): Record<string, Scalar>[] {
  if (file.format === 'csv') return delimitedRows(file.content, ',');
  if (file.format === 'tsv') return delimitedRows(file.content, '\t');
  if (file.format === 'json') return jsonRows(file.content);
  return [];
}

function plainPlots(revisions: PlotRevision[]): PlotView[] {
  const byPath = new Map<string, { revision: PlotRevision; file: RunPlotInput }[]>();
  for (const r of revisions) for (const f of r.files) (byPath.get(f.path) ?? byPath.set(f.path, []).get(f.path)!).push({ revision: r, file: f });
  const views: PlotView[] = [];
  for (const [file, entries] of [...byPath].sort(([a], [b]) => a.localeCompare(b))) {
    const mime = IMAGE_MIME[entries[0].file.format];
    if (mime) {
      views.push({
        id: file, title: file, kind: 'image',
        images: entries.map(({ revision, file: f }) => ({
          revision: revision.revision, label: revision.label,
          src: `data:${mime};base64,${f.format === 'svg' ? Buffer.from(f.content, 'utf8').toString('base64') : f.content}`,
        })),
      });
      continue;
    }
    const series: NonNullable<PlotView['series']> = [];
    for (const { revision, file: f } of entries) {
      const rows = rowsOf(f).map((row, i) => ({ step: i, ...row }));
      const columns = rows[0] ? Object.keys(rows[0]).filter((k) => k !== 'step') : [];
      const y = columns[columns.length - 1];
      if (y) series.push({ revision: revision.revision, label: revision.label, x: 'step', y, rows });
    }
    if (series.length) views.push({ id: file, title: file, kind: 'data', template: 'linear', xLabel: 'step', yLabel: series[0].y, series });
  }
  return views;
}
