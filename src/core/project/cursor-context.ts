// Where a cursor sits in a pipeline file that is being typed (and so is often not valid YAML):
// the chain of keys above it, read from indentation, and whether a key, a value or a `${`
// variable is being written. Completion uses it; hovers use the parsed tree instead.

export type PathPart = string | number;

export interface CursorContext {
  mode: 'key' | 'value' | 'variable';
  /** Keys (and 0 for "an item of a list") from the root to the mapping the cursor writes into. */
  path: PathPart[];
  /** value mode: the key whose value is being written (undefined for a list item). */
  key?: string;
  /** The text typed so far of the word at the cursor. */
  partial: string;
  /** Keys already present next to the cursor, not offered again. */
  siblings: string[];
}

interface LineShape {
  /** Column of the first dash (when the line starts with `- `). */
  dashCol: number;
  /** Column where the content after spaces and dashes starts. */
  keyCol: number;
  hasDash: boolean;
  content: string;
}

function shape(line: string): LineShape {
  let i = 0;
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  const dashCol = i;
  // `- - x`: each dash must be followed by white space or the end of the line.
  while (line[i] === '-' && (i + 1 === line.length || isSpace(line.charCodeAt(i + 1)))) {
    i++;
    while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  }
  return { dashCol, keyCol: i, hasDash: i > dashCol, content: line.slice(i) };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/**
 * `key:` followed by the end or white space: the key (quotes removed) and the text after the
 * colon. One scan: the regular expressions this replaces backtracked over long runs of spaces.
 * `colonInKey`: whether an unquoted key may hold a `:` not followed by a space (`a:b: c`).
 */
function splitKey(content: string, colonInKey: boolean): { key: string; after: string } | undefined {
  const q = content[0];
  let colon = -1;
  let keyEnd: number;
  if (q === '"' || q === "'") {
    const close = content.indexOf(q, 1);
    if (close === -1) return undefined;
    keyEnd = close + 1;
    colon = keyEnd;
    while (colon < content.length && isSpace(content.charCodeAt(colon))) colon++;
    if (content[colon] !== ':') return undefined;
  } else {
    if (content === '' || isSpace(content.charCodeAt(0)) || '#\'"[]{},'.includes(q)) return undefined;
    for (let j = 1; j < content.length; j++) {
      const c = content[j];
      if (c === '#') return undefined;
      if (c !== ':') continue;
      if (j + 1 === content.length || isSpace(content.charCodeAt(j + 1))) {
        colon = j;
        break;
      }
      if (!colonInKey) return undefined;
    }
    if (colon === -1) return undefined;
    keyEnd = colon;
    while (keyEnd > 0 && isSpace(content.charCodeAt(keyEnd - 1))) keyEnd--;
  }
  const raw = content.slice(0, keyEnd);
  return { key: q === '"' || q === "'" ? raw.slice(1, -1) : raw, after: content.slice(colon + 1) };
}

/** The text before a ` #` comment, trimmed. */
function withoutComment(s: string): string {
  for (let i = 1; i < s.length; i++) if (s[i] === '#' && isSpace(s.charCodeAt(i - 1))) return s.slice(0, i).trim();
  return s.trim();
}

/** `key:` or `key: value` → the key; undefined for anything else. */
function keyOf(content: string): { key: string; rest: string } | undefined {
  const k = splitKey(content.trimEnd(), true);
  if (!k) return undefined;
  return { key: k.key, rest: withoutComment(k.after) };
}

export function cursorContext(text: string, offset: number): CursorContext {
  const o = Math.max(0, Math.min(offset, text.length));
  const lineStart = text.lastIndexOf('\n', o - 1) + 1;
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop();
  const before = text.slice(lineStart, o);

  const open = before.lastIndexOf('${');
  const variable = open !== -1 && before.indexOf('}', open) === -1;

  const here = shape(before);
  let cur = here.keyCol;
  const trail: PathPart[] = [];
  if (here.hasDash) {
    trail.push(0);
    cur = here.dashCol;
  }
  const path: PathPart[] = [];
  const siblings: string[] = [];
  let ascended = false;
  for (let l = lines.length - 1; l >= 0 && !(cur === 0 && ascended); l--) {
    const s = shape(lines[l]);
    if (!s.hasDash && (s.content.trim() === '' || s.content.trimStart().startsWith('#'))) continue;
    const k = keyOf(s.content);
    if (s.keyCol === cur && s.hasDash && s.dashCol < cur) {
      // A sibling key on the first line of the list item we are in: the list is our parent.
      if (k && !ascended) siblings.push(k.key);
      path.unshift(0);
      cur = s.dashCol;
      ascended = true;
      continue;
    }
    if (s.keyCol === cur && !s.hasDash) {
      if (k && !ascended) siblings.push(k.key);
      continue;
    }
    if (s.keyCol < cur || (s.hasDash && s.dashCol < cur)) {
      if (!k || k.rest !== '') break;
      path.unshift(k.key);
      ascended = true;
      if (s.hasDash) {
        path.unshift(0);
        cur = s.dashCol;
      } else cur = s.keyCol;
    }
  }
  // Keys below the cursor at the same indentation are siblings too.
  const after = text.slice(o).split('\n').slice(1);
  for (const line of after) {
    const s = shape(line);
    if (s.content.trim() === '' || s.content.trimStart().startsWith('#')) continue;
    if (s.keyCol < here.keyCol || (s.hasDash && s.dashCol <= (here.hasDash ? here.dashCol : here.keyCol - 1))) break;
    if (s.keyCol === here.keyCol && !s.hasDash) {
      const k = keyOf(s.content);
      if (k) siblings.push(k.key);
    }
  }
  path.push(...trail);

  if (variable) return { mode: 'variable', path, partial: before.slice(open + 2).trim(), siblings };

  const content = here.content;
  const k = splitKey(content, false);
  if (k && k.after !== '' && isSpace(k.after.charCodeAt(0))) {
    const key = k.key;
    const value = k.after.trimStart();
    const flow = flowContext(value);
    if (flow) return { ...flow, path: [...path, key, ...flow.path] };
    return { mode: 'value', path, key, partial: value.trim(), siblings };
  }
  const flow = flowContext(content);
  if (flow) return { ...flow, path: [...path, ...flow.path] };
  return { mode: 'key', path, partial: content.trim(), siblings };
}

/** Inside `{a: 1, b` or `[x, y`: where in the flow collection the cursor is. */
function flowContext(value: string): CursorContext | undefined {
  if (!/^[[{]/.test(value.trimStart())) return undefined;
  const stack: { ch: '[' | '{'; start: number; key?: string }[] = [];
  const path: PathPart[] = [];
  let segStart = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '{' || c === '[') {
      if (stack.length && stack[stack.length - 1].ch === '{') {
        const seg = value.slice(segStart, i);
        const k = flowKey(seg);
        if (k && k.rest.trim() === '') path.push(k.key);
      } else if (stack.length) path.push(0);
      stack.push({ ch: c, start: i });
      segStart = i + 1;
    } else if (c === '}' || c === ']') {
      stack.pop();
      path.pop();
      segStart = i + 1;
    } else if (c === ',') segStart = i + 1;
  }
  const top = stack[stack.length - 1];
  if (!top) return undefined;
  const seg = value.slice(segStart);
  const siblings = value
    .slice(top.start + 1, segStart)
    .split(',')
    .map((part) => flowKey(part, true)?.key)
    .filter((k): k is string => k !== undefined);
  if (top.ch === '[') return { mode: 'value', path: [...path], partial: seg.trim(), siblings: [] };
  const kv = flowKey(seg);
  if (kv) return { mode: 'value', path: [...path], key: kv.key, partial: kv.rest.trim(), siblings };
  return { mode: 'key', path: [...path], partial: seg.trim(), siblings };
}

/** `key: rest` inside a flow collection: the key is the text before the first `:`, trimmed. */
function flowKey(seg: string, plainOnly = false): { key: string; rest: string } | undefined {
  const colon = seg.indexOf(':');
  if (colon === -1) return undefined;
  const head = seg.slice(0, colon);
  // A sibling key is one the collection itself holds, not a key inside a nested one.
  if (plainOnly && /[{}[\]]/.test(head)) return undefined;
  const key = head.trim();
  return key === '' ? undefined : { key, rest: seg.slice(colon + 1) };
}
