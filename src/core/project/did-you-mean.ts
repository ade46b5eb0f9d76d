// "Did you mean" for mistyped keys and names: the closest candidates by edit distance,
// closest first, only when they are close enough to be a plausible typo.

export function closestNames(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const scored: { name: string; d: number }[] = [];
  for (const name of candidates) {
    const n = name.toLowerCase();
    if (n === w) {
      scored.push({ name, d: 0 });
      continue;
    }
    const limit = Math.max(1, Math.floor(Math.max(w.length, n.length) / 3));
    let d = editDistance(w, n, limit);
    // `metric` for `metrics`, `dep` for `deps`: a prefix of a longer name is a likely slip.
    if (d > limit && w.length >= 3 && (n.startsWith(w) || w.startsWith(n))) d = limit;
    if (d <= limit) scored.push({ name, d });
  }
  scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((s) => s.name);
}

/** Damerau–Levenshtein (optimal string alignment), giving up past `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prev2 = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const cur = new Array<number>(cols);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[cols - 1];
}

/** " (did you mean "x"?)" or "". */
export function didYouMean(suggestions: string[]): string {
  if (suggestions.length === 0) return '';
  if (suggestions.length === 1) return `; did you mean "${suggestions[0]}"?`;
  return `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?`;
}
