// The backend connection's states and how the status bar words them. No vscode import, so a
// unit test reads the table.

export type BackendStateKind = 'off' | 'starting' | 'ready' | 'unreachable';

export interface BackendState {
  kind: BackendStateKind;
  /** `local` (this workspace's server) or `remote` (ponte.backend.url). */
  mode: 'local' | 'remote';
  url?: string;
  /** pid of the local server, and whether this window started it. */
  pid?: number;
  startedHere?: boolean;
  store?: string;
  /** Why it is unreachable. */
  error?: string;
}

export interface StatusText {
  text: string;
  tooltip: string;
}

export function statusText(s: BackendState): StatusText {
  const where = s.mode === 'remote' ? `remote backend ${s.url ?? ''}` : 'local backend';
  switch (s.kind) {
    case 'off':
      return { text: '$(circle-outline) Ponte: off', tooltip: `Ponte ${where}: not started. Click to start it or see the options.` };
    case 'starting':
      return { text: '$(sync~spin) Ponte: starting', tooltip: `Ponte ${where}: starting…` };
    case 'ready':
      return { text: '$(database) Ponte: ready', tooltip: `Ponte ${where}: ready at ${s.url}${s.store ? ` (${s.store})` : ''}${s.pid ? `, pid ${s.pid}${s.startedHere ? ', started by this window' : ''}` : ''}` };
    case 'unreachable':
      return { text: '$(warning) Ponte: unreachable', tooltip: `Ponte ${where}: unreachable${s.error ? `: ${s.error}` : ''}. Click to retry.` };
  }
}
