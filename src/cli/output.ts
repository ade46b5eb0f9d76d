// How the CLI shows errors and tables. Unknown errors still get one line, never a stack,
// unless PONTE_DEBUG is set.
import { isPonteError } from '../core/errors';

export function renderError(e: unknown): string {
  if (isPonteError(e)) {
    const where = e.where();
    let s = `error[${e.code}]: ${where ? `${where}: ` : ''}${e.message}\n`;
    if (e.hint) s += `  hint: ${e.hint}\n`;
    return s;
  }
  const msg = e instanceof Error ? e.message : String(e);
  let s = `error[internal]: ${msg}\n  hint: this is a bug in Ponte; run with PONTE_DEBUG=1 for details and report it\n`;
  if (process.env.PONTE_DEBUG && e instanceof Error && e.stack) s += `${e.stack}\n`;
  return s;
}

/** Pads columns to their widest cell; the first row is the header. */
export function formatTable(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}
