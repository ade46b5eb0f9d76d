// The dashboard webview. Filled in by the dashboard issue.
export {};
