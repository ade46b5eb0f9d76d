// The browser globals that code passed to Playwright's evaluate() touches, as types only. The root
// tsconfig has no DOM library (only webview-ui's does), so such code takes them from globalThis
// cast to BrowserGlobals, inside the callback, where it runs: in the page.

export interface BrowserElement {
  childNodes: ArrayLike<{ nodeType: number; textContent: string | null }>;
  outerHTML: string;
  getBoundingClientRect(): { top: number; left: number; width: number; height: number };
  querySelectorAll(selector: string): ArrayLike<BrowserElement>;
}

export interface BrowserGlobals {
  document: { querySelectorAll(selector: string): ArrayLike<BrowserElement> };
  getComputedStyle: (el: BrowserElement, pseudo?: string) => { content: string };
}
