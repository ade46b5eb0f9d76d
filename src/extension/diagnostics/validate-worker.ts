// Worker-thread entry (bundled as dist/validate-worker.js): validates one document per message,
// reading its neighbours from the editors' unsaved text first, then the disk, and answers the
// diagnostics. validation-worker.ts starts it, times it and ends it.
import { parentPort } from 'node:worker_threads';
import { dirname } from 'node:path';
import { nodeFileAccess, validateText } from '../../core/project';
import { editorFileAccess } from '../editor-file-access';
import type { Diagnostic } from '../../core/project';
import type { ValidateRequest } from './validation-worker';

// The editor draws every marker it is given (40,000 unknown tags are 40,000 squiggles to send and
// lay out): past this many, one more diagnostic says how many are left out, and where to see them.
export const MAX_DIAGNOSTICS = 1000;

const port = parentPort!;
port.on('message', (m: ValidateRequest & { id: number }) => {
  const dir = dirname(m.file);
  const open = new Map(Object.entries(m.open));
  const fs = editorFileAccess(dir, (f) => open.get(f), nodeFileAccess(dir));
  port.postMessage({ id: m.id, diagnostics: capped(validateText(m.text, { file: m.file, kind: m.kind, fs })) });
});

function capped(list: Diagnostic[]): Diagnostic[] {
  if (list.length <= MAX_DIAGNOSTICS) return list;
  const next = list[MAX_DIAGNOSTICS];
  const more = list.length - MAX_DIAGNOSTICS;
  const note: Diagnostic = {
    file: next.file,
    range: next.range,
    severity: 'info',
    code: 'validation.truncated',
    message: `${more} more problems from here on are not shown; run 'ponte validate ${next.file}' to list them all`,
  };
  return [...list.slice(0, MAX_DIAGNOSTICS), note];
}
