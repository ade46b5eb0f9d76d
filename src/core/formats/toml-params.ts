// Reads the TOML that DVC params and vars files may be written in (params.toml), through
// smol-toml. For `${}` and params checks (parseTomlParams) anything unreadable answers undefined;
// the caller then treats the file as unread. For `ponte run` (readTomlParamsText), ints and floats
// are kept apart and dates are dates, as Python's tomlkit gives them to DVC, and what cannot be
// read is a TomlError at its place. Dates and big integers also need toml-literals.ts: see there.
import type * as SmolToml from 'smol-toml';
import type { TomlDate } from 'smol-toml';

// Required on first use: dvc.yaml checks load this module in the editor, and most projects have
// no params.toml.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const toml = (): typeof SmolToml => require('smol-toml') as typeof SmolToml;
import { PyDate, PyFloat } from './py-values';
import { dateLiterals, integerLiteralOffset, type DateLiteral } from './toml-literals';

/** What `ponte run` cannot read in a params.toml, at `offset` into the text. */
export class TomlError extends Error {
  constructor(message: string, readonly offset: number, readonly hint?: string) {
    super(message);
  }
}

export function parseTomlParams(text: string): Record<string, unknown> | undefined {
  try {
    const dates = dateLiterals(text);
    // tomllib refuses these; a time of day, which DVC cannot lock, ${} can still print.
    if (dates.some((d) => d.problem && d.kind !== 'time')) return undefined;
    // Dates stay text: templating prints them as written.
    return convert(toml().parse(text, { integersAsBigInt: 'asNeeded' }), {
      date: (d) => literalOf(d, dates)?.raw ?? d.toISOString(),
      integer: (n) => Number(n),
      float: (v) => v,
    }) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof toml().TomlError) return undefined;
    throw e;
  }
}

/** A params.toml as DVC reads it (tomlkit): whole floats stay PyFloat; throws TomlError. */
export function readTomlParamsText(text: string): Record<string, unknown> {
  const t = text.replace(/^\ufeff/, '');
  let tree: unknown;
  try {
    tree = toml().parse(t, { integersAsBigInt: true });
  } catch (e) {
    if (!(e instanceof toml().TomlError)) throw e;
    const lineStart = t.split('\n').slice(0, e.line - 1).reduce((n, l) => n + l.length + 1, 0);
    const what = e.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
    throw new TomlError(what || 'not valid TOML', lineStart + e.column - 1, 'fix the TOML syntax, then run again');
  }
  const dates = dateLiterals(t);
  const bad = dates.find((d) => d.problem);
  if (bad) {
    const hint = bad.kind === 'time' ? 'write it as a string ("07:30:00"), or as a full date-time' : 'fix the date, then run again';
    throw new TomlError(bad.problem!, bad.offset, hint);
  }
  return convert(tree, {
    date: (d) => {
      const literal = literalOf(d, dates);
      if (!literal) throw new TomlError(`Ponte could not find the date ${d.toISOString()} in the text`, 0, 'write the date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS');
      return new PyDate(literal.python);
    },
    integer: (n) => {
      if (Number.isSafeInteger(Number(n))) return Number(n);
      const offset = integerLiteralOffset(t, n);
      throw new TomlError(`${n} is past 2**53, which Ponte cannot keep exactly`, offset, 'write it as a string, or as a float if it may round');
    },
    // A whole float (1.0) and inf/nan stay floats, as Python writes them back to dvc.lock.
    float: (v) => (Number.isInteger(v) || !Number.isFinite(v) ? new PyFloat(v) : v),
  }) as Record<string, unknown>;
}

interface Leaves {
  date(d: TomlDate): unknown;
  integer(n: bigint): unknown;
  float(v: number): unknown;
}

function convert(v: unknown, leaves: Leaves): unknown {
  if (typeof v === 'bigint') return leaves.integer(v);
  if (typeof v === 'number') return leaves.float(v);
  if (v instanceof toml().TomlDate) return leaves.date(v);
  if (Array.isArray(v)) return v.map((x) => convert(x, leaves));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = convert(x, leaves);
    return out;
  }
  return v;
}

/** The literal smol-toml read as `d`: same instant to the millisecond, same kind. */
function literalOf(d: TomlDate, literals: DateLiteral[]): DateLiteral | undefined {
  const kind = d.isTime() ? 'time' : d.isDate() ? 'date' : d.isLocal() ? 'local' : 'offset';
  return literals.find((l) => l.kind === kind && l.iso === d.toISOString());
}
