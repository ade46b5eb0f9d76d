// What validation reads next to a file (params.yaml, vars files, the dvc.yaml a ponte.yaml names):
// the unsaved text of an open editor when there is one, else the disk. So fixing params.yaml in
// an editor clears the ${} error in dvc.yaml before either is saved.
import * as path from 'node:path';
import type { SpecFileAccess } from '../core/project';

/** `open(absolutePath)` gives an open editor's text, or undefined to fall through to `disk`. */
export function editorFileAccess(dir: string, open: (file: string) => string | undefined, disk: SpecFileAccess): SpecFileAccess {
  const at = (p: string) => path.resolve(dir, p);
  return {
    exists: (p) => open(at(p)) !== undefined || disk.exists(p),
    read: (p) => open(at(p)) ?? disk.read(p),
  };
}
