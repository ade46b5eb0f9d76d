// Hashing throughput: Ponte's streaming md5 (hashFile) against `md5sum` on the same 1 GiB file,
// in the same run, page cache warm for both. Target (DESIGN.md): at least 90% of md5sum.
// Run: npx tsx bench/hash.bench.ts [MiB]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashFile } from '../src/core/data/index';

const MIB = Number(process.argv[2] ?? 1024);
const ROUNDS = 3;

function makeFile(file: string): void {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(1 << 20);
  for (let i = 0; i < MIB; i++) {
    for (let j = 0; j < block.length; j += 4) block.writeUInt32LE((i * 2654435761 + j) >>> 0, j);
    writeSync(fd, block);
  }
  closeSync(fd);
}

function md5sum(file: string): { md5: string; ms: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync('md5sum', [file], { encoding: 'utf8' });
  return { md5: r.stdout.split(' ')[0], ms: Number(process.hrtime.bigint() - t) / 1e6 };
}

async function ponte(file: string): Promise<{ md5: string; ms: number }> {
  const t = process.hrtime.bigint();
  const h = await hashFile(file);
  return { md5: h.md5, ms: Number(process.hrtime.bigint() - t) / 1e6 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-bench-hash-'));
  try {
    const file = join(dir, 'big.bin');
    makeFile(file);
    md5sum(file); // warm the page cache
    const ref: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const a = md5sum(file);
      const b = await ponte(file);
      if (a.md5 !== b.md5) throw new Error(`hash mismatch: md5sum ${a.md5}, ponte ${b.md5}`);
      ref.push(a.ms);
      ours.push(b.ms);
    }
    const best = (xs: number[]) => Math.min(...xs);
    const mbps = (ms: number) => (MIB / (ms / 1000)).toFixed(0);
    const rows = [
      ['what', 'best of 3 (ms)', 'MiB/s', 'ratio to md5sum'],
      ['md5sum (reference)', best(ref).toFixed(0), mbps(best(ref)), '1.00'],
      ['ponte hashFile', best(ours).toFixed(0), mbps(best(ours)), (best(ref) / best(ours)).toFixed(2)],
    ];
    process.stdout.write(`hashing a ${MIB} MiB file (target: ratio >= 0.90)\n`);
    for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
