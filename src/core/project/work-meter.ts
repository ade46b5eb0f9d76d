// A count of the units of work validation does (nodes built, aliases and merges charged, map
// entries placed, characters scanned, schema nodes checked). Tests read it to prove that the
// work grows linearly with the input without timing anything; it costs one addition.
let units = 0;

export function countWork(n: number): void {
  units += n;
}

/** The units counted so far; a test takes the difference around the call it measures. */
export function workDone(): number {
  return units;
}
