// How values from a file appear in messages: clipped, whatever the file holds, and counts with
// thousands separators (without toLocaleString, whose first call loads ICU: 50–100 ms here).

/** A key or value in a message stays short. */
export function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** 500000 → "500,000". */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}
