// The plot files a run wrote (each stage's `plots` in dvc.yaml, a directory taken file by file),
// read as the run is recorded and kept with it in the backend (`putRunPlots`), so a past run's
// ROC curve or confusion matrix still draws after the files have changed.
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { LIMITS, type PlotFormat, type RunPlotInput } from '../api';
import type { LoadedPipeline } from './load';

const FORMAT_BY_EXTENSION: Record<string, PlotFormat> = {
  '.csv': 'csv', '.tsv': 'tsv', '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml',
  '.png': 'png', '.svg': 'svg', '.jpg': 'jpeg', '.jpeg': 'jpeg',
};
const BINARY: ReadonlySet<PlotFormat> = new Set(['png', 'jpeg']);

/** The format DVC would read a plots file as, or undefined for a file it would not draw. */
export function plotFormatOf(file: string): PlotFormat | undefined {
  return FORMAT_BY_EXTENSION[path.extname(file).toLowerCase()];
}

async function filesUnder(abs: string): Promise<string[]> {
  const s = await stat(abs);
  if (!s.isDirectory()) return [abs];
  const out: string[] = [];
  for (const e of await readdir(abs, { withFileTypes: true })) {
    const child = path.join(abs, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(child)));
    else if (e.isFile()) out.push(child);
  }
  return out.sort();
}

export interface CollectedPlots {
  plots: RunPlotInput[];
  /** Files left out, with why (too large, too many): logged, not the run's failure. */
  skipped: string[];
}

/** What the reading needs of a pipeline: its directory, and each stage's wdir and plots. */
export type PlotSources = Pick<LoadedPipeline, 'root'> & { stages: { wdir: string; plots: { path: string }[] }[] };

/** Reads every plots file of the stages, paths relative to the pipeline's directory; a plot a stage did not write is skipped silently. */
export async function collectRunPlots(pipeline: PlotSources): Promise<CollectedPlots> {
  const plots: RunPlotInput[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const s of pipeline.stages) {
    for (const p of s.plots) {
      let files: string[];
      try {
        files = await filesUnder(path.resolve(pipeline.root, s.wdir, p.path));
      } catch {
        continue;
      }
      for (const abs of files) {
        const rel = path.relative(pipeline.root, abs).split(path.sep).join('/');
        const format = plotFormatOf(abs);
        if (!format || seen.has(rel)) continue;
        seen.add(rel);
        if (plots.length >= LIMITS.plotsPerRun) {
          skipped.push(`${rel}: more than ${LIMITS.plotsPerRun} plot files`);
          continue;
        }
        const bytes = await readFile(abs);
        const content = BINARY.has(format) ? bytes.toString('base64') : bytes.toString('utf8');
        if (!BINARY.has(format) && content.includes('\u0000')) skipped.push(`${rel}: not a text file, though named .${format}`);
        else if (content.length > LIMITS.plotSize) skipped.push(`${rel}: ${bytes.length} bytes, more than a run keeps`);
        else plots.push({ path: rel, format, content });
      }
    }
  }
  return { plots, skipped };
}
