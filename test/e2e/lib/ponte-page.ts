// The Ponte webview pages (dashboard, Compare Runs, drift report) from an e2e test: the documents
// of the visible panels, and what their charts drew, read from chart.js through the page's
// `ponteCharts()` probe (series and points, not pixels).
import type { Frame } from 'playwright-core';
import type { ChartProbe } from '../../../src/shared/webview-protocol';
import type { Workbench } from './workbench.js';

/** Polls `check` until it returns a value; a bound on waiting, not a timing assertion. */
export async function eventuallyValue<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`never happened: ${what}${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export class PontePages {
  constructor(private readonly wb: Workbench) {}

  /** The documents of the visible Ponte webviews (a hidden one is discarded), where `ponteCharts()` lives. */
  async frames(): Promise<Frame[]> {
    const frames: Frame[] = [];
    for (const outer of await this.wb.page.locator('iframe.webview.ready').elementHandles()) {
      const inner = await (await outer.contentFrame())?.$('iframe#active-frame');
      const frame = await inner?.contentFrame();
      if (frame && (await frame.evaluate(() => typeof (globalThis as { ponteCharts?: unknown }).ponteCharts === 'function').catch(() => false))) frames.push(frame);
    }
    return frames;
  }

  /** The newest visible page. */
  frame(): Promise<Frame> {
    return eventuallyValue('a Ponte page', async () => (await this.frames()).at(-1));
  }

  /** Every chart drawn on the visible pages. */
  async charts(): Promise<ChartProbe[]> {
    const all: ChartProbe[] = [];
    for (const frame of await this.frames()) all.push(...(await frame.evaluate(() => (globalThis as unknown as { ponteCharts(): ChartProbe[] }).ponteCharts())));
    return all;
  }

  /** Waits until a chart on the visible pages satisfies `pred`; returns it. */
  chartWhere(what: string, pred: (c: ChartProbe) => boolean, timeoutMs?: number): Promise<ChartProbe> {
    return this.chartsWhere(what, (all) => all.find(pred), timeoutMs);
  }

  /** Waits until the visible pages' charts give `pick` a value; the charts seen go into the error. */
  chartsWhere<T>(what: string, pick: (all: ChartProbe[]) => T | undefined, timeoutMs?: number): Promise<T> {
    let seen: ChartProbe[] = [];
    return eventuallyValue(
      what,
      async () => {
        seen = await this.charts();
        return pick(seen);
      },
      timeoutMs,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\ncharts drawn: ${JSON.stringify(seen)}`);
    });
  }
}
