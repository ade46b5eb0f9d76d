// Which quick fixes a shown diagnostic gets: one "Replace with 'X'" per suggestion the spec core
// attached (did-you-mean keys, existing stage or dataset names). Plain data, unit-tested.
import type { Diagnostic, Range } from '../spec';

export interface QuickFix {
  title: string;
  range: Range;
  text: string;
  /** The fix to apply with one keystroke: only when there is exactly one candidate. */
  preferred: boolean;
}

/** What the editor hands back of a shown diagnostic; vscode.Range has the same line/character shape. */
export interface ShownDiagnostic {
  range: Range;
  code?: string | number | { value: string | number };
  message: string;
}

export function quickFixesFor(published: readonly Diagnostic[], shown: ShownDiagnostic): QuickFix[] {
  const code = typeof shown.code === 'object' ? shown.code.value : shown.code;
  const match = published.find(
    (d) => d.code === code && d.message === shown.message && sameRange(d.range, shown.range) && d.suggestions?.length,
  );
  const suggestions = match?.suggestions ?? [];
  return suggestions.map((text) => ({
    title: `Replace with '${text}'`,
    range: match!.range,
    text,
    preferred: suggestions.length === 1,
  }));
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character
  );
}
