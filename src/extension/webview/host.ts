// The one panel host: every Ponte webview (the dashboard, Compare Runs, the drift report) is a
// HostedPanel loading dist/webview.js under html.ts's CSP, with dist/ its only local resource.
// The page posts `ready`; only then does the host send `init` (the PanelState) and the panel's
// controller post its data, again after every reload of the page. A serializer per kind restores
// panels after a window reload from the PanelState the page saved. The panel owns its disposal:
// closing it disposes its controller and its subscriptions.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { parsePanelState, type FromWebview, type PanelKind, type PanelState, type ToWebview } from '../../shared/webview-protocol';
import { createInbox } from './inbox';
import { panelHtml } from './html';

export const VIEW_TYPES: Readonly<Record<PanelKind, string>> = { dashboard: 'ponte.dashboard', compare: 'ponte.compareRuns', drift: 'ponte.driftReport' };
const KINDS = Object.keys(VIEW_TYPES) as PanelKind[];

/** What makes one kind of panel: its data, and what it does with the page's requests. */
export interface PanelController extends vscode.Disposable {
  /** After every `ready` (first load, reload, restore): post the panel's data. */
  load(): Promise<void>;
  /** The page's Retry (after `connection: down`). */
  retry?(): Promise<void>;
  /** The page's state changed (tab, selection...); `state` is already the new one. */
  stateChanged?(previous: PanelState): void;
  /** A `command` message (empty-state buttons, links). */
  command?(message: Extract<FromWebview, { type: 'command' }>): unknown;
}

export interface PanelKindOptions {
  /** The controller of a new or restored panel; may require its module on first use. */
  controller(panel: HostedPanel): PanelController;
  title(state: PanelState): string;
  /** One panel of this kind at a time (opening again reveals it with the new state). */
  single: boolean;
}

export interface PanelHostOptions {
  extensionUri: vscode.Uri;
  log(line: string): void;
  kinds: Record<PanelKind, PanelKindOptions>;
}

export class HostedPanel implements vscode.Disposable {
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly controller: PanelController;
  private disposed = false;
  /** Fires once, when the panel closes. */
  readonly onDidDispose: vscode.Event<void>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public state: PanelState,
    private readonly host: PanelHost,
    private readonly kind: PanelKindOptions,
  ) {
    this.onDidDispose = panel.onDidDispose;
    this.render();
    const inbox = createInbox(
      {
        ready: () => {
          this.ready = true;
          this.post({ type: 'init', state: this.state });
          return this.controller.load();
        },
        state: (m) => this.setState(m.state),
        select: (m) => this.setState({ ...this.state, runs: m.runs }),
        retry: () => this.controller.retry?.(),
        command: (m) => this.controller.command?.(m),
      },
      { log: (line) => host.log(`${VIEW_TYPES[state.panel]}: ${line}`) },
    );
    this.disposables.push(
      panel.webview.onDidReceiveMessage(inbox),
      // A hidden page is discarded (no retainContextWhenHidden): it posts `ready` again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    this.controller = kind.controller(this);
  }

  /** Whether the page has said `ready` and is still there. */
  get isReady(): boolean {
    return this.ready && !this.disposed;
  }

  /** Posts to the page once it is ready; before that the page will ask (`ready`) and get fresh data. */
  post(message: ToWebview): void {
    if (!this.isReady) return;
    void this.panel.webview.postMessage(message).then(undefined, (e: unknown) => this.host.log(`posting '${message.type}' failed: ${String(e)}`));
  }

  /** Moves the page to a new state (a tab, a selection) from the extension's side. */
  show(state: PanelState): void {
    this.setState(state);
    this.panel.title = this.kind.title(this.state);
    this.post({ type: 'init', state: this.state });
    this.panel.reveal(undefined, false);
  }

  private setState(state: PanelState): void {
    const previous = this.state;
    // The kind is the panel's, whatever the page says.
    this.state = { ...state, panel: previous.panel };
    this.controller?.stateChanged?.(previous);
  }

  private render(): void {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.host.extensionUri, 'dist');
    webview.options = { enableScripts: true, localResourceRoots: [dist] };
    const css = vscode.Uri.joinPath(dist, 'webview.css');
    webview.html = panelHtml({
      title: this.panel.title,
      nonce: randomBytes(18).toString('base64'),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: existsSync(css.fsPath) ? webview.asWebviewUri(css).toString() : undefined,
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.host.forget(this);
    this.controller?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

export class PanelHost implements vscode.Disposable {
  private readonly open = new Set<HostedPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly options: PanelHostOptions) {
    for (const kind of KINDS) {
      this.disposables.push(
        vscode.window.registerWebviewPanelSerializer(VIEW_TYPES[kind], {
          deserializeWebviewPanel: async (panel, saved: unknown) => {
            this.adopt(panel, restoredState(kind, saved));
          },
        }),
      );
    }
  }

  get extensionUri(): vscode.Uri {
    return this.options.extensionUri;
  }

  log(line: string): void {
    this.options.log(line);
  }

  /** The open panels of a kind. */
  panels(kind: PanelKind): HostedPanel[] {
    return [...this.open].filter((p) => p.state.panel === kind);
  }

  /** Opens a panel (or, for a single kind, reveals the open one on the new state). */
  show(state: PanelState, column: vscode.ViewColumn = vscode.ViewColumn.Active): HostedPanel {
    const kind = this.options.kinds[state.panel];
    const existing = kind.single ? this.panels(state.panel)[0] : undefined;
    if (existing) {
      existing.show(state);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES[state.panel], kind.title(state), column, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.options.extensionUri, 'dist')],
      enableFindWidget: true,
    });
    return this.adopt(panel, state);
  }

  private adopt(panel: vscode.WebviewPanel, state: PanelState): HostedPanel {
    const hosted = new HostedPanel(panel, state, this, this.options.kinds[state.panel]);
    this.open.add(hosted);
    return hosted;
  }

  forget(panel: HostedPanel): void {
    this.open.delete(panel);
  }

  dispose(): void {
    for (const p of [...this.open]) p.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The state a restored panel starts from: what the page saved, when it is a PanelState of this kind. */
export function restoredState(kind: PanelKind, saved: unknown): PanelState {
  const state = parsePanelState(saved);
  if (state && state.panel === kind) return state;
  // Compare Runs before the host remembered `{ids}`.
  const ids = (saved as { ids?: unknown } | undefined)?.ids;
  if (kind === 'compare' && Array.isArray(ids) && ids.every((x) => typeof x === 'string')) return { panel: 'compare', runs: ids };
  return { panel: kind };
}

