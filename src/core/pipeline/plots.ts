// The plots of a dvc.yaml resolved as `dvc plots show/diff` resolves them: stage-level plots files and
// top-level plots (a file, or an id drawing fields of several files), DVC's defaults (x: the row
// index `step`; y: the last field; title: the id; axis labels: the field names; template: linear),
// then the data of each revision (the workspace, or a recorded run's kept plot files) → PlotView[].
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { PlotView } from '../../shared/webview-protocol';
import { fromSystemError, PonteError } from '../errors';
import { checkPipelineText, nodeFileAccess, type DvcPipeline, type DvcStage } from '../project';
import { toPlain, valueOf } from '../project/yaml-source';
import { imageMime, isImagePlot, parsePlotText, type PlotRow } from './plots-data';

export const DVC_TEMPLATES = ['linear', 'simple', 'scatter', 'smooth', 'confusion', 'confusion_normalized', 'bar_horizontal', 'bar_horizontal_sorted'] as const;
/** DVC's auto-generated index field, the x axis when none is given. */
export const STEP_FIELD = 'step';

export interface PlotSource {
  /** Relative to the dvc.yaml's directory, with `/`. */
  file: string;
  x: string;
  /** undefined: DVC's default, the last field of the first data point. */
  y?: string[];
  header: boolean;
}

export interface PlotDefinition {
  id: string;
  title: string;
  template: string;
  kind: 'data' | 'image';
  sources: PlotSource[];
  xLabel?: string;
  yLabel?: string;
}

export interface PlotRevision {
  /** 'workspace' or a run id. */
  revision: string;
  label: string;
  /** A plots file's text (path relative to the dvc.yaml's directory); undefined when this revision has none. */
  readText(file: string): string | undefined;
  /** An image's bytes, for the revisions that keep images (the workspace). */
  readImage?(file: string): Uint8Array | undefined;
  /** The files under a directory the dvc.yaml names as a plot (DVC draws each file on its own). */
  listDir?(dir: string): string[];
}

const posix = path.posix;
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const isMap = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const fieldList = (x: unknown): string[] | undefined => (typeof x === 'string' ? [x] : Array.isArray(x) ? x.filter((f): f is string => typeof f === 'string') : undefined);

/** Every plot the pipeline declares: stage-level first, in stage order, then the top-level ones. */
export function plotDefinitions(pipeline: DvcPipeline, stages: DvcStage[]): PlotDefinition[] {
  const out: PlotDefinition[] = [];
  for (const stage of stages) {
    for (const p of stage.plots) {
      const file = posix.normalize(posix.join(stage.wdir || '.', p.path));
      out.push(fileDefinition(file, p.options));
    }
  }
  const top = toPlain(valueOf(pipeline.source.root, 'plots'));
  const entries: [string, unknown][] = [];
  if (Array.isArray(top)) {
    for (const item of top) {
      if (typeof item === 'string') entries.push([item, null]);
      else if (isMap(item)) entries.push(...Object.entries(item));
    }
  } else if (isMap(top)) entries.push(...Object.entries(top));
  for (const [id, def] of entries) out.push(topDefinition(id, isMap(def) ? def : {}));
  return out;
}

/**
 * The plots a dvc.yaml file declares, templating expanded (params.yaml, vars) as `ponte run` does.
 * A file whose stages cannot be read at all is a PonteError at its first error.
 */
export async function readPlotDefinitions(dvcFile: string): Promise<PlotDefinition[]> {
  let text: string;
  try {
    text = await readFile(dvcFile, 'utf8');
  } catch (e) {
    throw fromSystemError(e, dvcFile, 'read');
  }
  const checked = checkPipelineText(text, { file: dvcFile, fs: nodeFileAccess(path.dirname(dvcFile)) });
  if (!checked.pipeline || !checked.expanded) {
    const d = checked.diagnostics.find((x) => x.severity === 'error');
    throw new PonteError('plots.pipeline', `${dvcFile}: ${d?.message ?? 'the pipeline could not be read'}`, {
      file: dvcFile, line: d && d.range.start.line + 1, hint: "fix the file first; 'ponte validate' lists every problem",
    });
  }
  return plotDefinitions(checked.pipeline, checked.expanded.stages);
}

