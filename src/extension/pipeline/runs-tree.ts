// The Experiments view's "Runs" rows: one per project with a pipeline, its runs newest first
// (paged), and each run's params and metrics. Owns the loaded run lists, one per project.
import type { PonteContext } from '../context';
import type { ProjectModel } from '../spec';
import type { PonteNode } from '../views/node';
import { readProject } from '../spec';
import { RunList, runChildRows, runKinds, runPageRows } from './run-rows';

export function projectOf(m: Pick<ProjectModel, 'project' | 'root'>): string {
  return m.project ?? m.root.split(/[\\/]/).pop() ?? 'project';
}

/** Gated metrics first beside each run. */
function gatedMetrics(root: string): string[] {
  try {
    return readProject(root).config.gates?.rules.map((r) => r.metric) ?? [];
  } catch {
    return [];
  }
}

export class RunsTree {
  private readonly lists = new Map<string, RunList>();

  constructor(private readonly ctx: PonteContext) {}

  private list(project: string): RunList {
    let list = this.lists.get(project);
    if (!list) {
      list = new RunList(project, () => this.ctx.backend.api());
      this.lists.set(project, list);
    }
    return list;
  }

  /** The contributor: Runs rows at the top, pages of runs under them, params and metrics under a run. */
  async rows(parent: PonteNode | undefined): Promise<PonteNode[]> {
    const ctx = this.ctx;
    if (parent === undefined) {
      await ctx.project.ready();
      return ctx.project
        .models()
        .filter((m) => m.stages.length > 0 || m.ponteFile)
        .map((m) => ({
          id: `runs:${m.root}`, kind: runKinds.runs, label: 'Runs', description: projectOf(m), icon: 'history', children: 'collapsed' as const,
          tooltip: `Runs recorded for project **${projectOf(m)}**, newest first`, data: { root: m.root, project: projectOf(m) },
        }));
    }
    if (parent.kind === runKinds.runs || parent.kind === runKinds.more) {
      const { project, offset, root } = parent.data as { project: string; offset?: number; root?: string };
      if (!ctx.isTrusted()) return [{ id: `${parent.id}:untrusted`, kind: runKinds.notice, label: 'Runs are hidden in Restricted Mode', description: 'trust the workspace to connect to the backend', icon: 'shield' }];
      try {
        return await runPageRows(this.list(project), offset ?? 0, root ? gatedMetrics(root) : []);
      } catch (e) {
        return [{ id: `${parent.id}:error`, kind: runKinds.notice, label: 'Runs unavailable', description: String((e as Error)?.message ?? e).split('\n')[0], icon: 'warning' }];
      }
    }
    return runChildRows(parent);
  }

  /** Reloads every list shown (a run was recorded, gated or deleted) and redraws the view. */
  async reload(): Promise<void> {
    for (const list of this.lists.values()) await list.reload().catch(() => undefined);
    await this.ctx.trees.experiments.refresh();
  }
}
