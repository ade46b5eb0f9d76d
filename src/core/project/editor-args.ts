// completeAt and hoverAt take either (text, kind, offset, fs?) or the editor's
// (text, {line, character}, {kind, fs}); this turns both into one shape.
import type { Position, SpecFileAccess, SpecKind } from './types';
import type { CheckedFile } from './validate';

export interface EditorOptions {
  file?: string;
  kind: SpecKind;
  fs?: SpecFileAccess;
  /** The check the editor just made of this same text (checkText): its parse is reused, not redone. */
  checked?: CheckedFile;
}

export function editorArgs(
  text: string,
  a: SpecKind | Position,
  b?: number | EditorOptions,
  c?: SpecFileAccess,
): { kind: SpecKind; offset: number; fs?: SpecFileAccess; checked?: CheckedFile } {
  if (typeof a === 'string') return { kind: a, offset: typeof b === 'number' ? b : 0, fs: c };
  const options = b as EditorOptions;
  return { kind: options.kind, offset: offsetAt(text, a), fs: options.fs, checked: options.checked };
}

/** The offset of a 0-based line/character position, clamped to the text. */
export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) return text.length;
    offset = nl + 1;
  }
  const end = text.indexOf('\n', offset);
  const lineEnd = end === -1 ? text.length : end;
  return Math.min(offset + Math.max(0, position.character), lineEnd);
}