function common(id: string, o: Record<string, unknown>): Pick<PlotDefinition, 'id' | 'title' | 'template' | 'xLabel' | 'yLabel'> {
  return { id, title: str(o.title) ?? id, template: str(o.template) ?? 'linear', xLabel: str(o.x_label), yLabel: str(o.y_label) };
}

/** A stage-level plot, or a top-level entry that names a file: `x` and `y` are single fields. */
function fileDefinition(file: string, o: Record<string, unknown>): PlotDefinition {
  const kind = isImagePlot(file) ? 'image' : 'data';
  return { ...common(file, o), kind, sources: [{ file, x: str(o.x) ?? STEP_FIELD, y: fieldList(o.y), header: o.header !== false }] };
}

/** A top-level plot: `y` may map files to fields, `x` may be one field or one per file. */
function topDefinition(id: string, o: Record<string, unknown>): PlotDefinition {
  if (!isMap(o.y)) {
    const x = isMap(o.x) ? str(o.x[id]) ?? str(Object.values(o.x)[0]) : str(o.x);
    return fileDefinition(id, { ...o, x });
  }
  const xs = isMap(o.x) ? o.x : undefined;
  const sources = Object.entries(o.y).map(([file, fields]): PlotSource => {
    const x = xs ? str(xs[file]) ?? (Object.keys(xs).length === 1 ? str(Object.values(xs)[0]) : undefined) : str(o.x);
    return { file: posix.normalize(file), x: x ?? STEP_FIELD, y: fieldList(fields), header: true };
  });
  return { ...common(id, o), kind: 'data', sources };
}

export interface ResolvedPlots {
  plots: PlotView[];
  /** Files that could not be read as plots data, with file and line; each plot also lists its own. */
  problems: PonteError[];
}

/** Each plot's data for each revision: one series per revision and y field, overlaid as `dvc plots diff` does. */
export function resolvePlots(definitions: PlotDefinition[], revisions: PlotRevision[]): ResolvedPlots {
  const problems: PonteError[] = [];
  const plots = expandDirectories(definitions, revisions).map((def) => {
    const view: PlotView = { id: def.id, title: def.title, kind: def.kind };
    const own: string[] = [];
    if (def.kind === 'image') {
      view.images = [];
      for (const rev of revisions) {
        const bytes = rev.readImage?.(def.sources[0].file);
        if (bytes) view.images.push({ revision: rev.revision, label: rev.label, src: `data:${imageMime(def.sources[0].file)};base64,${Buffer.from(bytes).toString('base64')}` });
      }
      return view;
    }
    view.template = def.template;
    view.series = [];
    const xs = new Set<string>();
    const ys = new Set<string>();
    for (const rev of revisions) {
      for (const src of def.sources) {
        const text = rev.readText(src.file);
        if (text === undefined) continue;
        let rows: PlotRow[];
        try {
          rows = parsePlotText(text, src.file, { header: src.header });
        } catch (e) {
          if (!(e instanceof PonteError)) throw e;
          problems.push(e);
          own.push(`${rev.label}: ${e.message}`);
          continue;
        }
        const fields = src.y ?? lastField(rows);
        for (const y of fields) {
          const missing = [src.x, y].filter((f) => f !== STEP_FIELD && rows.length > 0 && !(f in rows[0]));
          if (missing.length) {
            const e = new PonteError('plots.field', `${src.file}: no field ${missing.map((m) => `"${m}"`).join(' or ')} in it (fields: ${Object.keys(rows[0]).join(', ')})`, {
              file: src.file, hint: `set x and y of the plot "${def.id}" in dvc.yaml to fields the file has`,
            });
            problems.push(e);
            own.push(`${rev.label}: ${e.message}`);
            continue;
          }
          xs.add(src.x);
          ys.add(y);
          const label = seriesLabel(rev.label, src.file, y, def);
          view.series.push({ revision: rev.revision, label, x: src.x, y, rows: rows.map((r, i) => ({ [src.x]: src.x === STEP_FIELD && !(STEP_FIELD in r) ? i : r[src.x], [y]: r[y] })) });
        }
      }
    }
    view.xLabel = def.xLabel ?? (xs.size === 1 ? [...xs][0] : 'x');
    view.yLabel = def.yLabel ?? (ys.size === 1 ? [...ys][0] : 'y');
    if (own.length) view.problems = own;
    return view;
  });
  return { plots, problems };
}

