// Labels for `ponte feedback`: a CSV with a header naming the prediction id column (`id` or
// `prediction_id`, the Ponte-Prediction-Id the proxy answered with) and the `label` column. The
// whole file is read and checked before anything is sent, so a bad line sends nothing.
import type { FeedbackInput, Json } from '../api';
import { PonteError } from '../errors';

const ID_COLUMNS = ['id', 'prediction_id', 'predictionId'];

export function parseLabelsCsv(text: string, file: string): FeedbackInput[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '', file, 1).map((h) => h.trim());
  const idAt = header.findIndex((h) => ID_COLUMNS.includes(h));
  const labelAt = header.indexOf('label');
  if (idAt < 0 || labelAt < 0) {
    throw new PonteError('feedback.bad_header', `${file} needs a header with an id column and a label column, not "${lines[0] ?? ''}"`, {
      file, line: 1, hint: 'e.g. "id,label": the id is the Ponte-Prediction-Id header the proxy answered with',
    });
  }
  const out: FeedbackInput[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = splitCsvLine(lines[i], file, i + 1);
    const id = (cells[idAt] ?? '').trim();
    if (id === '' || cells.length !== header.length) {
      throw new PonteError('feedback.bad_line', `${file}:${i + 1}: ${id === '' ? 'the id is empty' : `has ${cells.length} fields, the header ${header.length}`}`, {
        file, line: i + 1, hint: 'one prediction id and its label per line',
      });
    }
    out.push({ predictionId: id, label: labelValue(cells[labelAt]) });
  }
  if (out.length === 0) throw new PonteError('feedback.empty', `${file} holds no labels`, { file, hint: 'add lines "id,label" below the header' });
  return out;
}

/** Numbers and true/false as themselves, empty as null, anything else as text. */
function labelValue(cell: string): Json {
  const s = cell.trim();
  if (s === '') return null;
  if (s === 'true' || s === 'false') return s === 'true';
  const n = Number(s);
  return Number.isFinite(n) && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? n : s;
}

function splitCsvLine(line: string, file: string, lineNo: number): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur === '') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    }
    else cur += ch;
  }
  if (quoted) throw new PonteError('feedback.bad_line', `${file}:${lineNo}: a quote is not closed`, { file, line: lineNo, hint: 'a quoted field ends with " (write "" for a quote inside it)' });
  cells.push(cur);
  return cells;
}
