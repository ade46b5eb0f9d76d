// What verified copies cost: checkout's old plain copy (copyFileSync) against the copy that hashes
// as it streams (copyVerified), and `data verify`'s throughput against `md5sum` and bare hashFile
// over the same objects (large, then many small). Same run, taken in turn, page cache warm.
// Run: npx tsx bench/verify.bench.ts [MiB]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyVerified, hashFile, verifyObjects } from '../src/core/data/index';

const MIB = Number(process.argv[2] ?? 256);
const ROUNDS = 5;
const BIG_OBJECTS = 32;
const SMALL_OBJECTS = 10_000;
const SMALL_SIZE = 4096;

function pseudoRandom(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  for (let j = 0; j + 4 <= size; j += 4) b.writeUInt32LE((seed * 2654435761 + j * 40503) >>> 0, j);
  return b;
}

function makeFile(file: string, mib: number): string {
  const fd = openSync(file, 'w');
  const hash = createHash('md5');
  for (let i = 0; i < mib; i++) {
    const block = pseudoRandom(1 << 20, i);
    hash.update(block);
    writeSync(fd, block);
  }
  closeSync(fd);
  return hash.digest('hex');
}

/** Writes `bytes` as a cache object named by its md5, returning its path. */
function putObject(cache: string, bytes: Buffer): string {
  const md5 = createHash('md5').update(bytes).digest('hex');
  const dir = join(cache, 'files', 'md5', md5.slice(0, 2));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, md5.slice(2));
  writeFileSync(file, bytes);
  return file;
}

async function ms(fn: () => unknown): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Best of ROUNDS for each function, taken in turn so a change of load hits them alike. */
async function bestOfEach(...fns: (() => unknown)[]): Promise<number[]> {
  for (const fn of fns) await fn(); // warm the page cache
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < ROUNDS; i++) for (let j = 0; j < fns.length; j++) times[j].push(await ms(fns[j]));
  return times.map((t) => Math.min(...t));
}

function md5sumAll(files: string[]): void {
  for (let i = 0; i < files.length; i += 2000) {
    const r = spawnSync('md5sum', files.slice(i, i + 2000), { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('md5sum failed');
  }
}

/** A cache of `count` objects of `size` bytes: md5sum, bare hashFile and data verify over it. */
async function timeVerify(cache: string, count: number, size: number, seed: number): Promise<number[]> {
  const files = Array.from({ length: count }, (_, i) => putObject(cache, pseudoRandom(size, seed + i)));
  return bestOfEach(
    () => md5sumAll(files),
    async () => {
      for (const f of files) await hashFile(f);
    },
    async () => {
      const r = await verifyObjects(cache, 'cache');
      if (r.corrupt.length || r.objects !== count) throw new Error('verify disagrees');
    },
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-bench-verify-'));
  try {
    const src = join(dir, 'object.bin');
    const md5 = makeFile(src, MIB);
    const [plain, verified] = await bestOfEach(
      () => {
        rmSync(join(dir, 'plain'), { force: true });
        copyFileSync(src, join(dir, 'plain'));
      },
      async () => {
        rmSync(join(dir, 'verified'), { force: true });
        await copyVerified(src, join(dir, 'verified'), { md5, kind: 'md5' }, { mode: 0o644 });
      },
    );
    rmSync(src);

    const [bigRef, bigHash, bigOurs] = await timeVerify(join(dir, 'big-cache'), BIG_OBJECTS, (MIB << 20) / BIG_OBJECTS, 1000);
    const [smallRef, smallHash, smallOurs] = await timeVerify(join(dir, 'small-cache'), SMALL_OBJECTS, SMALL_SIZE, 5000);

    const mbps = (mib: number, t: number) => (mib / (t / 1000)).toFixed(0);
    const smallMib = (SMALL_OBJECTS * SMALL_SIZE) / 1048576;
    const perSecond = (t: number) => Math.round(SMALL_OBJECTS / (t / 1000)).toLocaleString('en');
    const rows = [
      ['what', `reference (best of ${ROUNDS})`, `ponte (best of ${ROUNDS})`, 'ratio'],
      [`copy ${MIB} MiB out of the cache`, `copyFileSync ${plain.toFixed(0)} ms`, `copyVerified ${verified.toFixed(0)} ms`, `${(verified / plain).toFixed(2)}x the time`],
      [
        `data verify, ${BIG_OBJECTS} objects, ${MIB} MiB`,
        `md5sum ${mbps(MIB, bigRef)} MiB/s; hashFile alone ${mbps(MIB, bigHash)} MiB/s`,
        `${mbps(MIB, bigOurs)} MiB/s`,
        `${(bigRef / bigOurs).toFixed(2)} of md5sum, ${(bigHash / bigOurs).toFixed(2)} of hashFile`,
      ],
      [
        `data verify, ${SMALL_OBJECTS.toLocaleString('en')} objects of ${SMALL_SIZE / 1024} KiB`,
        `md5sum ${perSecond(smallRef)} objects/s; hashFile alone ${perSecond(smallHash)}/s`,
        `${perSecond(smallOurs)} objects/s (${mbps(smallMib, smallOurs)} MiB/s)`,
        `${(smallRef / smallOurs).toFixed(2)} of md5sum, ${(smallHash / smallOurs).toFixed(2)} of hashFile`,
      ],
    ];
    for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
