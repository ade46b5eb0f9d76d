// A tree view whose rows come from contributors: the spec model gives the first rows, and later
// features add theirs (dataset versions, runs, live deployment state) without touching this file.
// Refreshes are debounced and queued; the view re-asks for its rows through onDidChangeTreeData.
// A slow contributor (a store opening) never holds back the rows of the others (children.ts).
import * as vscode from 'vscode';
import { RefreshQueue } from '../refresh-queue';
import { ChildrenCache } from './children';
import type { NodeContributor, PonteNode } from './node';

export type { NodeContributor, PonteNode } from './node';

/** The command a row runs when clicked and it has a location. */
export const revealCommandId = 'ponte.revealDefinition';

export class PonteTree implements vscode.TreeDataProvider<PonteNode>, vscode.Disposable {
  private readonly contributors: NodeContributor[] = [];
  /** Node kinds some contributor adds children under: their rows become expandable. */
  private readonly parentKinds = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<PonteNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<PonteNode>;
  private readonly queue: RefreshQueue;
  private readonly children: ChildrenCache<PonteNode>;
  private redrawTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly viewId: string,
    onError: (e: unknown) => void,
  ) {
    this.view = vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: true });
    this.children = new ChildrenCache<PonteNode>({ patienceMs: 300, onError, onLate: () => this.redrawSoon() });
    this.queue = new RefreshQueue({
      delayMs: 150,
      run: async () => {
        this.children.invalidate();
        this.changed.fire(undefined);
      },
      onError,
    });
  }

  /**
   * Adds a source of rows; dispose the result to remove it. `childrenOf` lists the node kinds it
   * adds children under (e.g. `['ponte.dataset']` for dataset versions), so those rows expand.
   */
  addContributor(contributor: NodeContributor, options: { childrenOf?: string[] } = {}): vscode.Disposable {
    this.contributors.push(contributor);
    const kinds = options.childrenOf ?? [];
    for (const k of kinds) this.parentKinds.set(k, (this.parentKinds.get(k) ?? 0) + 1);
    void this.refresh();
    return new vscode.Disposable(() => {
      const i = this.contributors.indexOf(contributor);
      if (i >= 0) this.contributors.splice(i, 1);
      this.children.forget(contributor);
      for (const k of kinds) this.parentKinds.set(k, (this.parentKinds.get(k) ?? 1) - 1);
      void this.refresh();
    });
  }

  /** Debounced and queued: many calls in a burst redraw the view once. */
  refresh(): Promise<void> {
    return this.queue.request();
  }

  getTreeItem(node: PonteNode): vscode.TreeItem {
    const state =
      node.children === 'expanded'
        ? vscode.TreeItemCollapsibleState.Expanded
        : node.children === 'collapsed'
          ? vscode.TreeItemCollapsibleState.Collapsed
          : this.parentKinds.get(node.kind)
            ? vscode.TreeItemCollapsibleState.Collapsed
            : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.contextValue = node.kind;
    item.description = node.description;
    if (node.tooltip) item.tooltip = new vscode.MarkdownString(node.tooltip);
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
    if (node.resource) item.resourceUri = vscode.Uri.file(node.resource);
    if (node.command) item.command = node.command;
    else if (node.location) item.command = { command: revealCommandId, title: 'Reveal Definition', arguments: [node.location] };
    return item;
  }

  getChildren(parent?: PonteNode): Promise<PonteNode[]> {
    return this.children.gather(this.contributors, parent);
  }

  /** Late rows arrived: redraw from the cache (no contributor is asked again), once per burst. */
  private redrawSoon(): void {
    if (this.redrawTimer) return;
    this.redrawTimer = setTimeout(() => {
      this.redrawTimer = undefined;
      this.changed.fire(undefined);
    }, 50);
  }

  dispose(): void {
    clearTimeout(this.redrawTimer);
    this.queue.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}

export interface PonteTrees {
  datasets: PonteTree;
  experiments: PonteTree;
  deployments: PonteTree;
}
