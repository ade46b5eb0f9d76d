// A tree row described as plain data, so the code that decides what rows a view shows is tested
// without the editor; views/tree.ts turns a node into a vscode.TreeItem in one place.
import type { Range } from '../spec';

export interface PonteNode {
  /** Stable across refreshes, so expansion and selection survive them. */
  id: string;
  /** Also the TreeItem contextValue: menus target it with `viewItem == ponte.dataset`. */
  kind: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** A codicon id: `database`, `server`, `play`... */
  icon?: string;
  /** A theme colour id for the icon (`charts.blue`, `testing.iconFailed`), so state reads at a glance. */
  iconColor?: string;
  /** 'collapsed' or 'expanded' when the node has children; leaves leave it out. */
  children?: 'collapsed' | 'expanded';
  /** A file the row stands for (a dataset's path): file decorations (e.g. "modified") apply to it. */
  resource?: string;
  /** Where the row is declared; clicking the row reveals it. */
  location?: { file: string; range: Range };
  /** What a click runs, when it is not revealing `location` (a command id and its arguments). */
  command?: { command: string; title: string; arguments?: unknown[] };
  /** Whatever the contributor wants back when its children are asked for. */
  data?: unknown;
}

/** Rows under `parent` (undefined = the top level). Return [] for parents that are not yours. */
export type NodeContributor = (parent: PonteNode | undefined) => PonteNode[] | Promise<PonteNode[]>;
