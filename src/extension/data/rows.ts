// Datasets rows for data: tracked paths that ponte.yaml does not declare (added with "Track
// with Ponte" or `dvc add`), and under every dataset its versions from git history.
import * as path from 'node:path';
import { dataLog, type DataVersion } from '../../core/data/index';
import type { PonteNode } from '../views/node';
import type { DataModel, TrackedState } from './model';

export const dataKinds = {
  tracked: 'ponte.trackedData',
  version: 'ponte.datasetVersion',
} as const;

/** What a data command acts on: a path, resolved against `cwd` (a workspace root). */
export interface DataTarget {
  cwd: string;
  path: string;
  /** Set on version rows. */
  commit?: string;
}

const STATUS_TEXT: Record<TrackedState['status'], string> = {
  unchanged: '',
  modified: 'modified',
  missing: 'missing',
  not_in_cache: 'not in cache',
};

/** Reads the target out of a dataset row (declared), a tracked row or a version row. */
export function targetOf(node: PonteNode | undefined): DataTarget | undefined {
  const data = node?.data as { root?: string; dataset?: { path: string }; target?: DataTarget } | undefined;
  if (data?.target) return data.target;
  if (data?.root && data.dataset) return { cwd: data.root, path: data.dataset.path };
  return undefined;
}

function describe(s: TrackedState): string {
  const parts = [STATUS_TEXT[s.status], s.status === 'unchanged' && s.pushed === false ? 'not pushed' : ''].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'dvc';
}

export function trackedRows(model: DataModel, declared: Set<string>, root: string | undefined): PonteNode[] {
  return model
    .all()
    .filter((s) => !declared.has(s.abs) && (root === undefined || s.root === root))
    .sort((a, b) => (a.rel < b.rel ? -1 : 1))
    .map((s) => ({
      id: `trackedData:${s.abs}`,
      kind: dataKinds.tracked,
      label: s.rel,
      description: describe(s),
      tooltip: `**${s.rel}**\n\ntracked by \`${path.relative(s.root, s.dvcFile)}\`\n\nstatus: ${s.status.replace(/_/g, ' ')}${s.pushed === undefined ? '' : `\n\npushed: ${s.pushed ? 'yes' : 'no'}`}`,
      icon: s.isDir ? 'folder' : 'file',
      resource: s.abs,
      data: { target: { cwd: s.root, path: s.rel } satisfies DataTarget },
    }));
}

function human(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${u === 0 ? n : n.toFixed(1)} ${units[u]}`;
}

export function versionRow(parentId: string, target: DataTarget, v: DataVersion): PonteNode {
  const when = v.date.slice(0, 16).replace('T', ' ');
  return {
    id: `${parentId}:version:${v.commit}`,
    kind: dataKinds.version,
    label: `${v.commit.slice(0, 7)} ${v.message}`,
    description: v.deleted ? `${when} · removed` : `${when} · ${human(v.size)}${v.nfiles === undefined ? '' : ` · ${v.nfiles} files`}`,
    tooltip: `**${v.message}**\n\n${v.commit}\n\n${v.author}, ${v.date}${v.md5 ? `\n\nmd5 \`${v.md5}\`` : ''}`,
    icon: v.deleted ? 'trash' : 'git-commit',
    data: { target: { ...target, commit: v.commit } satisfies DataTarget, version: v },
  };
}

/** Versions under a dataset or tracked row; nothing for other rows or outside git. */
export async function versionRows(parent: PonteNode | undefined): Promise<PonteNode[]> {
  if (!parent || (parent.kind !== 'ponte.dataset' && parent.kind !== dataKinds.tracked)) return [];
  const target = targetOf(parent);
  if (!target) return [];
  let versions: DataVersion[];
  try {
    versions = await dataLog({ cwd: target.cwd, path: target.path });
  } catch {
    return []; // not tracked yet, or no DVC repository: no versions to show
  }
  return versions.filter((v) => !v.deleted).map((v) => versionRow(parent.id, target, v));
}
