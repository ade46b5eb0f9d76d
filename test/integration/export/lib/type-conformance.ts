// Holds a JSON value against a TypeScript type that a maintained package publishes (Grafana's
// dashboard model, Kubernetes' API objects), with the real compiler: the value is written as an
// object literal assigned to that type, so a missing field, a wrong type and an unknown key
// (excess property) are all errors. String enums are widened to their values, which is what JSON
// carries (`"absolute"`, not `ThresholdsMode.Absolute`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');

export interface Check {
  /** `import type { X } from 'pkg'` lines. */
  imports: string[];
  /** Each value with the type it must conform to. */
  values: { type: string; value: unknown }[];
}

/** The compiler's diagnostics; empty when every value conforms. */
export function typeErrors(check: Check): string {
  const dir = mkdtempSync(join(ROOT, '.ponte-typecheck-'));
  try {
    const file = join(dir, 'check.ts');
    writeFileSync(file, [
      ...check.imports,
      '// JSON carries the values of string enums, not the enums.',
      'type AsJson<T> = T extends string ? `${T}` : T extends readonly (infer U)[] ? AsJson<U>[] : T extends object ? { [K in keyof T]: AsJson<T[K]> } : T;',
      ...check.values.map((v, i) => `export const v${i}: AsJson<${v.type}> = ${JSON.stringify(v.value, null, 2)};`),
      '',
    ].join('\n'));
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { noEmit: true, strict: true, skipLibCheck: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] },
      files: ['check.ts'],
    }));
    const r = spawnSync(tsc, ['-p', dir], { encoding: 'utf8', cwd: ROOT });
    if (r.error) throw r.error;
    return r.status === 0 ? '' : r.stdout + r.stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
