// A small element builder: text always goes in as text (textContent), never as HTML, so nothing
// the backend holds (run names, params, messages) can become markup in the page.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs | null, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs?: Attrs | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
}

/** A `<vscode-single-select>` of options; `onChange` gets the chosen value. */
export function select(label: string, options: string[], value: string | undefined, onChange: (v: string) => void): HTMLElement {
  const sel = h('vscode-single-select', { 'aria-label': label });
  for (const o of options) {
    const opt = h('vscode-option', { value: o }, o);
    if (o === value) opt.setAttribute('selected', '');
    sel.append(opt);
  }
  sel.addEventListener('change', () => onChange((sel as unknown as { value: string }).value));
  return h('label', { class: 'control' }, h('span', null, label), sel);
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): HTMLElement {
  const box = h('vscode-checkbox', { label, checked });
  box.addEventListener('change', () => onChange((box as unknown as { checked: boolean }).checked));
  return box;
}

export function button(label: string, onClick: () => void, secondary = false): HTMLElement {
  return h('vscode-button', { secondary, onclick: onClick }, label);
}

export function formatTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : `${d.toISOString().slice(5, 10)} ${d.toISOString().slice(11, 16)}`;
}

export function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6 ? v.toExponential(3) : String(Math.round(v * 1e4) / 1e4);
  return typeof v === 'string' ? v : JSON.stringify(v);
}
