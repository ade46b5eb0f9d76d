// Drift benchmark: pandas + scipy (the reference, /work/shared/bench/drift_baseline.py `one e2e`)
// against `ponte drift` exact and sketch on the same 1M x 22 CSV pair, in the same run, each a
// separate process timed whole (wall clock, peak RSS from /usr/bin/time). Then a 10M-row file in
// sketch mode (built by streaming the reference 10 times, deleted afterwards). Prints ratios.
// Run: npm run build && npx tsx bench/drift.bench.ts   (DRIFT_BENCH_DIR, DRIFT_BASELINE override paths)
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const DIR = process.env.DRIFT_BENCH_DIR ?? join(homedir(), '.cache', 'ponte', 'drift-bench');
const BASELINE = process.env.DRIFT_BASELINE ?? resolve(__dirname, '../../shared/bench/drift_baseline.py');
const PY = '/usr/bin/python3';
const CLI = resolve(__dirname, '../dist/cli.js');
const REF = join(DIR, 'reference.csv');
const CUR = join(DIR, 'current.csv');

interface Measure {
  name: string;
  wall: number;
  /** user + system CPU seconds of the process and its threads: steadier than wall time on a shared machine. */
  cpu: number;
  rssMb: number;
  stdout: string;
}

/** Runs a child under /usr/bin/time: whole-process wall time and peak RSS. */
function measure(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M %U %S', cmd, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('__TIME__'));
  if (!line || (r.status !== 0 && r.status !== 1)) throw new Error(`${name} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [, wall, kb, user, sys] = line.split(' ');
  return { name, wall: Number(wall), cpu: Number(user) + Number(sys), rssMb: Number(kb) / 1024, stdout: r.stdout };
}

function ensureData(): void {
  if (existsSync(REF) && existsSync(CUR) && existsSync(join(DIR, 'expected.json'))) return;
  mkdirSync(DIR, { recursive: true });
  console.error(`generating the 1M x 22 pair in ${DIR} (about a minute)...`);
  execFileSync(PY, [BASELINE, 'gen'], { env: { ...process.env, DRIFT_BENCH_DIR: DIR }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Writes the reference's rows `times` times under one header, streaming. */
async function writeRepeated(target: string, times: number): Promise<void> {
  const fd = openSync(target, 'w');
  try {
    for (let t = 0; t < times; t++) {
      let first = true;
      for await (const chunk of createReadStream(REF, { highWaterMark: 8 << 20 }) as AsyncIterable<Buffer>) {
        let buf = chunk;
        if (first && t > 0) buf = chunk.subarray(chunk.indexOf(0x0a) + 1);
        first = false;
        writeSync(fd, buf);
      }
    }
  } finally {
    closeSync(fd);
  }
}

function checkExpected(stdout: string): string {
  const report = JSON.parse(stdout) as { columns: { column: string; method: string; statistic: number; drifted: boolean }[] };
  const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
    wasserstein_norm: Record<string, number>;
    js: Record<string, number>;
    evidently_default_drifted: string[];
  };
  let worst = 0;
  for (const c of report.columns) {
    const want = c.method === 'wasserstein' ? expected.wasserstein_norm[c.column] : expected.js[c.column];
    worst = Math.max(worst, Math.abs(c.statistic - want) / Math.abs(want));
  }
  const drifted = report.columns.filter((c) => c.drifted).map((c) => c.column).sort();
  const same = JSON.stringify(drifted) === JSON.stringify([...expected.evidently_default_drifted].sort());
  return `max relative difference from expected.json ${worst.toExponential(2)}; drifted columns ${same ? 'match' : 'DIFFER'}: ${drifted.join(', ')}`;
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('run `npm run build` first');
  ensureData();
  const drift = (mode: string, ref = REF, cur = CUR) => [CLI, 'drift', '--reference', ref, '--current', cur, '--mode', mode, '--json', '--quiet'];
  const base = measure('pandas + scipy (e2e)', PY, [BASELINE, 'one', 'e2e'], { DRIFT_BENCH_DIR: DIR });
  const exact = measure('ponte drift --mode exact', process.execPath, drift('exact'));
  const sketch = measure('ponte drift --mode sketch', process.execPath, drift('sketch'));
  const big = join(DIR, 'reference-10m.csv');
  console.error('writing a 10M-row file (deleted after the run)...');
  await writeRepeated(big, 10);
  let sketch10: Measure;
  try {
    sketch10 = measure('ponte drift --mode sketch, 10M-row current', process.execPath, drift('sketch', REF, big));
  } finally {
    rmSync(big, { force: true });
  }
  const rows = [
    ['what', 'wall s', 'CPU s', 'peak RSS MB', 'wall speed-up', 'CPU ratio', 'memory ratio'],
    ...[base, exact, sketch, sketch10].map((m) => [
      m.name,
      m.wall.toFixed(2),
      m.cpu.toFixed(2),
      m.rssMb.toFixed(0),
      m === base ? '1.00x' : `${(base.wall / m.wall).toFixed(2)}x`,
      m === base ? '1.00' : (m.cpu / base.cpu).toFixed(3),
      m === base ? '1.00' : (m.rssMb / base.rssMb).toFixed(2),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`| ${rows[0].map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(`| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
  console.log('');
  console.log(`exact:  ${checkExpected(exact.stdout)}`);
  console.log(`sketch: ${checkExpected(sketch.stdout)}`);
  console.log(
    `targets: exact >= 5x faster: ${base.wall / exact.wall >= 5 ? 'yes' : 'NO'}; exact <= half the memory: ${exact.rssMb <= base.rssMb / 2 ? 'yes' : 'NO'}; ` +
      `sketch >= 10x faster: ${base.wall / sketch.wall >= 10 ? 'yes' : 'NO'}; 10M rows sketch < 200 MB: ${sketch10.rssMb < 200 ? 'yes' : 'NO'}`,
  );
  console.log(`machine: ${execFileSync('nproc').toString().trim()} cores, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
