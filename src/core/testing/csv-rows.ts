// A plain RFC 4180 CSV reader for data checks: quoted fields, doubled quotes, CRLF or LF. It
// keeps cells as text, because a check must see "12.5" in an integer column, not a coerced 12.
import { PonteError } from '../errors';

export interface CsvTable {
  header: string[];
  rows: string[][];
}

export function parseCsv(text: string, file: string): CsvTable {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let startLine = 1;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
      startLine = line;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      line++;
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new PonteError('data.csv_unclosed_quote', `a quoted field opened on line ${startLine} is never closed`, { file, line: startLine, hint: 'check the quotes in the CSV file' });
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  const header = rows.shift() ?? [];
  return { header, rows };
}
