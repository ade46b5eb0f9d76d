// What a workspace holds, byte for byte: every file's path and sha256. Compared before and after
// a step that must change nothing (e.g. a command refused in Restricted Mode). Free of Playwright,
// so in-host tests import it too.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Relative path ("/"-separated) -> sha256 of the content, for every file below `dir`, sorted. */
export function fileDigests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) out[relative(dir, file).split('\\').join('/')] = createHash('sha256').update(readFileSync(file)).digest('hex');
  return out;
}
