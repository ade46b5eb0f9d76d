// Finds `ponte ...` invocations in one line of shell, as CI files write them: after `;`, `&&`,
// `|`, inside `$(...)` (also within double quotes), behind `npx` or a VAR=value prefix. Enough
// of POSIX quoting to take words apart; not a shell (no expansion, no here-documents).

export interface ShellWord {
  /** The word with its quotes removed. */
  text: string;
  /** Offset of the word's first character in the line. */
  start: number;
  /** The word held `$` or a backtick outside single quotes: its value is known at run time only. */
  dynamic: boolean;
}

export interface PonteInvocation {
  /** `ponte` itself, then its arguments up to the end of that command. */
  words: ShellWord[];
}

type Token = ShellWord | { op: string; start: number };

const OPERATORS = ['&&', '||', '$(', ';;', ';', '|', '&', '(', ')', '`', '>>', '>', '<', '{', '}'];
/** Words after which the next word is a command. */
const COMMAND_PREFIXES = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', 'exec', 'time', 'command', 'npx', 'sudo', 'env']);

/** `${{ expr }}` (GitHub, Azure) or `${VAR}` from `at`: its end, or -1 when none starts there. */
function expressionEnd(line: string, at: number): number {
  if (!line.startsWith('${', at)) return -1;
  const close = line.startsWith('${{', at) ? '}}' : '}';
  const end = line.indexOf(close, at + 2);
  return end < 0 ? line.length : end + close.length;
}

/** Tokens of one line: words (quotes removed) and operators; `$(` opens a command even in double quotes. */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let word: ShellWord | undefined;
  let inDouble = false;
  const stack: boolean[] = []; // for each open `$(`: was it inside double quotes
  const flush = () => {
    if (word) tokens.push(word);
    word = undefined;
  };
  const add = (ch: string, at: number, dynamic = false) => {
    word ??= { text: '', start: at, dynamic: false };
    word.text += ch;
    if (dynamic) word.dynamic = true;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    const expression = expressionEnd(line, i);
    if (expression > 0) {
      // A value known at run time only, whatever it holds (spaces included).
      for (const c of line.slice(i, expression)) add(c, i, true);
      i = expression - 1;
      continue;
    }
    if (inDouble) {
      if (ch === '"') {
        inDouble = false;
        word ??= { text: '', start: i, dynamic: false };
      } else if (ch === '\\' && i + 1 < line.length) add(line[++i], i);
      else if (ch === '$' && line[i + 1] === '(') {
        flush();
        tokens.push({ op: '$(', start: i });
        stack.push(true);
        inDouble = false;
        i++;
      } else add(ch, i, ch === '$' || ch === '`');
      continue;
    }
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      const stop = end < 0 ? line.length : end;
      word ??= { text: '', start: i, dynamic: false };
      word.text += line.slice(i + 1, stop);
      i = stop;
      continue;
    }
    if (ch === '"') {
      word ??= { text: '', start: i, dynamic: false };
      inDouble = true;
      continue;
    }
    if (ch === '\\' && i + 1 < line.length) {
      add(line[++i], i);
      continue;
    }
    if (ch === '#' && !word) break;
    if (/\s/.test(ch)) {
      flush();
      continue;
    }
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op) {
      flush();
      tokens.push({ op, start: i });
      if (op === '$(') stack.push(false);
      if (op === ')' && stack.length) {
        // Back inside the double quotes the `$(` opened in.
        if (stack.pop()) inDouble = true;
      }
      i += op.length - 1;
      continue;
    }
    add(ch, i, ch === '$');
  }
  flush();
  return tokens;
}

const isWord = (t: Token | undefined): t is ShellWord => t !== undefined && !('op' in t);

/** Every `ponte` command in `line`, with the words up to the operator that ends it. */
export function findPonteInvocations(line: string): PonteInvocation[] {
  const tokens = tokenize(line);
  const found: PonteInvocation[] = [];
  let atCommand = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!isWord(t)) {
      // After a redirection the next word is a file name, not a command.
      atCommand = !['>', '>>', '<'].includes(t.op);
      continue;
    }
    if (!atCommand) continue;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t.text) || COMMAND_PREFIXES.has(t.text) || (t.text.startsWith('-') && tokens[i - 1] && isWord(tokens[i - 1]) && (tokens[i - 1] as ShellWord).text === 'npx')) continue;
    if (t.text === 'ponte' || t.text.endsWith('/ponte')) {
      const words: ShellWord[] = [t];
      while (isWord(tokens[i + 1])) words.push(tokens[++i] as ShellWord);
      // `2>&1`: a descriptor number written against a redirection is no argument.
      const last = words[words.length - 1];
      const next = tokens[i + 1];
      if (words.length > 1 && /^\d+$/.test(last.text) && next && 'op' in next && /^[<>]/.test(next.op) && next.start === last.start + last.text.length) words.pop();
      found.push({ words });
    }
    atCommand = false;
  }
  return found;
}
