// How ruamel.yaml (DVC's YAML writer, YAML 1.2) chooses a string scalar's style in block
// context: plain when it reads back as the same string, else single-quoted, or double-quoted
// when it holds a ' or a character that needs an escape. Shared by the .dvc and dvc.lock writers.

// What ruamel.yaml (DVC's writer, YAML 1.2) resolves a plain scalar to when it is not a string:
// bool, int, float, null, timestamp, merge `<<`, value `=` and the `!`, `&`, `*` indicators. A
// plain scalar matching one of these is quoted, so that it reads back as a string.
export const YAML12_NOT_STR = [
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  /^(?:<<|=|!|&|\*)$/,
];

/** A character the emitter cannot write as it is: outside printable ASCII and the printable Unicode ranges, or a BOM. */
export function isSpecial(c: string): boolean {
  const n = c.codePointAt(0)!;
  if (c === '\n' || (n >= 0x20 && n <= 0x7e)) return false;
  if (n === 0xfeff) return true;
  return !(n === 0x85 || (n >= 0xa0 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff));
}

const WHITESPACE_AFTER = new Set([undefined, '\0', ' ', '\t', '\r', '\n', '\x85', '\u2028', '\u2029']);

/** ruamel's analyze_scalar for a block mapping value: may `s` be written plain? */
export function plainAllowed(s: string): boolean {
  const chars = Array.from(s);
  if (chars.length === 0 || chars[0] === ' ' || chars[chars.length - 1] === ' ') return false;
  if (s.startsWith('---') || s.startsWith('...')) return false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const followedBySpace = WHITESPACE_AFTER.has(chars[i + 1]);
    if (isSpecial(c) || /[\n\x85\u2028\u2029]/.test(c)) return false;
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) return false;
      if ((c === '?' || c === ':' || c === '-') && followedBySpace) return false;
    } else {
      if (c === ':' && followedBySpace) return false;
      if (c === '#' && WHITESPACE_AFTER.has(chars[i - 1])) return false;
    }
  }
  return !YAML12_NOT_STR.some((re) => re.test(s));
}

export type ScalarStyle = 'plain' | 'single' | 'double';

export function ruamelStyle(s: string): ScalarStyle {
  if (plainAllowed(s)) return 'plain';
  // ruamel double-quotes any line break too (checked against ruamel.yaml 0.17: "a\nb").
  if (s.includes("'") || Array.from(s).some((c) => isSpecial(c) || '\n\x85\u2028\u2029'.includes(c))) return 'double';
  return 'single';
}