const hasPlotExtension = (file: string): boolean => /\.(csv|tsv|json|ya?ml|png|jpe?g|gif|svg)$/i.test(file);

/** A plot naming a directory becomes one plot per file under it, in any revision (as DVC shows them). */
function expandDirectories(definitions: PlotDefinition[], revisions: PlotRevision[]): PlotDefinition[] {
  return definitions.flatMap((def) => {
    const dir = def.sources[0].file;
    if (def.sources.length !== 1 || hasPlotExtension(dir)) return [def];
    const files = new Set(revisions.flatMap((r) => r.listDir?.(dir) ?? []).filter(hasPlotExtension));
    if (files.size === 0) return [def];
    return [...files].sort().map((file) => ({
      ...def, id: file, title: def.title === dir ? file : def.title, kind: isImagePlot(file) ? 'image' : 'data', sources: [{ ...def.sources[0], file }],
    }));
  });
}

/** DVC infers y from the data: the last field of the first point. */
function lastField(rows: PlotRow[]): string[] {
  const keys = rows.length ? Object.keys(rows[0]) : [];
  return keys.length ? [keys[keys.length - 1]] : [];
}

function seriesLabel(revision: string, file: string, y: string, def: PlotDefinition): string {
  const perRevision = def.sources.reduce((n, s) => n + (s.y?.length ?? 1), 0);
  if (perRevision <= 1) return revision;
  return def.sources.length > 1 ? `${revision} · ${file}: ${y}` : `${revision} · ${y}`;
}

/** The workspace's plots files, read from the dvc.yaml's directory. */
export function workspaceRevision(root: string): PlotRevision {
  const read = (file: string): Buffer | undefined => {
    try {
      return readFileSync(path.resolve(root, file));
    } catch {
      return undefined; // a plot the pipeline has not written yet
    }
  };
  const listDir = (dir: string): string[] => {
    try {
      return readdirSync(path.resolve(root, dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    } catch {
      return [];
    }
  };
  return { revision: 'workspace', label: 'workspace', readText: (f) => read(f)?.toString('utf8'), readImage: read, listDir };
}

/** A plot file kept with a run in the backend (`listRunPlots`): text, or base64 for png and jpeg. */
export interface StoredPlotFile {
  path: string;
  format: string;
  content: string;
}

/** A recorded run's plots as the backend keeps them, so a past run draws after the files changed. */
export function storedRevision(runId: string, label: string, stored: StoredPlotFile[]): PlotRevision {
  const byPath = new Map(stored.map((f) => [f.path, f]));
  const binary = (f: StoredPlotFile) => f.format === 'png' || f.format === 'jpeg';
  return {
    revision: runId,
    label,
    readText: (file) => {
      const f = byPath.get(file);
      return f && !binary(f) ? f.content : undefined;
    },
    readImage: (file) => {
      const f = byPath.get(file);
      if (!f) return undefined;
      return binary(f) ? Buffer.from(f.content, 'base64') : Buffer.from(f.content, 'utf8');
    },
    listDir: (dir) => stored.map((f) => f.path).filter((p) => p.startsWith(`${dir.replace(/\/$/, '')}/`)),
  };
}
