// JUnit reports read into a small element tree by sax, the strict streaming XML parser (the one
// under xml2js). Malformed input is an error at its line, because a half-read report would hide
// failures; the checks sax leaves to its caller (one root element, a non-empty file) are here.
import type * as Sax from 'sax';

// Required on first use: the editor loads this module with its Testing view, and a parser it may
// never need should not cost activation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sax = (): typeof Sax => require('sax') as typeof Sax;
import { PonteError } from '../errors';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

function fail(file: string, line: number, what: string): PonteError {
  return new PonteError('junit.malformed', `malformed XML: ${what}`, {
    file, line, hint: 'the test run did not finish writing its report, or something else wrote to it; run the tests again',
  });
}

export function parseXml(text: string, file: string): XmlElement {
  // strict and strictEntities: XML's rules and its five entities, not HTML's leniency
  // (@types/sax does not list strictEntities yet; sax has had it since 1.2).
  const options: Sax.SAXOptions & { strictEntities: boolean } = { position: true, trim: false, normalize: false, strictEntities: true };
  const parser = sax().parser(true, options);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  // sax reports the line where a start tag ends; the line where it starts is counted here.
  let counted = 0;
  let line = 1;
  const lineAt = (index: number) => {
    for (; counted < index; counted++) if (text.charCodeAt(counted) === 10) line++;
    return line;
  };
  const inner = () => stack[stack.length - 1];

  parser.onopentag = (tag) => {
    const el: XmlElement = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '', line: lineAt(parser.startTagPosition - 1) };
    if (stack.length) inner().children.push(el);
    else if (root) throw fail(file, el.line, `a second root element <${el.name}> after <${root.name}> (line ${root.line})`);
    else root = el;
    stack.push(el);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  parser.ontext = (t) => {
    if (stack.length) inner().text += t;
  };
  parser.oncdata = (t) => {
    if (stack.length) inner().text += t;
  };
  parser.onerror = (e) => {
    const at = parser.line + 1;
    const open = inner();
    // sax's message is one line of what, then its position, which PonteError carries instead.
    const what = e.message.split('\n')[0];
    if (what === 'Unexpected close tag' && open) {
      const close = /^<\/([^\s>]*)/.exec(text.slice(text.lastIndexOf('</', parser.position)));
      throw fail(file, at, `</${close?.[1] ?? ''}> closes <${open.name}> opened on line ${open.line}`);
    }
    throw fail(file, at, what.charAt(0).toLowerCase() + what.slice(1).replace(/\.$/, ''));
  };

  parser.write(text);
  if (stack.length) {
    const open = inner();
    throw fail(file, open.line, `<${open.name}> opened on line ${open.line} is never closed (the report ends at line ${parser.line + 1})`);
  }
  parser.close();
  if (!root) throw fail(file, 1, 'no root element (the file is empty)');
  return root;
}
