// `ponte validate` on CI files: the `ponte` lines in the scripts of a GitHub workflow, a
// .gitlab-ci.yml or an azure-pipelines.yml, checked against the CLI's own command table (its
// commands, sub-commands and options) and against the stages of dvc.yaml, with file, line and hint.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Scalar } from 'yaml';
import type { Diagnostic } from '../project';
import { MAX_TEXT } from '../project/yaml-source';
import { closestNames } from '../project/did-you-mean';
import { findPonteInvocations, type ShellWord } from './shell-words';
import { CI_KINDS } from './kinds';

/** An option as node:util parseArgs declares it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
}

/** One command of the CLI: the structure of the CLI's command table (src/cli/command.ts). */
export interface CommandSpec {
  options: Record<string, OptionSpec>;
  subcommands?: Record<string, { options?: Record<string, OptionSpec> }>;
  /** What its positional arguments name, when they name something a file declares. */
  positionals?: 'stages';
}

/** Every command name of the CLI; undefined where a command declares no grammar (its options go unchecked). */
export type CliGrammar = Record<string, CommandSpec | undefined>;

export interface CheckCiOptions {
  /** How the file is named in diagnostics. */
  file: string;
  grammar: CliGrammar;
  /** Stage names of the project's dvc.yaml (and foreach/matrix groups); undefined: not checked. */
  stages?: string[];
}

/** Keys whose values are shell: GitHub `run`, GitLab `script`s, Azure `script`/`bash`/inline scripts. */
const SCRIPT_KEYS = new Set(['run', 'script', 'before_script', 'after_script', 'bash', 'sh', 'inlineScript', 'inline']);

const HINT_HELP = (cmd: string) => `run 'ponte ${cmd} --help' for what it takes`;

export function checkCiText(text: string, options: CheckCiOptions): Diagnostic[] {
  // The limit ponte.yaml and dvc.yaml have: a CI file is a few KB, and parsing costs its size many times over.
  if (text.length > MAX_TEXT) {
    return [diagnostic(options.file, 0, 0, 1, 'error', 'yaml.too_large', `the file holds ${text.length} characters; CI files over ${MAX_TEXT} characters are not checked`)];
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: true, uniqueKeys: false });
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    // The parser recurses once per level: a file nested past the stack is too deep, not broken YAML.
    const tooDeep = /Maximum call stack/.test(e.message);
    diagnostics.push(
      tooDeep
        ? diagnostic(options.file, pos.line - 1, pos.col - 1, 1, 'error', 'yaml.too_deep', 'the file nests too deeply here for the YAML parser; flatten it')
        : diagnostic(options.file, pos.line - 1, pos.col - 1, 1, 'error', 'yaml.syntax', e.message.split('\n')[0]),
    );
  }
  if (doc.errors.length) return diagnostics;
  let invocations = 0;
  visit(doc, {
    Scalar(key, node, path) {
      if (key === 'key' || typeof node.value !== 'string' || !/\bponte\b/.test(node.value)) return;
      if (!underScriptKey(path)) return;
      for (const { line, col, textLine } of scalarLines(node, text, lineCounter)) {
        for (const inv of findPonteInvocations(textLine)) {
          invocations++;
          diagnostics.push(...checkInvocation(inv.words, options, line, col));
        }
      }
    },
  });
  // Without this a CI file that runs no Ponte step passes in silence, as if it had been checked.
  if (invocations === 0) {
    diagnostics.push(
      diagnostic(options.file, 0, 0, 1, 'info', 'ci.no_ponte', `no ponte command in this CI file's scripts, so nothing in it was checked; 'ponte ci generate ${CI_KINDS.join('|')}' writes a pipeline that runs the loop`),
    );
  }
  return diagnostics;
}

function underScriptKey(path: readonly unknown[]): boolean {
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i];
    if (isPair(p) && isScalar(p.key)) return SCRIPT_KEYS.has(String(p.key.value));
    if (!isSeq(p) && !isPair(p) && !isMap(p)) return false;
  }
  return false;
}

