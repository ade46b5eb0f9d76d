// Gate rules are small comparisons: `>= 0.85`, `< 200`, `>= production - 0.02`.
// `production` stands for the same metric of the model that is deployed now.

export type Comparator = '>=' | '>' | '<=' | '<' | '==' | '!=';

export interface GateRule {
  op: Comparator;
  /** `absolute`: compare with `value`; `production`: with production's metric combined with `value`. */
  base: 'absolute' | 'production';
  /** For `production`: how `value` combines with production's metric. */
  combine?: '+' | '-' | '*';
  value: number;
}

export type ParsedGateRule =
  | { ok: true; rule: GateRule }
  | { ok: false; message: string; /** 0-based offset in the text where it went wrong. */ offset: number };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseGateRule(text: string): ParsedGateRule {
  const src = String(text);
  const m = /^\s*(>=|<=|==|!=|>|<)\s*/.exec(src);
  if (!m) {
    return { ok: false, offset: src.length - src.trimStart().length, message: `a gate rule starts with a comparison (>=, >, <=, <, ==, !=), as in ">= 0.85"; got "${src}"` };
  }
  const op = m[1] as Comparator;
  const rest = src.slice(m[0].length).trimEnd();
  const restOffset = m[0].length;
  if (NUMBER.test(rest)) {
    // `1e999` has a number's shape but is Infinity: a gate against it passes or fails everything.
    if (!Number.isFinite(Number(rest))) return { ok: false, offset: restOffset, message: `${rest} is too large to be a threshold; write a finite number, as in "${op} 0.85"` };
    return { ok: true, rule: { op, base: 'absolute', value: Number(rest) } };
  }
  const p = /^production(?:\s*([+\-*])\s*(\S+))?$/.exec(rest);
  if (p) {
    if (p[1] === undefined) return { ok: true, rule: { op, base: 'production', combine: '+', value: 0 } };
    if (!NUMBER.test(p[2])) {
      return { ok: false, offset: restOffset + rest.indexOf(p[2]), message: `"${p[2]}" is not a number; write e.g. "${op} production - 0.02"` };
    }
    if (!Number.isFinite(Number(p[2]))) {
      return { ok: false, offset: restOffset + rest.indexOf(p[2]), message: `${p[2]} is too large; write a finite number, as in "${op} production - 0.02"` };
    }
    return { ok: true, rule: { op, base: 'production', combine: p[1] as '+' | '-' | '*', value: Number(p[2]) } };
  }
  if (rest === '') return { ok: false, offset: src.length, message: `"${op}" needs a number or "production" after it, as in "${op} 0.85"` };
  return { ok: false, offset: restOffset, message: `expected a number or "production [+|-|* number]" after "${op}", got "${rest}"` };
}

/** The threshold a rule sets, given production's metric when the rule is relative. */
export function thresholdOf(rule: GateRule, production?: number): number | undefined {
  if (rule.base === 'absolute') return rule.value;
  if (production === undefined || !Number.isFinite(production)) return undefined;
  switch (rule.combine ?? '+') {
    case '+': return production + rule.value;
    case '-': return production - rule.value;
    case '*': return production * rule.value;
  }
}

export function compare(value: number, op: Comparator, threshold: number): boolean {
  switch (op) {
    case '>=': return value >= threshold;
    case '>': return value > threshold;
    case '<=': return value <= threshold;
    case '<': return value < threshold;
    case '==': return value === threshold;
    case '!=': return value !== threshold;
  }
}
