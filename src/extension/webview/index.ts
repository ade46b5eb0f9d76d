// The webview host's public surface: the panel host, the page's HTML and CSP, the inbox.
export { PanelHost, HostedPanel, VIEW_TYPES, restoredState, type PanelController, type PanelKindOptions } from './host';
export { escapeHtml, panelHtml, contentSecurityPolicy } from './html';
export { createInbox, messageKind } from './inbox';