/** The value's lines with the 0-based line and column of each in the file. */
function scalarLines(node: Scalar, text: string, lc: LineCounter): { line: number; col: number; textLine: string }[] {
  const [start] = node.range ?? [0];
  const first = lc.linePos(start);
  const lines = String(node.value).split('\n');
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    // The content starts on the line after the `|` header; every content line keeps its indentation.
    const out: { line: number; col: number; textLine: string }[] = [];
    const source = text.split('\n');
    let at = first.line; // 1-based line of the header; content from the next line
    for (const l of lines) {
      if (l === '' ) {
        at++;
        continue;
      }
      while (at < source.length && !source[at].includes(l)) at++;
      out.push({ line: at, col: Math.max(0, (source[at] ?? '').indexOf(l)), textLine: l });
      at++;
    }
    return out;
  }
  // A plain or quoted scalar: on its own line in CI files; its columns are the value's, shifted by the quote.
  const shift = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  return lines.map((l, i) => ({ line: first.line - 1 + i, col: i === 0 ? first.col - 1 + shift : 0, textLine: l }));
}

function diagnostic(file: string, line: number, character: number, length: number, severity: Diagnostic['severity'], code: string, message: string, suggestions?: string[]): Diagnostic {
  return {
    file, severity, code, message,
    range: { start: { line, character }, end: { line, character: character + length } },
    ...(suggestions?.length ? { suggestions } : {}),
  };
}

function didYouMean(s: string[]): string {
  return s.length ? ` (did you mean ${s.map((x) => `'${x}'`).join(' or ')}?)` : '';
}

function checkInvocation(words: ShellWord[], options: CheckCiOptions, line: number, col: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (w: ShellWord, severity: Diagnostic['severity'], code: string, message: string, suggestions?: string[]) =>
    out.push(diagnostic(options.file, line, col + w.start, Math.max(1, w.text.length), severity, code, message, suggestions));
  const [, name, ...rest] = words;
  if (!name || name.dynamic || ['--help', '-h', 'help', '--version', '-V'].includes(name.text)) return out;
  if (!Object.hasOwn(options.grammar, name.text)) {
    const near = closestNames(name.text, Object.keys(options.grammar));
    at(name, 'error', 'ci.unknown_command', `unknown ponte command '${name.text}'${didYouMean(near)}; run 'ponte --help' for the list`, near);
    return out;
  }
  const spec = options.grammar[name.text];
  if (!spec) return out;
  let allowed = spec.options;
  let sub: string | undefined;
  let cmd = name.text;
  const positionals: ShellWord[] = [];
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    if (w.text === '--') {
      positionals.push(...rest.slice(i + 1));
      break;
    }
    if (w.text.startsWith('-') && w.text.length > 1 && !w.dynamic) {
      const flag = w.text.startsWith('--') ? w.text.slice(2).split('=')[0] : undefined;
      if (flag === 'help' || w.text === '-h') continue;
      const known = flag !== undefined ? allowed[flag] : Object.values(allowed).find((o) => o.short === w.text.slice(1, 2));
      if (!known) {
        const near = closestNames(flag ?? w.text, Object.keys(allowed)).map((n) => `--${n}`);
        at(w, 'error', 'ci.unknown_option', `'ponte ${cmd}' has no option ${w.text.split('=')[0]}${didYouMean(near)}; ${HINT_HELP(cmd)}`, near);
        continue;
      }
      if (known.type === 'string' && !w.text.includes('=')) {
        if (i + 1 >= rest.length) at(w, 'error', 'ci.missing_value', `${w.text} of 'ponte ${cmd}' needs a value; ${HINT_HELP(cmd)}`);
        else i++;
      } else if (known.type === 'boolean' && w.text.includes('=')) {
        at(w, 'error', 'ci.unexpected_value', `${w.text.split('=')[0]} of 'ponte ${cmd}' is a switch and takes no value`);
      }
      continue;
    }
    if (spec.subcommands && sub === undefined && positionals.length === 0) {
      sub = w.text;
      if (w.dynamic) continue;
      if (!Object.hasOwn(spec.subcommands, w.text)) {
        const names = Object.keys(spec.subcommands);
        const near = closestNames(w.text, names);
        at(w, 'error', 'ci.unknown_subcommand', `'ponte ${cmd}' has no sub-command '${w.text}'${didYouMean(near)}; it has ${names.join(', ')}`, near);
        return out;
      }
      cmd = `${name.text} ${w.text}`;
      allowed = { ...allowed, ...spec.subcommands[w.text].options };
      continue;
    }
    positionals.push(w);
  }
  if (spec.positionals === 'stages' && options.stages) {
    for (const w of positionals) {
      if (w.dynamic || options.stages.includes(w.text)) continue;
      const near = closestNames(w.text, options.stages);
      at(w, 'error', 'ci.unknown_stage', `dvc.yaml has no stage '${w.text}'${didYouMean(near)}; its stages: ${options.stages.join(', ')}`, near);
    }
  }
  return out;
}
