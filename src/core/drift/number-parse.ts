// Decimal numbers parsed straight from bytes, so a CSV cell never becomes a string: Clinger's
// fast path (a mantissa below 2^53 and a power of ten within 1e±22: one correctly rounded
// operation), Number() for anything longer, inf/Infinity for the non-finite spellings.

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Parses a decimal number from bytes [s, e). NaN when the bytes are not a number.
 * With a mantissa below 2^53 and a power of ten within 1e±22 the result is one correctly
 * rounded operation (Clinger's fast path); anything longer goes through Number().
 */
export function parseNumberBytes(b: Uint8Array, s: number, e: number): number {
  while (s < e && (b[s] === 0x20 || b[s] === 0x09)) s++;
  while (e > s && (b[e - 1] === 0x20 || b[e - 1] === 0x09)) e--;
  if (s >= e) return NaN;
  const v = parseNumberPrefix(b, s, e);
  if (prefix.digits === 0) return prefix.end === e || s + 1 >= e ? NaN : parseSpecial(b, s, e);
  if (prefix.end !== e) return NaN;
  if (v === v) return v;
  // a mantissa of 2^53 or more, or a power of ten beyond 1e±22: let Number() round it
  return Number(Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1'));
}

/** Where parseNumberPrefix stopped, and how many mantissa digits it saw (fields, not a returned object: no allocation per cell). */
export const prefix = { end: 0, digits: 0 };

/**
 * Parses the plain decimal number at the start of [s, e) (sign, digits, fraction, exponent) and
 * sets `prefix.end` where it stopped; NaN when there is no digit or the fast path cannot give a
 * correctly rounded result. The caller checks that a delimiter follows.
 */
export function parseNumberPrefix(b: Uint8Array, s: number, e: number): number {
  prefix.digits = 0;
  let neg = false;
  if (s < e && (b[s] === 0x2d || b[s] === 0x2b)) {
    neg = b[s] === 0x2d;
    s++;
  }
  // Exactness is checked once at the end (mant <= 2^53 - 1 means every step was exact), not per digit.
  let mant = 0;
  let exp10 = 0;
  let d = 0;
  const intStart = s;
  while (s < e && (d = b[s] - 0x30) >>> 0 <= 9) {
    mant = mant * 10 + d;
    s++;
  }
  let digits = s - intStart;
  if (s < e && b[s] === 0x2e) {
    s++;
    const fracStart = s;
    while (s < e && (d = b[s] - 0x30) >>> 0 <= 9) {
      mant = mant * 10 + d;
      s++;
    }
    exp10 = fracStart - s;
    digits += s - fracStart;
  }
  if (s < e && (b[s] === 0x65 || b[s] === 0x45)) {
    s++;
    let eneg = false;
    if (s < e && (b[s] === 0x2d || b[s] === 0x2b)) {
      eneg = b[s] === 0x2d;
      s++;
    }
    let ex = 0;
    let exDigits = 0;
    while (s < e && (d = b[s] - 0x30) >>> 0 <= 9) {
      if (ex < 100000) ex = ex * 10 + d;
      exDigits++;
      s++;
    }
    if (exDigits === 0) {
      prefix.end = s;
      prefix.digits = 0; // "1e" is not a number
      return NaN;
    }
    exp10 += eneg ? -ex : ex;
  }
  prefix.end = s;
  prefix.digits = digits;
  if (digits === 0 || mant > Number.MAX_SAFE_INTEGER || exp10 > 22 || exp10 < -22) return NaN;
  const v = exp10 === 0 ? mant : exp10 > 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
  return neg ? -v : v;
}

function parseSpecial(b: Uint8Array, s: number, e: number): number {
  const t = Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1').toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return NaN;
}
