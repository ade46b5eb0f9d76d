// Worker-thread entry (bundled as dist/validate-worker.js): validates one document per message,
// reading its neighbours from the editors' unsaved text first, then the disk, and answers the
// diagnostics. validation-worker.ts starts it, times it and ends it.
import { parentPort } from 'node:worker_threads';
import { dirname } from 'node:path';
import { nodeFileAccess, validateText } from '../../core/project';
import { editorFileAccess } from '../editor-file-access';
import type { ValidateRequest } from './validation-worker';

const port = parentPort!;
port.on('message', (m: ValidateRequest & { id: number }) => {
  const dir = dirname(m.file);
  const open = new Map(Object.entries(m.open));
  const fs = editorFileAccess(dir, (f) => open.get(f), nodeFileAccess(dir));
  port.postMessage({ id: m.id, diagnostics: validateText(m.text, { file: m.file, kind: m.kind, fs }) });
});
