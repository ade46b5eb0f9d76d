// The shared vocabulary of pipeline-file checking: one Diagnostic type that the CLI prints,
// the extension turns into editor diagnostics, and CI reads as JSON. Positions are 0-based (LSP).

export type Severity = 'error' | 'warning' | 'info';
export type SpecKind = 'ponte' | 'dvc';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Diagnostic {
  file: string;
  range: Range;
  severity: Severity;
  /** Stable, dotted: `yaml.syntax`, `key.unknown`, `type.mismatch`, `stage.unknown`... */
  code: string;
  message: string;
  /** Texts that may replace `range` to fix it (did-you-mean keys, existing stage names). */
  suggestions?: string[];
}

/** A completion offered at a position in a pipeline file. */
export interface SpecCompletion {
  label: string;
  kind: 'key' | 'value' | 'stage' | 'dataset' | 'variable';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText?: string;
}

/** Documentation of the key or value under a position. */
export interface SpecHover {
  range: Range;
  /** Markdown. */
  markdown: string;
}

/**
 * How validation reads files next to the validated one (params.yaml, vars files, the dvc.yaml a
 * ponte.yaml names, deps). Paths are relative to the validated file's directory. Synchronous,
 * because the extension validates as the user types; without it, checks that need files are skipped.
 */
export interface SpecFileAccess {
  exists(path: string): boolean;
  /** The file's text, or undefined when it cannot be read. */
  read(path: string): string | undefined;
}
