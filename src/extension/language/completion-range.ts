// Where a `${...}` completion replaces text: everything typed since `${`, dots included. The
// editor's own word range stops at `.`, which would turn `${train.ma` + `train.max_iter` into
// `${train.train.max_iter`.

/** The character after the open `${` the cursor is in, or undefined when it is in none. */
export function interpolationStart(lineText: string, character: number): number | undefined {
  const before = lineText.slice(0, character);
  const open = before.lastIndexOf('${');
  if (open < 0 || before.indexOf('}', open) >= 0) return undefined;
  return open + 2;
}
