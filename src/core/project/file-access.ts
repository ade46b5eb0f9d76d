// The SpecFileAccess the CLI and the project model use: plain synchronous reads below a
// directory. Failures read as "absent"; validation turns those into warnings, never throws.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { SpecFileAccess } from './types';

// A params or vars file larger than this is not read for `${}` resolution.
const MAX_READ_BYTES = 16 * 1024 * 1024;

export function nodeFileAccess(dir: string): SpecFileAccess {
  const at = (p: string) => (isAbsolute(p) ? p : join(dir, p));
  return {
    exists(p) {
      try {
        return existsSync(at(p));
      } catch {
        return false;
      }
    },
    read(p) {
      try {
        const file = at(p);
        const st = statSync(file);
        if (!st.isFile() || st.size > MAX_READ_BYTES) return undefined;
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
