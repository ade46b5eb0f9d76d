// Category dictionaries keyed by bytes: a CSV cell is hashed (FNV-1a) and compared in place, so
// only a category's first occurrence becomes a string. NA-like texts map to code -1 (missing).
import { MISSING_TOKENS } from './columns';

/** Hashes byte strings to dense codes; NA-like texts map to -1 (missing). */
export class ByteDictionary {
  readonly values: string[] = [];
  private keys: Buffer[] = [];
  private keyCodes: number[] = [];
  private table = new Int32Array(64).fill(-1);
  private hashes: number[] = [];

  codeOf(b: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    h >>>= 0;
    const mask = this.table.length - 1;
    let slot = h & mask;
    for (;;) {
      const k = this.table[slot];
      if (k === -1) break;
      if (this.hashes[k] === h && this.same(this.keys[k], b, s, e)) return this.keyCodes[k];
      slot = (slot + 1) & mask;
    }
    const key = Buffer.from(b.subarray(s, e));
    const text = key.toString('utf8');
    const code = MISSING_TOKENS.has(text) ? -1 : this.values.push(text) - 1;
    const k = this.keys.length;
    this.keys.push(key);
    this.keyCodes.push(code);
    this.hashes.push(h);
    this.table[slot] = k;
    if (this.keys.length * 2 > this.table.length) this.rehash();
    return code;
  }

  private same(key: Buffer, b: Uint8Array, s: number, e: number): boolean {
    if (key.length !== e - s) return false;
    for (let i = 0; i < key.length; i++) if (key[i] !== b[s + i]) return false;
    return true;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let k = 0; k < this.keys.length; k++) {
      let slot = this.hashes[k] & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = k;
    }
    this.table = table;
  }
}
