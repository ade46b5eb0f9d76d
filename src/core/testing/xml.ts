// A small, strict XML reader for JUnit reports: elements, attributes, text, CDATA, comments,
// the five entities and numeric references. Malformed input (a tag left open, a stray `<`, a
// mismatched close) is an error at its line, because a half-read report would hide failures.
import { PonteError } from '../errors';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;

function decode(s: string, at: () => number, file: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|&/g, (m, ent: string | undefined) => {
    if (ent === undefined) throw fail(file, at(), 'a bare "&" (write &amp;)');
    if (ent[0] === '#') {
      const code = ent[1] === 'x' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return String.fromCodePoint(code);
    }
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (!(ent in named)) throw fail(file, at(), `unknown entity ${m}`);
    return named[ent];
  });
}

function fail(file: string, line: number, what: string): PonteError {
  return new PonteError('junit.malformed', `malformed XML: ${what}`, {
    file, line, hint: 'the test run did not finish writing its report, or something else wrote to it; run the tests again',
  });
}

export function parseXml(text: string, file: string): XmlElement {
  let pos = 0;
  let line = 1;
  const advance = (to: number) => {
    for (let i = pos; i < to; i++) if (text.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    if (lt === -1) {
      const rest = text.slice(pos);
      if (stack.length) stack[stack.length - 1].text += decode(rest, () => line, file);
      else if (rest.trim()) throw fail(file, line, 'text after the root element');
      advance(text.length);
      break;
    }
    if (lt > pos) {
      const chunk = text.slice(pos, lt);
      if (stack.length) stack[stack.length - 1].text += decode(chunk, () => line, file);
      else if (chunk.trim()) throw fail(file, line, 'text outside the root element');
      advance(lt);
    }
    if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos);
      if (end === -1) throw fail(file, line, 'an unclosed <? ... ?>');
      advance(end + 2);
    } else if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos);
      if (end === -1) throw fail(file, line, 'an unclosed comment');
      advance(end + 3);
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos);
      if (end === -1) throw fail(file, line, 'an unclosed CDATA section');
      if (!stack.length) throw fail(file, line, 'CDATA outside the root element');
      stack[stack.length - 1].text += text.slice(pos + 9, end);
      advance(end + 3);
    } else if (text.startsWith('<!', pos)) {
      const end = text.indexOf('>', pos);
      if (end === -1) throw fail(file, line, 'an unclosed declaration');
      advance(end + 1);
    } else if (text.startsWith('</', pos)) {
      NAME.lastIndex = pos + 2;
      const m = NAME.exec(text);
      if (!m) throw fail(file, line, 'a closing tag without a name');
      const end = text.indexOf('>', NAME.lastIndex);
      if (end === -1 || text.slice(NAME.lastIndex, end).trim() !== '') throw fail(file, line, `a broken closing tag </${m[0]}`);
      const open = stack.pop();
      if (!open) throw fail(file, line, `</${m[0]}> closes nothing`);
      if (open.name !== m[0]) throw fail(file, line, `</${m[0]}> closes <${open.name}> opened on line ${open.line}`);
      advance(end + 1);
    } else {
      NAME.lastIndex = pos + 1;
      const m = NAME.exec(text);
      if (!m) throw fail(file, line, 'a "<" that starts no tag (write &lt;)');
      const el: XmlElement = { name: m[0], attributes: {}, children: [], text: '', line };
      let i = NAME.lastIndex;
      let selfClosing = false;
      for (;;) {
        while (i < text.length && /\s/.test(text[i])) i++;
        if (i >= text.length) throw fail(file, line, `<${el.name}> is never closed`);
        if (text[i] === '>') {
          i++;
          break;
        }
        if (text.startsWith('/>', i)) {
          i += 2;
          selfClosing = true;
          break;
        }
        NAME.lastIndex = i;
        const a = NAME.exec(text);
        if (!a) throw fail(file, line, `a broken attribute in <${el.name}>`);
        i = NAME.lastIndex;
        while (/\s/.test(text[i] ?? '')) i++;
        if (text[i] !== '=') throw fail(file, line, `attribute ${a[0]} of <${el.name}> has no value`);
        i++;
        while (/\s/.test(text[i] ?? '')) i++;
        const q = text[i];
        if (q !== '"' && q !== "'") throw fail(file, line, `attribute ${a[0]} of <${el.name}> is not quoted`);
        const close = text.indexOf(q, i + 1);
        if (close === -1) throw fail(file, line, `attribute ${a[0]} of <${el.name}> is never closed`);
        const raw = text.slice(i + 1, close);
        if (raw.includes('<')) throw fail(file, line, `a "<" inside attribute ${a[0]} of <${el.name}>`);
        el.attributes[a[0]] = decode(raw, () => line, file);
        i = close + 1;
      }
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) throw fail(file, line, 'a second root element');
      else root = el;
      if (!selfClosing) stack.push(el);
      advance(i);
    }
  }
  if (stack.length) {
    const open = stack[stack.length - 1];
    throw fail(file, open.line, `<${open.name}> opened on line ${open.line} is never closed (the report ends at line ${line})`);
  }
  if (!root) throw fail(file, 1, 'no root element (the file is empty)');
  return root;
}
