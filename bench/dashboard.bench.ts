// The dashboard page in Chromium, measured inside the page (performance.now() around the message
// the extension would post, to the next frame): 100,000 points of one DVC plot, and the Experiments
// tab with 500 runs × 20 metrics. Each against a reference in the same page: a plain canvas 2D draw
// of the same points (no library, no DOM). Targets (issue 13): < 300 ms and < 1 s.
// Run: npm run build && npx tsx bench/dashboard.bench.ts [rounds]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { DashboardData, PanelState } from '../src/shared/webview-protocol';
import { fixtureData } from '../webview-ui/dev/fixtures';
import { openHarness, type Harness, type PageGlobals } from '../webview-ui/dev/harness';

const ROUNDS = Number(process.argv[2] ?? 5);

interface Timing { render: number; frame: number }

/** One `data` message (stored in the page beforehand) handled, then the next frame painted. */
async function drawOnce(hx: Harness): Promise<Timing> {
  return hx.page.evaluate(async () => {
    const g = globalThis as unknown as PageGlobals;
    const t0 = g.performance.now();
    g.dispatchEvent(new g.MessageEvent('message', { data: { type: 'data', data: g.__benchData } }));
    const t1 = g.performance.now();
    await new Promise<void>((r) => g.requestAnimationFrame(() => g.setTimeout(r, 0)));
    return { render: t1 - t0, frame: g.performance.now() - t0 };
  });
}

/** The reference: the same number of points as one line on a plain canvas of a chart's size. */
async function plainCanvas(hx: Harness, points: number): Promise<number> {
  return hx.page.evaluate(async (n) => {
    const g = globalThis as unknown as PageGlobals;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) { xs[i] = i; ys[i] = Math.sin(i / 500); }
    const t0 = g.performance.now();
    const canvas = g.document.createElement('canvas');
    canvas.width = 600 * g.devicePixelRatio;
    canvas.height = 260 * g.devicePixelRatio;
    g.document.body.append(canvas);
    const ctx = canvas.getContext('2d');
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const x = (xs[i] / n) * canvas.width;
      const y = (1 - (ys[i] + 1) / 2) * canvas.height;
      if (i) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
    }
    ctx.stroke();
    await new Promise<void>((r) => g.requestAnimationFrame(() => g.setTimeout(r, 0)));
    const ms = g.performance.now() - t0;
    canvas.remove();
    return ms;
  }, points);
}

interface Result { name: string; cold: Timing; best: Timing; median: number; points: number; reference: number }

async function measure(name: string, state: PanelState, data: DashboardData, expectPoints: number): Promise<Result> {
  const hx = await openHarness({ theme: 'dark', width: 1280, height: 900 });
  try {
    await hx.post({ type: 'init', state });
    // the transfer into the page (Playwright's serialisation) is not the page's work: done first
    await hx.page.evaluate((d) => { (globalThis as unknown as PageGlobals).__benchData = d; }, data as unknown as Record<string, unknown>);
    const frames: Timing[] = [];
    for (let i = 0; i < ROUNDS + 1; i++) frames.push(await drawOnce(hx));
    const charts = await hx.charts();
    const points = charts.reduce((n, c) => n + c.datasets.reduce((m, d) => m + d.points, 0), 0);
    if (points < expectPoints || !charts.every((c) => c.drawn)) throw new Error(`${name}: the page drew ${points} points in ${charts.length} charts, expected ${expectPoints}: ${JSON.stringify(charts).slice(0, 300)}`);
    const refs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) refs.push(await plainCanvas(hx, points));
    const warm = frames.slice(1).sort((a, b) => a.frame - b.frame);
    return { name, cold: frames[0], best: warm[0], median: warm[Math.floor(warm.length / 2)].frame, points, reference: Math.min(...refs) };
  } finally {
    await hx.close();
  }
}

async function main(): Promise<void> {
  const long = fixtureData({ runs: 0, longPlot: 100_000 });
  const longOnly: DashboardData = { ...long, plots: long.plots.slice(0, 1) };
  const many = fixtureData({ runs: 500, metrics: 20, historyRuns: 10, historySteps: 200 });
  const results = [
    await measure('100,000 points, one DVC plot (Plots tab)', { panel: 'dashboard', tab: 'plots', runs: [] }, longOnly, 100_000),
    await measure('500 runs x 20 metrics (Experiments tab)', { panel: 'dashboard', tab: 'experiments', runs: [] }, many, 500),
  ];
  const targets = [300, 1000];
  const rows = [
    ['what', 'points drawn', 'first draw ms', 'then: best', 'median', 'plain canvas, same points ms', 'median / plain', 'target (median)'],
    ...results.map((r, i) => [
      r.name, r.points.toLocaleString('en'), r.cold.frame.toFixed(0), r.best.frame.toFixed(0), r.median.toFixed(0), r.reference.toFixed(1),
      `${(r.median / r.reference).toFixed(1)}x`, `< ${targets[i]} ms: ${r.median < targets[i] ? 'yes' : 'NO'}`,
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`| ${rows[0].map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(`| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
  console.log(`\nTimes from the \`data\` message to the next painted frame, in the page; "first draw" is the page's first (cold JIT), then ${ROUNDS} more rounds.`);
  console.log('The message is dispatched in the page: its structured clone across the webview boundary is not counted.');
  console.log(`machine: ${execFileSync('nproc').toString().trim()} cores, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
