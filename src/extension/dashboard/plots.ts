// The one adapter between the dashboard and the plot resolver (src/core/pipeline/plots): each
// revision (the workspace, or a recorded run) brings its plot files as the backend keeps them,
// and the plots of dvc.yaml come back resolved with DVC's templates and x/y/title rules.
import type { RunPlotInput } from '../../core/api';
import { readPlotDefinitions, resolvePlots, storedRevision } from '../../core/pipeline/plots';
import type { PlotView } from '../../shared/webview-protocol';

export interface PlotRevision {
  /** 'workspace' or a run id. */
  revision: string;
  label: string;
  files: RunPlotInput[];
}

/** The plots of `dvcFile` (the project's pipeline file; undefined when there is none) for each revision. */
export async function dashboardPlots(dvcFile: string | undefined, revisions: PlotRevision[]): Promise<PlotView[]> {
  if (!dvcFile) return [];
  const definitions = await readPlotDefinitions(dvcFile);
  return resolvePlots(definitions, revisions.map((r) => storedRevision(r.revision, r.label, r.files))).plots;
}
