// A CSV file's records as text cells with their line numbers, through the same RecordReader the
// drift engine reads with (quotes, CRLF, a BOM, blank lines, the same errors at their positions).
// For readers that must see a cell as written: the data checks flag "12.5" in an integer column.
import { closeSync } from 'node:fs';
import { DEFAULT_MAX_LINE_BYTES, openForRead } from './csv';
import { RecordReader } from './record-reader';

export interface CsvText {
  /** The header's names, trimmed as drift trims them. */
  header: string[];
  rows: string[][];
  /** 1-based line where each row starts (a quoted cell may span lines; blank lines are skipped). */
  lines: number[];
}

export function readCsvText(file: string): CsvText {
  const fd = openForRead(file);
  try {
    const reader = new RecordReader(fd, file, DEFAULT_MAX_LINE_BYTES, 1024 * 1024);
    const out: CsvText = { header: [], rows: [], lines: [] };
    if (!reader.next()) return out;
    for (let i = 0; i < reader.count; i++) out.header.push(reader.text(i).trim());
    while (reader.next()) {
      const cells: string[] = [];
      for (let i = 0; i < reader.count; i++) cells.push(reader.text(i));
      out.rows.push(cells);
      out.lines.push(reader.line);
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
